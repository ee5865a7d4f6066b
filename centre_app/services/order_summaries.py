"""The orders list, paged: ten years of orders (30 000) open as fast as one month's (PRODUCT.md §15).

The same rows as ``stock_lists.list_order_summaries`` — each order with what remains to deliver and to pay,
the state shown (« soldée » when a delivered order's due is fully paid) — but filtered, sorted and counted in
SQL, one window at a time (``offset``/``limit``), and totals summed in SQL. What remains to deliver is computed
for the window's orders only (the few still deliverable). Read-only; every function checks READ.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from centre_app.domain.permissions import Action
from centre_app.domain.stock import DELIVERABLE_STATES, ORDER_STATES, display_state
from centre_app.domain.text import search_key
from centre_app.models.cash import Allocation, Payment
from centre_app.models.parties import Party
from centre_app.models.search import contains_ci
from centre_app.models.stock import Delivery, DeliveryLine, Order, OrderLine
from centre_app.services.context import require
from centre_app.services.deliveries import remaining_to_deliver
from centre_app.services.stock_lists import TO_DELIVER, OrderSummary, OrderTotals

OWING_NOTHING = ("brouillon", "annulee")  # drafts and cancelled orders owe nothing


def _columns() -> dict[str, Any]:
    """SQL expressions of the figures derived per order: paid, state shown, remaining to pay, state label.

    What was paid is a correlated subquery (index on allocations.due_id): computed for the rows of the window
    only, unless the list is filtered or sorted on it."""
    paid_sq = (
        select(func.coalesce(func.sum(Allocation.amount), 0))
        .join(Payment, Payment.id == Allocation.payment_id)
        .where(Payment.status == "valide", Allocation.due_id == Order.due_id)
        .correlate(Order)
        .scalar_subquery()
    )
    paid = case((Order.due_id.is_(None), 0), else_=paid_sq)
    shown = case(
        (and_(Order.status == "livree", Order.due_id.is_not(None), Order.total - paid <= 0), "soldee"),
        else_=Order.status,
    )
    to_pay = case(
        (Order.status.in_(OWING_NOTHING), 0), (Order.total - paid > 0, Order.total - paid), else_=0
    )  # fmt: skip
    label = case(*[(shown == code, text) for code, text in ORDER_STATES.items()], else_=shown)
    return {"paid": paid, "shown": shown, "to_pay": to_pay, "label": label}


def _filtered(c: dict[str, Any], search: str, state: str | None, party_id: int | None, start: date | None,
              end: date | None) -> Any:  # fmt: skip
    conds: list[Any] = []
    for word in search_key(search).split():
        conds.append(or_(contains_ci(Order.number, word), contains_ci(Party.search_text, word)))
    if state == TO_DELIVER:
        conds.append(Order.status.in_(DELIVERABLE_STATES))
    elif state in ("soldee", "livree"):
        conds.append(c["shown"] == state)
    elif state:
        conds.append(Order.status == state)
    if party_id is not None:
        conds.append(Order.party_id == party_id)
    if start is not None:
        conds.append(Order.order_date >= start)
    if end is not None:
        conds.append(Order.order_date < end)
    return and_(True, *conds)


def _base(*columns: Any) -> Any:
    return select(*columns).select_from(Order).join(Party, Party.id == Order.party_id)


def _ordering(c: dict[str, Any], order: str | None) -> list[Any]:
    key = (order or "-order_date").lstrip("-")
    column = {
        "number": Order.number, "order_date": Order.order_date, "party_name": Party.search_text,
        "state_label": c["label"], "total": Order.total, "paid": c["paid"], "remaining_to_pay": c["to_pay"],
        "delivery_date": Order.delivery_date,
    }.get(key, Order.order_date)  # fmt: skip
    descending = (order or "-order_date").startswith("-")
    # NULLs (a draft has no number yet) sort as SQLite does, first going up and last going down, on PostgreSQL too.
    return [column.desc().nulls_last(), Order.id.desc()] if descending else [column.asc().nulls_first(), Order.id]


def list_orders_page(
    session: Session, search: str = "", offset: int = 0, limit: int | None = None, order: str | None = None, *,
    state: str | None = None, party_id: int | None = None, start: date | None = None, end: date | None = None,
) -> list[OrderSummary]:  # fmt: skip
    """One window of the orders (newest first by default; ``order`` is a column name, « - » for descending)
    with what remains to deliver and to pay. ``state`` may be « a_livrer » (confirmed or partly delivered)."""
    require(session, Action.READ)
    c = _columns()
    stmt = (
        _base(Order.id, Order.number, Order.order_date, Order.party_id, Party.name, Order.total, c["paid"],
              Order.due_id, Order.delivery_date, Order.status)
        .where(_filtered(c, search, state, party_id, start, end))
        .order_by(*_ordering(c, order))
        .offset(offset)
    )  # fmt: skip
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = session.execute(stmt).all()
    open_ids = [r.id for r in rows if r.status in DELIVERABLE_STATES]
    remaining: dict[int, list[Any]] = defaultdict(list)
    if open_ids:
        for line in remaining_to_deliver(session, order_ids=open_ids):
            remaining[line.order_id].append(line)
    out = []
    for r in rows:  # the state shown and what is owed: as stock_lists (SQL only filters and sorts on them)
        lines = remaining.get(r.id, [])
        described = " ; ".join(f"{x.product_name} : {x.remaining_described}" for x in lines)
        total, paid = int(r.total), int(r[6])
        shown = display_state(r.status, total - paid if r.due_id else None)
        owed = max(total - paid, 0) if r.status not in OWING_NOTHING else 0
        out.append(
            OrderSummary(
                r.id, r.number or "", r.order_date, r.party_id, r.name, total, paid, owed, shown, ORDER_STATES[shown],
                r.delivery_date, described, sum(x.remaining_amount for x in lines),
            )
        )  # fmt: skip
    return out


def count_orders_page(
    session: Session, search: str = "", *, state: str | None = None, party_id: int | None = None,
    start: date | None = None, end: date | None = None,
) -> int:  # fmt: skip
    require(session, Action.READ)
    c = _columns()
    stmt = _base(func.count()).where(_filtered(c, search, state, party_id, start, end))
    return session.scalar(stmt) or 0


def orders_page_totals(
    session: Session, search: str = "", *, state: str | None = None, party_id: int | None = None,
    start: date | None = None, end: date | None = None,
) -> OrderTotals:  # fmt: skip
    """Totals of every order matching the filters (not only the loaded window): drafts and cancelled orders
    count for nothing, as in ``stock_lists.order_totals``."""
    require(session, Action.READ)
    c = _columns()
    where = _filtered(c, search, state, party_id, start, end)
    # Every order's payment at once: one pass over the allocations, not one lookup per order.
    by_due = (
        select(Allocation.due_id, func.sum(Allocation.amount).label("paid"))
        .join(Payment, Payment.id == Allocation.payment_id)
        .where(Payment.status == "valide")
        .group_by(Allocation.due_id)
        .subquery()
    )
    paid_all = case((Order.due_id.is_(None), 0), else_=func.coalesce(by_due.c.paid, 0))
    kept = Order.status.not_in(OWING_NOTHING)
    owed = Order.total - paid_all
    stmt = (
        _base(func.count(), func.sum(case((kept, Order.total), else_=0)), func.sum(case((kept, paid_all), else_=0)),
              func.sum(case((and_(kept, owed > 0), owed), else_=0)))
        .outerjoin(by_due, by_due.c.due_id == Order.due_id)
        .where(where)
    )  # fmt: skip
    n, total, paid, to_pay = session.execute(stmt).one()
    # What remains to deliver, at the order's prices: each open line's share rounded half up, as
    # deliveries.remaining_to_deliver does (round_half_up(a × r / q) = (2 a r + q) // 2 q for r, q > 0).
    delivered = func.coalesce(
        select(func.sum(DeliveryLine.quantity))
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .where(DeliveryLine.order_line_id == OrderLine.id, Delivery.status == "valide")
        .correlate(OrderLine)
        .scalar_subquery(),
        0,
    )
    rest = OrderLine.quantity - delivered
    share = (2 * OrderLine.amount * rest + OrderLine.quantity) // (2 * OrderLine.quantity)  # integer division
    remaining = session.scalar(
        _base(func.sum(case((rest > 0, share), else_=0)))
        .join(OrderLine, OrderLine.order_id == Order.id)
        .where(where, Order.status.in_(DELIVERABLE_STATES))
    )
    return OrderTotals(n or 0, int(total or 0), int(paid or 0), int(to_pay or 0), int(remaining or 0))
