"""What is done to a livestock contract besides typing it: conclude, deliver (a manager may go past an expired
paper with a reason), cash the buyer's payment through the caisse receipt form restricted to his due, pay
the seller (bon de paiement vendeur, at most what may be paid now), cancel (manager, reason), print.

Printing: ``preview(parent, ctx, "contract_pdf", (contract_id,), title, filename)`` calls
``services.livestock_printouts.<name>(session, *args)`` and shows the PDF (tests replace ``preview``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QWidget

from centre_app.domain.cash import MEANS
from centre_app.domain.errors import DomainError, message
from centre_app.domain.permissions import Action
from centre_app.services import livestock_payouts, livestock_workflow
from centre_app.services.livestock_payouts import PayoutStatus
from centre_app.services.livestock_queries import ContractDoc
from centre_app.views.cash_models import SHARE, money
from centre_app.views.context import ViewContext, show_error
from centre_app.views.i18n import _
from centre_app.views.livestock_contract_dialog import ask_reason
from centre_app.views.receipt_dialog import DETAIL_MEANS, ReceiptDialog
from centre_app.views.widgets.form_helpers import FormDialog
from centre_app.views.widgets.money_edit import MoneyEdit

AREAS = {"livestock", "cash"}


# --- printing ------------------------------------------------------------------------------------------
def livestock_pdf(session: Any, name: str, *args: Any) -> bytes:
    """A livestock document as PDF bytes (printing is imported when first used)."""
    from centre_app.services import livestock_printouts

    return getattr(livestock_printouts, name)(session, *args)


def preview(parent: QWidget | None, ctx: ViewContext, name: str, args: tuple, title: str, filename: str) -> None:
    """Show a livestock document in the preview dialog (print, save as PDF); tests replace this function."""
    from centre_app.views.pdf_preview import PdfPreviewDialog

    try:
        pdf = ctx.read(lambda s: livestock_pdf(s, name, *args))
    except DomainError as err:
        show_error(parent, err)
        return
    PdfPreviewDialog.preview(parent, pdf, title, filename)


def print_contract(parent: QWidget | None, ctx: ViewContext, contract_id: int, number: str) -> None:
    preview(parent, ctx, "contract_pdf", (contract_id,), _("Livestock sale contract {number}").format(number=number),
            f"{number or 'contrat-betail'}.pdf")  # fmt: skip


def print_slip(parent: QWidget | None, ctx: ViewContext, contract_id: int, number: str) -> None:
    preview(parent, ctx, "animals_slip_pdf", (contract_id,), _("Animals slip {number}").format(number=number),
            f"bordereau-{number or 'betail'}.pdf")  # fmt: skip


def print_payout(
    parent: QWidget | None, ctx: ViewContext, contract_id: int, number: str, payment_id: int | None = None
) -> None:
    preview(parent, ctx, "seller_payout_pdf", (contract_id, payment_id),
            _("Seller payment voucher {number}").format(number=number), f"paiement-vendeur-{number}.pdf")  # fmt: skip


# --- workflow --------------------------------------------------------------------------------------------
def conclude(parent: QWidget | None, ctx: ViewContext, contract_id: int) -> ContractDoc | None:
    """Conclude a saved draft (number CBV, dues opened); a manager may go past the buyer's credit limit."""
    override = ""
    while True:
        try:
            doc = ctx.workspace.run(
                lambda s, why=override: livestock_workflow.conclude_contract(s, contract_id, override_reason=why)
            )
        except DomainError as err:
            if err.code == "credit.limit_exceeded" and ctx.can(Action.CANCEL_DOCUMENT) and not override and parent:
                override = ask_reason(parent, _("Credit limit"), message(err),
                                      _("Reason to conclude the sale all the same:"))  # fmt: skip
                if override:
                    continue
            show_error(parent, err)
            return None
        ctx.changed.emit(set(AREAS))
        return doc


def deliver(parent: QWidget | None, ctx: ViewContext, contract_id: int) -> ContractDoc | None:
    """Hand the animals over today; an expired paper stops it unless a manager gives a reason."""
    override = ""
    while True:
        try:
            doc = ctx.workspace.run(
                lambda s, why=override: livestock_workflow.deliver_contract(s, contract_id, override_reason=why)
            )
        except DomainError as err:
            if err.code == "livestock.document_expired" and ctx.can(Action.CANCEL_DOCUMENT) and not override and parent:
                override = ask_reason(parent, _("Expired document"), message(err),
                                      _("Reason to deliver all the same (kept in the event journal):"))  # fmt: skip
                if override:
                    continue
            show_error(parent, err)
            return None
        ctx.changed.emit(set(AREAS))
        return doc


def receipt_for_contract(parent: QWidget | None, ctx: ViewContext, status: PayoutStatus) -> ReceiptDialog:
    """The caisse receipt form for the buyer, what he still owes put on this contract's due."""
    dialog = ReceiptDialog(ctx, parent)
    dialog.choose_party(status.buyer_id)
    value = status.buyer_remaining
    dialog.amount.setValue(value if value > 0 else None)
    model = dialog.dues
    for row, due in enumerate(model.rows()):
        share = min(value, due.remaining) if due.id == status.buyer_due_id else 0
        model.setData(model.index(row, SHARE), max(share, 0))
    return dialog


def cash_buyer(parent: QWidget | None, ctx: ViewContext, contract_id: int) -> None:
    status = ctx.read(lambda s: livestock_payouts.payout_status(s, contract_id))
    if status.buyer_due_id is None or status.buyer_remaining <= 0:
        QMessageBox.information(parent, _("Payment"), _("The buyer owes nothing on this contract."))
        return
    receipt_for_contract(parent, ctx, status).exec()


def pay_seller(parent: QWidget | None, ctx: ViewContext, contract_id: int) -> None:
    status = ctx.read(lambda s: livestock_payouts.payout_status(s, contract_id))
    if status.payable_now <= 0:
        cur = ctx.settings()
        QMessageBox.information(
            parent, _("Pay the seller"),
            _("Nothing can be paid to the seller now: the buyer has paid {buyer_paid}, the seller has had {paid} "
              "of his net {net}.").format(buyer_paid=money(status.buyer_paid, (cur.currency, cur.locale)),
                                          paid=money(status.seller_paid, (cur.currency, cur.locale)),
                                          net=money(status.net_to_seller, (cur.currency, cur.locale))),
        )  # fmt: skip
        return
    SellerPayoutDialog.pay(parent, ctx, contract_id)


class SellerPayoutDialog(FormDialog):
    """Bon de paiement vendeur: the amount proposed is what may be paid now (``payable_now``)."""

    def __init__(self, ctx: ViewContext, status: PayoutStatus, seller: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Pay the seller — {number}").format(number=status.number), ok_text=_("Pay"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        self.ctx = ctx
        self.status = status
        self.payment_id: int | None = None
        centre = ctx.settings()
        cur = (centre.currency, centre.locale)
        self.setMinimumWidth(560)
        self.form.addRow(_("Seller"), QLabel(seller, self))
        self.form.addRow(_("Net to the seller"), QLabel(money(status.net_to_seller, cur), self))
        self.form.addRow(_("Paid by the buyer"), QLabel(money(status.buyer_paid, cur), self))
        self.form.addRow(_("Already paid to the seller"), QLabel(money(status.seller_paid, cur), self))
        payable = QLabel(money(status.payable_now, cur), self)
        payable.setObjectName("payable_now")
        self.form.addRow(_("May be paid now"), payable)
        self.amount = self.add_field(_("Amount"), MoneyEdit(self, currency=centre.currency), name="amount",
                                     required=True)  # fmt: skip
        self.amount.setAllowZero(False)
        self.amount.setValue(status.payable_now)
        self.means = self.add_field(_("Means of payment"), QComboBox(self), name="means", required=True)
        for key, label in MEANS.items():
            if key in ("especes", "mobile_money", "virement", "cheque"):
                self.means.addItem(label, key)
        self.operator = self.add_field(_("Operator"), QComboBox(self), name="operator")
        self.operator.addItem("", None)
        for op in centre.country.operators:
            self.operator.addItem(op, op)
        self.transaction = self.add_field(_("Transaction ID"), QLineEdit(self), name="transaction")
        self.means.currentIndexChanged.connect(self._means_changed)
        self._means_changed()
        self.amount.setFocus()
        self.amount.selectAll()

    def _means_changed(self, *_args: object) -> None:
        means = self.means.currentData()
        self.form.setRowVisible(self.operator.parentWidget(), means == "mobile_money")
        self.form.setRowVisible(self.transaction.parentWidget(), means in DETAIL_MEANS)

    def accept(self) -> None:
        self.clear_errors()
        if self.amount.error() or not self.amount.value():
            self.show_field_error(self.amount, self.amount.error() or _("Type the amount paid."))
            return
        amount, means, contract_id = self.amount.value() or 0, self.means.currentData(), self.status.contract_id
        operator = self.operator.currentData() if means == "mobile_money" else None
        transaction = (self.transaction.text().strip() or None) if means in DETAIL_MEANS else None
        accepted = False
        while True:
            try:
                row = self.ctx.workspace.run(
                    lambda s, ok=accepted: livestock_payouts.pay_seller(
                        s, contract_id, amount, means, operator=operator, transaction_id=transaction,
                        accept_warnings=ok,
                    )
                )  # fmt: skip
            except DomainError as err:
                if err.code == "payment.ceiling" and not accepted:
                    answer = QMessageBox.question(self, _("Confirm the payment"), message(err))
                    if answer == QMessageBox.StandardButton.Yes:
                        accepted = True
                        continue
                    return
                field = {"payment.operator_required": self.operator, "payment.unknown_operator": self.operator,
                         "payment.transaction_required": self.transaction,
                         "payment.duplicate_transaction": self.transaction}.get(err.code, self.amount)  # fmt: skip
                self.show_field_error(field, message(err))
                return
            break
        self.payment_id = row.id
        self.ctx.changed.emit(set(AREAS))
        super().accept()
        print_payout(self.parentWidget(), self.ctx, contract_id, self.status.number, row.id)

    @classmethod
    def pay(cls, parent: QWidget | None, ctx: ViewContext, contract_id: int) -> int | None:
        from centre_app.services.livestock_queries import get_contract

        status = ctx.read(lambda s: livestock_payouts.payout_status(s, contract_id))
        seller = ctx.read(lambda s: get_contract(s, contract_id)).seller.name
        dialog = cls(ctx, status, seller, parent)
        return dialog.payment_id if dialog.exec() == QDialog.DialogCode.Accepted else None


class CancelContractDialog(FormDialog):
    """A manager cancels a concluded contract (not delivered, no money moved) with the mandatory reason."""

    def __init__(self, ctx: ViewContext, doc: ContractDoc, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Cancel contract {number}").format(number=doc.number),
                         ok_text=_("Cancel the contract"))  # fmt: skip
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        self.ctx = ctx
        self.doc = doc
        self.counter_document = ""
        self.setMinimumWidth(520)
        cur = ctx.settings()
        self.form.addRow(_("Contract"), QLabel(f"{doc.number} — {doc.seller.name} → {doc.buyer.name}", self))
        self.form.addRow(_("Buyer owes"), QLabel(money(doc.figures.buyer_total, (cur.currency, cur.locale)), self))
        self.reason = self.add_field(_("Reason"), QLineEdit(self), name="reason", required=True)
        self.reason.setPlaceholderText(_("Why this sale is cancelled"))
        note = QLabel(_("The contract keeps its number and prints « ANNULÉ »; the dues of both parties are "
                        "cancelled."), self)  # fmt: skip
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        self.form.addRow(note)
        self.reason.setFocus()

    def accept(self) -> None:
        self.clear_errors()
        contract_id, reason = self.doc.id, self.reason.text()
        try:
            self.counter_document = self.ctx.workspace.run(
                lambda s: livestock_workflow.cancel_contract(s, contract_id, reason)
            )
        except DomainError as err:
            if err.code == "livestock.reason_required":
                self.show_field_error(self.reason, message(err))
            else:
                self.show_error(message(err))
            return
        self.ctx.changed.emit(set(AREAS))
        super().accept()

    @classmethod
    def cancel(cls, parent: QWidget | None, ctx: ViewContext, contract_id: int) -> str | None:
        from centre_app.services.livestock_queries import get_contract

        dialog = cls(ctx, ctx.read(lambda s: get_contract(s, contract_id)), parent)
        return dialog.counter_document if dialog.exec() == QDialog.DialogCode.Accepted else None
