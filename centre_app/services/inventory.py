"""Inventaire physique: one count session per magasin, numbered INV at opening.

Opening snapshots the theoretical quantity of every product (active or in stock) and stops movements in
that magasin until the session ends. Counts are typed per product; typing again keeps every previous
value, who typed it and when (``inventory_counts``): a count is never silently wiped. Validation posts
one « ajustement d'inventaire » per difference (entries at the current cost, exits at the CUMP), hashes
and freezes the sheet. A manager may abandon an open session, with a reason (its number stays).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.integrity import chain_hash
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import from_base_milli, to_base_milli
from centre_app.domain.stock import INVENTORY_REASON, INVENTORY_STATES
from centre_app.domain.text import tidy
from centre_app.models.catalog import Product
from centre_app.models.stock import Inventory, InventoryCount, InventoryLine, StockMonthTotal
from centre_app.services import numbering
from centre_app.services import stock_ledger as ledger
from centre_app.services.context import now, require
from centre_app.services.events import record_event
from centre_app.services.periods import ensure_open
from centre_app.services.stock import LineInput, last_hash, last_hash_query, parse_line, utc


@dataclass(frozen=True)
class InventoryLineRow:
    product_id: int
    product_code: str
    product_name: str
    base_unit: str  # a count may be typed in it or in any packaging unit of the product
    theoretical: Decimal
    theoretical_described: str
    counted: Decimal | None  # None: not counted yet
    counted_described: str
    difference: Decimal | None  # counted − theoretical
    difference_described: str  # « −2 sacs de 50 kg (−100 kg) » style, « » when not counted
    counted_by: str
    counted_at: datetime | None
    entries: int  # how many times it was typed (history in count_history)


@dataclass(frozen=True)
class InventorySheet:
    id: int
    number: str
    warehouse_id: int
    warehouse_name: str
    business_date: date
    status: str
    status_label: str
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None
    closed_by: str
    close_reason: str
    note: str
    lines: tuple[InventoryLineRow, ...]
    counted_lines: int
    hash: str = ""


@dataclass(frozen=True)
class CountEntry:
    quantity: Decimal
    described: str
    unit: str
    at: datetime
    user_name: str


_LAST_INVENTORY = last_hash_query(Inventory.hash, Inventory.hash.is_not(None), Inventory.chain_pos)
_MAX_CHAIN = select(func.max(Inventory.chain_pos))


def inventory_fields(i: Any, lines: list[tuple[int, int, int | None]]) -> dict[str, Any]:
    """What a validated inventory's hash covers: header and (product, theoretical, counted) per line."""
    at, opened = utc(i.closed_at), utc(i.opened_at)
    return {
        "number": i.number, "year": i.year, "seq": i.seq, "warehouse_id": i.warehouse_id,
        "business_date": i.business_date, "opened_at": opened, "opened_by": i.opened_by, "note": i.note,
        "status": i.status, "closed_at": at, "closed_by": i.closed_by, "close_reason": i.close_reason,
        "chain_pos": i.chain_pos, "lines": sorted(lines),
    }  # fmt: skip


def _inventory(session: Session, inventory_id: int) -> Inventory:
    i = session.get(Inventory, inventory_id)
    if i is None:
        raise DomainError("inventory.not_found", number=inventory_id)
    return i


def open_inventory(
    session: Session, warehouse_id: int, business_date: date | None = None, note: str = ""
) -> InventorySheet:
    """Open a count session (number INV): snapshot of the theoretical stock; movements wait until it ends."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    day = ledger.business_day(session, business_date)
    w = ledger.check_warehouse_open(session, warehouse_id, day)
    if session.scalar(
        select(func.count()).where(ledger.MOVEMENTS.c.warehouse_id == w.id, ledger.MOVEMENTS.c.business_date > day)
    ):
        raise DomainError("inventory.movements_after", warehouse=w.name)
    seq, number = numbering.next_number(session, "INV", day.year)
    inv = Inventory(
        year=day.year, seq=seq, number=number, warehouse_id=w.id, business_date=day,
        opened_at=now(session).astimezone(UTC), opened_by=actor.full_name, note=tidy(note), status="ouvert",
        closed_by="", close_reason="",
    )  # fmt: skip
    session.add(inv)
    session.flush()
    stocked = select(StockMonthTotal.product_id).where(StockMonthTotal.warehouse_id == w.id).distinct()
    for p in session.scalars(select(Product).where(or_(Product.active.is_(True), Product.id.in_(stocked)))):
        qty, _ = ledger.totals(session, p.id, w.id)
        session.add(InventoryLine(inventory_id=inv.id, product_id=p.id, theoretical=qty, counted_unit="",
                                  counted_by="", entries=0))  # fmt: skip
    session.flush()
    return get_inventory(session, inv.id)


def enter_count(
    session: Session, inventory_id: int, product_id: int, quantity: Decimal | int | str, unit: str
) -> InventoryLineRow:
    """Record what was counted for a product (in any of its units). A new entry replaces the shown value and
    keeps the previous ones in the history. Zero is a count (« nothing found »), not a blank."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    inv = _inventory(session, inventory_id)
    if inv.status != "ouvert":
        raise DomainError("inventory.not_open", number=inv.number)
    line = session.scalar(
        select(InventoryLine).where(InventoryLine.inventory_id == inv.id, InventoryLine.product_id == product_id)
    )
    if line is None:
        raise DomainError("inventory.product_not_in_sheet", product=ledger.product(session, product_id).name)
    units = ledger.units_of(session, product_id)
    base = units.to_base(quantity, unit, product=ledger.product(session, product_id).name)
    if base != 0:
        parse_line(session, LineInput(product_id, quantity, unit), allow_inactive=True)  # same checks as documents
    unit_def = units.unit(unit)
    count = base / unit_def.factor if unit_def else base
    moment = now(session)
    session.add(
        InventoryCount(line_id=line.id, quantity=to_base_milli(base), unit=unit, unit_count=to_base_milli(count),
                       at=moment, user_name=actor.full_name)
    )  # fmt: skip
    line.counted, line.counted_unit, line.counted_by, line.counted_at = (
        to_base_milli(base),
        unit,
        actor.full_name,
        moment,
    )
    line.entries += 1
    session.flush()
    return _line_row(session, line)


def count_history(session: Session, inventory_id: int, product_id: int) -> list[CountEntry]:
    """Every value typed for a product on this sheet, oldest first, with who and when."""
    require(session, Action.READ)
    rows = session.scalars(
        select(InventoryCount)
        .join(InventoryLine, InventoryLine.id == InventoryCount.line_id)
        .where(InventoryLine.inventory_id == inventory_id, InventoryLine.product_id == product_id)
        .order_by(InventoryCount.id)
    )
    return [
        CountEntry(from_base_milli(c.quantity), ledger.describe(session, product_id, c.quantity, c.unit), c.unit, c.at,
                   c.user_name)
        for c in rows
    ]  # fmt: skip


def validate_inventory(session: Session, inventory_id: int, *, skip_uncounted: bool = False) -> InventorySheet:
    """Post an adjustment per difference, hash and freeze the sheet. Refused while products are not counted,
    unless ``skip_uncounted`` (those products then keep their theoretical stock: no adjustment)."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    inv = _inventory(session, inventory_id)
    if inv.status != "ouvert":
        raise DomainError("inventory.not_open", number=inv.number)
    ensure_open(session, inv.business_date)
    lines = list(session.scalars(select(InventoryLine).where(InventoryLine.inventory_id == inv.id)))
    missing = [ledger.product(session, x.product_id).name for x in lines if x.counted is None]
    if missing and not skip_uncounted:
        raise DomainError("inventory.uncounted", count=len(missing), products=", ".join(sorted(missing)[:8]))
    moment = now(session).astimezone(UTC)
    inv.status, inv.closed_at, inv.closed_by = "valide", moment, actor.full_name
    session.flush()  # the magasin is no longer being counted: the adjustments may be posted
    moves = []
    for x in sorted(lines, key=lambda x: x.product_id):
        if x.counted is None or x.counted == x.theoretical:
            continue
        diff = x.counted - x.theoretical
        label = f"Inventaire {inv.number} : {INVENTORY_REASON}"
        value = ledger.value_in_at_cost(session, x.product_id, inv.warehouse_id, diff) if diff > 0 else None
        moves.append(ledger.Move("ajustement", x.product_id, inv.warehouse_id, diff, label, value=value,
                                 reason=INVENTORY_REASON, source_line_id=x.id))  # fmt: skip
    ledger.post(
        session, actor, doc_type="INV", number=inv.number, source_type="inventory", source_id=inv.id,
        business_date=inv.business_date, moves=moves, at=moment,
    )  # fmt: skip
    inv.chain_pos = (session.scalar(_MAX_CHAIN) or 0) + 1
    inv.prev_hash = last_hash(session, _LAST_INVENTORY)
    inv.hash = chain_hash(
        inv.prev_hash, inventory_fields(inv, [(x.product_id, x.theoretical, x.counted) for x in lines])
    )
    session.flush()
    return get_inventory(session, inv.id)


def abandon_inventory(session: Session, inventory_id: int, reason: str) -> InventorySheet:
    """A manager abandons an open count (reason required): no adjustment, the number and the counts stay."""
    actor = require(session, Action.CANCEL_DOCUMENT)
    text = tidy(reason)
    if not text:
        raise DomainError("inventory.reason_required")
    inv = _inventory(session, inventory_id)
    if inv.status != "ouvert":
        raise DomainError("inventory.not_open", number=inv.number)
    lines = list(session.scalars(select(InventoryLine).where(InventoryLine.inventory_id == inv.id)))
    inv.status, inv.closed_at, inv.closed_by, inv.close_reason = (
        "abandonne",
        now(session).astimezone(UTC),
        actor.full_name,
        text,
    )
    inv.chain_pos = (session.scalar(_MAX_CHAIN) or 0) + 1
    inv.prev_hash = last_hash(session, _LAST_INVENTORY)
    inv.hash = chain_hash(
        inv.prev_hash, inventory_fields(inv, [(x.product_id, x.theoretical, x.counted) for x in lines])
    )
    session.flush()
    record_event(session, "cancellation", {"inventory": inv.number, "reason": text})
    return get_inventory(session, inv.id)


def _line_row(session: Session, x: InventoryLine) -> InventoryLineRow:
    p = ledger.product(session, x.product_id)
    diff = None if x.counted is None else x.counted - x.theoretical
    return InventoryLineRow(
        p.id, p.code, p.name, p.base_unit, from_base_milli(x.theoretical),
        ledger.describe(session, p.id, x.theoretical),
        None if x.counted is None else from_base_milli(x.counted),
        "" if x.counted is None else ledger.describe(session, p.id, x.counted, x.counted_unit or None),
        None if diff is None else from_base_milli(diff), "" if diff is None else ledger.describe(session, p.id, diff),
        x.counted_by, x.counted_at, x.entries,
    )  # fmt: skip


def get_inventory(session: Session, inventory_id: int | None = None, number: str | None = None) -> InventorySheet:
    """The count sheet (feuille d'inventaire): theoretical, counted and difference per product."""
    require(session, Action.READ)
    if inventory_id is not None:
        inv = session.get(Inventory, inventory_id)
    else:
        inv = session.scalar(select(Inventory).where(Inventory.number == (number or "").strip().upper()))
    if inv is None:
        raise DomainError("inventory.not_found", number=number or inventory_id)
    lines = session.execute(
        select(InventoryLine)
        .join(Product, Product.id == InventoryLine.product_id)
        .where(InventoryLine.inventory_id == inv.id)
        .order_by(Product.category, Product.name)
    ).scalars()
    rows = tuple(_line_row(session, x) for x in lines)
    return InventorySheet(
        inv.id, inv.number, inv.warehouse_id, ledger.warehouse(session, inv.warehouse_id).name, inv.business_date,
        inv.status, INVENTORY_STATES[inv.status], inv.opened_at, inv.opened_by, inv.closed_at, inv.closed_by,
        inv.close_reason, inv.note, rows, sum(1 for r in rows if r.counted is not None), inv.hash or "",
    )  # fmt: skip


@dataclass(frozen=True)
class InventoryRow:
    id: int
    number: str
    warehouse_name: str
    business_date: date
    status: str
    status_label: str


def list_inventories(session: Session, warehouse_id: int | None = None) -> list[InventoryRow]:
    require(session, Action.READ)
    stmt = select(Inventory).order_by(Inventory.id.desc())
    if warehouse_id is not None:
        stmt = stmt.where(Inventory.warehouse_id == warehouse_id)
    return [
        InventoryRow(i.id, i.number, ledger.warehouse(session, i.warehouse_id).name, i.business_date, i.status,
                     INVENTORY_STATES[i.status])
        for i in session.scalars(stmt)
    ]  # fmt: skip
