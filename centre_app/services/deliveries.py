"""Bons de livraison (BL) against confirmed orders, their cancellation, and « reste à livrer ».

A delivery takes partial quantities per order line; it is refused beyond what remains ordered and beyond
what the magasin holds (clear French messages naming the product and the quantity in packaging units).
Validation numbers it BL, chains it, posts one ledger exit per line at the CUMP and moves the order state.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date
from centre_app.domain.integrity import chain_hash
from centre_app.domain.money import round_half_up
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import from_base_milli
from centre_app.domain.stock import DELIVERABLE_STATES, DOCUMENT_STATES
from centre_app.domain.text import tidy
from centre_app.models.parties import Party
from centre_app.models.stock import Delivery, DeliveryLine, Order, OrderLine, StockOperation
from centre_app.services import numbering, orders
from centre_app.services import stock_ledger as ledger
from centre_app.services.context import now, require
from centre_app.services.stock import LineInput, last_hash, last_hash_query, parse_line, utc
from centre_app.services.stock_operations import reverse


@dataclass(frozen=True)
class DeliveryLineInput:
    order_line_id: int
    quantity: Decimal | int | str
    unit: str | None = None  # the order line's unit by default


@dataclass(frozen=True)
class DeliveryDraft:
    order_id: int
    lines: tuple[DeliveryLineInput, ...]
    warehouse_id: int | None = None  # the order's magasin by default
    business_date: date | None = None
    place: str = ""  # the order's delivery place by default
    carrier: str = ""
    note: str = ""


@dataclass(frozen=True)
class DeliveryLineRow:
    order_line_id: int
    product_id: int
    product_code: str
    product_name: str
    ordered: Decimal
    ordered_described: str
    delivered_before: Decimal
    delivered_now: Decimal
    delivered_now_described: str
    remaining_after: Decimal
    remaining_after_described: str
    unit_price: int  # the order's price per ``price_unit_name``
    price_unit_name: str
    amount: int  # what was delivered now, at the order's price
    value: int  # its cost (CUMP), for the stock valuation


@dataclass(frozen=True)
class DeliveryDoc:
    id: int
    number: str
    order_id: int
    order_number: str
    party_id: int
    party_name: str
    party_village: str
    warehouse_id: int
    warehouse_name: str
    business_date: date
    at: datetime
    place: str
    carrier: str
    note: str
    user_name: str
    status: str
    status_label: str
    lines: tuple[DeliveryLineRow, ...]
    total_amount: int
    cancellation_number: str = ""
    hash: str = ""


_LAST_DELIVERY = last_hash_query(Delivery.hash)
_ORDER_LINES = select(OrderLine).where(OrderLine.order_id == bindparam("o")).order_by(OrderLine.position)
_BEFORE = (
    select(DeliveryLine.order_line_id, DeliveryLine.quantity)
    .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
    .where(Delivery.order_id == bindparam("o"), Delivery.status == "valide", Delivery.id < bindparam("d"))
)
_LINES_OF = (
    select(DeliveryLine, OrderLine)
    .join(OrderLine, OrderLine.id == DeliveryLine.order_line_id)
    .where(DeliveryLine.delivery_id == bindparam("d"))
    .order_by(OrderLine.position)
)


def delivery_fields(d: Any, lines: list[tuple[int, int, int]]) -> dict[str, Any]:
    """What a BL's hash covers: header and (order line, product, quantity) per line."""
    at = utc(d.at)
    return {
        "number": d.number, "year": d.year, "seq": d.seq, "order_id": d.order_id, "party_id": d.party_id,
        "warehouse_id": d.warehouse_id, "business_date": d.business_date, "at": at, "place": d.place,
        "carrier": d.carrier, "note": d.note, "user_name": d.user_name, "lines": sorted(lines),
    }  # fmt: skip


def _deliverable_order(session: Session, order_id: int) -> Order:
    o = ledger.held(session, Order, order_id)
    if o is None:
        raise DomainError("order.not_found", number=order_id)
    if o.status == "brouillon":
        raise DomainError("order.not_confirmed")
    if o.status == "annulee":
        raise DomainError("order.cancelled", number=o.number)
    if o.status not in DELIVERABLE_STATES:
        raise DomainError("order.fully_delivered", number=o.number)
    return o


def record_delivery(session: Session, draft: DeliveryDraft) -> DeliveryDoc:
    """Validate a bon de livraison: refused beyond the rest ordered or the stock on hand."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    o = _deliverable_order(session, draft.order_id)
    if not draft.lines:
        raise DomainError("stock.no_lines")
    day = ledger.business_day(session, draft.business_date)
    if day < o.order_date:
        raise DomainError("delivery.before_order", number=o.number, order_date=format_date(o.order_date))
    wid = draft.warehouse_id if draft.warehouse_id is not None else o.warehouse_id
    w = ledger.check_warehouse_open(session, wid, day)
    order_lines = {x.id: x for x in session.scalars(_ORDER_LINES, {"o": o.id})}
    done = orders.delivered_by_line(session, [o.id])
    asked: dict[int, int] = defaultdict(int)
    for line in draft.lines:
        ol = order_lines.get(line.order_line_id)
        if ol is None:
            raise DomainError("delivery.line_not_in_order", number=o.number)
        parsed = parse_line(session, LineInput(ol.product_id, line.quantity, line.unit or ol.unit), allow_inactive=True)
        asked[ol.id] += parsed.milli
    per_product: dict[int, int] = defaultdict(int)
    for line_id, qty in asked.items():
        ol = order_lines[line_id]
        rest = ol.quantity - done.get(line_id, 0)
        if qty > rest:
            raise DomainError(
                "delivery.more_than_ordered", product=ledger.product(session, ol.product_id).name, number=o.number,
                remaining=ledger.describe(session, ol.product_id, max(rest, 0), ol.unit),
                requested=ledger.describe(session, ol.product_id, qty, ol.unit),
            )  # fmt: skip
        per_product[ol.product_id] += qty
    for product_id, qty in per_product.items():
        ledger.check_available(session, product_id, w.id, qty, day)
    seq, number = numbering.next_number(session, "BL", day.year)
    d = Delivery(
        year=day.year, seq=seq, number=number, order_id=o.id, party_id=o.party_id, warehouse_id=w.id,
        business_date=day, at=now(session).astimezone(UTC), place=tidy(draft.place) or o.delivery_place,
        carrier=tidy(draft.carrier), note=tidy(draft.note), user_id=actor.user_id, user_name=actor.full_name,
        prev_hash=last_hash(session, _LAST_DELIVERY), hash="", status="valide",
    )  # fmt: skip
    planned = [(line_id, order_lines[line_id].product_id, qty) for line_id, qty in asked.items()]
    d.hash = chain_hash(d.prev_hash, delivery_fields(d, planned))
    session.add(d)
    session.flush()
    party = ledger.held(session, Party, o.party_id)
    label = f"Livraison {number} — {party.name if party else ''} ({o.number})"
    posted = ledger.post(
        session, actor, doc_type="BL", number=number, source_type="delivery", source_id=d.id, business_date=day,
        at=d.at,
        moves=[ledger.Move("livraison", pid, w.id, -qty, label, source_line_id=lid) for lid, pid, qty in planned],
    )  # fmt: skip
    new_lines = [
        DeliveryLine(delivery_id=d.id, order_line_id=lid, product_id=pid, quantity=qty, value=-p.value)
        for (lid, pid, qty), p in zip(planned, posted, strict=True)
    ]
    session.add_all(new_lines)
    before = dict(done)
    for line_id, qty in asked.items():
        done[line_id] = done.get(line_id, 0) + qty
    orders.refresh_state(session, o, list(order_lines.values()), done)  # its flush writes the lines too
    pairs = sorted(((x, order_lines[x.order_line_id]) for x in new_lines), key=lambda pair: pair[1].position)
    return _doc(session, d, o, party, before, pairs)


def deliver_remaining(session: Session, order_id: int, **kw: Any) -> DeliveryDoc:
    """« Tout livrer »: a BL for everything that remains on the order (same refusals as record_delivery)."""
    require(session, Action.EDIT_DOCUMENTS)
    o = _deliverable_order(session, order_id)
    done = orders.delivered_by_line(session, [o.id])
    lines = tuple(
        DeliveryLineInput(
            x.id, from_base_milli(x.quantity - done.get(x.id, 0)), ledger.product(session, x.product_id).base_unit
        )
        for x in session.scalars(_ORDER_LINES, {"o": o.id})
        if x.quantity > done.get(x.id, 0)
    )  # fmt: skip
    return record_delivery(session, DeliveryDraft(order_id, lines, **kw))


def cancel_delivery(session: Session, delivery_id: int, reason: str) -> DeliveryDoc:
    """A manager cancels a BL: the goods come back at the value they left with; the order state follows."""
    actor = require(session, Action.CANCEL_DOCUMENT)
    text = tidy(reason)
    if not text:
        raise DomainError("stock.reason_required")
    d = session.get(Delivery, delivery_id)
    if d is None:
        raise DomainError("stock.document_not_found", number=delivery_id)
    if d.status != "valide":
        raise DomainError("stock.already_cancelled", number=d.number)
    op = reverse(
        session, actor, cancels_type="delivery", cancels_id=d.id, cancels_number=d.number, reason=text,
        warehouse_id=d.warehouse_id,
    )  # fmt: skip
    d.status, d.cancellation_id = "annule", op.id
    session.flush()
    o = ledger.held(session, Order, d.order_id)
    assert o is not None
    orders.refresh_state(session, o)
    return get_delivery(session, d.id)


def get_delivery(session: Session, delivery_id: int | None = None, number: str | None = None) -> DeliveryDoc:
    """A bon de livraison with, per line, ordered / delivered before / delivered now / remaining after."""
    require(session, Action.READ)
    if delivery_id is not None:
        d = session.get(Delivery, delivery_id)
    else:
        d = session.scalar(select(Delivery).where(Delivery.number == (number or "").strip().upper()))
    if d is None:
        raise DomainError("stock.document_not_found", number=number or delivery_id)
    o = ledger.held(session, Order, d.order_id)
    party = ledger.held(session, Party, d.party_id)
    assert o is not None
    assert party is not None
    before: dict[int, int] = defaultdict(int)
    for line in session.execute(_BEFORE, {"o": o.id, "d": d.id}):
        before[line[0]] += int(line[1])
    return _doc(session, d, o, party, before, list(session.execute(_LINES_OF, {"d": d.id}).tuples()))


def _doc(
    session: Session, d: Delivery, o: Order, party: Party, before: dict[int, int],
    pairs: list[tuple[DeliveryLine, OrderLine]],
) -> DeliveryDoc:  # fmt: skip
    """The :class:`DeliveryDoc` of a BL: ``before`` is what valid earlier BLs of the order delivered per order
    line, ``pairs`` its lines with their order lines, in the order's line order."""
    rows = []
    for dl, ol in pairs:
        p = ledger.product(session, dl.product_id)
        delivered_before = before.get(ol.id, 0)
        rest = ol.quantity - delivered_before - dl.quantity
        amount = round_half_up(Fraction(ol.amount * dl.quantity, ol.quantity))
        rows.append(
            DeliveryLineRow(
                ol.id, p.id, p.code, p.name, from_base_milli(ol.quantity),
                ledger.describe(session, p.id, ol.quantity, ol.unit),
                from_base_milli(delivered_before), from_base_milli(dl.quantity),
                ledger.describe(session, p.id, dl.quantity, ol.unit), from_base_milli(rest),
                ledger.describe(session, p.id, max(rest, 0), ol.unit), ol.unit_price,
                ledger.unit_name(session, p.id, ol.price_unit), amount, dl.value,
            )
        )  # fmt: skip
    cancellation = session.get(StockOperation, d.cancellation_id) if d.cancellation_id else None
    return DeliveryDoc(
        d.id, d.number, o.id, o.number or "", party.id, party.name, party.village, d.warehouse_id,
        ledger.warehouse(session, d.warehouse_id).name, d.business_date, d.at, d.place, d.carrier, d.note,
        d.user_name, d.status, DOCUMENT_STATES[d.status], tuple(rows), sum(r.amount for r in rows),
        cancellation.number if cancellation else "", d.hash,
    )  # fmt: skip


@dataclass(frozen=True)
class DeliveryRow:
    id: int
    number: str
    business_date: date
    order_number: str
    party_name: str
    warehouse_name: str
    status: str


def list_deliveries(
    session: Session, *, order_id: int | None = None, party_id: int | None = None, start: date | None = None,
    end: date | None = None, offset: int = 0, limit: int | None = None,
) -> list[DeliveryRow]:  # fmt: skip
    """Bons de livraison, newest first; ``[start, end)`` on the business date."""
    require(session, Action.READ)
    from centre_app.models.catalog import Warehouse

    stmt = (
        select(Delivery, Order.number, Party.name, Warehouse.name)
        .join(Order, Order.id == Delivery.order_id)
        .join(Party, Party.id == Delivery.party_id)
        .join(Warehouse, Warehouse.id == Delivery.warehouse_id)
        .order_by(Delivery.id.desc())
        .offset(offset)
    )
    if order_id is not None:
        stmt = stmt.where(Delivery.order_id == order_id)
    if party_id is not None:
        stmt = stmt.where(Delivery.party_id == party_id)
    if start is not None:
        stmt = stmt.where(Delivery.business_date >= start)
    if end is not None:
        stmt = stmt.where(Delivery.business_date < end)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        DeliveryRow(d.id, d.number, d.business_date, on or "", pn, wn, d.status)
        for d, on, pn, wn in session.execute(stmt).tuples()
    ]


# --- reste à livrer -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemainingLine:
    """One order line not fully delivered."""

    order_id: int
    order_number: str
    order_date: date
    delivery_date: date | None
    party_id: int
    party_name: str
    warehouse_id: int
    product_id: int
    product_name: str
    ordered: Decimal
    delivered: Decimal
    remaining: Decimal
    remaining_milli: int
    remaining_described: str
    remaining_amount: int  # at the order's price


@dataclass(frozen=True)
class RemainingTotal:
    product_id: int
    product_name: str
    quantity: Decimal
    described: str
    amount: int
    orders: int


def remaining_to_deliver(
    session: Session, *, order_id: int | None = None, party_id: int | None = None, order_ids: Any = None
) -> list[RemainingLine]:
    """What remains to deliver: for one order, one customer, some orders (``order_ids``, a page of a list), or
    every confirmed order (oldest first)."""
    require(session, Action.READ)
    stmt = (
        select(Order, OrderLine, Party.name)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .join(Party, Party.id == Order.party_id)
        .where(Order.status.in_(DELIVERABLE_STATES))
        .order_by(Order.order_date, Order.id, OrderLine.position)
    )
    if order_id is not None:
        stmt = stmt.where(Order.id == order_id)
    if party_id is not None:
        stmt = stmt.where(Order.party_id == party_id)
    if order_ids is not None:
        stmt = stmt.where(Order.id.in_(list(order_ids)))
    found = list(session.execute(stmt).tuples())
    done = orders.delivered_by_line(session, sorted({o.id for o, _, _ in found}))
    out = []
    for o, ol, name in found:
        delivered = done.get(ol.id, 0)
        rest = ol.quantity - delivered
        if rest <= 0:
            continue
        p = ledger.product(session, ol.product_id)
        out.append(
            RemainingLine(
                o.id, o.number or "", o.order_date, o.delivery_date, o.party_id, name, o.warehouse_id, p.id, p.name,
                from_base_milli(ol.quantity), from_base_milli(delivered), from_base_milli(rest), rest,
                ledger.describe(session, p.id, rest, ol.unit), round_half_up(Fraction(ol.amount * rest, ol.quantity)),
            )
        )  # fmt: skip
    return out


def remaining_totals(session: Session, *, party_id: int | None = None) -> list[RemainingTotal]:
    """Reste à livrer per product (one customer or overall)."""
    acc: dict[int, list[Any]] = {}
    for r in remaining_to_deliver(session, party_id=party_id):
        a = acc.setdefault(r.product_id, [r.product_name, 0, 0, set()])
        a[1] += r.remaining_milli
        a[2] += r.remaining_amount
        a[3].add(r.order_id)
    return [
        RemainingTotal(pid, name, from_base_milli(q), ledger.describe(session, pid, q), amount, len(ids))
        for pid, (name, q, amount, ids) in sorted(acc.items(), key=lambda kv: kv[1][0])
    ]
