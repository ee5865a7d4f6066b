"""Receptions (bons de réception, BR), expected supplies and repayment in kind.

A reception is validated in one go: checks, gapless BR number, SHA-256 chain, one ledger entry per line
valued at its cost (quantity × price per packaging unit, rounded once). Bought on credit, it opens a
payable due to the supplier. Lines are typed in packaging units (« 12 sacs de 50 kg »).
Shared here: :class:`LineInput` and :func:`parse_line`, used by every stock document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.integrity import GENESIS, chain_hash
from centre_app.domain.money import check_amount
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import from_base_milli, to_base_milli
from centre_app.domain.stock import DOCUMENT_STATES, RECEPTION_ORIGINS, line_amount
from centre_app.domain.text import tidy
from centre_app.models.cash import Due, Payment
from centre_app.models.catalog import Product
from centre_app.models.parties import Party
from centre_app.models.stock import ExpectedSupply, Reception, ReceptionLine, StockOperation
from centre_app.services import dues, numbering
from centre_app.services import stock_ledger as ledger
from centre_app.services.context import now, require


@dataclass(frozen=True)
class LineInput:
    """A line as typed: ``quantity`` in ``unit`` (a packaging unit code such as ``SAC50``, or the base unit);
    ``unit_price`` per that unit (receptions, repayments in kind), ignored by the other documents."""

    product_id: int
    quantity: Decimal | int | str
    unit: str
    unit_price: int = 0


@dataclass(frozen=True)
class ParsedLine:
    product: Product
    unit: str
    unit_label: str  # « sac de 50 kg » / « sacs de 50 kg »
    factor: Decimal  # base units per unit
    count: Decimal  # in that unit
    quantity: Decimal  # base unit
    milli: int
    unit_price: int


def parse_line(session: Session, line: LineInput, *, allow_inactive: bool = False) -> ParsedLine:
    """Convert a typed line to the base unit: refuses units the product lacks, negatives, zero, inactive products
    (``allow_inactive`` for goods already ordered or counted)."""
    p = ledger.product(session, line.product_id)
    units = ledger.units_of(session, p.id)
    base = units.to_base(line.quantity, line.unit, product=p.name)
    if base == 0:
        raise DomainError("stock.quantity_not_positive", product=p.name)
    unit = units.unit(line.unit, product=p.name)
    factor = unit.factor if unit else Decimal(1)
    count = base / factor
    to_base_milli(count)  # a count with more than 3 decimals cannot be stored exactly
    label = unit.label(count) if unit else units.base_label(count)
    check_amount(line.unit_price, allow_negative=False)
    if not p.active and not allow_inactive:
        raise DomainError("stock.product_inactive", product=p.name)
    return ParsedLine(p, line.unit, label, factor, count, base, to_base_milli(base), line.unit_price)


@dataclass(frozen=True)
class DocLine:
    """A line of a printed stock document (BR, BL, MVT)."""

    product_id: int
    product_code: str
    product_name: str
    unit: str
    unit_count: Decimal
    quantity: Decimal  # base unit
    described: str  # « 12 sacs de 50 kg (600 kg) »
    unit_price: int  # per ``unit`` (0 when the document has no price)
    amount: int
    value: int  # stock value moved (cost in, CUMP out), positive
    warehouse_name: str = ""


@dataclass(frozen=True)
class ReceptionDraft:
    warehouse_id: int
    lines: tuple[LineInput, ...]
    origin: str = "achat"  # achat / don / nature
    supplier_id: int | None = None
    supplier_name: str = ""  # a supplier or donor who is not a registered party
    supplier_reference: str = ""  # the supplier's delivery note or invoice number
    business_date: date | None = None
    note: str = ""
    payable_due_date: date | None = None  # bought on credit: the centre owes the supplier until then
    expected_supply_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReceptionDoc:
    id: int
    number: str
    origin: str
    origin_label: str
    supplier_id: int | None
    supplier_name: str
    supplier_reference: str
    warehouse_id: int
    warehouse_name: str
    business_date: date
    at: datetime
    user_name: str
    note: str
    total: int
    status: str
    status_label: str
    lines: tuple[DocLine, ...]
    cancellation_number: str = ""
    payment_number: str = ""  # the receipt « en nature » this reception comes from
    due_reference: str = ""  # the payable opened when bought on credit
    hash: str = ""


def reception_fields(r: Any, lines: list[tuple[Any, ...]]) -> dict[str, Any]:
    """What a reception's hash covers: header and lines (product, unit, count, quantity, price, amount)."""
    at = utc(r.at)
    return {
        "number": r.number, "year": r.year, "seq": r.seq, "origin": r.origin, "supplier_id": r.supplier_id,
        "supplier_name": r.supplier_name, "supplier_reference": r.supplier_reference,
        "warehouse_id": r.warehouse_id, "business_date": r.business_date, "at": at, "note": r.note,
        "total": r.total, "payment_id": r.payment_id, "due_id": r.due_id, "user_name": r.user_name,
        "lines": sorted(lines),
    }  # fmt: skip


def utc(moment: datetime) -> datetime:
    """A datetime as hashed: aware, in UTC (stored naive UTC, read back aware)."""
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def last_hash_query(column: Any, where: Any = None, order: Any = None) -> Any:
    """The statement giving the hash that ends a chain (built once per module: it runs on every validation)."""
    stmt = select(column).order_by((order if order is not None else column.table.c.id).desc()).limit(1)
    return stmt.where(where) if where is not None else stmt


def last_hash(session: Session, query: Any) -> str:
    return session.scalar(query) or GENESIS


_LAST_RECEPTION = last_hash_query(Reception.hash)
_RECEPTION_LINES = select(ReceptionLine).where(ReceptionLine.reception_id == bindparam("r")).order_by(ReceptionLine.id)


def _supplier(session: Session, draft: ReceptionDraft) -> tuple[int | None, str]:
    if draft.supplier_id is not None:
        party = ledger.held(session, Party, draft.supplier_id)
        if party is None:
            raise DomainError("not_found", entity="Tiers", key=draft.supplier_id)
        return party.id, party.name
    name = tidy(draft.supplier_name)
    if not name:
        raise DomainError("stock.supplier_required", origin=RECEPTION_ORIGINS[draft.origin].lower())
    return None, name


def record_reception(session: Session, draft: ReceptionDraft, *, payment_id: int | None = None) -> ReceptionDoc:
    """Validate a bon de réception: number BR, chain, one ledger entry per line at its cost."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    if draft.origin not in RECEPTION_ORIGINS:
        raise DomainError("field.invalid", field="Origine", value=draft.origin)
    if not draft.lines:
        raise DomainError("stock.no_lines")
    day = ledger.business_day(session, draft.business_date)
    w = ledger.check_warehouse_open(session, draft.warehouse_id, day)
    supplier_id, supplier_name = _supplier(session, draft)
    parsed = [parse_line(session, line) for line in draft.lines]
    if draft.origin == "achat" and any(p.unit_price <= 0 for p in parsed):
        raise DomainError("stock.price_required", product=next(p for p in parsed if p.unit_price <= 0).product.name)
    amounts = [line_amount(p.quantity, p.factor, p.unit_price) for p in parsed]
    total = sum(amounts)
    seq, number = numbering.next_number(session, "BR", day.year)
    due_id = None
    if draft.payable_due_date is not None and total > 0:
        if supplier_id is None:
            raise DomainError("stock.supplier_party_required")
        due_id = dues.open_due(
            session, party_id=supplier_id, direction="payable", source_type="reception", reference=number,
            label=f"Achat : {_summary(parsed)}", amount=total, issued_on=day, due_date=draft.payable_due_date,
        )  # fmt: skip
    rec = Reception(
        year=day.year, seq=seq, number=number, origin=draft.origin, supplier_id=supplier_id,
        supplier_name=supplier_name, supplier_reference=tidy(draft.supplier_reference), warehouse_id=w.id,
        business_date=day, at=now(session).astimezone(UTC), note=tidy(draft.note), total=total,
        payment_id=payment_id, due_id=due_id, user_id=actor.user_id, user_name=actor.full_name,
        prev_hash=last_hash(session, _LAST_RECEPTION), hash="", status="valide",
    )  # fmt: skip
    line_rows = [
        ReceptionLine(
            product_id=p.product.id, unit=p.unit, unit_count=to_base_milli(p.count), quantity=p.milli,
            unit_price=p.unit_price, amount=a,
        )
        for p, a in zip(parsed, amounts, strict=True)
    ]  # fmt: skip
    rec.hash = chain_hash(rec.prev_hash, reception_fields(rec, [_line_key(r) for r in line_rows]))
    session.add(rec)
    session.flush()
    for r in line_rows:
        r.reception_id = rec.id
    session.add_all(line_rows)
    session.flush()
    label = f"Réception {number} — {supplier_name}"
    ledger.post(
        session, actor, doc_type="BR", number=number, source_type="reception", source_id=rec.id,
        business_date=day, at=rec.at,
        moves=[
            ledger.Move("reception", r.product_id, w.id, r.quantity, label, value=r.amount, source_line_id=r.id)
            for r in line_rows
        ],
    )  # fmt: skip
    _mark_supplies_received(session, draft.expected_supply_ids, rec.id)
    return get_reception(session, rec.id)


def _line_key(r: ReceptionLine) -> tuple[Any, ...]:
    return (r.product_id, r.unit, r.unit_count, r.quantity, r.unit_price, r.amount)


def _summary(parsed: list[ParsedLine]) -> str:
    text = ", ".join(f"{p.product.name} {ledger.describe_count(p.count, p.unit_label)}" for p in parsed)
    return text[:280]


def _doc_line(session: Session, product_id: int, unit: str, count_milli: int, qty_milli: int, price: int,
              amount: int, value: int, warehouse_name: str = "") -> DocLine:  # fmt: skip
    p = ledger.product(session, product_id)
    return DocLine(
        p.id, p.code, p.name, unit, from_base_milli(count_milli), from_base_milli(qty_milli),
        ledger.describe(session, p.id, qty_milli, unit), price, amount, value, warehouse_name,
    )  # fmt: skip


def get_reception(session: Session, reception_id: int | None = None, number: str | None = None) -> ReceptionDoc:
    """A bon de réception with its lines, by id or number (for the screen and the printed BR)."""
    require(session, Action.READ)
    if reception_id is not None:
        r = session.get(Reception, reception_id)
    else:
        r = session.scalar(select(Reception).where(Reception.number == (number or "").strip().upper()))
    if r is None:
        raise DomainError("stock.document_not_found", number=number or reception_id)
    lines = session.scalars(_RECEPTION_LINES, {"r": r.id})
    w = ledger.warehouse(session, r.warehouse_id)
    doc_lines = tuple(
        _doc_line(session, x.product_id, x.unit, x.unit_count, x.quantity, x.unit_price, x.amount, x.amount)
        for x in lines
    )
    cancellation = session.get(StockOperation, r.cancellation_id) if r.cancellation_id else None
    payment = session.get(Payment, r.payment_id) if r.payment_id else None
    due = session.get(Due, r.due_id) if r.due_id else None
    return ReceptionDoc(
        r.id, r.number, r.origin, RECEPTION_ORIGINS[r.origin], r.supplier_id, r.supplier_name, r.supplier_reference,
        w.id, w.name, r.business_date, r.at, r.user_name, r.note, r.total, r.status, DOCUMENT_STATES[r.status],
        doc_lines, cancellation.number if cancellation else "", payment.number if payment else "",
        due.reference if due else "", r.hash,
    )  # fmt: skip


@dataclass(frozen=True)
class ReceptionRow:
    id: int
    number: str
    business_date: date
    origin_label: str
    supplier_name: str
    warehouse_name: str
    total: int
    status: str


def list_receptions(
    session: Session, search: str = "", *, start: date | None = None, end: date | None = None,
    warehouse_id: int | None = None, offset: int = 0, limit: int | None = None,
) -> list[ReceptionRow]:  # fmt: skip
    """Receptions, newest first; ``[start, end)`` on the business date."""
    require(session, Action.READ)
    from centre_app.models.catalog import Warehouse

    conds: list[Any] = []
    for word in search.split():
        conds.append(Reception.number.icontains(word, autoescape=True) | Reception.supplier_name.icontains(word))
    if start is not None:
        conds.append(Reception.business_date >= start)
    if end is not None:
        conds.append(Reception.business_date < end)
    if warehouse_id is not None:
        conds.append(Reception.warehouse_id == warehouse_id)
    stmt = (
        select(Reception, Warehouse.name)
        .join(Warehouse, Warehouse.id == Reception.warehouse_id)
        .where(and_(True, *conds))
        .order_by(Reception.id.desc())
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        ReceptionRow(r.id, r.number, r.business_date, RECEPTION_ORIGINS[r.origin], r.supplier_name, wn, r.total,
                     r.status)
        for r, wn in session.execute(stmt)
    ]  # fmt: skip


def _mark_supplies_received(session: Session, ids: Iterable[int], reception_id: int) -> None:
    for supply_id in ids:
        s = session.get(ExpectedSupply, supply_id)
        if s is None or s.status != "attendu":
            raise DomainError("stock.supply_not_expected", key=supply_id)
        s.status, s.reception_id = "recu", reception_id
    session.flush()
