"""Stock: movement ledger (append-only, chained) with monthly totals, receptions (BR), expected supplies,
orders (CMD) and deliveries (BL), stock operations (MVT), physical inventories (INV).

Validated documents are frozen by triggers; ledger lines, document lines and inventory counts are
append-only; order lines freeze with their order, inventory lines when the count ends.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from centre_app.models.triggers import append_only, drop, execute, frozen_when_validated

APPEND_ONLY = ("stock_movements", "reception_lines", "delivery_lines", "inventory_counts")
RECEPTION_FROZEN = [
    "year", "seq", "number", "origin", "supplier_id", "supplier_name", "supplier_reference", "warehouse_id",
    "business_date", "at", "note", "total", "payment_id", "due_id", "user_id", "user_name", "prev_hash", "hash",
]
DELIVERY_FROZEN = [
    "year", "seq", "number", "order_id", "party_id", "warehouse_id", "business_date", "at", "place", "carrier",
    "note", "user_id", "user_name", "prev_hash", "hash",
]
OPERATION_FROZEN = [
    "year", "seq", "number", "kind", "warehouse_id", "to_warehouse_id", "party_id", "reason_code", "reason",
    "cancels_type", "cancels_id", "cancels_number", "business_date", "at", "user_id", "user_name", "prev_hash",
    "hash",
]
ORDER_FROZEN = [
    "year", "seq", "number", "party_id", "price_list_id", "eligibility_note", "order_date", "warehouse_id",
    "delivery_date", "delivery_place", "deposit", "note", "total", "due_id", "created_at", "created_by",
    "confirmed_at", "confirmed_by", "chain_pos", "prev_hash", "hash",
]
INVENTORY_IDENTITY = ["year", "seq", "number", "warehouse_id", "business_date", "opened_at", "opened_by"]
INVENTORY_FROZEN = [
    *INVENTORY_IDENTITY, "note", "status", "closed_at", "closed_by", "close_reason", "chain_pos", "prev_hash", "hash",
]
ORDER_LINES_LOCKED = "(SELECT hash FROM orders WHERE id = {row}.order_id) IS NOT NULL"
INVENTORY_LINES_LOCKED = "(SELECT status FROM inventories WHERE id = {row}.inventory_id) <> 'ouvert'"


def _changed(columns: list[str]) -> str:
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


def _guarded_children(table: str, locked: str, message: str) -> list[str]:
    """Rows of ``table`` are neither added, changed nor removed once their parent is locked."""
    return [
        f"CREATE TRIGGER trg_{table}_frozen_insert BEFORE INSERT ON {table} WHEN {locked.format(row='NEW')} "
        f"BEGIN SELECT RAISE(ABORT, 'immutable: {message}'); END",
        f"CREATE TRIGGER trg_{table}_frozen BEFORE UPDATE ON {table} WHEN {locked.format(row='OLD')} "
        f"BEGIN SELECT RAISE(ABORT, 'immutable: {message}'); END",
        f"CREATE TRIGGER trg_{table}_no_delete BEFORE DELETE ON {table} WHEN {locked.format(row='OLD')} "
        f"BEGIN SELECT RAISE(ABORT, 'immutable: {message}'); END",
    ]


def _triggers() -> list[str]:
    ddl: list[str] = []
    for table in APPEND_ONLY:
        ddl += append_only(table)
    ddl += frozen_when_validated("receptions", RECEPTION_FROZEN, validated="1")
    ddl += frozen_when_validated("deliveries", DELIVERY_FROZEN, validated="1")
    ddl += frozen_when_validated("stock_operations", OPERATION_FROZEN, validated="1")
    ddl += frozen_when_validated("orders", ORDER_FROZEN)
    ddl += _guarded_children("order_lines", ORDER_LINES_LOCKED, "lines of a confirmed order")
    ddl += [
        "CREATE TRIGGER trg_inventories_frozen BEFORE UPDATE ON inventories WHEN OLD.hash IS NOT NULL "
        f"AND ({_changed(INVENTORY_FROZEN)}) BEGIN SELECT RAISE(ABORT, 'immutable: closed inventory'); END",
        "CREATE TRIGGER trg_inventories_numbered BEFORE UPDATE ON inventories "
        f"WHEN {_changed(INVENTORY_IDENTITY)} BEGIN SELECT RAISE(ABORT, 'immutable: numbered inventory'); END",
        "CREATE TRIGGER trg_inventories_no_delete BEFORE DELETE ON inventories "
        "BEGIN SELECT RAISE(ABORT, 'immutable: numbered inventory cannot be deleted'); END",
    ]
    ddl += _guarded_children("inventory_lines", INVENTORY_LINES_LOCKED, "lines of a closed inventory")
    ddl.append(
        "CREATE TRIGGER trg_inventory_lines_no_delete_open BEFORE DELETE ON inventory_lines "
        "BEGIN SELECT RAISE(ABORT, 'immutable: inventory lines cannot be deleted'); END"
    )
    return ddl


TRIGGER_NAMES = {
    **{t: ["no_update", "no_delete"] for t in APPEND_ONLY},
    "receptions": ["frozen", "no_delete"],
    "deliveries": ["frozen", "no_delete"],
    "stock_operations": ["frozen", "no_delete"],
    "orders": ["frozen", "no_delete"],
    "order_lines": ["frozen_insert", "frozen", "no_delete"],
    "inventories": ["frozen", "numbered", "no_delete"],
    "inventory_lines": ["frozen_insert", "frozen", "no_delete", "no_delete_open"],
}


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('inventories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('opened_by', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by', sa.String(length=200), nullable=False),
    sa.Column('close_reason', sa.String(length=500), nullable=False),
    sa.Column('chain_pos', sa.Integer(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=True),
    sa.Column('hash', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_inventories_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inventories')),
    sa.UniqueConstraint('chain_pos', name=op.f('uq_inventories_chain_pos')),
    sa.UniqueConstraint('number', name=op.f('uq_inventories_number')),
    sa.UniqueConstraint('year', 'seq', name=op.f('uq_inventories_year_seq'))
    )
    with op.batch_alter_table('inventories', schema=None) as batch_op:
        batch_op.create_index('ix_inventories_warehouse', ['warehouse_id', 'status'], unique=False)

    op.create_table('stock_month_totals',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('movements', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_stock_month_totals_product_id_products')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_stock_month_totals_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('product_id', 'warehouse_id', 'month', name=op.f('pk_stock_month_totals'))
    )
    op.create_table('stock_movements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_type', sa.String(length=4), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('campaign', sa.String(length=9), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('source_type', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('source_line_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_name', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_stock_movements_product_id_products')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_stock_movements_user_id_users')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_stock_movements_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_movements'))
    )
    with op.batch_alter_table('stock_movements', schema=None) as batch_op:
        batch_op.create_index('ix_stock_movements_card', ['product_id', 'warehouse_id', 'business_date'], unique=False)
        batch_op.create_index('ix_stock_movements_day', ['business_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_movements_number'), ['number'], unique=False)
        batch_op.create_index('ix_stock_movements_source', ['source_type', 'source_id'], unique=False)

    op.create_table('stock_operations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('to_warehouse_id', sa.Integer(), nullable=True),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('reason_code', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('cancels_type', sa.String(length=20), nullable=False),
    sa.Column('cancels_id', sa.Integer(), nullable=True),
    sa.Column('cancels_number', sa.String(length=40), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_name', sa.String(length=200), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('cancellation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cancellation_id'], ['stock_operations.id'], name=op.f('fk_stock_operations_cancellation_id_stock_operations')),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_stock_operations_party_id_parties')),
    sa.ForeignKeyConstraint(['to_warehouse_id'], ['warehouses.id'], name=op.f('fk_stock_operations_to_warehouse_id_warehouses')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_stock_operations_user_id_users')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_stock_operations_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_operations')),
    sa.UniqueConstraint('number', name=op.f('uq_stock_operations_number')),
    sa.UniqueConstraint('year', 'seq', name=op.f('uq_stock_operations_year_seq'))
    )
    with op.batch_alter_table('stock_operations', schema=None) as batch_op:
        batch_op.create_index('ix_stock_operations_day', ['business_date'], unique=False)

    op.create_table('inventory_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inventory_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('theoretical', sa.BigInteger(), nullable=False),
    sa.Column('counted', sa.BigInteger(), nullable=True),
    sa.Column('counted_unit', sa.String(length=20), nullable=False),
    sa.Column('counted_by', sa.String(length=200), nullable=False),
    sa.Column('counted_at', sa.DateTime(), nullable=True),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['inventory_id'], ['inventories.id'], name=op.f('fk_inventory_lines_inventory_id_inventories')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_inventory_lines_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inventory_lines')),
    sa.UniqueConstraint('inventory_id', 'product_id', name=op.f('uq_inventory_lines_inventory_id_product_id'))
    )
    with op.batch_alter_table('inventory_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inventory_lines_inventory_id'), ['inventory_id'], unique=False)

    op.create_table('orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('seq', sa.Integer(), nullable=True),
    sa.Column('number', sa.String(length=40), nullable=True),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('price_list_id', sa.Integer(), nullable=False),
    sa.Column('eligibility_note', sa.String(length=300), nullable=False),
    sa.Column('order_date', sa.Date(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('delivery_date', sa.Date(), nullable=True),
    sa.Column('delivery_place', sa.String(length=200), nullable=False),
    sa.Column('deposit', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('due_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_by', sa.String(length=200), nullable=False),
    sa.Column('chain_pos', sa.Integer(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=True),
    sa.Column('hash', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_by', sa.String(length=200), nullable=False),
    sa.Column('cancel_reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['due_id'], ['dues.id'], name=op.f('fk_orders_due_id_dues')),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_orders_party_id_parties')),
    sa.ForeignKeyConstraint(['price_list_id'], ['price_lists.id'], name=op.f('fk_orders_price_list_id_price_lists')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_orders_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders')),
    sa.UniqueConstraint('chain_pos', name=op.f('uq_orders_chain_pos')),
    sa.UniqueConstraint('number', name=op.f('uq_orders_number')),
    sa.UniqueConstraint('year', 'seq', name=op.f('uq_orders_year_seq'))
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_party', ['party_id'], unique=False)
        batch_op.create_index('ix_orders_status', ['status'], unique=False)

    op.create_table('receptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('origin', sa.String(length=12), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('supplier_name', sa.String(length=200), nullable=False),
    sa.Column('supplier_reference', sa.String(length=60), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=True),
    sa.Column('due_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_name', sa.String(length=200), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('cancellation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cancellation_id'], ['stock_operations.id'], name=op.f('fk_receptions_cancellation_id_stock_operations')),
    sa.ForeignKeyConstraint(['due_id'], ['dues.id'], name=op.f('fk_receptions_due_id_dues')),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_receptions_payment_id_payments')),
    sa.ForeignKeyConstraint(['supplier_id'], ['parties.id'], name=op.f('fk_receptions_supplier_id_parties')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_receptions_user_id_users')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_receptions_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receptions')),
    sa.UniqueConstraint('number', name=op.f('uq_receptions_number')),
    sa.UniqueConstraint('year', 'seq', name=op.f('uq_receptions_year_seq'))
    )
    with op.batch_alter_table('receptions', schema=None) as batch_op:
        batch_op.create_index('ix_receptions_day', ['business_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_receptions_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('carrier', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_name', sa.String(length=200), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('cancellation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cancellation_id'], ['stock_operations.id'], name=op.f('fk_deliveries_cancellation_id_stock_operations')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_deliveries_order_id_orders')),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_deliveries_party_id_parties')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_deliveries_user_id_users')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_deliveries_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
    sa.UniqueConstraint('number', name=op.f('uq_deliveries_number')),
    sa.UniqueConstraint('year', 'seq', name=op.f('uq_deliveries_year_seq'))
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_deliveries_day', ['business_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_order_id'), ['order_id'], unique=False)

    op.create_table('expected_supplies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('expected_on', sa.Date(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reception_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_expected_supplies_product_id_products')),
    sa.ForeignKeyConstraint(['reception_id'], ['receptions.id'], name=op.f('fk_expected_supplies_reception_id_receptions')),
    sa.ForeignKeyConstraint(['supplier_id'], ['parties.id'], name=op.f('fk_expected_supplies_supplier_id_parties')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_expected_supplies_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expected_supplies'))
    )
    with op.batch_alter_table('expected_supplies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expected_supplies_product_id'), ['product_id'], unique=False)

    op.create_table('inventory_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('unit_count', sa.BigInteger(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['line_id'], ['inventory_lines.id'], name=op.f('fk_inventory_counts_line_id_inventory_lines')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inventory_counts'))
    )
    with op.batch_alter_table('inventory_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inventory_counts_line_id'), ['line_id'], unique=False)

    op.create_table('order_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('unit_count', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('price_unit', sa.String(length=20), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_lines_order_id_orders')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_order_lines_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_lines'))
    )
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_lines_order_id'), ['order_id'], unique=False)

    op.create_table('reception_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reception_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('unit_count', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_reception_lines_product_id_products')),
    sa.ForeignKeyConstraint(['reception_id'], ['receptions.id'], name=op.f('fk_reception_lines_reception_id_receptions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_lines'))
    )
    with op.batch_alter_table('reception_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_lines_reception_id'), ['reception_id'], unique=False)

    op.create_table('delivery_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['delivery_id'], ['deliveries.id'], name=op.f('fk_delivery_lines_delivery_id_deliveries')),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'], name=op.f('fk_delivery_lines_order_line_id_order_lines')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_delivery_lines_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_lines'))
    )
    with op.batch_alter_table('delivery_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_lines_delivery_id'), ['delivery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_lines_order_line_id'), ['order_line_id'], unique=False)

    # ### end Alembic commands ###
    for ddl in _triggers():
        execute(ddl)


def downgrade() -> None:
    for table, names in TRIGGER_NAMES.items():
        for ddl in drop(table, names):
            execute(ddl)
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('delivery_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_lines_order_line_id'))
        batch_op.drop_index(batch_op.f('ix_delivery_lines_delivery_id'))

    op.drop_table('delivery_lines')
    with op.batch_alter_table('reception_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_lines_reception_id'))

    op.drop_table('reception_lines')
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_lines_order_id'))

    op.drop_table('order_lines')
    with op.batch_alter_table('inventory_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inventory_counts_line_id'))

    op.drop_table('inventory_counts')
    with op.batch_alter_table('expected_supplies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expected_supplies_product_id'))

    op.drop_table('expected_supplies')
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_order_id'))
        batch_op.drop_index('ix_deliveries_day')

    op.drop_table('deliveries')
    with op.batch_alter_table('receptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receptions_supplier_id'))
        batch_op.drop_index('ix_receptions_day')

    op.drop_table('receptions')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_status')
        batch_op.drop_index('ix_orders_party')

    op.drop_table('orders')
    with op.batch_alter_table('inventory_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inventory_lines_inventory_id'))

    op.drop_table('inventory_lines')
    with op.batch_alter_table('stock_operations', schema=None) as batch_op:
        batch_op.drop_index('ix_stock_operations_day')

    op.drop_table('stock_operations')
    with op.batch_alter_table('stock_movements', schema=None) as batch_op:
        batch_op.drop_index('ix_stock_movements_source')
        batch_op.drop_index(batch_op.f('ix_stock_movements_number'))
        batch_op.drop_index('ix_stock_movements_day')
        batch_op.drop_index('ix_stock_movements_card')

    op.drop_table('stock_movements')
    op.drop_table('stock_month_totals')
    with op.batch_alter_table('inventories', schema=None) as batch_op:
        batch_op.drop_index('ix_inventories_warehouse')

    op.drop_table('inventories')
    # ### end Alembic commands ###
