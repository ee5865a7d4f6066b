"""Entry source of the stock (``accounting.ENTRY_SOURCES``): sales on delivery, purchases on reception, the
variation of the stock from the ledger, and the cancellations of those documents.

* Bon de livraison = the sale (VT): D « clients » (the customer) / C « vente_<catégorie> » per line, at the
  order's price for the quantity delivered (the amounts printed on the BL). Its cancellation (MVT
  « annulation ») is the reversed entry on the day of the MVT, with its number.
* Bon de réception: an achat (AC) D « achat_<catégorie> » / C « fournisseurs » (the supplier); a don (OD)
  C « dons_recus »; a repayment in kind (OD) C « reglement_nature » (the receipt « en nature » booked the
  customer's side). A reception of zero value makes no entry. Its cancellation is reversed likewise.
* Stock variation, dated on the last day of the month in OD, one entry per stock document of the month
  (BR, BL, MVT, INV: PieceRef its number): D « stock_<catégorie> » / C « variation_stock » for the value it
  brought in, the reverse for what it took out (CUMP). Their sum is exactly the change of the ledger's value
  over the month, losses (MVT « perte », with their reason in the label) and inventory differences included;
  a transfer between magasins nets to nothing. Customer and supplier returns only move the stock (no credit
  note exists to book).

Categories of products: céréale, aliment, anything else « intrant ».
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.accounting import Entry, Leg, make_entry, reversed_entry
from centre_app.domain.money import round_half_up
from centre_app.domain.text import tidy
from centre_app.models.catalog import Product
from centre_app.models.parties import Party
from centre_app.models.stock import Delivery, DeliveryLine, Order, OrderLine, Reception, ReceptionLine, StockOperation
from centre_app.services.stock_ledger import MOVEMENTS

CATEGORIES = {"cereale": "cereale", "aliment": "aliment"}
ORIGIN_ENTRY = {"achat": ("AC", "fournisseurs", "Achat"), "don": ("OD", "dons_recus", "Don"),
                "nature": ("OD", "reglement_nature", "Remboursement en nature")}  # fmt: skip


def category_key(prefix: str, category: str) -> str:
    """« vente_cereale », « achat_aliment », « stock_intrant »…"""
    return f"{prefix}_{CATEGORIES.get(category, 'intrant')}"


def _cancel_label(c: StockOperation) -> str:
    return f"Annulation de {c.cancels_number} ({c.number}) : {tidy(c.reason)}"[:200]


def _cancellations(session: Session, cancels_type: str, start: date, end: date) -> list[StockOperation]:
    stmt = (
        select(StockOperation)
        .where(
            StockOperation.kind == "annulation", StockOperation.cancels_type == cancels_type,
            StockOperation.business_date >= start, StockOperation.business_date < end,
        )
        .order_by(StockOperation.id)
    )  # fmt: skip
    return list(session.scalars(stmt))


# --- sales (bons de livraison) -------------------------------------------------------------------


def _delivery_entries(session: Session, ids: list[int]) -> dict[int, Entry]:
    if not ids:
        return {}
    heads = session.execute(
        select(Delivery, Party.code, Party.name, Order.number)
        .join(Party, Party.id == Delivery.party_id)
        .join(Order, Order.id == Delivery.order_id)
        .where(Delivery.id.in_(ids))
    ).tuples()
    lines: dict[int, list[tuple[str, int]]] = defaultdict(list)
    stmt = (
        select(DeliveryLine.delivery_id, Product.category, DeliveryLine.quantity, OrderLine.amount, OrderLine.quantity)
        .join(OrderLine, OrderLine.id == DeliveryLine.order_line_id)
        .join(Product, Product.id == DeliveryLine.product_id)
        .where(DeliveryLine.delivery_id.in_(ids))
        .order_by(DeliveryLine.id)
    )
    for delivery_id, category, qty, ordered_amount, ordered_qty in session.execute(stmt):
        # The amount printed on the BL (services.deliveries.get_delivery): the order line prorated, rounded once.
        lines[delivery_id].append((category, round_half_up(Fraction(ordered_amount * qty, ordered_qty))))
    out: dict[int, Entry] = {}
    for d, code, name, order_number in heads:
        rows = lines.get(d.id, [])
        label = f"Vente {d.number} — {name} ({order_number})"
        legs = [Leg("clients", sum(a for _c, a in rows), code, name)]
        legs += [Leg(category_key("vente", c), -a) for c, a in rows]
        entry = make_entry("VT", d.business_date, d.number, d.business_date, label, legs)
        if entry is not None:
            out[d.id] = entry
    return out


def _sales(session: Session, start: date, end: date) -> list[Entry]:
    ids = list(
        session.scalars(
            select(Delivery.id)
            .where(Delivery.business_date >= start, Delivery.business_date < end)
            .order_by(Delivery.id)
        )
    )
    cancels = _cancellations(session, "delivery", start, end)
    entries = _delivery_entries(session, sorted({*ids, *(c.cancels_id for c in cancels if c.cancels_id)}))
    out = [entries[i] for i in ids if i in entries]
    for c in cancels:
        original = entries.get(c.cancels_id or 0)
        if original is not None:
            out.append(reversed_entry(original, c.business_date, c.number, _cancel_label(c)))
    return out


# --- purchases (bons de réception) ---------------------------------------------------------------


def _reception_entries(session: Session, ids: list[int]) -> dict[int, Entry]:
    if not ids:
        return {}
    receptions = list(session.scalars(select(Reception).where(Reception.id.in_(ids))))
    party_ids = sorted({r.supplier_id for r in receptions if r.supplier_id is not None})
    parties = {
        i: (c, n)
        for i, c, n in session.execute(select(Party.id, Party.code, Party.name).where(Party.id.in_(party_ids)))
    }
    lines: dict[int, list[tuple[str, int]]] = defaultdict(list)
    stmt = (
        select(ReceptionLine.reception_id, Product.category, ReceptionLine.amount)
        .join(Product, Product.id == ReceptionLine.product_id)
        .where(ReceptionLine.reception_id.in_(ids))
        .order_by(ReceptionLine.id)
    )
    for reception_id, category, amount in session.execute(stmt):
        lines[reception_id].append((category, int(amount)))
    out: dict[int, Entry] = {}
    for r in receptions:
        journal, counterpart, what = ORIGIN_ENTRY[r.origin]
        code, name = parties.get(r.supplier_id, ("", "")) if r.supplier_id is not None else ("", "")
        reference = f", réf. {r.supplier_reference}" if r.supplier_reference else ""
        label = f"{what} {r.number} — {r.supplier_name}{reference}"[:200]
        legs = [Leg(category_key("achat", c), a) for c, a in lines.get(r.id, [])]
        legs.append(Leg(counterpart, -r.total, code, name))
        entry = make_entry(journal, r.business_date, r.number, r.business_date, label, legs)
        if entry is not None:
            out[r.id] = entry
    return out


def _purchases(session: Session, start: date, end: date) -> list[Entry]:
    ids = list(
        session.scalars(
            select(Reception.id)
            .where(Reception.business_date >= start, Reception.business_date < end)
            .order_by(Reception.id)
        )
    )
    cancels = _cancellations(session, "reception", start, end)
    entries = _reception_entries(session, sorted({*ids, *(c.cancels_id for c in cancels if c.cancels_id)}))
    out = [entries[i] for i in ids if i in entries]
    for c in cancels:
        original = entries.get(c.cancels_id or 0)
        if original is not None:
            out.append(reversed_entry(original, c.business_date, c.number, _cancel_label(c)))
    return out


# --- stock variation from the ledger -------------------------------------------------------------


def ledger_values(session: Session, start: date, end: date) -> dict[str, dict[str, Any]]:
    """Per stock document of ``[start, end)`` (ledger ``number``): its date, first libellé and value per
    category, in ledger order."""
    stmt = (
        select(MOVEMENTS.c.number, MOVEMENTS.c.business_date, MOVEMENTS.c.label, Product.category, MOVEMENTS.c.value)
        .join(Product, Product.id == MOVEMENTS.c.product_id)
        .where(MOVEMENTS.c.business_date >= start, MOVEMENTS.c.business_date < end)
        .order_by(MOVEMENTS.c.id)
    )
    docs: dict[str, dict[str, Any]] = {}
    for number, day, label, category, value in session.execute(stmt):
        doc = docs.setdefault(number, {"day": day, "label": label, "values": defaultdict(int)})
        doc["values"][CATEGORIES.get(category, "intrant")] += int(value)
    return docs


def _variations(session: Session, start: date, end: date) -> list[Entry]:
    month_end = end - timedelta(days=1)
    out = []
    for number, doc in ledger_values(session, start, end).items():
        legs = []
        for category, value in doc["values"].items():
            legs += [Leg(f"stock_{category}", value), Leg("variation_stock", -value)]
        label = f"Variation des stocks — {doc['label']}"[:200]
        entry = make_entry("OD", month_end, number, doc["day"], label, legs)
        if entry is not None:
            out.append(entry)
    return out


def entries(session: Session, start: date, end: date) -> list[Entry]:
    """The stock's entries for ``[start, end)``."""
    return _sales(session, start, end) + _purchases(session, start, end) + _variations(session, start, end)
