"""« Contrats OP »: every contract with a producer organisation, its state of today, its dates and money.

Filters: state, OP, type of service, period in force, « expiring within 60 days ». Keys: F2 new contract,
Enter opens (a draft in its form, a signed contract in its sheet), F9 shows the selected OP's overview,
Ctrl+P prints the contract. Opening the page brings every contract to the state its dates and payments give
(``refresh_states``). ``apply_filters({"contract_id": …} | {"op_id": …} | {"expiring": True})`` is the
home dashboard's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QMessageBox, QTableView, QVBoxLayout, QWidget

from centre_app.domain.errors import DomainError
from centre_app.domain.op_contracts import SERVICE_TYPES, STATES
from centre_app.domain.permissions import Action
from centre_app.domain.text import search_key
from centre_app.services import op_contract_queries as queries
from centre_app.services.op_contract_queries import DASHBOARD_EXPIRY_DAYS
from centre_app.services.op_contract_rows import ContractRow
from centre_app.services.op_contract_workflow import refresh_states
from centre_app.views import op_contract_actions as actions
from centre_app.views.cash_models import money
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource
from centre_app.views.op_contract_dialog import OpContractDialog
from centre_app.views.op_contract_models import day
from centre_app.views.op_contract_sheet import open_document
from centre_app.views.receipt_dialog import party_caption
from centre_app.views.stock_common import labelled, page_button, year_start
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.party_picker import PartyPicker

AREAS = {"op_contracts", "cash", "parties"}
FILTERS = ("state", "op_id", "service_type", "period", "expiring_within")


def contracts_source() -> ListSource:
    """A few hundred contracts at most: read whole, sorted and searched on screen."""
    source = ListSource(extra=dict.fromkeys(FILTERS))
    x = source.extra
    source.fetch_all = lambda s, search: queries.list_contracts(s, search, **x)
    return source


def contract_columns(cur: tuple[str, str]) -> tuple[Column, ...]:
    m = lambda key: lambda r: money(getattr(r, key), cur, symbol=False)  # noqa: E731
    return (
        Column("number", N_("No."), order="number"),
        Column("op_name", N_("OP"), order="op_name"),
        Column("object", N_("Object"), stretch=True),
        Column("state_label", N_("State"), order="state_label"),
        Column("effect_date", N_("Effect"), text=lambda r: day(r.effect_date), kind="date", order="effect_date"),
        Column("end_date", N_("End"), text=lambda r: day(r.end_date), kind="date", order="end_date"),
        Column("planned_amount", N_("Planned"), text=m("planned_amount"), kind="money", order="planned_amount"),
        Column("paid", N_("Paid"), text=m("paid"), kind="money", order="paid"),
        Column("remaining", N_("Remaining"), text=m("remaining"), kind="money", order="remaining"),
        Column(
            "late_amount",
            N_("Late"),
            text=lambda r: money(r.late_amount, cur, symbol=False) if r.late_amount else "",
            kind="money",
            order="late_amount",
        ),
        Column(
            "obligations_late",
            N_("Oblig. late"),
            text=lambda r: str(r.obligations_late or ""),
            kind="integer",
            order="obligations_late",
        ),
    )


SAMPLES = {
    "number": "COP-2026-0000", "op_name": "Groupement Wendkouni de Mentao", "state_label": "En cours",
    "effect_date": "00/00/2026", "end_date": "00/00/2026", "planned_amount": "00 000 000", "paid": "00 000 000",
    "remaining": "00 000 000", "late_amount": "0 000 000",
}  # fmt: skip


def fit_columns(table: QTableView, columns: tuple[Column, ...]) -> None:
    """Each column as wide as a typical value or its (translated) title, the object taking the rest."""
    metrics = table.fontMetrics()
    for i, col in enumerate(columns):
        if not col.stretch:
            sample = SAMPLES.get(col.key, "0")
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(_(col.title)) + 14)
            table.setColumnWidth(i, width + 16)


def bring_states_up_to_date(ctx: ViewContext) -> int:
    """« en cours », « échu », « soldé » as the dates and payments say (anyone may: it only records them)."""
    try:
        return len(ctx.workspace.run(refresh_states))
    except DomainError:
        return 0


class OpContractsPage(ListPage):
    TITLE = N_("OP contracts")
    INITIAL_SORT = (0, Qt.SortOrder.DescendingOrder)  # newest first, from the first load
    LOAD_ON_INIT = False  # loaded once, by _filters_changed() at the end of __init__

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.source = contracts_source()
        self.source.fetch_all = self._fetch
        self._read: tuple[tuple[Any, ...], list[ContractRow]] | None = None
        self._checked_on = date.today()
        bring_states_up_to_date(ctx)
        super().__init__(ctx, _(self.TITLE), contract_columns(self.cur), self.source, AREAS, parent)
        self.search.setPlaceholderText(_("Search: number, OP, object…"))
        fit_columns(self.table, self.model.columns)
        self._first_load = False
        self.overview_opener: Callable[[int], None] | None = None
        self._build_filters()
        add = lambda text, slot, action=None, key="": self._add(page_button(self, ctx, text, slot, action, key))  # noqa: E731
        self.new_button = add(_("New contract (F2)"), self.new_contract, Action.EDIT_DOCUMENTS, "F2")
        self.open_button = add(_("Open (Enter)"), self.open_current)
        self.amend_button = add(_("New avenant"), self.new_amendment, Action.EDIT_DOCUMENTS)
        self.overview_button = add(_("OP overview (F9)"), self.show_overview, None, "F9")
        self.print_button = add(_("Print (Ctrl+P)"), self.print_contract, None, "Ctrl+P")
        self.schedule_button = add(_("Print the schedule"), self.print_schedule)
        self.activated.connect(lambda row: self.open_contract(row.id))
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # latest first

    def _build_filters(self) -> None:
        self.state_filter = QComboBox(self)
        self.state_filter.setObjectName("state_filter")
        self.state_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.state_filter.setMinimumContentsLength(12)
        self.state_filter.addItem(_("All states"), None)
        for key, label in STATES.items():
            self.state_filter.addItem(label, key)
        self.op_filter = PartyPicker(self.ctx, self, role="op")
        self.op_filter.setObjectName("op_filter")
        self.op_filter.setPlaceholderText(_("OP: name, code, village…"))
        self.op_filter.setMinimumWidth(160)
        self.type_filter = QComboBox(self)
        self.type_filter.setObjectName("type_filter")
        self.type_filter.addItem(_("All services"), None)
        for key, label in SERVICE_TYPES.items():
            self.type_filter.addItem(label, key)
        self.type_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.type_filter.setMinimumContentsLength(18)  # the filter bar fits in 1 366 pixels
        self.all_dates = QCheckBox(_("All dates"), self)
        self.all_dates.setObjectName("all_dates")
        self.all_dates.setChecked(True)
        today = date.today()
        self.start = DateEdit(self, value=year_start(today))
        self.start.setObjectName("start")
        self.end = DateEdit(self, value=today)
        self.end.setObjectName("end")
        self.expiring = QCheckBox(_("Expiring within {n} days").format(n=DASHBOARD_EXPIRY_DAYS), self)
        self.expiring.setObjectName("expiring")
        row = QHBoxLayout()
        for widget in (labelled(self, _("State"), self.state_filter), self.state_filter,
                       labelled(self, _("OP"), self.op_filter), self.op_filter,
                       labelled(self, _("Service"), self.type_filter), self.type_filter, self.all_dates,
                       labelled(self, _("in force from"), self.start), self.start, labelled(self, _("to"), self.end),
                       self.end):  # fmt: skip
            row.addWidget(widget)
        row.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(1, row)
        search_line = layout.itemAt(0).layout()
        assert isinstance(search_line, QHBoxLayout)
        search_line.insertWidget(1, self.expiring)  # beside the search box: the filter row fits in 1 366 pixels
        self.state_filter.currentIndexChanged.connect(self._filters_changed)
        self.type_filter.currentIndexChanged.connect(self._filters_changed)
        self.op_filter.partyChosen.connect(self._filters_changed)
        self.op_filter.partyCleared.connect(self._filters_changed)
        for box in (self.all_dates, self.expiring):
            box.toggled.connect(self._filters_changed)
        self.start.dateChanged.connect(self._filters_changed)
        self.end.dateChanged.connect(self._filters_changed)
        self._filters_changed()

    def _fetch(self, s: Any, search: str) -> list[ContractRow]:
        """The contracts of the filters, each computed from its family, read once: typing in the search box only
        filters them again, as the service does (a keystroke must not recompute a few hundred families)."""
        x = self.source.extra
        key = tuple(x.values())
        if not (getattr(self, "typing", False) and self._read is not None and self._read[0] == key):
            self._read = (key, queries.list_contracts(s, "", **x))
        words = search_key(search).split()
        return [r for r in self._read[1] if all(w in search_key(r.number, r.op_name, r.object) for w in words)]

    def _add(self, button: Any) -> Any:
        self.buttons.insertWidget(self.buttons.count() - 2, button)
        return button

    def _filters_changed(self, *_args: Any) -> None:
        dated = not self.all_dates.isChecked()
        self.start.setEnabled(dated)
        self.end.setEnabled(dated)
        x = self.source.extra
        x["state"] = self.state_filter.currentData()
        x["op_id"] = self.op_filter.party_id()
        x["service_type"] = self.type_filter.currentData()
        x["period"] = (self.start.value(), self.end.value() + timedelta(days=1)) if dated else None
        x["expiring_within"] = DASHBOARD_EXPIRY_DAYS if self.expiring.isChecked() else None
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._checked_on != date.today():  # the office PC stays on overnight: tomorrow's states
            self._checked_on = date.today()
            if bring_states_up_to_date(self.ctx):
                self.ctx.changed.emit({"op_contracts"})

    def apply_filters(self, filters: dict) -> None:
        """Opened from the dashboard: the filters asked (or none), the contract asked selected."""
        widgets = (self.search, self.state_filter, self.type_filter, self.op_filter, self.all_dates, self.expiring)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        self.state_filter.setCurrentIndex(0)
        self.type_filter.setCurrentIndex(0)
        op_id = filters.get("op_id")
        self.op_filter.set_party(op_id, party_caption(self.ctx, op_id) if op_id else "")
        self.all_dates.setChecked(True)
        self.expiring.setChecked(bool(filters.get("expiring")))
        for widget in widgets:
            widget.blockSignals(False)
        self._filters_changed()
        self.select(filters.get("contract_id"))

    def select(self, contract_id: int | None) -> None:
        rows = self.model.all_rows()
        row = next((i for i, x in enumerate(rows) if x.id == contract_id), None)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.setFocus()

    # -- actions ----------------------------------------------------------------------------------------
    def selected(self) -> ContractRow | None:
        row = self.current()
        if row is None:
            QMessageBox.information(self, _("OP contracts"), _("Select a contract in the list first."))
        return row

    def new_contract(self) -> None:
        doc = OpContractDialog.create(self, self.ctx, op_id=self.op_filter.party_id())
        if doc is not None:
            self.select(doc.id)

    def open_contract(self, contract_id: int) -> None:
        open_document(self, self.ctx, contract_id)
        self.refresh()
        self.select(contract_id)

    def new_amendment(self) -> None:
        from centre_app.views.op_amendment_dialog import AmendmentDialog

        row = self.selected()
        if row is None:
            return
        if not row.signed:
            QMessageBox.information(self, _("New avenant"), _("Only a signed contract can have an avenant."))
            return
        AmendmentDialog.create(self, self.ctx, row.id)
        self.refresh()

    def show_overview(self) -> None:
        row = self.current()
        op_id = row.op_id if row is not None else self.op_filter.party_id()
        if op_id is None:
            QMessageBox.information(self, _("OP overview"), _("Select a contract (or choose an OP) first."))
            return
        if self.overview_opener is not None:
            self.overview_opener(op_id)
            return
        from centre_app.views.op_overview_page import OpOverviewDialog

        OpOverviewDialog.show_op(self, self.ctx, op_id)

    def print_contract(self) -> None:
        row = self.selected()
        if row is not None:
            actions.print_contract(self, self.ctx, row.id, row.number)

    def print_schedule(self) -> None:
        row = self.selected()
        if row is not None:
            actions.print_schedule(self, self.ctx, row.id, row.number)
