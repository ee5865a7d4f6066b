"""Stock of cereals and feed: the append-only movement ledger with its monthly totals, receptions (BR),
expected supplies, orders (CMD) and deliveries (BL), stock operations (MVT: transfers, losses, returns,
cancellations) and physical inventories (INV). Validated rows are frozen by triggers (migration 0003).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from centre_app.models import audit_hook
from centre_app.models.base import Base, MilliQuantity, MoneyType, UTCDateTime


class StockMovement(Base):
    """One line of the stock ledger: signed quantity (+ in, − out) and signed value, chained, never changed.

    ``number`` is the document that made it (BR, BL, MVT or INV number); ``label`` is the frozen
    « libellé » of the fiche de stock.
    """

    __tablename__ = "stock_movements"
    __table_args__ = (
        Index("ix_stock_movements_card", "product_id", "warehouse_id", "business_date"),
        Index("ix_stock_movements_day", "business_date"),
        Index("ix_stock_movements_source", "source_type", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(4))  # BR / BL / MVT / INV
    number: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # domain.stock.MOVEMENT_KINDS
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    quantity: Mapped[int] = mapped_column(MilliQuantity)  # signed, thousandths of the base unit
    value: Mapped[int] = mapped_column(MoneyType)  # signed, minor units (cost in, CUMP out)
    campaign: Mapped[str] = mapped_column(String(9))  # « 2025-2026 »
    label: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(String(300), default="")
    source_type: Mapped[str] = mapped_column(String(20))  # reception / delivery / operation / inventory
    source_id: Mapped[int] = mapped_column(Integer)
    source_line_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    user_name: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    business_date: Mapped[date] = mapped_column(Date)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class StockMonthTotal(Base):
    """Cache: the ledger summed per product × magasin × month (first day). Always equal to the ledger
    (written in the same transaction as each movement, verified by ``check``)."""

    __tablename__ = "stock_month_totals"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    quantity: Mapped[int] = mapped_column(MilliQuantity)
    value: Mapped[int] = mapped_column(MoneyType)
    movements: Mapped[int] = mapped_column(Integer)


class Reception(Base):
    """Bon de réception (BR): goods entering a magasin from a supplier, a gift or a repayment in kind."""

    __tablename__ = "receptions"
    __table_args__ = (
        UniqueConstraint("year", "seq"),
        Index("ix_receptions_day", "business_date"),
        Index("ix_receptions_cancellation", "cancellation_id"),  # cancelled in a month (0007)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    origin: Mapped[str] = mapped_column(String(12))  # domain.stock.RECEPTION_ORIGINS
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), nullable=True, index=True)
    supplier_name: Mapped[str] = mapped_column(String(200))
    supplier_reference: Mapped[str] = mapped_column(String(60), default="")  # the supplier's BL / invoice
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    business_date: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(String(500), default="")
    total: Mapped[int] = mapped_column(MoneyType)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), nullable=True)  # repayment in kind
    due_id: Mapped[int | None] = mapped_column(ForeignKey("dues.id"), nullable=True)  # bought on credit
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    user_name: Mapped[str] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # Mutable after validation (not hashed): cancelled by a counter-document.
    status: Mapped[str] = mapped_column(String(10), default="valide")
    cancellation_id: Mapped[int | None] = mapped_column(ForeignKey("stock_operations.id"), nullable=True)


class ReceptionLine(Base):
    __tablename__ = "reception_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    reception_id: Mapped[int] = mapped_column(ForeignKey("receptions.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    unit: Mapped[str] = mapped_column(String(20))  # packaging unit code (or the base unit) as typed
    unit_count: Mapped[int] = mapped_column(MilliQuantity)  # thousandths of that unit (12 sacs → 12000)
    quantity: Mapped[int] = mapped_column(MilliQuantity)  # base unit
    unit_price: Mapped[int] = mapped_column(MoneyType)  # per packaging unit
    amount: Mapped[int] = mapped_column(MoneyType)  # = movement value


class ExpectedSupply(Base):
    """An arrival announced by a supplier (« arrivage attendu »): counts as incoming for the warnings."""

    __tablename__ = "expected_supplies"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    quantity: Mapped[int] = mapped_column(MilliQuantity)
    expected_on: Mapped[date] = mapped_column(Date)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), nullable=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(10), default="attendu")  # attendu / recu / annule
    reception_id: Mapped[int | None] = mapped_column(ForeignKey("receptions.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))


class Order(Base):
    """Commande (CMD) from an OP or a person. A draft is free; confirmation numbers, hashes and freezes it."""

    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("year", "seq"),
        Index("ix_orders_party", "party_id"),
        Index("ix_orders_status", "status"),
        Index("ix_orders_date", "order_date", "id"),  # the list, newest first (0007)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    number: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    price_list_id: Mapped[int] = mapped_column(ForeignKey("price_lists.id"))
    eligibility_note: Mapped[str] = mapped_column(String(300), default="")  # why the social list applies
    order_date: Mapped[date] = mapped_column(Date)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))  # planned magasin of delivery
    delivery_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    delivery_place: Mapped[str] = mapped_column(String(200), default="")
    deposit: Mapped[int] = mapped_column(MoneyType, default=0)  # acompte convenu
    note: Mapped[str] = mapped_column(String(500), default="")
    total: Mapped[int] = mapped_column(MoneyType, default=0)
    due_id: Mapped[int | None] = mapped_column(ForeignKey("dues.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    confirmed_by: Mapped[str] = mapped_column(String(200), default="")
    chain_pos: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)  # order of confirmation
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Mutable after confirmation (not hashed): workflow state and cancellation.
    status: Mapped[str] = mapped_column(String(24), default="brouillon")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled_by: Mapped[str] = mapped_column(String(200), default="")
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    unit: Mapped[str] = mapped_column(String(20))  # unit the quantity was ordered in
    unit_count: Mapped[int] = mapped_column(MilliQuantity)
    quantity: Mapped[int] = mapped_column(MilliQuantity)  # base unit
    price_unit: Mapped[str] = mapped_column(String(20))  # unit the price list gives a price for
    unit_price: Mapped[int] = mapped_column(MoneyType)
    amount: Mapped[int] = mapped_column(MoneyType)


class Delivery(Base):
    """Bon de livraison (BL) against a confirmed order: partial quantities per order line."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("year", "seq"),
        Index("ix_deliveries_day", "business_date"),
        Index("ix_deliveries_cancellation", "cancellation_id"),  # cancelled in a month (0007)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    business_date: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    carrier: Mapped[str] = mapped_column(String(200), default="")  # transporteur / who took the goods
    note: Mapped[str] = mapped_column(String(500), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    user_name: Mapped[str] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="valide")
    cancellation_id: Mapped[int | None] = mapped_column(ForeignKey("stock_operations.id"), nullable=True)


class DeliveryLine(Base):
    __tablename__ = "delivery_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int] = mapped_column(MilliQuantity)  # base unit, positive
    value: Mapped[int] = mapped_column(MoneyType)  # cost of the goods out (CUMP)


class StockOperation(Base):
    """A numbered stock document (MVT): transfer, loss, return, or the cancellation of another document.

    Its lines are its ledger movements (``source_type = 'operation'``).
    """

    __tablename__ = "stock_operations"
    __table_args__ = (UniqueConstraint("year", "seq"), Index("ix_stock_operations_day", "business_date"))

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # domain.stock.OPERATION_KINDS
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    to_warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"), nullable=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), nullable=True)
    reason_code: Mapped[str] = mapped_column(String(20), default="")  # LOSS_REASONS key for losses
    reason: Mapped[str] = mapped_column(String(500), default="")
    cancels_type: Mapped[str] = mapped_column(String(20), default="")  # reception / delivery / operation
    cancels_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cancels_number: Mapped[str] = mapped_column(String(40), default="")
    business_date: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    user_name: Mapped[str] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="valide")
    cancellation_id: Mapped[int | None] = mapped_column(ForeignKey("stock_operations.id"), nullable=True)


class Inventory(Base):
    """Inventaire physique (INV) of one magasin: numbered at opening, hashed and frozen when validated."""

    __tablename__ = "inventories"
    __table_args__ = (UniqueConstraint("year", "seq"), Index("ix_inventories_warehouse", "warehouse_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    business_date: Mapped[date] = mapped_column(Date)  # day of the count
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(10), default="ouvert")  # ouvert / valide / abandonne
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_by: Mapped[str] = mapped_column(String(200), default="")
    close_reason: Mapped[str] = mapped_column(String(500), default="")  # why it was abandoned
    chain_pos: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class InventoryLine(Base):
    """A product of the count sheet: theoretical quantity at opening, the last count and who made it."""

    __tablename__ = "inventory_lines"
    __table_args__ = (UniqueConstraint("inventory_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inventory_id: Mapped[int] = mapped_column(ForeignKey("inventories.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    theoretical: Mapped[int] = mapped_column(MilliQuantity)
    counted: Mapped[int | None] = mapped_column(MilliQuantity, nullable=True)
    counted_unit: Mapped[str] = mapped_column(String(20), default="")
    counted_by: Mapped[str] = mapped_column(String(200), default="")
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    entries: Mapped[int] = mapped_column(Integer, default=0)


class InventoryCount(Base):
    """Every count ever typed on a sheet (append-only): a re-count never wipes the previous one."""

    __tablename__ = "inventory_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("inventory_lines.id"), index=True)
    quantity: Mapped[int] = mapped_column(MilliQuantity)
    unit: Mapped[str] = mapped_column(String(20))
    unit_count: Mapped[int] = mapped_column(MilliQuantity)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_name: Mapped[str] = mapped_column(String(200))


# The ledger carries its author and is never updated; the monthly totals are derived from it.
audit_hook.NOT_AUDITED.update({StockMovement.__tablename__, StockMonthTotal.__tablename__})
