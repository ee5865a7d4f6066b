"""The sheet of a concluded (or delivered, paid, cancelled) livestock contract: parties with their papers,
the animals, the débours, the tracked documents (more may be added until delivery; expired ones in red),
the buyer's receipts and the seller's vouchers, the money still due — with its actions: deliver (F6), cash
the buyer (F8), pay the seller (F7), print (contract, animals slip, seller voucher). The sheet refreshes
itself after each action.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.formatting import format_date
from centre_app.domain.permissions import Action
from centre_app.services import livestock_queries
from centre_app.services.livestock_queries import ContractDoc, PartyBlock
from centre_app.views import livestock_actions as actions
from centre_app.views.cash_models import GREY, Col, RowsModel, bold, money, table_view
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.livestock_documents import DocumentsEditor, paper_of
from centre_app.views.stock_common import page_button, plain


def party_text(p: PartyBlock) -> str:
    """« DICKO Amadou (T0012) — Mentao, Djibo — CNIB n° B12345678 — carte de commerçant CCB-… »."""
    place = ", ".join(x for x in (p.village, p.commune) if x)
    parts = [f"{p.name} ({p.code})", place, p.identity, p.phone]
    if p.trader_card:
        parts.append(_("trader card {number}").format(number=p.trader_card))
    return " — ".join(x for x in parts if x)


class LivestockContractSheet(QDialog):
    def __init__(self, ctx: ViewContext, contract_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contract_id = contract_id
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.setMinimumSize(1100, 680)
        self.state = QLabel(self)
        self.state.setObjectName("state")
        self.state.setFont(bold(2))
        self.left, self.right = QFormLayout(), QFormLayout()
        head = QHBoxLayout()
        head.addLayout(self.left, 3)
        head.addLayout(self.right, 2)
        self.facts: dict[str, QLabel] = {}
        for form, keys in (
            (self.left, ((N_("Type"), "type"), (N_("Date and place"), "where"), (N_("Seller"), "seller"),
                         (N_("Buyer"), "buyer"), (N_("Guarantor / witness"), "guarantor"), (N_("Agent"), "agent"),
                         (N_("Payment terms"), "terms"), (N_("Commission"), "commission"))),
            (self.right, ((N_("Heads"), "heads"), (N_("Gross price"), "gross"), (N_("Expenses"), "fees"),
                          (N_("Net to the seller"), "net"), (N_("Buyer owes"), "buyer_total"),
                          (N_("Paid by the buyer"), "buyer_paid"), (N_("Still due by the buyer"), "buyer_remaining"),
                          (N_("Paid to the seller"), "seller_paid"), (N_("May be paid to the seller now"),
                                                                     "payable"))),
        ):  # fmt: skip
            for title, key in keys:
                label = QLabel(self)
                label.setObjectName(key)
                label.setWordWrap(True)
                form.addRow(_(title), label)
                self.facts[key] = label
        self.lines = RowsModel((
            Col(N_("No."), lambda r: str(r.position), numeric=True),
            Col(N_("Species"), lambda r: r.species_name),
            Col(N_("Animals"), lambda r: plain(r.described)),
            Col(N_("Coat / markings"), lambda r: r.coat),
            Col(N_("Brand / ear tag"), lambda r: r.marks),
            Col(N_("Heads"), lambda r: str(r.heads), numeric=True),
            Col(N_("Price per head"), lambda r: money(r.unit_price, self.cur, symbol=False), numeric=True),
            Col(N_("Amount"), lambda r: money(r.amount, self.cur, symbol=False), numeric=True),
        ), parent=self)  # fmt: skip
        self.fees = RowsModel((
            Col(N_("Expense"), lambda r: r.label),
            Col(N_("Amount"), lambda r: money(r.amount, self.cur, symbol=False), numeric=True),
            Col(N_("Charged to"), lambda r: r.payer_label),
            Col(N_("Seller's share"), lambda r: money(r.seller_share, self.cur, symbol=False), numeric=True),
            Col(N_("Buyer's share"), lambda r: money(r.buyer_share, self.cur, symbol=False), numeric=True),
            Col(N_("Note"), lambda r: r.note),
        ), parent=self)  # fmt: skip
        self.money = RowsModel((
            Col(N_("Document"), lambda r: r[1].number),
            Col(N_("Who"), lambda r: r[0]),
            Col(N_("Date"), lambda r: format_date(r[1].business_date)),
            Col(N_("Amount"), lambda r: money(r[1].amount, self.cur, symbol=False), numeric=True),
            Col(N_("Means"), lambda r: r[1].means_label),
            Col(N_("Status"), lambda r: _("cancelled") if r[1].status == "annule" else _("valid")),
        ), colour=lambda r: GREY if r[1].status == "annule" else None, parent=self)  # fmt: skip
        self.documents = DocumentsEditor(ctx, self, contract_id=contract_id)
        self.documents.changed.connect(self.refresh)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(table_view(self, self.lines, "sheet_lines", stretch=2), _("Animals"))
        self.tabs.addTab(table_view(self, self.fees, "sheet_fees", stretch=5), _("Expenses"))
        self.tabs.addTab(self.documents, _("Documents"))
        self.tabs.addTab(table_view(self, self.money, "sheet_money", stretch=1), _("Payments"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        self.deliver_button = page_button(self, ctx, _("Deliver (F6)"), self.deliver, Action.EDIT_DOCUMENTS, "F6")
        self.cash_button = page_button(self, ctx, _("Cash (F8)"), self.cash, Action.EDIT_DOCUMENTS, "F8")
        self.pay_button = page_button(self, ctx, _("Pay the seller (F7)"), self.pay, Action.EDIT_DOCUMENTS, "F7")
        self.print_button = QPushButton(_("Print"), self)
        self.print_button.setAutoDefault(False)
        menu = QMenu(self.print_button)
        menu.addAction(_("Sale contract"), lambda: actions.print_contract(self, ctx, contract_id, self.doc.number))
        menu.addAction(_("Animals slip"), lambda: actions.print_slip(self, ctx, contract_id, self.doc.number))
        menu.addAction(_("Seller payment voucher"),
                       lambda: actions.print_payout(self, ctx, contract_id, self.doc.number))  # fmt: skip
        self.print_button.setMenu(menu)
        self.rights = {b: b.isEnabled() for b in (self.deliver_button, self.cash_button, self.pay_button)}
        for button in (*self.rights, self.print_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        doc: ContractDoc = self.ctx.read(lambda s: livestock_queries.get_contract(s, self.contract_id))
        self.doc = doc
        m = lambda v: money(v, self.cur)  # noqa: E731
        self.setWindowTitle(_("Livestock sale {number}").format(number=doc.number or _("(draft)")))
        state = f"{doc.number or _('(draft)')} — {doc.state_label}"
        if doc.status == "annule":
            state += " — " + _("cancelled by {who} ({number}): {reason}").format(
                who=doc.cancelled_by, number=doc.cancellation_number, reason=doc.cancel_reason
            )
        self.state.setText(state)
        guarantor = party_text(doc.guarantor) if doc.guarantor else doc.guarantor_name
        terms = doc.payment_terms_label
        if doc.payment_terms == "acompte_solde" and doc.balance_due_date:
            terms += " — " + _("deposit {deposit}, balance on {day}").format(
                deposit=m(doc.deposit), day=format_date(doc.balance_due_date)
            )
        f = doc.figures
        values = {
            "type": doc.type_label, "where": f"{format_date(doc.contract_date)} — {doc.where}",
            "seller": party_text(doc.seller),
            "buyer": party_text(doc.buyer) + (f" — {doc.destination_country}" if doc.destination_country else ""),
            "guarantor": f"{guarantor} ({doc.guarantor_quality_label})" if guarantor else "—",
            "agent": doc.agent_name, "terms": terms, "commission": plain(doc.commission_text),
            "heads": str(f.heads), "gross": m(f.gross), "fees": m(f.fees), "net": m(f.net_to_seller),
            "buyer_total": m(f.buyer_total), "buyer_paid": m(doc.buyer_paid), "buyer_remaining": m(doc.buyer_remaining),
            "seller_paid": m(doc.seller_paid), "payable": m(doc.seller_payable_now),
        }  # fmt: skip
        for key, text in values.items():
            self.facts[key].setText(text)
        self.lines.set_rows(doc.lines)
        self.fees.set_rows(doc.fees)
        who_buyer, who_seller = _("buyer"), _("seller")
        self.money.set_rows([(who_buyer, x) for x in doc.receipts] + [(who_seller, x) for x in doc.payouts])
        self.documents.set_documents([paper_of(d) for d in doc.documents], doc.delivered_on)
        self.documents.set_read_only(doc.status != "conclu" or not self.ctx.can(Action.EDIT_DOCUMENTS))
        live = doc.status in ("conclu", "livre")
        allowed = {
            self.deliver_button: doc.status == "conclu",
            self.cash_button: live and doc.buyer_remaining > 0,
            self.pay_button: live and doc.seller_payable_now > 0,
        }
        for button, ok in allowed.items():
            button.setEnabled(self.rights[button] and ok)

    def deliver(self) -> None:
        if actions.deliver(self, self.ctx, self.contract_id) is not None:
            self.refresh()

    def cash(self) -> None:
        actions.cash_buyer(self, self.ctx, self.contract_id)
        self.refresh()

    def pay(self) -> None:
        actions.pay_seller(self, self.ctx, self.contract_id)
        self.refresh()

    @classmethod
    def show_contract(cls, parent: QWidget | None, ctx: ViewContext, contract_id: int) -> None:
        cls(ctx, contract_id, parent).exec()
