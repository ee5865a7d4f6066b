"""Stock read side: stock on hand and its value at any date (all products in one aggregate), the fiche de
stock of a product, alerts (under threshold, orders waiting for stock) and shortage warnings (confirmed
orders beyond stock + expected supplies).

Stock at a date = whole months from ``stock_month_totals`` + the days of the last month from the ledger,
in one SQL aggregate grouped by product × magasin. Values per magasin are the ledger's when the CUMP is
kept per magasin; otherwise the product's value is shared among magasins in proportion to quantities.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import Date, bindparam, func, select, union_all
from sqlalchemy.orm import Session

from centre_app.domain.money import round_half_up
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import PackagingUnit as UnitDef
from centre_app.domain.quantity import UnitSet, from_base_milli
from centre_app.domain.stock import MOVEMENT_KINDS, allocate, cost_display, unit_cost
from centre_app.models.catalog import PackagingUnit, Product, Warehouse
from centre_app.models.stock import Delivery, DeliveryLine, OrderLine, Reception, ReceptionLine
from centre_app.services import catalog
from centre_app.services import stock_ledger as ledger
from centre_app.services.context import now, require
from centre_app.services.deliveries import remaining_to_deliver
from centre_app.services.stock_supplies import expected_quantities

ALL_WAREHOUSES = "Tous les magasins"


@dataclass(frozen=True)
class StockLine:
    """Stock of a product in a magasin (``warehouse_id`` None: all magasins together) at a date."""

    product_id: int
    product_code: str
    product_name: str
    category: str
    warehouse_id: int | None
    warehouse_code: str
    warehouse_name: str
    quantity: Decimal  # base unit
    quantity_milli: int
    value: int  # F CFA (minor units)
    cump: Fraction | None  # per base unit (kg), exact; None when nothing in stock
    cump_per_unit: int | None  # per preferred packaging unit (« le sac de 50 kg »), rounded to the franc
    unit_name: str  # that unit's name
    described: str  # « 12 sacs de 50 kg (600 kg) »
    alert_threshold: Decimal
    below_threshold: bool


_MONTH, _DAY = bindparam("month", type_=Date), bindparam("day", type_=Date)
_PARTS = union_all(
    select(
        ledger.TOTALS.c.product_id,
        ledger.TOTALS.c.warehouse_id,
        ledger.TOTALS.c.quantity.label("q"),
        ledger.TOTALS.c.value.label("v"),
    ).where(ledger.TOTALS.c.month < _MONTH),
    select(
        ledger.MOVEMENTS.c.product_id,
        ledger.MOVEMENTS.c.warehouse_id,
        ledger.MOVEMENTS.c.quantity,
        ledger.MOVEMENTS.c.value,
    ).where(ledger.MOVEMENTS.c.business_date >= _MONTH, ledger.MOVEMENTS.c.business_date <= _DAY),
).subquery()
# Stock at a date in one grouped query: whole months from the totals, the last days from the ledger.
_AT_DATE = select(_PARTS.c.product_id, _PARTS.c.warehouse_id, func.sum(_PARTS.c.q), func.sum(_PARTS.c.v)).group_by(
    _PARTS.c.product_id, _PARTS.c.warehouse_id
)
_PRODUCTS = select(Product.__table__)
_UNITS = select(PackagingUnit.__table__).order_by(PackagingUnit.__table__.c.id)
_WAREHOUSES = select(Warehouse.__table__)


def _aggregate(session: Session, at_date: date) -> dict[tuple[int, int], tuple[int, int]]:
    """(product, magasin) → (quantity, value) at the end of ``at_date``."""
    rows = session.execute(_AT_DATE, {"month": ledger.month_of(at_date), "day": at_date})
    return {(int(p), int(w)): (int(q), int(v)) for p, w, q, v in rows}


def _catalog(session: Session) -> tuple[dict[int, Any], dict[int, UnitSet], dict[int, Any]]:
    """Products, their unit sets and the magasins, read as plain rows (no ORM objects: this is hot)."""
    products = {r.id: r for r in session.execute(_PRODUCTS)}
    units: dict[int, list[UnitDef]] = defaultdict(list)
    for u in session.execute(_UNITS):
        units[u.product_id].append(UnitDef(u.code, u.name, u.plural, from_base_milli(u.factor)))
    sets = {
        pid: UnitSet(p.base_unit, p.base_unit_name, p.base_unit_plural, tuple(units.get(pid, ())))
        for pid, p in products.items()
    }
    return products, sets, {r.id: r for r in session.execute(_WAREHOUSES)}


def _line(p: Any, units: UnitSet, w: Any, qty: int, value: int) -> StockLine:
    cost = unit_cost(value, qty)
    preferred = units.units[0] if units.units else None
    quantity = from_base_milli(qty)
    threshold = from_base_milli(p.alert_threshold)
    return StockLine(
        p.id, p.code, p.name, p.category, w.id if w else None, w.code if w else "", w.name if w else ALL_WAREHOUSES,
        quantity, qty, value, cost, cost_display(cost, preferred.factor if preferred else Decimal(1)),
        preferred.name if preferred else units.base_name, ledger.describe_in(units, quantity), threshold,
        p.alert_threshold > 0 and qty < p.alert_threshold,
    )  # fmt: skip


def stock_on_hand(session: Session, at_date: date, warehouse_id: int | None = None) -> list[StockLine]:
    """Every product × magasin that has had movements by ``at_date`` (end of day), with quantity, value,
    CUMP and the quantity in packaging units; one magasin if ``warehouse_id``. Sorted by product, magasin."""
    require(session, Action.READ)
    agg = _aggregate(session, at_date)
    products, unit_sets, warehouses = _catalog(session)
    values = dict(agg)
    if not ledger.valuation_per_warehouse(session):
        by_product: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for (pid, wid), (q, _v) in sorted(agg.items()):
            by_product[pid].append((wid, q))
        for pid, pairs in by_product.items():
            total = sum(agg[(pid, wid)][1] for wid, _ in pairs)
            for (wid, q), share in zip(pairs, allocate(total, [max(q, 0) for _, q in pairs]), strict=True):
                values[(pid, wid)] = (q, share)
    lines = []
    for (pid, wid), (q, v) in values.items():
        if warehouse_id is not None and wid != warehouse_id:
            continue
        lines.append(_line(products[pid], unit_sets[pid], warehouses[wid], q, v))
    lines.sort(key=lambda x: (x.category, x.product_name, x.warehouse_code))
    return lines


def stock_by_product(session: Session, at_date: date, warehouse_id: int | None = None) -> list[StockLine]:
    """One line per product (every active product, and inactive ones still in stock), all magasins together
    or one magasin: the « état du stock valorisé »."""
    require(session, Action.READ)
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    if warehouse_id is None:  # a product's total is the ledger's, whatever the valuation scope
        for (pid, _wid), (q, v) in _aggregate(session, at_date).items():
            sums[pid][0] += q
            sums[pid][1] += v
    else:
        for line in stock_on_hand(session, at_date, warehouse_id):
            sums[line.product_id][0] += line.quantity_milli
            sums[line.product_id][1] += line.value
    products, unit_sets, warehouses = _catalog(session)
    w = warehouses.get(warehouse_id) if warehouse_id is not None else None
    out = []
    for p in sorted(products.values(), key=lambda p: (p.category, p.name)):
        q, v = sums.get(p.id, [0, 0])
        if p.active or q or v:
            out.append(_line(p, unit_sets[p.id], w, q, v))
    return out


def stock_value(session: Session, at_date: date) -> int:
    """Value of the whole stock at the end of ``at_date`` (= Σ values of the movements up to then)."""
    return sum(v for _q, v in _aggregate(session, at_date).values())


# --- fiche de stock --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StockCardLine:
    business_date: date
    number: str
    kind_label: str
    label: str  # libellé
    entry: Decimal | None
    exit: Decimal | None
    balance: Decimal  # stock after this line (running)
    entry_described: str
    exit_described: str
    balance_described: str
    value: int  # signed value of the movement
    user_name: str
    warehouse_name: str


@dataclass(frozen=True)
class StockCard:
    product_id: int
    product_code: str
    product_name: str
    units: UnitSet
    warehouse_id: int | None
    warehouse_name: str
    start: date
    end: date  # excluded
    opening: Decimal
    opening_described: str
    opening_value: int
    lines: tuple[StockCardLine, ...]
    total_in: Decimal
    total_out: Decimal
    closing: Decimal
    closing_described: str
    closing_value: int


def stock_card(session: Session, product_id: int, warehouse_id: int | None, start: date, end: date) -> StockCard:
    """The fiche de stock of a product over ``[start, end)``: opening stock, each movement (date, libellé,
    entrée, sortie, stock after it) in date order, closing stock. ``warehouse_id`` None: all magasins."""
    require(session, Action.READ)
    p = ledger.product(session, product_id)
    units = catalog.unit_set(p)
    w = ledger.warehouse(session, warehouse_id) if warehouse_id is not None else None
    q0, v0 = ledger.balance_at(session, product_id, warehouse_id, start - timedelta(days=1))
    m = ledger.MOVEMENTS
    stmt = (
        select(m)
        .where(m.c.product_id == product_id, m.c.business_date >= start, m.c.business_date < end)
        .order_by(m.c.business_date, m.c.id)
    )
    if warehouse_id is not None:
        stmt = stmt.where(m.c.warehouse_id == warehouse_id)
    names = {x.id: x.name for x in session.scalars(select(Warehouse))}
    qty, value, total_in, total_out = q0, v0, 0, 0
    lines = []
    for r in session.execute(stmt):
        qty += r.quantity
        value += r.value
        entry = r.quantity if r.quantity > 0 else None
        out = -r.quantity if r.quantity < 0 else None
        total_in += entry or 0
        total_out += out or 0
        lines.append(
            StockCardLine(
                r.business_date, r.number, MOVEMENT_KINDS.get(r.kind, r.kind), r.label,
                from_base_milli(entry) if entry else None, from_base_milli(out) if out else None,
                from_base_milli(qty), ledger.describe_in(units, from_base_milli(entry)) if entry else "",
                ledger.describe_in(units, from_base_milli(out)) if out else "",
                ledger.describe_in(units, from_base_milli(qty)), r.value,
                r.user_name, names.get(r.warehouse_id, ""),
            )
        )  # fmt: skip
    return StockCard(
        p.id, p.code, p.name, units, w.id if w else None, w.name if w else ALL_WAREHOUSES, start, end,
        from_base_milli(q0), ledger.describe_in(units, from_base_milli(q0)), v0, tuple(lines),
        from_base_milli(total_in),
        from_base_milli(total_out), from_base_milli(qty), ledger.describe_in(units, from_base_milli(qty)), value,
    )  # fmt: skip


# --- alerts and warnings ---------------------------------------------------------------------------


def stock_alerts(session: Session, on: date | None = None) -> list[StockLine]:
    """Products whose stock (all magasins) is under their alert threshold."""
    day = on or now(session).date()
    return [line for line in stock_by_product(session, day) if line.below_threshold]


@dataclass(frozen=True)
class Shortage:
    """Confirmed orders ask more of a product than the stock plus the expected supplies."""

    product_id: int
    product_name: str
    to_deliver: Decimal
    on_hand: Decimal
    incoming: Decimal
    missing: Decimal
    to_deliver_described: str
    on_hand_described: str
    incoming_described: str
    missing_described: str


def shortages(session: Session, product_ids: list[int] | None = None) -> list[Shortage]:
    """Warnings: per product (all magasins), reste à livrer of confirmed orders > stock + expected supplies."""
    require(session, Action.READ)
    wanted: dict[int, int] = defaultdict(int)
    for r in remaining_to_deliver(session):
        wanted[r.product_id] += r.remaining_milli
    incoming = expected_quantities(session)
    out = []
    for pid, need in sorted(wanted.items()):
        if product_ids is not None and pid not in product_ids:
            continue
        have, _ = ledger.totals(session, pid)
        coming = incoming.get(pid, 0)
        if need > have + coming:
            d = lambda q, pid=pid: ledger.describe(session, pid, q)  # noqa: E731
            missing = need - have - coming
            out.append(
                Shortage(
                    pid, ledger.product(session, pid).name, from_base_milli(need), from_base_milli(have),
                    from_base_milli(coming), from_base_milli(missing), d(need), d(have), d(coming), d(missing),
                )
            )  # fmt: skip
    return out


def order_shortages(session: Session, order_id: int) -> list[Shortage]:
    """The shortage warnings for the products of one order (shown when it is confirmed)."""
    pids = list(session.scalars(select(OrderLine.product_id).where(OrderLine.order_id == order_id)))
    return shortages(session, pids)


@dataclass(frozen=True)
class WaitingOrder:
    """An order line the magasin cannot serve now (stock shared among orders, oldest first)."""

    order_id: int
    order_number: str
    order_date: date
    party_name: str
    product_id: int
    product_name: str
    warehouse_name: str
    remaining_described: str
    available_described: str


def orders_waiting_for_stock(session: Session) -> list[WaitingOrder]:
    """Confirmed orders that wait for stock in their magasin, the oldest orders being served first."""
    require(session, Action.READ)
    left: dict[tuple[int, int], int] = {}
    names = {x.id: x.name for x in session.scalars(select(Warehouse))}
    out = []
    for r in remaining_to_deliver(session):
        key = (r.product_id, r.warehouse_id)
        if key not in left:
            left[key] = ledger.totals(session, r.product_id, r.warehouse_id)[0]
        have = max(left[key], 0)
        if r.remaining_milli > have:
            out.append(
                WaitingOrder(
                    r.order_id, r.order_number, r.order_date, r.party_name, r.product_id, r.product_name,
                    names.get(r.warehouse_id, ""), r.remaining_described, ledger.describe(session, r.product_id, have),
                )
            )  # fmt: skip
        left[key] = have - min(have, r.remaining_milli)
    return out


def movement_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ledger.MOVEMENTS)) or 0


# --- figures for the monthly summaries -------------------------------------------------------------


def received_by_product(session: Session, start: date, end: date) -> dict[int, tuple[int, int]]:
    """Quantity and value received per product over ``[start, end)`` (valid receptions), for summaries."""
    out: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    rows = session.execute(
        select(ReceptionLine.product_id, func.sum(ReceptionLine.quantity), func.sum(ReceptionLine.amount))
        .join(Reception, Reception.id == ReceptionLine.reception_id)
        .where(Reception.status == "valide", Reception.business_date >= start, Reception.business_date < end)
        .group_by(ReceptionLine.product_id)
    )
    for pid, q, v in rows:
        out[pid] = (int(q), int(v))
    return dict(out)


def sold_by_product(session: Session, start: date, end: date) -> dict[int, tuple[int, int]]:
    """Quantity delivered and its amount at the order price per product over ``[start, end)`` (valid BLs)."""
    out: dict[int, list[Fraction]] = defaultdict(lambda: [Fraction(0), Fraction(0)])
    rows = session.execute(
        select(DeliveryLine.product_id, DeliveryLine.quantity, OrderLine.unit_price, OrderLine.quantity,
               OrderLine.amount)
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .join(OrderLine, OrderLine.id == DeliveryLine.order_line_id)
        .where(Delivery.status == "valide", Delivery.business_date >= start, Delivery.business_date < end)
    )  # fmt: skip
    for pid, q, _price, ordered, amount in rows:
        out[pid][0] += q
        out[pid][1] += Fraction(amount * q, ordered)
    return {pid: (int(v[0]), round_half_up(v[1])) for pid, v in out.items()}
