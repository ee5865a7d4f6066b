"""The stock ledger: posting movements (chained, summed per month in the same transaction), quantities
on hand at a date, CUMP valuation and the date rules every stock document obeys.

Document services (receptions, deliveries, operations, inventories) call :func:`post` once their
document row exists; nothing else writes ``stock_movements`` or ``stock_month_totals``.

Valuation (weighted average cost, « CUMP »): an entry is valued at its cost; an exit at the current
average of the product (of the product in that magasin when the setting
``stock.valuation_per_warehouse`` is true), rounded once; taking the whole stock takes its whole
value. The CUMP is the one of the ledger as posted (posting order), whatever the business dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from sqlalchemy import Date, bindparam, func, insert, select, text
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import NBSP, format_date, format_number
from centre_app.domain.integrity import GENESIS, chain_hash
from centre_app.domain.periods import campaign_of
from centre_app.domain.quantity import UnitSet, from_base_milli
from centre_app.domain.stock import out_value, unit_cost, value_at_cost
from centre_app.models.catalog import Product, Warehouse
from centre_app.models.stock import Inventory, StockMonthTotal, StockMovement
from centre_app.services import catalog
from centre_app.services import settings as settings_service
from centre_app.services.context import Actor, now
from centre_app.services.periods import ensure_open
from centre_app.services.session_cache import cached, held, peek, store  # ``ledger.held``: stock services

MOVEMENTS = StockMovement.__table__
TOTALS = StockMonthTotal.__table__


@dataclass(frozen=True)
class Move:
    """One movement to post. ``value`` is required for entries; exits are valued at the CUMP when ``None``."""

    kind: str
    product_id: int
    warehouse_id: int
    quantity: int  # signed thousandths of the base unit
    label: str
    value: int | None = None
    reason: str = ""
    source_line_id: int | None = None


@dataclass(frozen=True)
class Posted:
    id: int
    product_id: int
    warehouse_id: int
    quantity: int
    value: int


def movement_fields(m: Any) -> dict[str, Any]:
    """What a movement's hash covers (an ORM row or a Core row)."""
    at = m.at.astimezone(UTC) if m.at.tzinfo is not None else m.at.replace(tzinfo=UTC)
    return {
        "doc_type": m.doc_type, "number": m.number, "kind": m.kind, "product_id": m.product_id,
        "warehouse_id": m.warehouse_id, "quantity": m.quantity, "value": m.value, "campaign": m.campaign,
        "label": m.label, "reason": m.reason, "source_type": m.source_type, "source_id": m.source_id,
        "source_line_id": m.source_line_id, "user_name": m.user_name, "at": at, "business_date": m.business_date,
    }  # fmt: skip


def month_of(day: date) -> date:
    return date(day.year, day.month, 1)


# --- reading the ledger ------------------------------------------------------------------------


def _held(session: Session, model: type, key: int, entity: str) -> Any:
    obj = held(session, model, key)
    if obj is None:
        raise DomainError("not_found", entity=entity, key=key)
    return obj


def product(session: Session, product_id: int) -> Product:
    return _held(session, Product, product_id, "Produit")


def warehouse(session: Session, warehouse_id: int) -> Warehouse:
    return _held(session, Warehouse, warehouse_id, "Magasin")


def units_of(session: Session, product_id: int) -> UnitSet:
    """The product's units, built once per session (rebuilt if a unit was added meanwhile)."""
    p = product(session, product_id)
    cache = session.info.setdefault("stock_units", {})
    found = cache.get(product_id)
    if found is None or len(found.units) != len(p.units):
        found = cache[product_id] = catalog.unit_set(p)
    return found


def describe(session: Session, product_id: int, quantity_milli: int, unit: str | None = None) -> str:
    """« 12 sacs de 50 kg (600 kg) » for a quantity in thousandths of the base unit, counted in ``unit``
    (the product's preferred packaging unit by default) when that gives a simple number."""
    return describe_in(units_of(session, product_id), from_base_milli(quantity_milli), unit)


@lru_cache(maxsize=8192)
def _number(value: Decimal) -> str:
    return format_number(value)


def describe_in(units: UnitSet, quantity: Decimal, unit: str | None = None) -> str:
    """Like :meth:`UnitSet.describe`, but in one chosen unit (default: the first packaging unit) when the
    count has at most two decimals, so that a document or a fiche de stock counts in one unit throughout."""
    code = unit if unit is not None else (units.units[0].code if units.units else units.base_code)
    chosen = units.unit(code) if code != units.base_code else None
    if chosen is None or quantity == 0 or quantity.scaleb(2) % chosen.factor != 0:
        return units.describe(quantity)
    count = quantity / chosen.factor
    base = f"{_number(quantity)}{NBSP}{units.base_label(quantity)}"
    return f"{_number(count)}{NBSP}{chosen.label(count)} ({base})"


def describe_count(count: Decimal, unit_label: str) -> str:
    """« 12 sacs de 50 kg », « 10,5 sacs de 50 kg »: a count as typed with its unit (French typography)."""
    return f"{_number(count)}{NBSP}{unit_label}"


def unit_name(session: Session, product_id: int, unit_code: str) -> str:
    """The singular name of a unit of a product (« sac de 50 kg », « kg »)."""
    units = units_of(session, product_id)
    unit = units.unit(unit_code, product=product(session, product_id).name)
    return unit.name if unit else units.base_name


def valuation_per_warehouse(session: Session) -> bool:
    return bool(settings_service.get_value(session, "stock.valuation_per_warehouse"))


def _sums(table: Any, *where: Any) -> Any:
    cols = (func.coalesce(func.sum(table.c.quantity), 0), func.coalesce(func.sum(table.c.value), 0))
    return select(*cols).where(*where)


# Hot statements are built once: SQLAlchemy then skips rebuilding and re-keying them on every call.
_P, _W = bindparam("p"), bindparam("w")
_MONTH, _DAY = bindparam("month", type_=Date), bindparam("day", type_=Date)
_TOTAL_ALL = _sums(TOTALS, TOTALS.c.product_id == _P)
_TOTAL_ONE = _sums(TOTALS, TOTALS.c.product_id == _P, TOTALS.c.warehouse_id == _W)
_MONTHS_ALL = _sums(TOTALS, TOTALS.c.product_id == _P, TOTALS.c.month < _MONTH)
_MONTHS_ONE = _sums(TOTALS, TOTALS.c.product_id == _P, TOTALS.c.warehouse_id == _W, TOTALS.c.month < _MONTH)
_DAYS_ALL = _sums(
    MOVEMENTS, MOVEMENTS.c.product_id == _P, MOVEMENTS.c.business_date >= _MONTH, MOVEMENTS.c.business_date <= _DAY
)
_DAYS_ONE = _sums(
    MOVEMENTS, MOVEMENTS.c.product_id == _P, MOVEMENTS.c.warehouse_id == _W, MOVEMENTS.c.business_date >= _MONTH,
    MOVEMENTS.c.business_date <= _DAY,
)  # fmt: skip
_LATER = (
    select(MOVEMENTS.c.business_date, func.sum(MOVEMENTS.c.quantity))
    .where(MOVEMENTS.c.product_id == _P, MOVEMENTS.c.warehouse_id == _W, MOVEMENTS.c.business_date > _DAY)
    .group_by(MOVEMENTS.c.business_date)
    .order_by(MOVEMENTS.c.business_date)
)
_LAST_HASH = select(MOVEMENTS.c.hash).order_by(MOVEMENTS.c.id.desc()).limit(1)
_INV = Inventory.__table__
_OPEN_INVENTORY = select(_INV.c.number).where(_INV.c.warehouse_id == _W, _INV.c.status == "ouvert").limit(1)
_INVENTORIES = (Inventory.__tablename__,)
_LAST_INVENTORY = (
    select(_INV.c.number, _INV.c.business_date)
    .where(_INV.c.warehouse_id == _W, _INV.c.status == "valide")
    .order_by(_INV.c.business_date.desc())
    .limit(1)
)


# Within a transaction the ledger's figures are read once and then kept up to date by :func:`post`, the only
# writer of both tables (``session_cache`` drops them at commit and rollback, savepoints included).
_LEDGER = (TOTALS.name, MOVEMENTS.name)


def totals(session: Session, product_id: int, warehouse_id: int | None = None) -> tuple[int, int]:
    """Current (quantity, value) of a product, in one magasin or in all, from the monthly totals."""
    key = ("totals", product_id, warehouse_id)
    found: tuple[int, int] | None = peek(session, _LEDGER, key)
    if found is None:
        if warehouse_id is None:
            qty, value = session.execute(_TOTAL_ALL, {"p": product_id}).one()
        else:
            qty, value = session.execute(_TOTAL_ONE, {"p": product_id, "w": warehouse_id}).one()
        found = (int(qty), int(value))
        store(session, _LEDGER, key, found)
    return found


def _later(session: Session, product_id: int, warehouse_id: int, day: date) -> tuple[tuple[date, int], ...]:
    """Net quantity per day after ``day`` (usually none: documents are dated today)."""
    by_day: dict[date, tuple[tuple[date, int], ...]] | None = peek(
        session, _LEDGER, ("later", product_id, warehouse_id)
    )
    if by_day is None:
        by_day = {}
        store(session, _LEDGER, ("later", product_id, warehouse_id), by_day)
    rows = by_day.get(day)
    if rows is None:
        params = {"p": product_id, "w": warehouse_id, "day": day}
        rows = by_day[day] = tuple((d, int(delta)) for d, delta in session.execute(_LATER, params))
    return rows


def _moved(session: Session, product_id: int, warehouse_id: int, day: date, qty: int, value: int) -> None:
    """Keep the kept figures exact after a movement was posted."""
    for key in (("totals", product_id, warehouse_id), ("totals", product_id, None)):
        found = peek(session, _LEDGER, key)
        if found is not None:
            store(session, _LEDGER, key, (found[0] + qty, found[1] + value))
    by_day = peek(session, _LEDGER, ("later", product_id, warehouse_id))
    for earlier in [d for d in by_day or () if d < day]:
        del by_day[earlier]


def balance_at(session: Session, product_id: int, warehouse_id: int | None, day: date) -> tuple[int, int]:
    """(quantity, value) of a product at the end of ``day``: whole months from the totals, the rest from the ledger."""
    params = {"p": product_id, "w": warehouse_id, "month": month_of(day), "day": day}
    months, days = (_MONTHS_ALL, _DAYS_ALL) if warehouse_id is None else (_MONTHS_ONE, _DAYS_ONE)
    q1, v1 = session.execute(months, params).one()
    q2, v2 = session.execute(days, params).one()
    return int(q1) + int(q2), int(v1) + int(v2)


def available(session: Session, product_id: int, warehouse_id: int, day: date) -> int:
    """What can leave the magasin on ``day`` without making any later day negative (thousandths)."""
    later = _later(session, product_id, warehouse_id, day)
    if not later:  # the usual case, a document of the day: the stock on hand now
        return totals(session, product_id, warehouse_id)[0]
    qty, _ = balance_at(session, product_id, warehouse_id, day)
    lowest = qty
    for _day, delta in later:
        qty += int(delta)
        lowest = min(lowest, qty)
    return lowest


def current_cost(session: Session, product_id: int, warehouse_id: int) -> Fraction | None:
    """The cost per base unit at which a quantity found or returned enters: the CUMP of its scope, or
    when that stock is empty the cost of the last entry with a quantity; ``None`` if never received."""
    scope = warehouse_id if valuation_per_warehouse(session) else None
    qty, value = totals(session, product_id, scope)
    if qty > 0:
        return unit_cost(value, qty)
    stmt = (
        select(MOVEMENTS.c.value, MOVEMENTS.c.quantity)
        .where(MOVEMENTS.c.product_id == product_id, MOVEMENTS.c.quantity > 0)
        .order_by(MOVEMENTS.c.id.desc())
        .limit(1)
    )
    if scope is not None:
        stmt = stmt.where(MOVEMENTS.c.warehouse_id == scope)
    last = session.execute(stmt).first()
    return unit_cost(int(last[0]), int(last[1])) if last else None


def value_in_at_cost(session: Session, product_id: int, warehouse_id: int, quantity_milli: int) -> int:
    return value_at_cost(quantity_milli, current_cost(session, product_id, warehouse_id))


# --- rules shared by every stock document -----------------------------------------------------


def business_day(session: Session, requested: date | None) -> date:
    """The document's date: today by default, never in the future, never in a locked month."""
    today = now(session).astimezone(UTC).date()
    day = requested or today
    if day > today:
        raise DomainError("stock.future_date", day=format_date(day))
    ensure_open(session, day)
    return day


def check_warehouse_open(session: Session, warehouse_id: int, day: date) -> Warehouse:
    """No movement while the magasin is being counted, nor dated before its last validated inventory."""
    w = warehouse(session, warehouse_id)
    if not w.active:
        raise DomainError("stock.warehouse_inactive", warehouse=w.name)
    counting, last = cached(session, _INVENTORIES, ("counted", warehouse_id), lambda: _counts(session, warehouse_id))
    if counting:
        raise DomainError("stock.inventory_open", warehouse=w.name, number=counting)
    if last and day < last[1]:
        raise DomainError(
            "stock.before_inventory", warehouse=w.name, number=last[0], inventory_day=format_date(last[1]),
            day=format_date(day),
        )  # fmt: skip
    return w


def _counts(session: Session, warehouse_id: int) -> tuple[str | None, tuple[str, date] | None]:
    """(the magasin's inventory being counted, its last validated inventory (number, day)): read once per
    transaction unless an inventory is written."""
    last = session.execute(_LAST_INVENTORY, {"w": warehouse_id}).first()
    return session.scalar(_OPEN_INVENTORY, {"w": warehouse_id}), (last[0], last[1]) if last else None


def check_available(session: Session, product_id: int, warehouse_id: int, quantity_milli: int, day: date) -> None:
    """Refuse, naming the product and what is really there, an exit larger than the stock."""
    have = available(session, product_id, warehouse_id, day)
    if quantity_milli > have:
        raise DomainError(
            "stock.insufficient", product=product(session, product_id).name,
            warehouse=warehouse(session, warehouse_id).name, available=describe(session, product_id, max(have, 0)),
            requested=describe(session, product_id, quantity_milli),
        )  # fmt: skip


# --- writing the ledger --------------------------------------------------------------------------


def _last_hash(session: Session) -> str:
    return session.scalar(_LAST_HASH) or GENESIS


# The same ON CONFLICT clause runs on SQLite and PostgreSQL; written as text because the dialect
# constructs are compiled anew on every execution (they have no cache key).
_UPSERT = text(
    "INSERT INTO stock_month_totals (product_id, warehouse_id, month, quantity, value, movements) "
    "VALUES (:p, :w, :month, :q, :v, 1) ON CONFLICT (product_id, warehouse_id, month) DO UPDATE SET "
    "quantity = stock_month_totals.quantity + excluded.quantity, value = stock_month_totals.value + excluded.value, "
    "movements = stock_month_totals.movements + 1"
).bindparams(bindparam("month", type_=Date))
_INSERT_MOVEMENT = insert(MOVEMENTS)


def _add_to_totals(session: Session, product_id: int, warehouse_id: int, day: date, qty: int, value: int) -> None:
    session.execute(_UPSERT, {"p": product_id, "w": warehouse_id, "month": month_of(day), "q": qty, "v": value})


def post(
    session: Session,
    actor: Actor,
    *,
    doc_type: str,
    number: str,
    source_type: str,
    source_id: int,
    business_date: date,
    moves: list[Move],
    at: datetime | None = None,
) -> list[Posted]:
    """Append ``moves`` to the ledger for one validated document: checks every exit against the stock on
    hand (at its date and every later date), values exits at the CUMP, chains each line, updates the
    monthly totals. The caller has checked permissions, dates and the document itself."""
    session.flush()
    moment = (at or now(session)).astimezone(UTC)
    per_warehouse = valuation_per_warehouse(session)
    campaign = campaign_of(business_date)
    prev = _last_hash(session)
    out: list[Posted] = []
    for mv in moves:
        if mv.quantity == 0:
            raise DomainError("stock.quantity_not_positive", product=product(session, mv.product_id).name)
        value = mv.value
        if mv.quantity < 0:
            check_available(session, mv.product_id, mv.warehouse_id, -mv.quantity, business_date)
            if value is None:
                qty, stock_value = totals(session, mv.product_id, mv.warehouse_id if per_warehouse else None)
                value = -out_value(stock_value, qty, -mv.quantity)
        elif value is None or value < 0:
            raise ValueError("an entry needs a non-negative value")
        row = {
            "doc_type": doc_type, "number": number, "kind": mv.kind, "product_id": mv.product_id,
            "warehouse_id": mv.warehouse_id, "quantity": mv.quantity, "value": value, "campaign": campaign,
            "label": mv.label[:300], "reason": mv.reason[:300], "source_type": source_type, "source_id": source_id,
            "source_line_id": mv.source_line_id, "user_id": actor.user_id, "user_name": actor.full_name,
            "at": moment, "business_date": business_date,
        }  # fmt: skip
        digest = chain_hash(prev, movement_fields(_Row(row)))
        result = session.execute(_INSERT_MOVEMENT, {**row, "prev_hash": prev, "hash": digest})
        prev = digest
        _add_to_totals(session, mv.product_id, mv.warehouse_id, business_date, mv.quantity, value)
        _moved(session, mv.product_id, mv.warehouse_id, business_date, mv.quantity, value)
        new_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        out.append(Posted(new_id, mv.product_id, mv.warehouse_id, mv.quantity, value))
    return out


class _Row:
    """Attribute access over a dict, for :func:`movement_fields` before the row exists."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.__dict__.update(data)


def movements_of(session: Session, source_type: str, source_id: int) -> list[Any]:
    """The ledger lines a document made, in posting order (Core rows)."""
    return list(
        session.execute(
            select(MOVEMENTS)
            .where(MOVEMENTS.c.source_type == source_type, MOVEMENTS.c.source_id == source_id)
            .order_by(MOVEMENTS.c.id)
        )
    )


def decimal_qty(milli: int) -> Decimal:
    return from_base_milli(int(milli))
