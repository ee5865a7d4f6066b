"""What one party sold and bought through the centre (``livestock_lists.party_history``): the contracts as
seller and as buyer, newest first, each with its totals of heads and money.

``LivestockHistoryPage`` is the « Historique vendeur / acheteur » tab (choose the party, or
``show_party(id)`` from the contracts list, F9); ``PartyHistoryDialog.show_party(parent, ctx, party_id)``
shows the same in a dialog (from the contract form, or any screen holding a party: F9). Enter on a contract
opens its sheet.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from centre_app.domain.formatting import format_date
from centre_app.services import livestock_lists
from centre_app.services.livestock_lists import ContractTotals, PartyHistory
from centre_app.views.cash_models import GREY, Col, RowsModel, bold, money, table_view
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.receipt_dialog import party_caption
from centre_app.views.widgets.party_picker import PartyPicker


def history_model(cur: tuple[str, str], counterpart: str, parent: QWidget) -> RowsModel:
    """Contracts of one side: ``counterpart`` is the other party's field (buyer_name or seller_name)."""
    m = lambda key: lambda r: money(getattr(r, key), cur, symbol=False)  # noqa: E731
    columns = (
        Col(N_("No."), lambda r: r.number or _("(draft)")),
        Col(N_("Date"), lambda r: format_date(r.contract_date)),
        Col(N_("Type"), lambda r: r.type_label),
        Col(N_("State"), lambda r: r.state_label),
        Col(N_("Market / place"), lambda r: r.where),
        Col(N_("Buyer") if counterpart == "buyer_name" else N_("Seller"), lambda r: getattr(r, counterpart)),
        Col(N_("Animals"), lambda r: r.species),
        Col(N_("Heads"), lambda r: str(r.heads), numeric=True),
        Col(N_("Gross price"), m("gross"), numeric=True),
        Col(N_("Net to seller"), m("net_to_seller"), numeric=True),
        Col(N_("Buyer owes"), m("buyer_total"), numeric=True),
        Col(N_("Still due"), m("buyer_remaining"), numeric=True),
        Col(N_("Paid to seller"), m("seller_paid"), numeric=True),
    )
    return RowsModel(columns, lambda r: GREY if r.state in ("annule", "brouillon") else None, parent)


class LivestockHistoryPage(QWidget):
    TITLE = N_("Seller / buyer history")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None, *, picker: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.party = PartyPicker(ctx, self)
        self.party.setObjectName("history_party")
        self.party.setPlaceholderText(_("Seller or buyer: name, code, village…"))
        self.party.setMinimumWidth(340)
        self.party.partyChosen.connect(self.show_party)
        self.title = QLabel(_("Choose a party to see what they sold and bought through the centre."), self)
        self.title.setObjectName("history_title")
        self.title.setFont(bold(1))
        self.title.setWordWrap(True)
        self.sold = history_model(self.cur, "buyer_name", self)
        self.bought = history_model(self.cur, "seller_name", self)
        self.sold_totals, self.bought_totals = QLabel(self), QLabel(self)
        self.sold_totals.setObjectName("sold_totals")
        self.bought_totals.setObjectName("bought_totals")
        self.tabs = QTabWidget(self)
        self.sold_table = table_view(self, self.sold, "sold", stretch=6)
        self.bought_table = table_view(self, self.bought, "bought", stretch=6)
        for table, totals, title in ((self.sold_table, self.sold_totals, _("As seller")),
                                     (self.bought_table, self.bought_totals, _("As buyer"))):  # fmt: skip
            page = QWidget(self)
            box = QVBoxLayout(page)
            box.addWidget(table, 1)
            box.addWidget(totals)
            table.doubleClicked.connect(lambda index, t=table: self._open(t, index.row()))
            table.activated.connect(lambda index, t=table: self._open(t, index.row()))
            self.tabs.addTab(page, title)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Party"), self))
        top.addWidget(self.party)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        if picker:
            layout.addLayout(top)
        else:  # a dialog on one party: no choice to make
            for i in range(top.count()):
                item = top.itemAt(i).widget()
                if item is not None:
                    item.hide()
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self.history: PartyHistory | None = None
        ctx.changed.connect(
            lambda areas: "livestock" in areas and self.history and self.show_party(self.history.party.id)
        )

    def totals_text(self, t: ContractTotals, sold: bool) -> str:
        m = lambda v: money(v, self.cur)  # noqa: E731
        species = ", ".join(f"{name} {heads}" for name, heads in t.heads_by_species.items()) or "—"
        if sold:
            return _("Sold: {contracts} contracts, {heads} heads ({species}), gross {gross}, net {net}, "
                     "paid to the seller {paid}").format(contracts=t.contracts, heads=t.heads, species=species,
                                                          gross=m(t.gross), net=m(t.net_to_seller),
                                                          paid=m(t.seller_paid))  # fmt: skip
        return _("Bought: {contracts} contracts, {heads} heads ({species}), owed {owed}, paid {paid}, still due "
                 "{due}").format(contracts=t.contracts, heads=t.heads, species=species, owed=m(t.buyer_total),
                                 paid=m(t.buyer_paid), due=m(t.buyer_remaining))  # fmt: skip

    def show_party(self, party_id: int) -> None:
        h = self.ctx.read(lambda s: livestock_lists.party_history(s, party_id))
        self.history = h
        if self.party.party_id() != party_id:
            self.party.set_party(party_id, party_caption(self.ctx, party_id))
        where = ", ".join(x for x in (h.party.village, h.party.commune) if x)
        self.title.setText(" — ".join(x for x in (f"{h.party.name} ({h.party.code})", where, h.party.identity) if x))
        self.sold.set_rows(h.as_seller)
        self.bought.set_rows(h.as_buyer)
        self.sold_totals.setText(self.totals_text(h.seller_totals, True))
        self.bought_totals.setText(self.totals_text(h.buyer_totals, False))
        self.tabs.setCurrentIndex(0 if h.as_seller or not h.as_buyer else 1)

    def _open(self, table: object, row: int) -> None:
        model = self.sold if table is self.sold_table else self.bought
        if 0 <= row < model.rowCount():
            from centre_app.views.livestock_contract_sheet import LivestockContractSheet

            LivestockContractSheet.show_contract(self, self.ctx, model.row_at(row).id)


class PartyHistoryDialog(QDialog):
    def __init__(self, ctx: ViewContext, party_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(1280, 560)
        self.page = LivestockHistoryPage(ctx, self, picker=False)
        self.page.show_party(party_id)
        self.setWindowTitle(_("Livestock history — {party}").format(party=self.page.title.text()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(buttons)

    @classmethod
    def show_party(cls, parent: QWidget | None, ctx: ViewContext, party_id: int) -> None:
        cls(ctx, party_id, parent).exec()
