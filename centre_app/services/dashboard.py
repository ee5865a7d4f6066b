"""The home dashboard (Accueil): today's cash, this month's sales by activity over twelve months, and the
alerts of every module, each pointing at the filtered list behind it.

Modules contribute through ``SOURCES`` (module names, like ``integrity.MODULES``): a module may expose
``dashboard_alerts(session, today) -> list[Alert]`` and ``monthly_sales(session, start, end) -> dict[str, int]``
(activity label → amount of the centre's own sales or revenue over ``[start, end)``). Caisse and stock
contributions live here; the other modules register theirs in their own files.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.formatting import format_date, format_money
from centre_app.domain.periods import Period
from centre_app.domain.permissions import Action
from centre_app.models.catalog import Product
from centre_app.services import cash_day, deliveries, dues, stock_reports
from centre_app.services.context import now, require

SOURCES: list[str] = [
    "centre_app.services.dashboard",
    "centre_app.services.livestock_dashboard",
    "centre_app.services.op_contract_dashboard",
]

SEVERITIES = ("danger", "warning", "info")
# Sections in the order the manager reads them; a module's own sections come after these.
SECTIONS = ["Caisse", "Stock", "Commandes", "Créances", "Bétail", "Contrats OP"]


@dataclass(frozen=True)
class Target:
    """Where an item leads: an area of the main window, a page in it and the filter to apply there."""

    area: str
    page: str  # the page's class name
    filters: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Alert:
    section: str  # « Stock », « Commandes », « Créances », « Contrats OP »…
    text: str  # French, one line
    severity: str  # danger / warning / info
    target: Target | None = None
    sort_key: tuple[Any, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class CashToday:
    day: date
    opening: int
    cash_in: int
    cash_out: int
    theoretical: int
    receipts: int  # documents of the day
    other_means_in: int  # mobile money, bank… received today
    closed: bool


@dataclass(frozen=True)
class MonthSales:
    month: date  # first day
    by_activity: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(v for _, v in self.by_activity)


@dataclass(frozen=True)
class Dashboard:
    today: date
    cash: CashToday
    months: tuple[MonthSales, ...]  # oldest first, the current month last
    activities: tuple[str, ...]  # in a stable order, for the chart's series
    alerts: tuple[Alert, ...]
    figures: dict[str, Any]  # counters for the cards, see ``dashboard_figures``


def _sources() -> list[Any]:
    return [importlib.import_module(name) for name in SOURCES]


def cash_today(session: Session, day: date) -> CashToday:
    book = cash_day.day_book(session, day)
    other_in = sum(i for means, i, _ in book.totals_by_means if means != "especes")
    return CashToday(
        day, book.opening_cash, book.cash_in, book.cash_out, book.theoretical_cash,
        sum(1 for line in book.lines if line.status != "annulation"), other_in, book.closing_number is not None,
    )  # fmt: skip


def sales_over(session: Session, end_month: date, months: int = 12) -> list[MonthSales]:
    """Sales by activity for ``months`` months ending with ``end_month`` (included), oldest first."""
    out = []
    contributors: list[Callable[[Session, date, date], dict[str, int]]] = [
        m.monthly_sales for m in _sources() if hasattr(m, "monthly_sales")
    ]
    for k in range(months - 1, -1, -1):
        period = Period.month_of(end_month).shifted_months(-k)
        start, end = period.start, period.end
        acc: dict[str, int] = defaultdict(int)
        for fn in contributors:
            for activity, amount in fn(session, start, end).items():
                acc[activity] += amount
        out.append(MonthSales(start, tuple(sorted(acc.items()))))
    return out


def dashboard(session: Session, today: date | None = None) -> Dashboard:
    require(session, Action.READ)
    day = today or now(session).date()
    alerts: list[Alert] = []
    figures: dict[str, Any] = {}
    for m in _sources():
        if hasattr(m, "dashboard_alerts"):
            alerts += m.dashboard_alerts(session, day)
        if hasattr(m, "dashboard_figures"):
            figures.update(m.dashboard_figures(session, day))
    rank = {name: n for n, name in enumerate(SECTIONS)}
    alerts.sort(key=lambda a: (rank.get(a.section, len(rank)), a.section, a.sort_key, a.text))
    months = sales_over(session, day)
    activities = sorted({a for m in months for a, _ in m.by_activity})
    return Dashboard(day, cash_today(session, day), tuple(months), tuple(activities), tuple(alerts), figures)


# --- caisse and stock contributions ------------------------------------------------------------------

ACTIVITY_BY_CATEGORY = {"cereale": "Céréales", "aliment": "Aliments", "intrant": "Intrants"}  # short: chart legend
DEBT_DAYS = 60
TOP_DEBTORS = 10  # the largest old debts, one line each; the summary line leads to all of them


def monthly_sales(session: Session, start: date, end: date) -> dict[str, int]:
    """Stock sales (delivered, at the order price) by product category."""
    sold = stock_reports.sold_by_product(session, start, end)
    if not sold:
        return {}
    categories = dict(session.execute(select(Product.id, Product.category).where(Product.id.in_(sold))).tuples().all())
    out: dict[str, int] = defaultdict(int)
    for pid, (_qty, amount) in sold.items():
        out[ACTIVITY_BY_CATEGORY.get(categories.get(pid, ""), "Autres produits")] += amount
    return dict(out)


def dashboard_alerts(session: Session, today: date) -> list[Alert]:
    out: list[Alert] = []
    for line in stock_reports.stock_alerts(session, today):
        out.append(
            Alert(
                "Stock", f"{line.product_name} : {line.described} en stock, sous le seuil d'alerte", "danger",
                Target("stock", "StockPage", (("product_id", line.product_id),)), (line.product_name,),
            )
        )  # fmt: skip
    waiting = stock_reports.orders_waiting_for_stock(session)
    for w in waiting:
        out.append(
            Alert(
                "Commandes", f"{w.order_number} ({w.party_name}) attend du stock : {w.product_name}, reste "
                f"{w.remaining_described}, disponible {w.available_described} à {w.warehouse_name}", "warning",
                Target("stock", "OrdersPage", (("order_id", w.order_id),)), (w.order_date, w.order_number),
            )
        )  # fmt: skip
    late: dict[int, Any] = {}
    for r in deliveries.remaining_to_deliver(session):
        if r.delivery_date is not None and r.delivery_date < today:
            late.setdefault(r.order_id, r)
    for r in late.values():
        days = (today - r.delivery_date).days
        out.append(
            Alert(
                "Commandes", f"Livraison en retard de {days} j : {r.order_number} ({r.party_name}), prévue le "
                f"{format_date(r.delivery_date)}", "warning",
                Target("stock", "OrdersPage", (("order_id", r.order_id),)), (r.delivery_date, r.order_number),
            )
        )  # fmt: skip
    old_debts = _old_debts(session, today)
    if old_debts:
        total = sum(d[0] for d in old_debts)
        out.append(
            Alert(
                "Créances", f"{len(old_debts)} tiers doivent {format_money(total)} depuis plus de {DEBT_DAYS} jours",
                "warning", Target("cash", "PartyAccountPage"), (0,),
            )
        )  # fmt: skip
    for old, name, party_id, over_90 in old_debts[:TOP_DEBTORS]:
        out.append(
            Alert(
                "Créances", f"{name} doit {format_money(old)} depuis plus de {DEBT_DAYS} jours",
                "danger" if over_90 else "warning", Target("cash", "PartyAccountPage", (("party_id", party_id),)),
                (1, -old),
            )
        )  # fmt: skip
    return out


def _old_debts(session: Session, today: date) -> list[tuple[int, str, int, bool]]:
    """(old amount, name, party id, over 90 days) of parties owing for more than DEBT_DAYS, largest first."""
    out = []
    for party_id, name, _rest, ageing in dues.debtors(session, today, limit=100_000):
        old = ageing["61-90"] + ageing[">90"]
        if old > 0:
            out.append((old, name, party_id, ageing[">90"] > 0))
    out.sort(key=lambda d: (-d[0], d[1]))
    return out


def dashboard_figures(session: Session, today: date) -> dict[str, Any]:
    """The cards' counters: orders to deliver (late, waiting for stock), old debts, products under threshold."""
    remaining = deliveries.remaining_to_deliver(session)
    late = {r.order_id for r in remaining if r.delivery_date is not None and r.delivery_date < today}
    waiting = {w.order_id for w in stock_reports.orders_waiting_for_stock(session)}
    old = _old_debts(session, today)
    low = stock_reports.stock_alerts(session, today)
    return {
        "orders_to_deliver": len({r.order_id for r in remaining}),
        "orders_late": len(late),
        "orders_waiting": len(waiting),
        "old_debts": sum(d[0] for d in old),
        "old_debtors": len(old),
        "low_stock": tuple(line.product_name for line in low),
    }
