"""Commandes (orders) from OP and individuals: drafts, confirmation, cancellation, reading.

Workflow (``domain.stock.ORDER_TRANSITIONS``): brouillon → confirmée → livrée partiellement → livrée →
soldée; annulée. A draft is free (edited, deleted). Confirming prices every line from the order's price
list at the order date (``catalog.price_at``), numbers it CMD, chains and freezes it, and opens a receivable
due for the total (``dues.open_due``: the party's credit limit applies, a manager may override it with a
reason). Deliveries move the state (services/deliveries.py); « soldée » is derived: delivered and the due
fully paid through the caisse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_money
from centre_app.domain.integrity import chain_hash
from centre_app.domain.money import check_amount
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import from_base_milli, to_base_milli
from centre_app.domain.stock import ORDER_STATES, check_transition, display_state, line_amount
from centre_app.domain.text import tidy
from centre_app.models.catalog import Price, PriceList, Warehouse
from centre_app.models.parties import Party
from centre_app.models.stock import Delivery, DeliveryLine, Order, OrderLine
from centre_app.services import dues, numbering
from centre_app.services import stock_ledger as ledger
from centre_app.services.context import now, require
from centre_app.services.events import record_event
from centre_app.services.periods import ensure_open
from centre_app.services.session_cache import cached, hold
from centre_app.services.stock import LineInput, last_hash, last_hash_query, parse_line, utc


@dataclass(frozen=True)
class OrderDraft:
    """What the order dialog provides. Lines are typed in packaging units; ``unit_price`` is ignored
    (prices come from the list)."""

    party_id: int
    price_list_id: int
    lines: tuple[LineInput, ...]
    order_date: date | None = None  # today by default
    warehouse_id: int | None = None  # magasin of delivery; the centre's store by default
    delivery_date: date | None = None
    delivery_place: str = ""
    deposit: int = 0  # acompte convenu
    eligibility_note: str = ""  # required with a social (subsidised) price list
    note: str = ""


@dataclass(frozen=True)
class OrderLineRow:
    id: int
    product_id: int
    product_code: str
    product_name: str
    unit: str
    unit_count: Decimal
    quantity: Decimal  # base unit
    described: str  # « 12 sacs de 50 kg (600 kg) »
    price_unit: str
    price_unit_name: str  # « sac de 50 kg »
    unit_price: int
    amount: int
    delivered: Decimal
    delivered_described: str
    remaining: Decimal
    remaining_described: str


@dataclass(frozen=True)
class OrderDoc:
    id: int
    number: str  # "" for a draft
    state: str  # ORDER_STATES key, « soldee » derived
    state_label: str
    party_id: int
    party_name: str
    party_village: str
    price_list_id: int
    price_list_name: str
    price_list_kind: str
    eligibility_note: str
    order_date: date
    warehouse_id: int
    warehouse_name: str
    delivery_date: date | None
    delivery_place: str
    deposit: int
    note: str
    total: int
    paid: int  # allocated on the order's due by valid receipts
    remaining_to_pay: int
    lines: tuple[OrderLineRow, ...]
    deliveries: tuple[tuple[str, date, str], ...]  # (BL number, date, status)
    due_id: int | None
    created_by: str
    confirmed_at: datetime | None
    confirmed_by: str
    cancelled_at: datetime | None
    cancel_reason: str
    hash: str = ""


_LAST_ORDER = last_hash_query(Order.hash, Order.hash.is_not(None), Order.chain_pos)
_MAX_CHAIN = select(func.max(Order.chain_pos))
_LINES = select(OrderLine).where(OrderLine.order_id == bindparam("o")).order_by(OrderLine.position)
_PRICES = (Price.__tablename__,)
_PRICE_HISTORY = (
    select(Price.valid_from, Price.amount)
    .where(Price.price_list_id == bindparam("pl"), Price.product_id == bindparam("p"), Price.unit == bindparam("u"))
    .order_by(Price.valid_from.desc())
)
_DELIVERED = (
    select(DeliveryLine.order_line_id, func.sum(DeliveryLine.quantity))
    .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
    .where(Delivery.status == "valide", Delivery.order_id.in_(bindparam("ids", expanding=True)))
    .group_by(DeliveryLine.order_line_id)
)
_DELIVERIES_OF = (
    select(Delivery.number, Delivery.business_date, Delivery.status)
    .where(Delivery.order_id == bindparam("o"))
    .order_by(Delivery.id)
)
_CENTRE = select(Warehouse.id).where(Warehouse.kind == "centre").order_by(Warehouse.id).limit(1)


def order_fields(o: Any, lines: list[tuple[Any, ...]]) -> dict[str, Any]:
    """What a confirmed order's hash covers: header and priced lines."""
    at = utc(o.confirmed_at)
    return {
        "number": o.number, "year": o.year, "seq": o.seq, "party_id": o.party_id, "price_list_id": o.price_list_id,
        "eligibility_note": o.eligibility_note, "order_date": o.order_date, "warehouse_id": o.warehouse_id,
        "delivery_date": o.delivery_date, "delivery_place": o.delivery_place, "deposit": o.deposit, "note": o.note,
        "total": o.total, "due_id": o.due_id, "confirmed_at": at, "confirmed_by": o.confirmed_by,
        "chain_pos": o.chain_pos, "lines": sorted(lines),
    }  # fmt: skip


def line_key(x: Any) -> tuple[Any, ...]:
    return (x.position, x.product_id, x.unit, x.unit_count, x.quantity, x.price_unit, x.unit_price, x.amount)


def _order(session: Session, order_id: int) -> Order:
    o = ledger.held(session, Order, order_id)
    if o is None:
        raise DomainError("order.not_found", number=order_id)
    return o


def default_warehouse(session: Session) -> int:
    wid = session.scalar(_CENTRE)
    if wid is None:
        raise DomainError("not_found", entity="Magasin", key="centre")
    return wid


def price_for(session: Session, price_list_id: int, product_id: int, unit: str, on: date) -> tuple[str, int, Decimal]:
    """(unit priced, price, its factor): the list's price for ``unit`` or, failing that, for another unit of
    the product (the line amount is then converted exactly, rounded once)."""
    p = ledger.product(session, product_id)
    units = ledger.units_of(session, product_id)
    candidates = (
        [unit] + [u.code for u in units.units if u.code != unit] + ([units.base_code] * (unit != units.base_code))
    )
    for code in candidates:
        amount = _price_on(session, price_list_id, product_id, code, on)
        if amount is not None:
            u = units.unit(code, product=p.name)
            return code, int(amount), u.factor if u else Decimal(1)
    pl = ledger.held(session, PriceList, price_list_id)
    raise DomainError(
        "price.none", product=p.name, unit=ledger.unit_name(session, product_id, unit),
        price_list=pl.name if pl else price_list_id, date=on.strftime("%d/%m/%Y"),
    )  # fmt: skip


def _price_on(session: Session, price_list_id: int, product_id: int, unit: str, on: date) -> int | None:
    """The list's price of a product's unit on a date: its price history is read once per transaction."""
    params = {"pl": price_list_id, "p": product_id, "u": unit}
    history = cached(
        session, _PRICES, ("prices", price_list_id, product_id, unit),
        lambda: tuple(session.execute(_PRICE_HISTORY, params).tuples()),
    )  # fmt: skip
    for valid_from, amount in history:  # newest first: the last price set on or before the day
        if valid_from <= on:
            return amount  # type: ignore[no-any-return]
    return None


def _lines(session: Session, draft: OrderDraft, on: date) -> list[OrderLine]:
    if not draft.lines:
        raise DomainError("stock.no_lines")
    out = []
    for pos, line in enumerate(draft.lines, start=1):
        parsed = parse_line(session, line)
        price_unit, price, factor = price_for(session, draft.price_list_id, parsed.product.id, line.unit, on)
        out.append(
            OrderLine(
                position=pos, product_id=parsed.product.id, unit=line.unit, unit_count=to_base_milli(parsed.count),
                quantity=parsed.milli, price_unit=price_unit, unit_price=price,
                amount=line_amount(parsed.quantity, factor, price),
            )
        )  # fmt: skip
    return out


def _check_header(session: Session, draft: OrderDraft) -> tuple[date, int]:
    party = ledger.held(session, Party, draft.party_id)
    if party is None:
        raise DomainError("not_found", entity="Tiers", key=draft.party_id)
    pl = ledger.held(session, PriceList, draft.price_list_id)
    if pl is None:
        raise DomainError("not_found", entity="Liste de prix", key=draft.price_list_id)
    if not pl.active:
        raise DomainError("order.price_list_inactive", price_list=pl.name)
    if pl.kind == "social" and not tidy(draft.eligibility_note):
        raise DomainError("order.eligibility_required", price_list=pl.name, eligibility=pl.eligibility or "-")
    check_amount(draft.deposit, allow_negative=False)
    day = draft.order_date or now(session).astimezone(UTC).date()
    if draft.delivery_date is not None and draft.delivery_date < day:
        raise DomainError("order.delivery_before_order")
    wid = draft.warehouse_id if draft.warehouse_id is not None else default_warehouse(session)
    ledger.warehouse(session, wid)
    return day, wid


def _apply(session: Session, o: Order, draft: OrderDraft, header: tuple[date, int] | None = None) -> None:
    day, wid = header or _check_header(session, draft)
    lines = _lines(session, draft, day)
    total = sum(x.amount for x in lines)
    if draft.deposit > total:
        raise DomainError("order.deposit_above_total")
    o.party_id, o.price_list_id, o.order_date, o.warehouse_id = draft.party_id, draft.price_list_id, day, wid
    o.eligibility_note, o.delivery_date = tidy(draft.eligibility_note), draft.delivery_date
    o.delivery_place, o.deposit, o.note, o.total = tidy(draft.delivery_place), draft.deposit, tidy(draft.note), total
    for old in session.scalars(_LINES, {"o": o.id}):
        session.delete(old)
    session.flush()
    for x in lines:
        x.order_id = o.id
    session.add_all(lines)
    session.flush()


def create_order(session: Session, draft: OrderDraft) -> OrderDoc:
    """Save a draft order (brouillon): no number yet, freely edited until confirmed."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    day, wid = _check_header(session, draft)
    lines = _lines(session, draft, day)
    total = sum(x.amount for x in lines)
    if draft.deposit > total:
        raise DomainError("order.deposit_above_total")
    # A new draft is written whole at once: its row, then its lines (nothing to replace).
    o = Order(
        party_id=draft.party_id, price_list_id=draft.price_list_id, order_date=day, warehouse_id=wid,
        status="brouillon", created_at=now(session), created_by=actor.username, confirmed_by="", cancelled_by="",
        cancel_reason="", total=total, eligibility_note=tidy(draft.eligibility_note),
        delivery_date=draft.delivery_date, delivery_place=tidy(draft.delivery_place), deposit=draft.deposit,
        note=tidy(draft.note),
    )  # fmt: skip
    session.add(o)
    session.flush()
    for x in lines:
        x.order_id = o.id
    session.add_all(lines)
    session.flush()
    hold(session, o)
    return _doc(session, o, lines, fresh=True)


def update_order(session: Session, order_id: int, draft: OrderDraft) -> OrderDoc:
    require(session, Action.EDIT_DOCUMENTS)
    o = _order(session, order_id)
    if o.status != "brouillon":
        raise DomainError("order.not_draft", number=o.number or o.id)
    _apply(session, o, draft)
    return get_order(session, o.id)


def delete_draft(session: Session, order_id: int) -> None:
    """Drafts are free: a draft order is deleted outright (a confirmed one is cancelled, never deleted)."""
    require(session, Action.EDIT_DOCUMENTS)
    o = _order(session, order_id)
    if o.status != "brouillon":
        raise DomainError("order.not_draft", number=o.number or o.id)
    for x in session.scalars(_LINES, {"o": o.id}):
        session.delete(x)
    session.flush()
    session.delete(o)
    session.flush()


def confirm_order(
    session: Session, order_id: int, *, due_date: date | None = None, override_reason: str = ""
) -> OrderDoc:
    """Confirm a draft: prices of the list at the order date, number CMD, chain, receivable due for the total."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    o = _order(session, order_id)
    if o.status != "brouillon":
        raise DomainError("order.not_draft", number=o.number or o.id)
    lines = list(session.scalars(_LINES, {"o": o.id}))
    if not lines:
        raise DomainError("stock.no_lines")
    for x in lines:  # the list may have changed since the draft was saved: the order date decides
        x.price_unit, x.unit_price, factor = price_for(session, o.price_list_id, x.product_id, x.unit, o.order_date)
        x.amount = line_amount(from_base_milli(x.quantity), factor, x.unit_price)
    o.total = sum(x.amount for x in lines)
    session.flush()  # the lines are frozen by a trigger as soon as the order carries its hash
    if o.total <= 0:
        raise DomainError("money.not_positive")
    moment = now(session).astimezone(UTC)
    ensure_open(session, moment.date())
    seq, number = numbering.next_number(session, "CMD", moment.date().year)
    summary = ", ".join(
        f"{ledger.product(session, x.product_id).name} {ledger.describe(session, x.product_id, x.quantity, x.unit)}"
        for x in lines
    )
    due_id = dues.open_due(
        session, party_id=o.party_id, direction="receivable", source_type="order", source_id=o.id, reference=number,
        label=f"Commande {number} : {summary}"[:300], amount=o.total, issued_on=moment.date(),
        due_date=due_date or o.delivery_date or moment.date(), override_reason=override_reason,
    )  # fmt: skip
    # Read the chain's end before touching the row: the confirmation is then one UPDATE (and one audit entry).
    chain_pos = (session.scalar(_MAX_CHAIN) or 0) + 1
    prev_hash = last_hash(session, _LAST_ORDER)
    o.due_id = due_id
    o.year, o.seq, o.number = moment.date().year, seq, number
    o.confirmed_at, o.confirmed_by, o.status = moment, actor.full_name, "confirmee"
    o.chain_pos, o.prev_hash = chain_pos, prev_hash
    o.hash = chain_hash(o.prev_hash, order_fields(o, [line_key(x) for x in lines]))
    session.flush()
    return _doc(session, o, lines, fresh=True)  # a draft has no delivery, its new due no payment


def cancel_order(session: Session, order_id: int, reason: str) -> OrderDoc:
    """Cancel an order. A draft: any clerk. A confirmed order: a manager, with a reason, nothing delivered,
    nothing paid on it (its due is cancelled)."""
    o = _order(session, order_id)
    text = tidy(reason)
    if o.status == "brouillon":
        actor = require(session, Action.EDIT_DOCUMENTS)
    else:
        actor = require(session, Action.CANCEL_DOCUMENT)
        if not text:
            raise DomainError("order.reason_required")
        ensure_open(session, now(session).astimezone(UTC).date())
    if o.status == "annulee":
        raise DomainError("order.already_cancelled", number=o.number or o.id)
    if o.status in ("livree_partiellement", "livree"):
        raise DomainError("order.has_deliveries", number=o.number)
    check_transition(o.status, "annulee", o.number or str(o.id))
    if o.due_id is not None:
        paid = dues.paid_on_dues(session, [o.due_id])[o.due_id]
        if paid:
            raise DomainError("order.has_payments", number=o.number, paid=format_money(paid))
        dues.cancel_due(session, o.due_id, f"Commande annulée : {text}")
    o.status, o.cancelled_at, o.cancel_reason, o.cancelled_by = "annulee", now(session), text, actor.full_name
    if o.number:
        record_event(session, "cancellation", {"order": o.number, "reason": text})
    session.flush()
    return get_order(session, o.id)


# --- reading -------------------------------------------------------------------------------------


def delivered_by_line(session: Session, order_ids: list[int]) -> dict[int, int]:
    """Quantity delivered per order line (thousandths) by valid bons de livraison."""
    if not order_ids:
        return {}
    rows = session.execute(_DELIVERED, {"ids": order_ids})
    return {line_id: int(q) for line_id, q in rows}


def refresh_state(
    session: Session, o: Order, lines: list[OrderLine] | None = None, done: dict[int, int] | None = None
) -> None:
    """Set the order's delivery state from its valid deliveries (after a BL or its cancellation).
    ``lines`` and ``done`` (delivered per line) may be passed by a caller that already has them."""
    from centre_app.domain.stock import delivery_state

    lines = lines if lines is not None else list(session.scalars(_LINES, {"o": o.id}))
    done = done if done is not None else delivered_by_line(session, [o.id])
    target = delivery_state([x.quantity for x in lines], [done.get(x.id, 0) for x in lines])
    check_transition(o.status, target, o.number or str(o.id))
    o.status = target
    session.flush()


def _line_row(session: Session, x: OrderLine, delivered: int) -> OrderLineRow:
    p = ledger.product(session, x.product_id)
    rest = max(x.quantity - delivered, 0)
    return OrderLineRow(
        x.id, p.id, p.code, p.name, x.unit, from_base_milli(x.unit_count), from_base_milli(x.quantity),
        ledger.describe(session, p.id, x.quantity, x.unit), x.price_unit, ledger.unit_name(session, p.id, x.price_unit),
        x.unit_price, x.amount, from_base_milli(delivered), ledger.describe(session, p.id, delivered, x.unit),
        from_base_milli(rest), ledger.describe(session, p.id, rest, x.unit),
    )  # fmt: skip


def get_order(session: Session, order_id: int | None = None, number: str | None = None) -> OrderDoc:
    """An order with its lines (delivered and remaining), deliveries and payments (for the screen and the print)."""
    require(session, Action.READ)
    if order_id is not None:
        o = ledger.held(session, Order, order_id)
    else:
        o = session.scalar(select(Order).where(Order.number == (number or "").strip().upper()))
    if o is None:
        raise DomainError("order.not_found", number=number or order_id)
    return _doc(session, o)


def _doc(session: Session, o: Order, lines: list[OrderLine] | None = None, *, fresh: bool = False) -> OrderDoc:
    """The order as read by :func:`get_order`. ``lines``: its lines in position order, when the caller holds them;
    ``fresh``: a draft just written or just confirmed, that nothing was delivered or paid on yet."""
    lines = lines if lines is not None else list(session.scalars(_LINES, {"o": o.id}))
    done = {} if fresh else delivered_by_line(session, [o.id])
    paid = dues.paid_on_dues(session, [o.due_id])[o.due_id] if o.due_id and not fresh else 0
    party = ledger.held(session, Party, o.party_id)
    pl = ledger.held(session, PriceList, o.price_list_id)
    assert party is not None
    assert pl is not None
    deliveries: tuple[tuple[str, date, str], ...] = ()
    if not fresh:
        deliveries = tuple((n, day, status) for n, day, status in session.execute(_DELIVERIES_OF, {"o": o.id}))
    rest_to_pay = o.total - paid if o.status != "annulee" and o.due_id else 0
    state = display_state(o.status, rest_to_pay)
    return OrderDoc(
        o.id, o.number or "", state, ORDER_STATES[state], party.id, party.name, party.village, pl.id, pl.name, pl.kind,
        o.eligibility_note, o.order_date, o.warehouse_id, ledger.warehouse(session, o.warehouse_id).name,
        o.delivery_date, o.delivery_place, o.deposit, o.note, o.total, paid, rest_to_pay,
        tuple(_line_row(session, x, done.get(x.id, 0)) for x in lines), deliveries, o.due_id, o.created_by,
        o.confirmed_at, o.confirmed_by, o.cancelled_at, o.cancel_reason, o.hash or "",
    )  # fmt: skip
