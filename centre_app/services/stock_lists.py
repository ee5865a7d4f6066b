"""Lists for the stock screens: the ledger's movements filtered and paged, and the orders with what
remains to deliver on each (quantities in packaging units and amount at the order's price).

Read-only; every function checks the READ permission and returns frozen DTOs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from centre_app.domain.permissions import Action
from centre_app.domain.quantity import from_base_milli
from centre_app.domain.stock import MOVEMENT_KINDS
from centre_app.models.catalog import Product, Warehouse
from centre_app.services import order_lists
from centre_app.services import stock_ledger as ledger
from centre_app.services.context import require
from centre_app.services.deliveries import remaining_to_deliver

# --- movements -----------------------------------------------------------------------------------

TRANSFERS = "transfert"  # filter value: both sides of a transfer
MOVEMENT_FILTERS: dict[str, tuple[str, ...]] = {
    "reception": ("reception",),
    "livraison": ("livraison",),
    TRANSFERS: ("transfert_sortie", "transfert_entree"),
    "retour": ("retour",),
    "perte": ("perte",),
    "ajustement": ("ajustement",),
    "annulation": ("annulation",),
}
MOVEMENT_FILTER_LABELS: dict[str, str] = {
    "reception": "Réceptions",
    "livraison": "Livraisons",
    TRANSFERS: "Transferts",
    "retour": "Retours",
    "perte": "Pertes / avaries",
    "ajustement": "Ajustements d'inventaire",
    "annulation": "Annulations",
}


@dataclass(frozen=True)
class MovementRow:
    id: int
    business_date: date
    number: str
    doc_type: str
    kind: str
    kind_label: str
    product_id: int
    product_name: str
    warehouse_id: int
    warehouse_name: str
    quantity: Decimal  # signed, base unit
    entry_described: str  # « 12 sacs de 50 kg (600 kg) » for an entry, "" for an exit
    exit_described: str
    value: int  # signed
    label: str
    reason: str
    user_name: str
    campaign: str


_M = ledger.MOVEMENTS
_ORDERS = {
    "date": (_M.c.business_date, _M.c.id),
    "number": (_M.c.number, _M.c.id),
    "product": (Product.name, _M.c.id),
    "warehouse": (Warehouse.name, _M.c.id),
    "quantity": (_M.c.quantity, _M.c.id),
    "value": (_M.c.value, _M.c.id),
    "kind": (_M.c.kind, _M.c.id),
}


def _movement_filters(
    search: str, start: date | None, end: date | None, product_id: int | None, warehouse_id: int | None,
    kind: str | None,
) -> list[Any]:  # fmt: skip
    conds: list[Any] = []
    for word in search.split():
        conds.append(
            _M.c.number.icontains(word, autoescape=True)
            | _M.c.label.icontains(word, autoescape=True)
            | _M.c.reason.icontains(word, autoescape=True)
        )
    if start is not None:
        conds.append(_M.c.business_date >= start)
    if end is not None:
        conds.append(_M.c.business_date < end)
    if product_id is not None:
        conds.append(_M.c.product_id == product_id)
    if warehouse_id is not None:
        conds.append(_M.c.warehouse_id == warehouse_id)
    if kind:
        conds.append(_M.c.kind.in_(MOVEMENT_FILTERS.get(kind, (kind,))))
    return conds


def list_movements(
    session: Session, search: str = "", *, start: date | None = None, end: date | None = None,
    product_id: int | None = None, warehouse_id: int | None = None, kind: str | None = None, offset: int = 0,
    limit: int | None = None, order: str | None = None,
) -> list[MovementRow]:  # fmt: skip
    """Ledger lines over ``[start, end)`` (business date), newest first by default; ``order`` is a key of
    the sortable columns (« date », « number », « product », « warehouse », « quantity », « value », « kind »),
    prefixed by « - » for descending. ``kind`` is a key of :data:`MOVEMENT_FILTERS`."""
    require(session, Action.READ)
    key = (order or "-date").lstrip("-")
    cols = _ORDERS.get(key, _ORDERS["date"])
    descending = (order or "-date").startswith("-")
    stmt = (
        select(_M, Product.name, Warehouse.name)
        .join(Product, Product.id == _M.c.product_id)
        .join(Warehouse, Warehouse.id == _M.c.warehouse_id)
        .where(and_(True, *_movement_filters(search, start, end, product_id, warehouse_id, kind)))
        .order_by(*(c.desc() if descending else c for c in cols))
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    out = []
    for r in session.execute(stmt):
        qty = int(r.quantity)
        described = ledger.describe(session, r.product_id, abs(qty))
        out.append(
            MovementRow(
                r.id, r.business_date, r.number, r.doc_type, r.kind, MOVEMENT_KINDS.get(r.kind, r.kind), r.product_id,
                r[-2], r.warehouse_id, r[-1], from_base_milli(qty), described if qty > 0 else "",
                described if qty < 0 else "", int(r.value), r.label, r.reason, r.user_name, r.campaign,
            )
        )  # fmt: skip
    return out


def count_movements(
    session: Session, search: str = "", *, start: date | None = None, end: date | None = None,
    product_id: int | None = None, warehouse_id: int | None = None, kind: str | None = None,
) -> int:  # fmt: skip
    require(session, Action.READ)
    stmt = (
        select(func.count())
        .select_from(_M)
        .where(and_(True, *_movement_filters(search, start, end, product_id, warehouse_id, kind)))
    )
    return session.scalar(stmt) or 0


# --- orders with their « reste à livrer » ----------------------------------------------------------

TO_DELIVER = "a_livrer"  # filter value: confirmed or partly delivered


@dataclass(frozen=True)
class OrderSummary:
    id: int
    number: str  # "" for a draft
    order_date: date
    party_id: int
    party_name: str
    total: int
    paid: int
    remaining_to_pay: int
    state: str
    state_label: str
    delivery_date: date | None
    remaining_described: str  # « Tourteau : 4 sacs de 50 kg (200 kg) ; Maïs : … », "" when nothing remains
    remaining_amount: int  # what remains to deliver, at the order's prices


@dataclass(frozen=True)
class OrderTotals:
    count: int
    total: int
    paid: int
    remaining_to_pay: int
    remaining_amount: int


def list_order_summaries(
    session: Session, search: str = "", *, state: str | None = None, party_id: int | None = None,
    start: date | None = None, end: date | None = None,
) -> list[OrderSummary]:  # fmt: skip
    """Orders newest first (filters as ``order_lists.list_orders``; ``state`` may also be « a_livrer »), each
    with what remains to deliver and to pay. Drafts and cancelled orders owe nothing."""
    require(session, Action.READ)
    states = ("confirmee", "livree_partiellement") if state == TO_DELIVER else (state,)
    rows: list[order_lists.OrderRow] = []
    for st in states:
        rows += order_lists.list_orders(session, search, state=st, party_id=party_id, start=start, end=end)
    rows.sort(key=lambda r: (r.order_date, r.id), reverse=True)
    remaining: dict[int, list[Any]] = defaultdict(list)
    for line in remaining_to_deliver(session, party_id=party_id):
        remaining[line.order_id].append(line)
    out = []
    for r in rows:
        lines = remaining.get(r.id, [])
        described = " ; ".join(f"{x.product_name} : {x.remaining_described}" for x in lines)
        owed = r.total - r.paid if r.state not in ("brouillon", "annulee") else 0
        out.append(
            OrderSummary(
                r.id, r.number, r.order_date, r.party_id, r.party_name, r.total, r.paid, max(owed, 0), r.state,
                r.state_label, r.delivery_date, described, sum(x.remaining_amount for x in lines),
            )
        )  # fmt: skip
    return out


def order_totals(rows: list[OrderSummary]) -> OrderTotals:
    """Totals of a list of orders (drafts and cancelled orders count for nothing)."""
    kept = [r for r in rows if r.state not in ("brouillon", "annulee")]
    return OrderTotals(
        len(rows), sum(r.total for r in kept), sum(r.paid for r in kept), sum(r.remaining_to_pay for r in kept),
        sum(r.remaining_amount for r in kept),
    )  # fmt: skip
