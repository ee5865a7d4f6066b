"""Gathers the « synthèse mensuelle » PDF (PRODUCT.md §9.1) from :func:`monthly_report.monthly_data` (this month,
the previous one, the same month a year before), the dashboard's sales by activity over twelve months and the OP
contracts' feeds, then hands a frozen :class:`~centre_app.printing.monthly_synthesis.SynthesisData` to the printer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.formatting import NBSP, format_number
from centre_app.domain.op_contracts import LIVE_STATES
from centre_app.domain.periods import Period
from centre_app.domain.permissions import Action
from centre_app.models.catalog import Product
from centre_app.printing import monthly_synthesis as pdf
from centre_app.services import dashboard, monthly_report, op_contract_queries
from centre_app.services.context import now, require
from centre_app.services.printouts import letterhead

LIVESTOCK_SHEET = "Bétail vendu"
# Tables the synthesis presents in its own sections, or leaves to the workbook (the detail of the échéances).
OWN_SECTIONS = {LIVESTOCK_SHEET, "Contrats OP", "Échéances OP facturées"}
EXPIRY_DAYS = 60
DEBT_OLD_BUCKETS = (2, 3)  # 61-90 and > 90 days


def _key_figures(months: list[monthly_report.MonthlyData], sales: list[dashboard.MonthSales]) -> list[pdf.KeyFigure]:
    """``months`` and ``sales``: this month, the previous one, the same month last year."""
    out = [pdf.KeyFigure("Ventes par activité", None)]
    activities = sorted({a for s in sales for a, _ in s.by_activity})
    for activity in activities:
        out.append(pdf.KeyFigure(activity, tuple(dict(s.by_activity).get(activity, 0) for s in sales)))  # type: ignore[arg-type]
    out.append(pdf.KeyFigure("Total des ventes", (sales[0].total, sales[1].total, sales[2].total), True))
    out.append(pdf.KeyFigure("Encaissements par moyen de paiement", None))
    labels = {m.means: m.label for d in months for m in d.by_means}
    for means, label in labels.items():
        values = tuple(sum(m.received for m in d.by_means if m.means == means) for d in months)
        out.append(pdf.KeyFigure(label, values))  # type: ignore[arg-type]
    out.append(pdf.KeyFigure("Total des encaissements", _each(months, lambda d: sum(m.received for m in d.by_means)),
                             True))  # fmt: skip
    out.append(pdf.KeyFigure("Positions en fin de mois", None))
    out.append(pdf.KeyFigure("Valeur du stock (CUMP)", _each(months, lambda d: sum(s.value for s in d.stock))))
    out.append(pdf.KeyFigure("Créances clients", _each(months, lambda d: sum(x.remaining for x in d.debts))))
    out.append(pdf.KeyFigure("dont échues depuis plus de 60 jours", _each(
        months, lambda d: sum(x.buckets[i] for x in d.debts for i in DEBT_OLD_BUCKETS))))  # fmt: skip
    out.append(pdf.KeyFigure("Commandes restant à livrer", _each(
        months, lambda d: sum(x.remaining_amount for x in d.outstanding))))  # fmt: skip
    return out


def _each(
    months: list[monthly_report.MonthlyData], fn: Callable[[monthly_report.MonthlyData], int]
) -> tuple[int, int, int]:
    a, b, c = (int(fn(d)) for d in months)
    return a, b, c


def _livestock(data: monthly_report.MonthlyData) -> list[pdf.LivestockLine]:
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    order: list[str] = []
    for sheet in data.sections:
        if sheet.title != LIVESTOCK_SHEET:
            continue
        for _kind, species, heads, gross, commission, margin in sheet.rows:
            if species not in acc:
                order.append(species)
            a = acc[species]
            a[0], a[1], a[2], a[3] = a[0] + heads, a[1] + gross, a[2] + commission, a[3] + margin
    return [pdf.LivestockLine(s, *acc[s]) for s in order]


def _extra(data: monthly_report.MonthlyData) -> list[pdf.ExtraTable]:
    return [
        pdf.ExtraTable(s.title, tuple((c.title, c.kind) for c in s.columns), s.rows)
        for s in data.sections
        if s.title not in OWN_SECTIONS
    ]


_OpFeeds = tuple[int, list[pdf.OpLine], list[pdf.OpLine], list[pdf.OpLine], date]


def _op(session: Session, period: Period) -> _OpFeeds:
    """Contracts in force during the month, those ending within 60 days after it (states as of today), and the
    obligations and schedule lines late today."""
    rows = op_contract_queries.list_contracts(session, period=(period.start, period.end))
    horizon = period.last_day + timedelta(days=EXPIRY_DAYS)
    expiring = sorted(
        (r for r in rows if r.state in LIVE_STATES and period.last_day <= r.end_date <= horizon),
        key=lambda r: (r.end_date, r.number),
    )
    feeds = op_contract_queries.dashboard(session)
    return (
        len(rows),
        [pdf.OpLine(r.number, r.op_name, r.service_label, r.end_date, r.planned_amount, r.state_label)
         for r in expiring],
        [pdf.OpLine(a.contract_number, a.op_name, f"{a.obligation.deliverable} ({a.obligation.side_label})",
                    a.obligation.due_date, None, a.obligation.state_label)
         for a in feeds.obligations if a.obligation.state == "en_retard"],
        [pdf.OpLine(a.contract_number, a.op_name, a.line.label, a.line.due_date, a.line.remaining,
                    f"{a.line.days_late}{NBSP}j de retard")
         for a in feeds.late_payments],
        feeds.today,
    )  # fmt: skip


def synthesis_data(session: Session, month: Period | str) -> pdf.SynthesisData:
    """Everything the synthèse prints for a month (``Action.EXPORT``, like the rest of the monthly pack)."""
    require(session, Action.EXPORT)
    period = Period.parse_month(month) if isinstance(month, str) else month
    months = [monthly_report.monthly_data(session, p) for p in (period, period.shifted_months(-1),
                                                                period.shifted_months(-12))]  # fmt: skip
    data = months[0]
    over = dashboard.sales_over(session, period.start, 13)
    activities = sorted({a for m in over[1:] for a, _ in m.by_activity})
    bars = [pdf.MonthBar(m.month, tuple(dict(m.by_activity).get(a, 0) for a in activities)) for m in over[1:]]
    products = session.execute(select(Product.code, Product.name, Product.base_unit)).tuples().all()
    units = {code: unit for code, _name, unit in products}
    units_by_name = {name: unit for _code, name, unit in products}
    categories = dashboard.ACTIVITY_BY_CATEGORY
    sold = [pdf.FlowLine(x.product_name, categories.get(x.category, x.category), x.quantity,
                         units.get(x.product_code, ""), x.amount) for x in data.sales]  # fmt: skip
    bought = [pdf.FlowLine(x.product_name, x.origin, x.quantity, units.get(x.product_code, ""), x.amount)
              for x in data.purchases]  # fmt: skip
    stock = [pdf.StockLine(x.product_name, categories.get(x.category, x.category), x.described, x.cump_per_unit,
                           x.unit_name, x.value) for x in data.stock]  # fmt: skip
    outstanding = [
        pdf.OutstandingLine(x.order_number, x.order_date, x.party_name, x.product_name,
                            f"{format_number(x.remaining, data.locale)}{NBSP}{units_by_name.get(x.product_name, '')}",
                            x.remaining_amount)
        for x in data.outstanding
    ]  # fmt: skip
    in_force, expiring, obligations, late, as_of = _op(session, period)
    return pdf.SynthesisData(
        month=period.start, last_day=period.last_day, currency=data.currency, locale=data.locale,
        chart_divisor=1000 * 10**data.entries.exponent, locked=data.locked,
        key_figures=tuple(_key_figures(months, [over[-1], over[-2], over[0]])),
        activities=tuple(activities), bars=tuple(bars), livestock=tuple(_livestock(data)), sold=tuple(sold),
        bought=tuple(bought), stock=tuple(stock),
        receipts=tuple(pdf.MeansLine(m.label, m.count, m.received, m.paid_out) for m in data.by_means),
        debts=tuple(pdf.DebtLine(x.party_name, x.party_code, x.buckets, x.remaining) for x in data.debts),
        outstanding=tuple(outstanding), op_in_force=in_force, op_as_of=as_of,
        op_expiring=tuple(expiring), op_obligations=tuple(obligations), op_late_payments=tuple(late),
        extra=tuple(_extra(data)),
    )  # fmt: skip


def synthesis_pdf(session: Session, month: Period | str) -> bytes:
    """The synthèse mensuelle as PDF bytes."""
    data = synthesis_data(session, month)
    return pdf.render_monthly_synthesis(data, letterhead(session), now(session))
