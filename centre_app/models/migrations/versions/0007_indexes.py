"""Indexes for ten years of data (PRODUCT.md §15): the lists' first window, the monthly pack, the hash chains.

- ``orders (order_date, id)``: the orders list, newest first, reads its first 200 rows from the index instead
  of sorting 30 000 orders;
- ``deliveries (cancellation_id)``, ``receptions (cancellation_id)``: the monthly sales and purchases find the
  documents cancelled in a month from the month's cancellations, not by reading every delivery;
- ``payments (doc_type, id)``: the last receipt (or voucher) of the chain, at each validation, in one step;
- ``livestock_contracts (status, contract_date)``: the dashboard's monthly livestock revenue reads one month's
  concluded contracts, not every concluded contract twelve times.

No table changes: nothing to copy, nothing to freeze.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 16:40:00
"""

from __future__ import annotations

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_orders_date', 'orders', ['order_date', 'id']),
    ('ix_deliveries_cancellation', 'deliveries', ['cancellation_id']),
    ('ix_receptions_cancellation', 'receptions', ['cancellation_id']),
    ('ix_payments_chain', 'payments', ['doc_type', 'id']),
    ('ix_livestock_contracts_status_date', 'livestock_contracts', ['status', 'contract_date']),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
