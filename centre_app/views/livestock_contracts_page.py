"""« Contrats de vente de bétail »: every contract with its state, heads and money, filtered by period, market,
species, state, type and party; the totals of heads and amounts of what is shown stay in view.

Keys: F2 new contract (market-day form), Enter opens (a draft in its form, a concluded contract in its sheet),
F4 concludes a saved draft, F6 delivers, F8 cashes the buyer's payment (caisse receipt on his due), F7 pays
the seller (bon de paiement vendeur), F9 shows the seller's history (Shift+F9 the buyer's), Ctrl+P prints.
Cancellation is the manager's. ``apply_filters({"contract_id": …} or {"party_id": …})`` is the dashboard's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QMenu, QMessageBox, QVBoxLayout, QWidget

from centre_app.domain import livestock as dom
from centre_app.domain.formatting import format_date
from centre_app.domain.permissions import Action
from centre_app.services import livestock_choices, livestock_lists, livestock_queries
from centre_app.services.livestock_lists import ContractRow
from centre_app.views import livestock_actions as actions
from centre_app.views.cash_models import money
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource
from centre_app.views.livestock_contract_dialog import LivestockContractDialog
from centre_app.views.receipt_dialog import party_caption
from centre_app.views.stock_common import labelled, page_button, year_start
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.party_picker import PartyPicker

ROLES = ((None, N_("as seller, buyer or guarantor")), ("seller", N_("as seller")), ("buyer", N_("as buyer")))
FILTERS = ("start", "end", "market_id", "species_code", "state", "contract_type", "party_id", "party_role")


def contracts_source() -> ListSource:
    """Paged in SQL (twenty thousand contracts in ten years): the filters are kept in ``extra``."""
    source = ListSource(extra=dict.fromkeys(FILTERS))
    x = source.extra
    source.fetch = lambda s, search, offset, limit, order: livestock_lists.list_contracts(
        s, search, offset=offset, limit=limit, order=order or "-date", **x
    )
    source.count = lambda s, search: livestock_lists.count_contracts(s, search, **x)
    return source


def contract_columns(cur: tuple[str, str]) -> tuple[Column, ...]:
    m = lambda key: lambda r: money(getattr(r, key), cur, symbol=False)  # noqa: E731
    return (
        Column("number", N_("No."), text=lambda r: r.number or _("(draft)"), order="number"),
        Column("contract_date", N_("Date"), text=lambda r: format_date(r.contract_date), kind="date", order="date"),
        Column("type_label", N_("Type")),
        Column("state_label", N_("State")),
        Column("where", N_("Market / place")),
        Column("seller_name", N_("Seller"), order="seller"),
        Column("buyer_name", N_("Buyer"), order="buyer"),
        Column("species", N_("Animals")),
        Column("heads", N_("Heads"), kind="integer"),
        Column("gross", N_("Gross price"), text=m("gross"), kind="money", order="gross"),
        Column("net_to_seller", N_("Net to seller"), text=m("net_to_seller"), kind="money"),
        Column("buyer_total", N_("Due by buyer"), text=m("buyer_total"), kind="money"),
        Column("buyer_remaining", N_("Still due"), text=m("buyer_remaining"), kind="money"),
        Column("seller_paid", N_("Paid to seller"), text=m("seller_paid"), kind="money"),
        Column("commission", N_("Commission"), text=m("commission"), kind="money"),
        Column("destination_country", N_("Destination")),
    )


class LivestockContractsPage(ListPage):
    TITLE = N_("Contracts")
    INITIAL_SORT = (1, Qt.SortOrder.DescendingOrder)  # newest first, from the first load
    LOAD_ON_INIT = False  # loaded once, by _filters_changed() at the end of __init__

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.source = contracts_source()
        super().__init__(ctx, _("Livestock contracts"), contract_columns(self.cur), self.source,
                         {"livestock", "cash", "parties"}, parent)  # fmt: skip
        self.history_opener: Callable[[int], None] | None = None  # set by the area: the history tab
        self.search.setPlaceholderText(_("Search: contract number, seller, buyer…"))
        metrics = self.table.fontMetrics()
        samples = ("CBV-2026-0000", "00/00/2026", "Mandat de vente", "Payé partiellement", "Marché de Tongomayel",
                   "DICKO Amadou Hama", "ADEBAYO Musa", "11 bovins, 6 ovins", "Têtes", "00 000 000", "00 000 000",
                   "00 000 000", "00 000 000", "00 000 000", "00 000 000", "Côte d'Ivoire")  # fmt: skip
        for column, sample in enumerate(samples):
            title = _(self.model.columns[column].title)
            self.table.setColumnWidth(
                column, max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title)) + 16
            )
        self._first_load = False
        choices = ctx.read(livestock_choices.contract_choices)
        self.market_filter = self._combo("market_filter", _("All markets"), choices.markets)
        self.species_filter = self._combo("species_filter", _("All species"), choices.species)
        self.state_filter = self._combo("state_filter", _("All states"), dom.CONTRACT_STATES.items())
        self.type_filter = self._combo("type_filter", _("All types"), dom.CONTRACT_TYPES.items())
        self.party_filter = PartyPicker(ctx, self)
        self.party_filter.setObjectName("party_filter")
        self.party_filter.setPlaceholderText(_("Party: name, code, village…"))
        self.party_filter.setMinimumWidth(260)
        self.role_filter = self._combo("role_filter", None, [(k, _(t)) for k, t in ROLES])
        self.all_dates = QCheckBox(_("All dates"), self)
        self.all_dates.setObjectName("all_dates")
        self.all_dates.setChecked(True)
        self.start = DateEdit(self, value=year_start(date.today()))
        self.start.setObjectName("start")
        self.end = DateEdit(self, value=date.today())
        self.end.setObjectName("end")
        first, second = QHBoxLayout(), QHBoxLayout()
        for widget in (self.all_dates, labelled(self, _("from"), self.start), self.start,
                       labelled(self, _("to"), self.end), self.end, labelled(self, _("Market"), self.market_filter),
                       self.market_filter, labelled(self, _("Species"), self.species_filter),
                       self.species_filter):  # fmt: skip
            first.addWidget(widget)
        first.addStretch(1)
        for widget in (labelled(self, _("State"), self.state_filter), self.state_filter,
                       labelled(self, _("Type"), self.type_filter), self.type_filter,
                       labelled(self, _("Party"), self.party_filter), self.party_filter, self.role_filter):  # fmt: skip
            second.addWidget(widget)
        second.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(1, first)
        layout.insertLayout(2, second)
        self.totals = QLabel(self)
        self._totals_later = QTimer(self, singleShot=True, interval=0)
        self._totals_later.timeout.connect(self.show_totals)
        self.totals.setObjectName("totals")
        self.totals.setWordWrap(True)
        self.totals.setStyleSheet("background: #f4f6f8; padding: 4px; border: 1px solid #d0d4d9;")
        layout.insertWidget(4, self.totals)
        for combo in (self.market_filter, self.species_filter, self.state_filter, self.type_filter, self.role_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.party_filter.partyChosen.connect(self._filters_changed)
        self.party_filter.partyCleared.connect(self._filters_changed)
        self.all_dates.toggled.connect(self._filters_changed)
        self.start.dateChanged.connect(self._filters_changed)
        self.end.dateChanged.connect(self._filters_changed)

        add = lambda text, slot, action=None, key="": self._add(page_button(self, ctx, text, slot, action, key))  # noqa: E731
        self.new_button = add(_("New contract (F2)"), self.new_contract, Action.EDIT_DOCUMENTS, "F2")
        self.open_button = add(_("Open"), self.open_current)
        self.conclude_button = add(_("Conclude (F4)"), self.conclude, Action.EDIT_DOCUMENTS, "F4")
        self.deliver_button = add(_("Deliver (F6)"), self.deliver, Action.EDIT_DOCUMENTS, "F6")
        self.cash_button = add(_("Cash (F8)"), self.cash, Action.EDIT_DOCUMENTS, "F8")
        self.pay_button = add(_("Pay the seller (F7)"), self.pay_seller, Action.EDIT_DOCUMENTS, "F7")
        self.history_button = add(_("History (F9)"), self.show_seller_history, None, "F9")
        QShortcut(QKeySequence("Shift+F9"), self, activated=self.show_buyer_history)
        self.print_button = add(_("Print (Ctrl+P)"), lambda: None)
        menu = QMenu(self.print_button)
        menu.addAction(_("Sale contract"), self.print_contract)
        menu.addAction(_("Animals slip"), self.print_slip)
        menu.addAction(_("Seller payment voucher"), self.print_payout)
        self.print_button.setMenu(menu)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_button.showMenu)
        self.cancel_button = add(_("Cancel…"), self.cancel, Action.CANCEL_DOCUMENT)
        self.activated.connect(self.open_contract)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)  # latest first
        self._filters_changed()

    def _combo(self, name: str, all_label: str | None, items: Any) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        if all_label is not None:
            combo.addItem(all_label, None)
        for key, label in items:
            combo.addItem(label, key)
        return combo

    def _add(self, button: Any) -> Any:
        self.buttons.insertWidget(self.buttons.count() - 2, button)
        return button

    # -- filters and totals ---------------------------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        return dict(self.source.extra)

    def _filters_changed(self, *_args: Any) -> None:
        dated = not self.all_dates.isChecked()
        self.start.setEnabled(dated)
        self.end.setEnabled(dated)
        x = self.source.extra
        x.update(
            start=self.start.value() if dated else None, end=self.end.value() + timedelta(days=1) if dated else None,
            market_id=self.market_filter.currentData(), species_code=self.species_filter.currentData(),
            state=self.state_filter.currentData(), contract_type=self.type_filter.currentData(),
            party_id=self.party_filter.party_id(),
            party_role=self.role_filter.currentData() if self.party_filter.party_id() else None,
        )  # fmt: skip
        self.refresh()

    def refresh(self) -> None:
        super().refresh()
        if hasattr(self, "totals") and self.typing:  # the filtered list first, its totals just after
            self._totals_later.start()
        elif hasattr(self, "totals"):
            self.show_totals()

    def show_totals(self) -> None:
        search, x = self.search.text(), dict(self.source.extra)
        t = self.ctx.read(lambda s: livestock_lists.contract_totals(s, search, **x))
        m = lambda v: money(v, self.cur)  # noqa: E731
        species = ", ".join(f"{name} {heads}" for name, heads in t.heads_by_species.items())
        lead = (
            _("Totals of the contracts shown") if x["state"] else _("Totals (drafts and cancelled contracts left out)")
        )
        self.totals.setText(
            _("{lead}: {contracts} contracts — {heads} heads ({species}) — gross {gross} — commission {commission} — "
              "expenses {fees} — net to sellers {net} — buyers owe {owed}, paid {paid}, still due {due} — "
              "paid to sellers {seller_paid}").format(
                lead=lead, contracts=t.contracts, heads=t.heads, species=species or "—", gross=m(t.gross),
                commission=m(t.commission), fees=m(t.fees), net=m(t.net_to_seller), owed=m(t.buyer_total),
                paid=m(t.buyer_paid), due=m(t.buyer_remaining), seller_paid=m(t.seller_paid))
        )  # fmt: skip

    def apply_filters(self, filters: dict) -> None:
        """From the dashboard: ``{"contract_id": 12}`` shows that contract selected, ``{"party_id": 7}`` the
        contracts of that party (as seller, buyer or guarantor)."""
        widgets = (self.search, self.market_filter, self.species_filter, self.state_filter, self.type_filter,
                   self.role_filter, self.party_filter, self.all_dates)  # fmt: skip
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.market_filter, self.species_filter, self.state_filter, self.type_filter, self.role_filter):
            combo.setCurrentIndex(0)
        self.party_filter.set_party(None)
        self.all_dates.setChecked(True)
        contract_id, party_id = filters.get("contract_id"), filters.get("party_id")
        if contract_id is not None:
            doc = self.ctx.read(lambda s: livestock_queries.get_contract(s, contract_id))
            if doc.number:
                self.search.setText(doc.number)
            else:
                party_id = doc.seller.id
        if party_id is not None:
            self.party_filter.set_party(party_id, party_caption(self.ctx, party_id))
        for widget in widgets:
            widget.blockSignals(False)
        self._filters_changed()
        rows = [self.model.row_at(i) for i in range(self.model.rowCount())]
        row = next((i for i, r in enumerate(rows) if r.id == contract_id), 0 if rows else None)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.setFocus()

    # -- actions --------------------------------------------------------------------------------------
    def selected(self) -> ContractRow | None:
        row = self.current()
        if row is None:
            QMessageBox.information(self, _("Livestock contracts"), _("Select a contract in the list first."))
        return row

    def new_contract(self) -> None:
        LivestockContractDialog.create(self, self.ctx)

    def open_contract(self, row: ContractRow) -> None:
        if row.state == "brouillon" and self.ctx.can(Action.EDIT_DOCUMENTS):
            LivestockContractDialog.edit(self, self.ctx, row.id)
        else:
            from centre_app.views.livestock_contract_sheet import LivestockContractSheet

            LivestockContractSheet.show_contract(self, self.ctx, row.id)

    def _run(self, fn: Callable[[ContractRow], object]) -> None:
        row = self.selected()
        if row is not None:
            fn(row)

    def conclude(self) -> None:
        self._run(lambda r: actions.conclude(self, self.ctx, r.id))

    def deliver(self) -> None:
        self._run(lambda r: actions.deliver(self, self.ctx, r.id))

    def cash(self) -> None:
        self._run(lambda r: actions.cash_buyer(self, self.ctx, r.id))

    def pay_seller(self) -> None:
        self._run(lambda r: actions.pay_seller(self, self.ctx, r.id))

    def cancel(self) -> None:
        self._run(lambda r: actions.CancelContractDialog.cancel(self, self.ctx, r.id))

    def print_contract(self) -> None:
        self._run(lambda r: actions.print_contract(self, self.ctx, r.id, r.number))

    def print_slip(self) -> None:
        self._run(lambda r: actions.print_slip(self, self.ctx, r.id, r.number))

    def print_payout(self) -> None:
        self._run(lambda r: actions.print_payout(self, self.ctx, r.id, r.number))

    def show_seller_history(self) -> None:
        self._run(lambda r: self.show_history(r.seller_id))

    def show_buyer_history(self) -> None:
        self._run(lambda r: self.show_history(r.buyer_id))

    def show_history(self, party_id: int) -> None:
        if self.history_opener is not None:
            self.history_opener(party_id)
            return
        from centre_app.views.livestock_history import PartyHistoryDialog

        PartyHistoryDialog.show_party(self, self.ctx, party_id)
