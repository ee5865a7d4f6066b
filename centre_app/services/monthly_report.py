"""The monthly pack's figures (PRODUCT.md §9): one frozen :class:`MonthlyData` per month, read by the XLSX
workbook (``services.monthly_workbook``), the PDF synthesis and the home dashboard.

Figures follow the accounting view of the month, so that the workbook agrees with the entries file: a
document counts in the month of its date, its cancellation in the month of the counter-document (a BL of
October cancelled in November is a sale of October and a negative sale of November). Positions (stock,
orders outstanding, debts) are taken at the end of the month's last day, whatever happened later.

Modules add tables of their own through ``SHEET_SOURCES`` (module names): a module exposes
``monthly_sheets(session, period) -> list[Sheet]``, money in minor units as stored (livestock sold; OP contracts
in force and échéances invoiced).
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import func, or_, select, union
from sqlalchemy.orm import Session

from centre_app.domain.cash import MEANS, PAYMENT_TYPES
from centre_app.domain.money import round_half_up
from centre_app.domain.periods import AGEING_BUCKETS, Period, ageing_bucket
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import from_base_milli
from centre_app.domain.stock import DELIVERABLE_STATES, RECEPTION_ORIGINS
from centre_app.models.cash import Allocation, Due, Payment, PaymentCancellation
from centre_app.models.catalog import Product
from centre_app.models.parties import Party
from centre_app.models.stock import Delivery, DeliveryLine, Order, OrderLine, Reception, ReceptionLine, StockOperation
from centre_app.services import accounting, stock_reports
from centre_app.services import settings as settings_service
from centre_app.services.context import now, require

SHEET_SOURCES: list[str] = ["centre_app.services.accounting_livestock", "centre_app.services.accounting_op_contracts"]


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"  # text / money / integer / quantity / date
    total: bool = False  # summed in the totals row


@dataclass(frozen=True)
class Sheet:
    """A table of the workbook: real numbers and dates in ``rows`` (never formatted text)."""

    title: str  # at most 31 characters (Excel)
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class PaymentLine:
    day: date
    number: str
    doc_type: str  # REC / DEC / BPV / ANR
    doc_label: str
    party_code: str
    counterpart: str
    means: str
    means_label: str
    operator: str
    transaction_id: str
    purpose: str
    received: int  # money in (negative: a cancelled payment out given back… or a receipt cancelled)
    paid_out: int
    status: str  # valide / annule / annulation


@dataclass(frozen=True)
class MeansTotal:
    means: str
    label: str
    count: int
    received: int  # net of cancellations dated in the month
    paid_out: int


@dataclass(frozen=True)
class ProductFlow:
    product_code: str
    product_name: str
    category: str
    origin: str  # sales: "" ; purchases: achat / don / nature label
    quantity: Decimal  # base unit, net of cancellations
    amount: int  # at the order's price (sales) or at cost (purchases)
    cost: int  # sales: value out at CUMP


@dataclass(frozen=True)
class StockPosition:
    product_code: str
    product_name: str
    category: str
    opening_quantity: Decimal
    opening_value: int
    quantity: Decimal  # at the end of the month
    described: str
    value: int
    cump_per_unit: int | None
    unit_name: str


@dataclass(frozen=True)
class OutstandingLine:
    order_number: str
    order_date: date
    party_code: str
    party_name: str
    product_name: str
    ordered: Decimal
    delivered: Decimal
    remaining: Decimal
    remaining_amount: int


@dataclass(frozen=True)
class DebtRow:
    party_code: str
    party_name: str
    remaining: int
    buckets: tuple[int, int, int, int]  # 0-30, 31-60, 61-90, >90 days past due at the month's last day


@dataclass(frozen=True)
class MonthlyData:
    period: Period
    centre_name: str
    currency: str
    locale: str
    generated_at: datetime
    entries: accounting.MonthEntries
    payments: tuple[PaymentLine, ...]
    by_means: tuple[MeansTotal, ...]
    sales: tuple[ProductFlow, ...]
    purchases: tuple[ProductFlow, ...]
    stock: tuple[StockPosition, ...]
    outstanding: tuple[OutstandingLine, ...]
    debts: tuple[DebtRow, ...]
    sections: tuple[Sheet, ...]  # from SHEET_SOURCES
    locked: bool


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _parties(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    return {i: (c, n) for i, c, n in session.execute(select(Party.id, Party.code, Party.name).where(Party.id.in_(ids)))}


def payments_of(session: Session, period: Period) -> list[PaymentLine]:
    """Receipts and vouchers dated in the month, then the cancellations (ANR) made in it, by date."""
    start, end = period.start, period.end
    pays = list(session.scalars(select(Payment).where(Payment.business_date >= start, Payment.business_date < end)))
    cancels = list(
        session.execute(
            select(PaymentCancellation, Payment)
            .join(Payment, Payment.id == PaymentCancellation.payment_id)
            .where(PaymentCancellation.business_date >= start, PaymentCancellation.business_date < end)
        ).tuples()
    )
    codes = _parties(session, {p.party_id for p in pays + [p for _c, p in cancels] if p.party_id is not None})
    out = []
    for p in pays:
        sign_in, sign_out = (p.amount, 0) if p.direction == "in" else (0, p.amount)
        out.append(
            PaymentLine(
                p.business_date, p.number, p.doc_type, PAYMENT_TYPES[p.doc_type][1], codes.get(p.party_id, ("", ""))[0],
                p.counterpart_name, p.means, MEANS[p.means], p.operator or "", p.transaction_id or "", p.purpose,
                sign_in, sign_out, p.status,
            )
        )  # fmt: skip
    for c, p in cancels:
        back_in, back_out = (-p.amount, 0) if p.direction == "in" else (0, -p.amount)
        out.append(
            PaymentLine(
                c.business_date, c.number, "ANR", "Annulation", codes.get(p.party_id, ("", ""))[0], p.counterpart_name,
                p.means, MEANS[p.means], p.operator or "", p.transaction_id or "",
                f"Annulation de {p.number} : {c.reason}", back_in, back_out, "annulation",
            )
        )  # fmt: skip
    out.sort(key=lambda x: (x.day, x.number))
    return out


def means_totals(lines: list[PaymentLine]) -> list[MeansTotal]:
    acc: dict[str, list[int]] = {}
    for x in lines:
        a = acc.setdefault(x.means, [0, 0, 0])
        a[0] += 1 if x.doc_type != "ANR" else 0
        a[1] += x.received
        a[2] += x.paid_out
    return [MeansTotal(m, MEANS[m], *acc[m]) for m in MEANS if m in acc]


def _flows(rows: list[tuple[Any, ...]], products: dict[int, Any]) -> list[ProductFlow]:
    """(product id, origin, quantity, amount, cost) signed rows → one flow per product and origin."""
    acc: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for pid, origin, qty, amount, cost in rows:
        a = acc[(pid, origin)]
        a[0], a[1], a[2] = a[0] + qty, a[1] + amount, a[2] + cost
    out = [
        ProductFlow(products[pid].code, products[pid].name, products[pid].category, origin, from_base_milli(q), a, c)
        for (pid, origin), (q, a, c) in acc.items()
    ]
    return sorted(out, key=lambda f: (f.category, f.product_name, f.origin))


def _sales(session: Session, period: Period, products: dict[int, Any]) -> list[ProductFlow]:
    stmt = (
        select(Delivery.id, DeliveryLine.product_id, DeliveryLine.quantity, DeliveryLine.value, OrderLine.amount,
               OrderLine.quantity)
        .join(DeliveryLine, DeliveryLine.delivery_id == Delivery.id)
        .join(OrderLine, OrderLine.id == DeliveryLine.order_line_id)
    )  # fmt: skip
    rows: list[tuple[Any, ...]] = []
    dated = stmt.where(Delivery.business_date >= period.start, Delivery.business_date < period.end)
    cancelled = stmt.join(StockOperation, StockOperation.id == Delivery.cancellation_id).where(
        StockOperation.business_date >= period.start, StockOperation.business_date < period.end
    )
    for sign, query in ((1, dated), (-1, cancelled)):
        for _d, pid, qty, value, o_amount, o_qty in session.execute(query):
            amount = round_half_up(Fraction(o_amount * qty, o_qty))
            rows.append((pid, "", sign * qty, sign * amount, sign * value))
    return _flows(rows, products)


def _purchases(session: Session, period: Period, products: dict[int, Any]) -> list[ProductFlow]:
    stmt = select(Reception.origin, ReceptionLine.product_id, ReceptionLine.quantity, ReceptionLine.amount).join(
        ReceptionLine, ReceptionLine.reception_id == Reception.id
    )
    dated = stmt.where(Reception.business_date >= period.start, Reception.business_date < period.end)
    cancelled = stmt.join(StockOperation, StockOperation.id == Reception.cancellation_id).where(
        StockOperation.business_date >= period.start, StockOperation.business_date < period.end
    )
    rows: list[tuple[Any, ...]] = []
    for sign, query in ((1, dated), (-1, cancelled)):
        for origin, pid, qty, amount in session.execute(query):
            rows.append((pid, RECEPTION_ORIGINS[origin], sign * qty, sign * amount, sign * amount))
    return _flows(rows, products)


def _stock(session: Session, period: Period) -> list[StockPosition]:
    opening = {x.product_id: x for x in stock_reports.stock_by_product(session, period.start - timedelta(days=1))}
    out = []
    for x in stock_reports.stock_by_product(session, period.last_day):
        o = opening.get(x.product_id)
        if not (x.quantity_milli or x.value or (o and (o.quantity_milli or o.value))):
            continue
        out.append(
            StockPosition(
                x.product_code, x.product_name, x.category, o.quantity if o else Decimal(0), o.value if o else 0,
                x.quantity, x.described, x.value, x.cump_per_unit, x.unit_name,
            )
        )  # fmt: skip
    return out


def _outstanding(session: Session, period: Period) -> list[OutstandingLine]:
    """Order lines confirmed before the month's end, not cancelled by then, not fully delivered by then (a BL
    cancelled later still counts as delivered at the end of the month). Filtered in SQL: it scales."""
    end_at = _midnight(period.end)
    valid_at_end = or_(Delivery.cancellation_id.is_(None), StockOperation.business_date >= period.end)
    delivered = (
        select(func.sum(DeliveryLine.quantity))
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .outerjoin(StockOperation, StockOperation.id == Delivery.cancellation_id)
        .where(DeliveryLine.order_line_id == OrderLine.id, Delivery.business_date < period.end, valid_at_end)
        .correlate(OrderLine)
        .scalar_subquery()
    )
    done = func.coalesce(delivered, 0)
    # Ten years of orders (PRODUCT.md §15): only an order open now, cancelled since the month's end, or delivered
    # since then can have been open at the month's end (a line delivered in full before it stays so: a BL
    # cancelled later still counts then). The delivered quantity is summed for those lines only.
    maybe_open = Order.id.in_(
        union(
            select(Order.id).where(Order.status.in_(DELIVERABLE_STATES)),
            select(Order.id).where(Order.status == "annulee", Order.cancelled_at >= end_at),
            select(Delivery.order_id).where(Delivery.business_date >= period.end),
        )
    )
    rows = session.execute(
        select(Order.number, Order.order_date, Party.code, Party.name, Product.name, OrderLine.quantity, done,
               OrderLine.amount)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .join(Product, Product.id == OrderLine.product_id)
        .join(Party, Party.id == Order.party_id)
        .where(Order.confirmed_at < end_at, or_(Order.cancelled_at.is_(None), Order.cancelled_at >= end_at),
               maybe_open, OrderLine.quantity > done)
        .order_by(Order.order_date, Order.id, OrderLine.position)
    )  # fmt: skip
    return [
        OutstandingLine(
            number or "", day, code, party_name, name, from_base_milli(qty), from_base_milli(int(got)),
            from_base_milli(qty - int(got)), round_half_up(Fraction(amount * (qty - int(got)), qty)),
        )
        for number, day, code, party_name, name, qty, got, amount in rows
    ]  # fmt: skip


def _debts(session: Session, period: Period) -> list[DebtRow]:
    end, end_at = period.end, _midnight(period.end)
    paid = (
        select(Allocation.due_id, func.sum(Allocation.amount).label("paid"))
        .join(Payment, Payment.id == Allocation.payment_id)
        .outerjoin(PaymentCancellation, PaymentCancellation.payment_id == Payment.id)
        .where(
            Payment.business_date < end, or_(PaymentCancellation.id.is_(None), PaymentCancellation.business_date >= end)
        )
        .group_by(Allocation.due_id)
        .subquery()
    )
    rest = Due.amount - func.coalesce(paid.c.paid, 0)
    # Only what was still owed comes back (ten years of dues, nearly all settled, stay in the database).
    dues = session.execute(
        select(Due.party_id, rest, Due.due_date)
        .outerjoin(paid, paid.c.due_id == Due.id)
        .where(
            Due.direction == "receivable",
            Due.issued_on < end,
            or_(Due.cancelled_at.is_(None), Due.cancelled_at >= end_at),
            rest > 0,
        )
    )
    acc: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for party_id, owed, due_date in dues:
        acc[party_id][AGEING_BUCKETS.index(ageing_bucket(due_date, period.last_day))] += int(owed)
    parties = _parties(session, set(acc))
    rows = [DebtRow(*parties.get(pid, ("", "")), sum(b), (b[0], b[1], b[2], b[3])) for pid, b in acc.items()]
    return sorted(rows, key=lambda r: (-r.remaining, r.party_name))


def monthly_data(session: Session, month: Period | str) -> MonthlyData:
    """Everything the monthly pack shows for a month (exports and monthly pack: ``Action.EXPORT``)."""
    from centre_app.services import periods

    require(session, Action.EXPORT)
    period = Period.parse_month(month) if isinstance(month, str) else month
    centre = settings_service.get_settings(session)
    products = {p.id: p for p in session.scalars(select(Product))}
    lines = payments_of(session, period)
    sections: list[Sheet] = []
    for name in SHEET_SOURCES:
        sections.extend(importlib.import_module(name).monthly_sheets(session, period))
    return MonthlyData(
        period, centre.name, centre.currency, centre.locale, now(session), accounting.month_entries(session, period),
        tuple(lines), tuple(means_totals(lines)), tuple(_sales(session, period, products)),
        tuple(_purchases(session, period, products)), tuple(_stock(session, period)),
        tuple(_outstanding(session, period)), tuple(_debts(session, period)), tuple(sections),
        periods.is_locked(session, period),
    )  # fmt: skip


def monthly_pdf(session: Session, month: Period | str) -> bytes:
    """The synthesis for managers, with charts (``services.monthly_synthesis``, from :class:`MonthlyData`)."""
    from centre_app.services import monthly_synthesis

    require(session, Action.EXPORT)
    return monthly_synthesis.synthesis_pdf(session, month)
