"""Order lists for the screens: filtered, paged, with the derived state (« soldée ») computed per row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from centre_app.domain.permissions import Action
from centre_app.domain.stock import ORDER_STATES, display_state
from centre_app.domain.text import search_key
from centre_app.models.parties import Party
from centre_app.models.stock import Order
from centre_app.services import dues
from centre_app.services.context import require


@dataclass(frozen=True)
class OrderRow:
    id: int
    number: str
    order_date: date
    party_id: int
    party_name: str
    total: int
    paid: int
    state: str
    state_label: str
    delivery_date: date | None


def _order_filters(search: str, state: str | None, party_id: int | None, start: date | None, end: date | None) -> list:
    conds: list[Any] = []
    for word in search_key(search).split():
        conds.append(Order.number.icontains(word, autoescape=True) | Party.search_text.icontains(word, autoescape=True))
    if state == "soldee":
        conds.append(Order.status == "livree")
    elif state:
        conds.append(Order.status == state)
    if party_id is not None:
        conds.append(Order.party_id == party_id)
    if start is not None:
        conds.append(Order.order_date >= start)
    if end is not None:
        conds.append(Order.order_date < end)
    return conds


def list_orders(
    session: Session, search: str = "", *, state: str | None = None, party_id: int | None = None,
    start: date | None = None, end: date | None = None, offset: int = 0, limit: int | None = None,
) -> list[OrderRow]:  # fmt: skip
    """Orders newest first, filtered by text (number, customer), state (``soldee`` included), party and
    ``[start, end)`` on the order date."""
    require(session, Action.READ)
    stmt = (
        select(Order, Party.name)
        .join(Party, Party.id == Order.party_id)
        .where(and_(True, *_order_filters(search, state, party_id, start, end)))
        .order_by(Order.order_date.desc(), Order.id.desc())
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    found = list(session.execute(stmt))
    paid = dues.paid_on_dues(session, [o.due_id for o, _ in found if o.due_id])
    out = []
    for o, name in found:
        p = paid.get(o.due_id, 0) if o.due_id else 0
        st = display_state(o.status, o.total - p if o.due_id else None)
        if (state == "livree" and st == "soldee") or (state == "soldee" and st != "soldee"):
            continue
        out.append(OrderRow(o.id, o.number or "", o.order_date, o.party_id, name, o.total, p, st, ORDER_STATES[st],
                            o.delivery_date))  # fmt: skip
    return out


def count_orders(session: Session, search: str = "", *, state: str | None = None, party_id: int | None = None) -> int:
    require(session, Action.READ)
    if state in ("livree", "soldee"):
        return len(list_orders(session, search, state=state, party_id=party_id))
    stmt = (
        select(func.count())
        .select_from(Order)
        .join(Party, Party.id == Order.party_id)
        .where(and_(True, *_order_filters(search, state, party_id, None, None)))
    )
    return session.scalar(stmt) or 0
