"""Accueil: what the manager looks at each morning — today's cash, this month's sales, orders to deliver,
old debts, stock alerts, a twelve-month chart of sales by activity and the list of alerts of every module.

Each card and each alert opens the list behind it (``open_target``: the area, the page, its filter).
The figures come from services/dashboard.py in one read; the page refreshes when anything changes.
"""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QCategoryAxis, QChart, QChartView, QStackedBarSeries
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QPainter, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.formatting import format_date_long, format_money, format_month, format_number
from centre_app.services import dashboard as dashboard_service
from centre_app.services.dashboard import Alert, Dashboard, Target
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _

COLOURS = {"danger": "#b71c1c", "warning": "#8a5a00", "info": "#1f4e79"}
SERIES_COLOURS = ("#2e7d32", "#c28f2c", "#1f4e79", "#8e3b2e", "#6a1b9a", "#00796b")
MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"),
          N_("Oct"), N_("Nov"), N_("Dec"))  # fmt: skip


def nice_step(raw: float) -> float:
    """1, 2 or 5 times a power of ten, at least ``raw`` (axis ticks a reader takes in at a glance)."""
    if raw <= 0:
        return 1
    power = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


class Card(QFrame):
    """A figure with its title and a caption; a click (or Enter when focused) opens its list."""

    clicked = Signal()

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"card_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            f"QFrame#card_{key} {{ background: #ffffff; border: 1px solid #c9d3c9; border-radius: 6px; }}"
            f"QFrame#card_{key}:focus {{ border: 2px solid #2e7d32; }}"
        )
        self.title = QLabel(title, self)
        self.title.setStyleSheet("color: #555; font-size: 10pt;")
        self.value = QLabel(self)
        self.value.setObjectName("value")
        self.value.setStyleSheet("font-size: 17pt; font-weight: bold; color: #1b3d1f;")
        self.caption = QLabel(self)
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("color: #555; font-size: 9pt;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addStretch(1)

    def set(self, value: str, caption: str, colour: str | None = None) -> None:
        self.value.setText(value)
        self.caption.setText(caption)
        self.value.setStyleSheet(f"font-size: 17pt; font-weight: bold; color: {colour or '#1b3d1f'};")

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class HomePage(QWidget):
    TITLE = N_("Dashboard")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.data: Dashboard | None = None
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.refresh_button = QPushButton(_("Refresh (F5)"), self)
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.refresh_button)

        self.cards = {
            "cash": Card("cash", _("Cash today"), self),
            "sales": Card("sales", _("Sales this month"), self),
            "orders": Card("orders", _("Orders to deliver"), self),
            "debts": Card("debts", _("Debts over 60 days"), self),
            "stock": Card("stock", _("Stock alerts"), self),
        }
        targets = {
            "cash": Target("cash", "CashDayPage"),
            "sales": Target("cash", "ReceiptsPage"),
            "orders": Target("stock", "OrdersPage"),
            "debts": Target("cash", "PartyAccountPage"),
            "stock": Target("stock", "StockPage"),
        }
        cards = QHBoxLayout()
        for key, card in self.cards.items():
            card.clicked.connect(lambda t=targets[key]: self.open_target(t))
            card.setMinimumHeight(104)
            cards.addWidget(card, 1)

        self.chart = QChart()
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)  # short activity names: they fit
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart_view = QChartView(self.chart, self)
        self.chart_view.setObjectName("sales_chart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(520)

        self.alerts = QListWidget(self)
        self.alerts.setObjectName("alerts")
        self.alerts.setWordWrap(True)
        self.alerts.setAlternatingRowColors(True)
        self.alerts.itemActivated.connect(self._alert_activated)
        alerts_box = QWidget(self)
        alerts_layout = QVBoxLayout(alerts_box)
        alerts_layout.setContentsMargins(0, 0, 0, 0)
        self.alerts_title = QLabel(self)
        self.alerts_title.setStyleSheet("font-weight: bold;")
        alerts_layout.addWidget(self.alerts_title)
        alerts_layout.addWidget(self.alerts, 1)
        hint = QLabel(_("Double-click or Enter opens the list behind an alert."), self)
        hint.setStyleSheet("color: #666; font-size: 9pt;")
        alerts_layout.addWidget(hint)

        splitter = QSplitter(self)
        splitter.addWidget(self.chart_view)
        splitter.addWidget(alerts_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(cards)
        layout.addWidget(splitter, 1)
        self._stale = False
        ctx.changed.connect(self._changed)
        self.refresh()

    # --- data ----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.data = self.ctx.read(dashboard_service.dashboard)
        self._show(self.data)

    def _changed(self, _areas: set[str]) -> None:
        """Every write changes some figure; a hidden dashboard waits to be shown again (it reads the whole
        history: not once per receipt typed on another page)."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def money(self, amount: int) -> str:
        return format_money(amount, *self.cur)

    def _show(self, d: Dashboard) -> None:
        self.heading.setText(_("Today, {date}").format(date=format_date_long(d.today)))
        c = d.cash
        pieces = (_("{n} document") if c.receipts <= 1 else _("{n} documents")).format(n=c.receipts)  # 0 pièce
        cash_caption = _("{pieces} · other means {amount}").format(pieces=pieces, amount=self.money(c.other_means_in))
        cash_caption += " · " + (_("day closed") if c.closed else _("day not closed yet"))
        self.cards["cash"].set(self.money(c.theoretical), cash_caption)
        this_month, previous = d.months[-1], d.months[-2] if len(d.months) > 1 else None
        self.cards["sales"].set(self.money(this_month.total), self._comparison(this_month.total, previous))
        f = d.figures
        self.cards["orders"].set(
            format_number(f.get("orders_to_deliver", 0)),
            _("{late} late, {waiting} waiting for stock").format(
                late=f.get("orders_late", 0), waiting=f.get("orders_waiting", 0)
            ),
            COLOURS["warning"] if f.get("orders_late") else None,
        )
        self.cards["debts"].set(
            self.money(f.get("old_debts", 0)),
            _("owed by {n} parties").format(n=f.get("old_debtors", 0)),
            COLOURS["danger"] if f.get("old_debts") else None,
        )
        low = f.get("low_stock", ())
        self.cards["stock"].set(
            format_number(len(low)),
            ", ".join(low[:4]) + (" …" if len(low) > 4 else "") if low else _("Every product above its threshold"),
            COLOURS["danger"] if low else None,
        )
        self._chart(d)
        self._alerts(d.alerts)

    def _comparison(self, total: int, previous) -> str:
        if previous is None or previous.total == 0:
            return _("no sales the previous month")
        change = (total - previous.total) * 100 / previous.total
        sign = "+" if change >= 0 else "−"
        return _("{sign}{pct} % compared with the previous month ({amount})").format(
            sign=sign, pct=format_number(round(abs(change))), amount=self.money(previous.total)
        )

    def _chart(self, d: Dashboard) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        series = QStackedBarSeries()
        top = 0
        for n, activity in enumerate(d.activities):
            bar = QBarSet(activity)
            bar.setBrush(QBrush(QColor(SERIES_COLOURS[n % len(SERIES_COLOURS)])))
            for m in d.months:
                bar.append(dict(m.by_activity).get(activity, 0) / 1000)
            series.append(bar)
        for m in d.months:
            top = max(top, m.total / 1000)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([_(MONTHS[m.month.month - 1]) for m in d.months])  # the years are in the title
        first, last = d.months[0].month, d.months[-1].month
        self.chart.setTitle(
            _("Sales by activity, {first} to {last}").format(first=format_month(first), last=format_month(last))
        )
        small = QFont(categories.labelsFont())
        small.setPointSizeF(8)
        categories.setLabelsFont(small)
        categories.setTruncateLabels(False)  # « déc. 25 » is a little wider than a bar at 1366 × 768
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        # Value labels formatted the French way (« 12 000 »): a category axis with labels on the ticks.
        step = nice_step(top / 4)
        values = QCategoryAxis()
        values.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        values.setLabelsFont(small)
        ticks = max(1, int(-(-top // step)))
        for k in range(ticks + 1):
            values.append(format_number(int(k * step)), k * step)
        values.setRange(0, ticks * step)
        values.setTitleText(_("thousands of F CFA"))
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)

    def _alerts(self, alerts: tuple[Alert, ...]) -> None:
        self.alerts.clear()
        self.alerts_title.setText(_("Alerts ({n})").format(n=len(alerts)))
        section = None
        for a in alerts:
            if a.section != section:
                section = a.section
                head = QListWidgetItem(section)
                head.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = head.font()
                font.setBold(True)
                head.setFont(font)
                self.alerts.addItem(head)
            item = QListWidgetItem(("● " if a.severity == "danger" else "○ ") + a.text)
            item.setForeground(QBrush(QColor(COLOURS[a.severity])))
            item.setData(Qt.ItemDataRole.UserRole, a.target)
            self.alerts.addItem(item)
        if not alerts:
            self.alerts.addItem(QListWidgetItem(_("Nothing needs attention today.")))

    # --- navigation ----------------------------------------------------------------------------------

    def _alert_activated(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(target, Target):
            self.open_target(target)

    def open_target(self, target: Target) -> QWidget | None:
        """Show the page behind an item in the main window, filtered when the page knows the filter."""
        window = self.window()
        if not hasattr(window, "show_area") or target.area not in getattr(window, "areas", {}):
            return None
        tabs = window.show_area(target.area)
        for i in range(tabs.count()):
            page = tabs.widget(i)
            if type(page).__name__ == target.page:
                tabs.setCurrentIndex(i)
                if target.filters and hasattr(page, "apply_filters"):
                    page.apply_filters(dict(target.filters))
                page.setFocus()
                return page
        return None
