"""« Commandes »: every order with its state, what remains to deliver and to pay, and the totals.

Filters: state (« à livrer » = confirmed or partly delivered), customer, period. Keys: F2 new order,
Enter opens (a draft in its form, a confirmed order in its sheet), **F6 delivers the selected order**
(the delivery dialog proposes what remains; Enter validates), F8 cashes a payment on it.
« Reste à livrer du client » shows everything the selected customer still waits for.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_date
from centre_app.domain.permissions import Action
from centre_app.services import order_summaries
from centre_app.services.stock_lists import TO_DELIVER, OrderSummary
from centre_app.views import order_actions
from centre_app.views.cash_models import money
from centre_app.views.context import ViewContext
from centre_app.views.delivery_dialog import DeliveryDialog
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource
from centre_app.views.order_detail import OrderDetailDialog, RemainingDialog
from centre_app.views.order_dialog import OrderDialog
from centre_app.views.stock_common import labelled, page_button, plain, year_start
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.party_picker import PartyPicker

STATE_FILTERS = (
    (None, N_("All states")),
    (TO_DELIVER, N_("To deliver")),
    ("brouillon", N_("Drafts")),
    ("confirmee", N_("Confirmed")),
    ("livree_partiellement", N_("Partly delivered")),
    ("livree", N_("Delivered")),
    ("soldee", N_("Settled")),
    ("annulee", N_("Cancelled")),
)
NOT_DELIVERABLE = {"brouillon": "order.not_confirmed", "annulee": "order.cancelled"}


def orders_source() -> ListSource:
    """The orders matching the filters, one window at a time, sorted and counted by the service (ten years of
    orders: 30 000 rows)."""
    source = ListSource(extra={"state": None, "party_id": None, "start": None, "end": None})
    x = source.extra
    source.fetch = lambda s, search, offset, limit, order: order_summaries.list_orders_page(
        s, search, offset, limit, order, **x
    )
    source.count = lambda s, search: order_summaries.count_orders_page(s, search, **x)
    return source


def order_columns(cur: tuple[str, str]) -> tuple[Column, ...]:
    m = lambda key: lambda r: money(getattr(r, key), cur, symbol=False)  # noqa: E731
    return (
        Column("number", N_("No."), text=lambda r: r.number or _("(draft)"), order="number"),
        Column("order_date", N_("Date"), text=lambda r: format_date(r.order_date), order="order_date"),
        Column("party_name", N_("Customer"), order="party_name"),
        Column("state_label", N_("State"), order="state_label"),
        Column("total", N_("Total"), text=m("total"), kind="money", order="total"),
        Column("paid", N_("Paid"), text=m("paid"), kind="money", order="paid"),
        Column("remaining_to_pay", N_("To pay"), text=m("remaining_to_pay"), kind="money", order="remaining_to_pay"),
        Column("remaining_described", N_("Remaining to deliver"), text=lambda r: plain(r.remaining_described),
               stretch=True),
        Column("delivery_date", N_("Planned delivery"),
               text=lambda r: format_date(r.delivery_date) if r.delivery_date else "", order="delivery_date"),
    )  # fmt: skip


class OrdersPage(ListPage):
    TITLE = N_("Orders")
    INITIAL_SORT = (1, Qt.SortOrder.DescendingOrder)  # newest first, from the first load
    LOAD_ON_INIT = False  # loaded once, by _filters_changed() at the end of __init__

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.source = orders_source()
        super().__init__(ctx, _(self.TITLE), order_columns(self.cur), self.source, {"orders", "cash", "stock"}, parent)
        self.search.setPlaceholderText(_("Search: order number, customer…"))
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(("CMD-2026-00000", "00/00/2026", "Groupement Ndimaaku de Kelbo",
                                         "Livrée partiellement", "0 000 000", "0 000 000", "0 000 000")):  # fmt: skip
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 18)
        self._first_load = False
        self.state_filter = QComboBox(self)
        self.state_filter.setObjectName("state_filter")
        for key, title in STATE_FILTERS:
            self.state_filter.addItem(_(title), key)
        self.party_filter = PartyPicker(ctx, self)
        self.party_filter.setObjectName("party_filter")
        self.party_filter.setPlaceholderText(_("Customer: name, code, village…"))
        self.party_filter.setMinimumWidth(280)
        self.all_dates = QCheckBox(_("All dates"), self)
        self.all_dates.setObjectName("all_dates")
        self.all_dates.setChecked(True)
        today = date.today()
        self.start = DateEdit(self, value=year_start(today))
        self.start.setObjectName("start")
        self.end = DateEdit(self, value=today)
        self.end.setObjectName("end")
        row = QHBoxLayout()
        for widget in (labelled(self, _("State"), self.state_filter), self.state_filter,
                       labelled(self, _("Customer"), self.party_filter), self.party_filter, self.all_dates,
                       labelled(self, _("from"), self.start), self.start, labelled(self, _("to"), self.end),
                       self.end):  # fmt: skip
            row.addWidget(widget)
        row.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(1, row)
        self.detail = QLabel(self)
        self.detail.setObjectName("detail")
        self.detail.setWordWrap(True)
        self.totals = QLabel(self)
        self.totals.setObjectName("totals")
        self._totals_later = QTimer(self, singleShot=True, interval=0)
        self._totals_later.timeout.connect(self.show_totals)
        layout.insertWidget(3, self.detail)
        layout.insertWidget(4, self.totals)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_detail())
        self.state_filter.currentIndexChanged.connect(self._filters_changed)
        self.party_filter.partyChosen.connect(self._filters_changed)
        self.party_filter.partyCleared.connect(self._filters_changed)
        self.all_dates.toggled.connect(self._filters_changed)
        self.start.dateChanged.connect(self._filters_changed)
        self.end.dateChanged.connect(self._filters_changed)
        self._filters_changed()

        add = lambda text, slot, action=None, key="": self._add(page_button(self, ctx, text, slot, action, key))  # noqa: E731
        self.new_button = add(_("New order (F2)"), self.new_order, Action.EDIT_DOCUMENTS, "F2")
        self.open_button = add(_("Open"), self.open_current)
        self.deliver_button = add(_("Deliver (F6)"), self.deliver, Action.EDIT_DOCUMENTS, "F6")
        self.pay_button = add(_("Cash a payment (F8)"), self.pay, Action.EDIT_DOCUMENTS, "F8")
        self.remaining_button = add(_("Remaining for the customer"), self.show_remaining)
        self.print_button = add(_("Print"), self.print_order)
        self.cancel_button = add(_("Cancel…"), self.cancel, Action.CANCEL_DOCUMENT)
        self.activated.connect(self.open_order)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)  # latest first

    def _add(self, button: Any) -> Any:
        self.buttons.insertWidget(self.buttons.count() - 2, button)
        return button

    def _filters_changed(self, *_args: Any) -> None:
        dated = not self.all_dates.isChecked()
        self.start.setEnabled(dated)
        self.end.setEnabled(dated)
        x = self.source.extra
        x["state"] = self.state_filter.currentData()
        x["party_id"] = self.party_filter.party_id()
        x["start"] = self.start.value() if dated else None
        x["end"] = self.end.value() + timedelta(days=1) if dated else None
        self.refresh()

    def refresh(self) -> None:
        super().refresh()
        if not hasattr(self, "totals"):
            return
        self._show_detail()
        if self.typing:  # the filtered list first; the totals of the whole filtered history just after
            self._totals_later.start()
        else:
            self.show_totals()

    def show_totals(self) -> None:
        search, x = self.model.search, self.source.extra
        t = self.ctx.read(lambda s: order_summaries.orders_page_totals(s, search, **x))
        m = lambda v: money(v, self.cur)  # noqa: E731
        self.totals.setText(
            _("Totals (drafts and cancelled orders left out): ordered {total} — paid {paid} — to pay {to_pay} — "
              "remaining to deliver {to_deliver}").format(
                total=m(t.total), paid=m(t.paid), to_pay=m(t.remaining_to_pay), to_deliver=m(t.remaining_amount))
        )  # fmt: skip

    def _show_detail(self) -> None:
        row = self.current()
        if row is None or not row.remaining_described:
            self.detail.clear()
            return
        self.detail.setText(
            _("{number} — remaining to deliver to {party}: {remaining}").format(
                number=row.number, party=row.party_name, remaining=plain(row.remaining_described)
            )
        )

    def apply_filters(self, filters: dict) -> None:
        """Opened from the dashboard: every order shown, the one asked selected."""
        for widget in (self.search, self.state_filter, self.party_filter, self.all_dates):
            widget.blockSignals(True)
        self.search.clear()
        self.state_filter.setCurrentIndex(0)
        self.party_filter.set_party(None)
        self.all_dates.setChecked(True)
        for widget in (self.search, self.state_filter, self.party_filter, self.all_dates):
            widget.blockSignals(False)
        self._filters_changed()
        order_id = filters.get("order_id")
        row = self._load_until(order_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.setFocus()

    def _load_until(self, order_id: Any) -> int | None:
        """The row of ``order_id``, loading the following windows until it is there (newest first: a few)."""
        root = QModelIndex()
        while True:
            rows = [self.model.row_at(i).id for i in range(self.model.rowCount())]
            if order_id in rows:
                return rows.index(order_id)
            if not self.model.canFetchMore(root):
                return None
            self.model.fetchMore(root)

    # -- actions ------------------------------------------------------------------------------------
    def selected(self) -> OrderSummary | None:
        row = self.current()
        if row is None:
            QMessageBox.information(self, _("Orders"), _("Select an order in the list first."))
        return row

    def new_order(self) -> None:
        OrderDialog.create(self, self.ctx, party_id=self.party_filter.party_id())

    def open_order(self, row: OrderSummary) -> None:
        if row.state == "brouillon" and self.ctx.can(Action.EDIT_DOCUMENTS):
            OrderDialog.edit(self, self.ctx, row.id)
        else:
            OrderDetailDialog.show_order(self, self.ctx, row.id)

    def deliver(self) -> None:
        row = self.selected()
        if row is None:
            return
        refusal = NOT_DELIVERABLE.get(row.state) or ("" if row.remaining_described else "order.fully_delivered")
        if refusal:
            QMessageBox.information(self, _("Delivery"), message(DomainError(refusal, number=row.number)))
            return
        DeliveryDialog.create(self, self.ctx, row.id)

    def pay(self) -> None:
        row = self.selected()
        if row is not None:
            order_actions.pay_order(self, self.ctx, row.id)

    def show_remaining(self) -> None:
        row = self.selected()
        if row is not None:
            RemainingDialog.show_party(self, self.ctx, row.party_id, row.party_name)

    def print_order(self) -> None:
        row = self.selected()
        if row is not None:
            order_actions.print_order(self, self.ctx, row.id, row.number)

    def cancel(self) -> None:
        row = self.selected()
        if row is not None:
            order_actions.CancelOrderDialog.cancel(self, self.ctx, row.id)
