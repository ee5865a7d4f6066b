"""Stock printouts: bons de commande, de livraison, de réception, fiche de stock, état du stock valorisé and
feuille d'inventaire — the stock services' DTOs turned into frozen print data, then PDF bytes.

Each ``*_pdf`` checks the right to read, loads what the document needs in the session it is given and
renders it with the services' clock as print date (tests pin ``session.info["now"]`` for stable bytes).
Unknown ids and numbers are refused with a French message; ``*_by_number`` serve the command line.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date, format_money
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import PackagingUnit, UnitSet, to_base_milli
from centre_app.domain.stock import cost_display, unit_cost
from centre_app.models.catalog import Warehouse
from centre_app.models.parties import Party
from centre_app.models.stock import Delivery, DeliveryLine, Inventory, Order, OrderLine, Reception, StockOperation
from centre_app.printing.delivery_note import DeliveryNoteData, DeliveryNoteLine, render_delivery_note
from centre_app.printing.inventory_sheet import InventorySheetData, InventorySheetLine, render_inventory_sheet
from centre_app.printing.stock_card import StockCardData, StockCardRow, render_stock_card
from centre_app.printing.stock_docs import (
    Cancellation,
    OrderSheetData,
    OrderSheetLine,
    ReceptionSheetData,
    ReceptionSheetLine,
    render_order,
    render_reception,
)
from centre_app.printing.stock_valuation import ValuationData, ValuationProduct, ValuationRow, render_stock_valuation
from centre_app.services import catalog, deliveries, inventory, orders, stock, stock_reports
from centre_app.services import stock_ledger as ledger
from centre_app.services.context import now, require
from centre_app.services.printouts import letterhead

__all__ = [
    "delivery_data",
    "delivery_pdf",
    "delivery_pdf_by_number",
    "inventory_sheet_data",
    "inventory_sheet_pdf",
    "inventory_sheet_pdf_by_number",
    "order_data",
    "order_pdf",
    "order_pdf_by_number",
    "reception_data",
    "reception_pdf",
    "reception_pdf_by_number",
    "stock_card_data",
    "stock_card_pdf",
    "stock_card_pdf_by_code",
    "stock_valuation_data",
    "stock_valuation_pdf",
    "warehouse_by_code",
]


def _party(session: Session, party_id: int | None) -> Party | None:
    return ledger.held(session, Party, party_id)


def _cancellation(session: Session, operation_id: int | None) -> Cancellation | None:
    """The counter-document (MVT « annulation ») of a cancelled BR or BL."""
    op = session.get(StockOperation, operation_id) if operation_id else None
    return Cancellation(op.at, op.user_name, op.reason, op.number) if op else None


def _id_by_number(session: Session, model: type, number: str, code: str) -> int:
    found = session.scalar(select(model.id).where(model.number == number.strip().upper()))  # type: ignore[attr-defined]
    if found is None:
        raise DomainError(code, number=number.strip())
    return int(found)


# --- bon de commande --------------------------------------------------------------------------------


def order_data(session: Session, order_id: int) -> OrderSheetData:
    doc = orders.get_order(session, order_id)
    party = _party(session, doc.party_id)
    o = ledger.held(session, Order, doc.id)
    cancelled = None
    if doc.state == "annulee":
        cancelled = Cancellation(doc.cancelled_at, o.cancelled_by, doc.cancel_reason, what="Annulée")
    return OrderSheetData(
        number=doc.number, state_label=doc.state_label, order_date=doc.order_date, party_name=doc.party_name,
        party_code=party.code if party else "", party_village=doc.party_village,
        party_phone=party.phone if party else "", price_list_name=doc.price_list_name,
        social=doc.price_list_kind == "social", eligibility_note=doc.eligibility_note,
        warehouse_name=doc.warehouse_name, delivery_date=doc.delivery_date, delivery_place=doc.delivery_place,
        lines=tuple(
            OrderSheetLine(
                x.product_name, x.product_code, x.described, x.unit_price, x.price_unit_name, x.amount,
                x.delivered_described if x.delivered else "", x.remaining_described if x.delivered else "",
            )
            for x in doc.lines
        ),
        total=doc.total, deposit=doc.deposit, paid=doc.paid, remaining_to_pay=doc.remaining_to_pay,
        deliveries=tuple((number, day, status == "annule") for number, day, status in doc.deliveries),
        note=doc.note, signed_by=doc.confirmed_by, currency=letterhead(session).currency,
        cancellation=cancelled,
    )  # fmt: skip


def order_pdf(session: Session, order_id: int) -> bytes:
    """The « Bon de commande » (a draft prints as « PROJET », a cancelled order « ANNULÉ »)."""
    require(session, Action.READ)
    return render_order(order_data(session, order_id), letterhead(session), now(session))


def order_pdf_by_number(session: Session, number: str) -> bytes:
    require(session, Action.READ)
    return order_pdf(session, _id_by_number(session, Order, number, "order.not_found"))


# --- bon de livraison -------------------------------------------------------------------------------


def delivery_data(session: Session, delivery_id: int) -> DeliveryNoteData:
    """Every order line still open before this bon: ordered, delivered by earlier valid bons, delivered now
    (« — » for a line not in this bon) and what remains right after it."""
    row = session.get(Delivery, delivery_id)
    if row is None:
        raise DomainError("delivery.not_found", number=delivery_id)
    doc = deliveries.get_delivery(session, delivery_id)
    party = _party(session, doc.party_id)
    order = ledger.held(session, Order, doc.order_id)
    before = dict(
        session.execute(
            select(DeliveryLine.order_line_id, func.sum(DeliveryLine.quantity))
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .where(Delivery.order_id == doc.order_id, Delivery.status == "valide", Delivery.id < row.id)
            .group_by(DeliveryLine.order_line_id)
        ).all()
    )
    now_by_line = {x.order_line_id: x for x in doc.lines}
    lines, complete = [], True
    for ol in session.scalars(select(OrderLine).where(OrderLine.order_id == doc.order_id).order_by(OrderLine.position)):
        done, this = int(before.get(ol.id) or 0), now_by_line.get(ol.id)
        if this is None and done >= ol.quantity:
            continue  # delivered in full by earlier bons
        given = to_base_milli(this.delivered_now) if this else 0
        rest = max(ol.quantity - done - given, 0)
        complete = complete and rest == 0
        p = ledger.product(session, ol.product_id)

        def describe(milli: int, ol: OrderLine = ol) -> str:
            return ledger.describe(session, ol.product_id, milli, ol.unit)

        lines.append(
            DeliveryNoteLine(p.name, p.code, describe(ol.quantity), describe(done), describe(given) if this else "—",
                             describe(rest))
        )  # fmt: skip
    return DeliveryNoteData(
        number=doc.number, business_date=doc.business_date, at=doc.at, order_number=doc.order_number,
        order_date=order.order_date, party_name=doc.party_name, party_code=party.code if party else "",
        party_village=doc.party_village, party_phone=party.phone if party else "",
        warehouse_name=doc.warehouse_name, place=doc.place, carrier=doc.carrier, note=doc.note,
        user_name=doc.user_name, lines=tuple(lines), order_complete=complete,
        cancellation=_cancellation(session, row.cancellation_id),
    )  # fmt: skip


def delivery_pdf(session: Session, delivery_id: int) -> bytes:
    """The « Bon de livraison »: ordered, already delivered, delivered now, remaining; « ANNULÉ » if cancelled."""
    require(session, Action.READ)
    return render_delivery_note(delivery_data(session, delivery_id), letterhead(session), now(session))


def delivery_pdf_by_number(session: Session, number: str) -> bytes:
    require(session, Action.READ)
    return delivery_pdf(session, _id_by_number(session, Delivery, number, "delivery.not_found"))


# --- bon de réception -------------------------------------------------------------------------------


def reception_data(session: Session, reception_id: int) -> ReceptionSheetData:
    row = session.get(Reception, reception_id)
    if row is None:
        raise DomainError("reception.not_found", number=reception_id)
    doc = stock.get_reception(session, reception_id)
    supplier = _party(session, doc.supplier_id)
    return ReceptionSheetData(
        number=doc.number, business_date=doc.business_date, origin_label=doc.origin_label,
        supplier_name=doc.supplier_name, supplier_code=supplier.code if supplier else "",
        supplier_reference=doc.supplier_reference, warehouse_name=doc.warehouse_name,
        lines=tuple(
            ReceptionSheetLine(x.product_name, x.product_code, x.described, x.unit_price,
                               ledger.unit_name(session, x.product_id, x.unit), x.amount)
            for x in doc.lines
        ),
        total=doc.total, user_name=doc.user_name, note=doc.note, due_reference=doc.due_reference,
        payment_number=doc.payment_number, currency=letterhead(session).currency,
        cancellation=_cancellation(session, row.cancellation_id),
    )  # fmt: skip


def reception_pdf(session: Session, reception_id: int) -> bytes:
    """The « Bon de réception » with costs and total in words; « ANNULÉ » if cancelled."""
    require(session, Action.READ)
    return render_reception(reception_data(session, reception_id), letterhead(session), now(session))


def reception_pdf_by_number(session: Session, number: str) -> bytes:
    require(session, Action.READ)
    return reception_pdf(session, _id_by_number(session, Reception, number, "reception.not_found"))


# --- fiche de stock ---------------------------------------------------------------------------------


def _unit_note(units: UnitSet) -> str:
    return units.units[0].name if units.units else units.base_name


def _card_units(units: UnitSet) -> UnitSet:
    """The card's unit by its short name (« 12 sacs (600 kg) »): the header names it in full (« sac de 50 kg »).

    Only the unit the card counts in is shortened; any other unit keeps its full name, so no two read alike.
    """
    if not units.units:
        return units
    first = units.units[0]
    name, plural = first.name.split(" de ")[0].strip(), first.plural.split(" de ")[0].strip()
    if not name or not plural or name == first.name:
        return units
    return replace(units, units=(PackagingUnit(first.code, name, plural, first.factor), *units.units[1:]))


def _cost_text(units: UnitSet, value: int, quantity_milli: int) -> tuple[int | None, str]:
    """CUMP per preferred packaging unit (rounded to the franc) and that unit's name."""
    preferred = units.units[0] if units.units else None
    cost = cost_display(unit_cost(value, quantity_milli), preferred.factor if preferred else Decimal(1))
    return cost, preferred.name if preferred else units.base_name


def stock_card_data(
    session: Session, product_id: int, warehouse_id: int | None, start: date, end: date
) -> StockCardData:
    """``[start, end)``, ``warehouse_id`` None for all magasins together."""
    if end <= start:
        raise DomainError("stock_card.bad_period", start=format_date(start), end=format_date(end - timedelta(days=1)))
    card = stock_reports.stock_card(session, product_id, warehouse_id, start, end)
    p = ledger.product(session, product_id)
    lh = letterhead(session)
    cost, unit = _cost_text(card.units, card.closing_value, to_base_milli(card.closing))
    every = warehouse_id is None
    short = _card_units(card.units)

    def qty(value: Decimal | None) -> str:
        return ledger.describe_in(short, value) if value is not None else ""

    rows = tuple(
        StockCardRow(
            x.business_date, f"{x.label}\n{x.warehouse_name}" if every and x.warehouse_name else x.label,
            qty(x.entry), qty(x.exit), qty(x.balance),
        )
        for x in card.lines
    )  # fmt: skip
    return StockCardData(
        product_name=card.product_name, product_code=card.product_code,
        category=catalog.CATEGORIES.get(p.category, p.category), unit_note=_unit_note(card.units),
        warehouse_name=card.warehouse_name, start=card.start, end=card.end, opening=qty(card.opening),
        opening_value=card.opening_value, rows=rows, total_in=qty(card.total_in), total_out=qty(card.total_out),
        closing=qty(card.closing), closing_value=card.closing_value,
        closing_cost=f"{format_money(cost, lh.currency, lh.locale)} le {unit}" if cost is not None else "",
        alert_threshold=ledger.describe(session, p.id, p.alert_threshold) if p.alert_threshold else "",
        currency=lh.currency,
    )  # fmt: skip


def stock_card_pdf(session: Session, product_id: int, warehouse_id: int | None, start: date, end: date) -> bytes:
    """The fiche de stock over ``[start, end)`` (end excluded); ``warehouse_id`` None: all magasins."""
    require(session, Action.READ)
    data = stock_card_data(session, product_id, warehouse_id, start, end)
    return render_stock_card(data, letterhead(session), now(session))


def warehouse_by_code(session: Session, code: str) -> int:
    """The id of the magasin of that code (« CENTRE », « ARB »), any case."""
    found = session.scalar(select(Warehouse.id).where(Warehouse.code == code.strip().upper()))
    if found is None:
        raise DomainError("not_found", entity="Magasin", key=code.strip())
    return int(found)


def stock_card_pdf_by_code(
    session: Session, product_code: str, warehouse_code: str | None, start: date, end: date
) -> bytes:
    """The fiche de stock of a product and a magasin given by their codes (the command line)."""
    require(session, Action.READ)
    product_id = catalog.product_by_code(session, product_code).id
    warehouse_id = warehouse_by_code(session, warehouse_code) if warehouse_code else None
    return stock_card_pdf(session, product_id, warehouse_id, start, end)


# --- état du stock valorisé -------------------------------------------------------------------------


def stock_valuation_data(session: Session, at_date: date, warehouse_id: int | None = None) -> ValuationData:
    lines = [x for x in stock_reports.stock_on_hand(session, at_date, warehouse_id) if x.quantity_milli or x.value]
    per_warehouse = ledger.valuation_per_warehouse(session)
    # One CUMP per product unless it is kept per magasin (a magasin's share of the value would round apart).
    overall = (
        {}
        if per_warehouse
        else {x.product_id: x.cump_per_unit for x in stock_reports.stock_by_product(session, at_date)}
    )
    by_product: dict[int, list[stock_reports.StockLine]] = {}
    for x in lines:
        by_product.setdefault(x.product_id, []).append(x)
    order = list(catalog.CATEGORIES)  # céréales first, as the office reads them
    products: list[ValuationProduct] = []
    for pid, group in sorted(
        by_product.items(), key=lambda kv: (order.index(kv[1][0].category) if kv[1][0].category in order else 99,
                                            kv[1][0].product_name)
    ):  # fmt: skip
        first = group[0]
        quantity, value = sum(x.quantity_milli for x in group), sum(x.value for x in group)
        cost, unit = _cost_text(ledger.units_of(session, pid), value, quantity)
        cost = overall.get(pid, cost) if not per_warehouse else cost
        rows = tuple(
            ValuationRow(x.warehouse_name, x.described, x.cump_per_unit if per_warehouse else cost, x.value)
            for x in group
        )
        products.append(
            ValuationProduct(
                catalog.CATEGORIES.get(first.category, first.category), first.product_name, first.product_code, unit,
                rows, ledger.describe(session, pid, quantity), cost, value,
            )
        )  # fmt: skip
    name = ledger.warehouse(session, warehouse_id).name if warehouse_id is not None else stock_reports.ALL_WAREHOUSES
    return ValuationData(
        at_date=at_date, warehouse_name=name, one_warehouse=warehouse_id is not None, products=tuple(products),
        total_value=sum(p.value for p in products), cost_per_warehouse=per_warehouse,
        currency=letterhead(session).currency,
    )  # fmt: skip


def stock_valuation_pdf(session: Session, at_date: date, warehouse_id: int | None = None) -> bytes:
    """The état du stock valorisé at the end of ``at_date``, all magasins or one."""
    require(session, Action.READ)
    if warehouse_id is not None:
        ledger.warehouse(session, warehouse_id)  # « Magasin introuvable » before any work
    return render_stock_valuation(stock_valuation_data(session, at_date, warehouse_id), letterhead(session),
                                  now(session))  # fmt: skip


# --- feuille d'inventaire ---------------------------------------------------------------------------


def inventory_sheet_data(session: Session, inventory_id: int, *, blind: bool = False) -> InventorySheetData:
    sheet = inventory.get_inventory(session, inventory_id)
    cancelled = None
    if sheet.status == "abandonne":
        cancelled = Cancellation(sheet.closed_at, sheet.closed_by, sheet.close_reason, what="Abandonné")
    return InventorySheetData(
        number=sheet.number, warehouse_name=sheet.warehouse_name, business_date=sheet.business_date,
        state_label=sheet.status_label, opened_at=sheet.opened_at, opened_by=sheet.opened_by,
        closed_at=sheet.closed_at, closed_by=sheet.closed_by, validated=sheet.status == "valide", note=sheet.note,
        lines=tuple(
            InventorySheetLine(x.product_name, x.product_code, x.theoretical_described, x.counted_described,
                               x.difference_described, bool(x.difference), x.counted_by)
            for x in sheet.lines
        ),
        blind=blind, cancellation=cancelled,
    )  # fmt: skip


def inventory_sheet_pdf(session: Session, inventory_id: int, *, blind: bool = False) -> bytes:
    """The feuille d'inventaire; ``blind`` hides the theoretical stock and the differences (comptage à l'aveugle)."""
    require(session, Action.READ)
    return render_inventory_sheet(inventory_sheet_data(session, inventory_id, blind=blind), letterhead(session),
                                  now(session))  # fmt: skip


def inventory_sheet_pdf_by_number(session: Session, number: str, *, blind: bool = False) -> bytes:
    require(session, Action.READ)
    return inventory_sheet_pdf(session, _id_by_number(session, Inventory, number, "inventory.not_found"), blind=blind)
