"""Encaissement (REC): party, its open documents, amount spread oldest first, means, purpose; prints the receipt.

``ReceiptDialog.create(parent, ctx, party_id=None) -> PaymentRow | None`` is the entry point. The form
proposes how the amount settles the open documents (the clerk may change each share; what is not
allocated stays as an advance on the party's account); ``payments.record_payment`` decides. The base
``PaymentDialog`` is shared with the disbursement vouchers (DEC/BPV, disbursement_dialog.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.cash import MEANS, PAYMENT_TYPES
from centre_app.domain.errors import DomainError, message
from centre_app.services import dues, parties, payments
from centre_app.services.payments import PaymentDraft, PaymentRow
from centre_app.views.cash_models import SHARE, DuesModel, ShareDelegate, dues_table, money
from centre_app.views.context import ViewContext, show_error
from centre_app.views.i18n import N_, _
from centre_app.views.widgets.form_helpers import FormDialog, error_label
from centre_app.views.widgets.money_edit import MoneyEdit
from centre_app.views.widgets.party_picker import PartyPicker

DETAIL_MEANS = ("mobile_money", "virement", "cheque")  # means with a transaction reference and fees
FEES_BY = (("client", N_("paid by the customer")), ("centre", N_("paid by the centre")))
# Which field shows a service refusal (presentation only: the rules stay in the service).
REFUSAL_FIELDS = {
    "payment.counterpart_required": "party",
    "not_found": "party",
    "money.not_positive": "amount",
    "money.negative": "amount",
    "money.not_integer": "amount",
    "money.too_large": "amount",
    "payment.ceiling": "amount",
    "payment.bad_means": "means",
    "payment.operator_required": "operator",
    "payment.unknown_operator": "operator",
    "payment.transaction_required": "transaction",
    "payment.duplicate_transaction": "transaction",
    "payment.bad_fees": "fees",
    "payment.in_kind_required": "in_kind",
    "payment.purpose_required": "purpose",
    "payment.duplicate_allocation": "allocation",
    "payment.due_not_open": "allocation",
    "payment.bad_share": "allocation",
    "payment.share_above_remaining": "allocation",
    "payment.allocations_above_amount": "allocation",
}


def payment_pdf(session: Any, payment_id: int, paper: str = "A4", copy: int = 0) -> bytes:
    """The receipt or voucher PDF (printing is imported when first used)."""
    from centre_app.services import cash_printouts

    return cash_printouts.receipt_pdf(session, payment_id, paper, copy=copy)


def preview_payment(
    parent: QWidget | None, ctx: ViewContext, payment_id: int, paper: str = "A4", copy: int = 0
) -> None:
    """Show a receipt / voucher in the preview dialog (tests replace this function)."""
    from centre_app.views.pdf_preview import PdfPreviewDialog

    try:
        row = ctx.read(lambda s: payments.get_payment(s, payment_id))
        pdf = ctx.read(lambda s: payment_pdf(s, payment_id, paper, copy))
    except DomainError as err:
        show_error(parent, err)
        return
    PdfPreviewDialog.preview(parent, pdf, f"{PAYMENT_TYPES[row.doc_type][1]} {row.number}", f"{row.number}.pdf")


def party_caption(ctx: ViewContext, party_id: int) -> str:
    """« Code — Nom (village) », as the party picker writes a choice."""
    detail = ctx.read(lambda s: parties.get_party(s, party_id))
    label = f"{detail.code} — {detail.data.name}"
    return f"{label} ({detail.data.village})" if detail.data.village else label


class PaymentDialog(FormDialog):
    """The shared payment form; subclasses choose the document type and the direction of the dues."""

    direction = "receivable"

    def __init__(self, ctx: ViewContext, doc_type: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, title, ok_text=_("Validate"))
        self.ctx = ctx
        self.doc_type = doc_type
        self.payment: PaymentRow | None = None
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self._auto_purpose = True
        self.setMinimumWidth(880)
        self.build_head()
        self.party = self.add_field(self.party_title(), PartyPicker(ctx, self), name="party", required=True)
        self.build_after_party()
        self.dues = DuesModel(self.cur, parent=self)
        self.dues_table = dues_table(self, self.dues)
        self.share_delegate = ShareDelegate(centre.currency, self)
        self.share_delegate.closeEditor.connect(self._share_typed)
        self.dues_table.setItemDelegateForColumn(SHARE, self.share_delegate)
        self.dues_table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.dues_table.setMinimumHeight(130)
        self.dues_caption = QLabel(_("Open documents"), self)
        self.form.addRow(self.dues_caption, self.dues_table)
        self.amount = self.add_field(
            _("Amount"), MoneyEdit(self, currency=centre.currency), name="amount", required=True
        )
        self.spread_info = QLabel(self)
        self.spread_info.setObjectName("spread_info")
        self.allocation_error = error_label(self, "allocation_error")
        self.info_row = info = QWidget(self)
        column = QVBoxLayout(info)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.spread_info)
        column.addWidget(self.allocation_error)
        self.form.addRow("", info)
        self.means = self.add_field(_("Means of payment"), QComboBox(self), name="means", required=True)
        for key, label in MEANS.items():
            self.means.addItem(label, key)
        self.operator = self.add_field(_("Operator"), QComboBox(self), name="operator", required=True)
        self.operator.addItem("", None)
        for op in centre.country.operators:
            self.operator.addItem(op, op)
        self.operator.setEditable(not centre.country.operators)
        self.payer_number = self.add_field(_("Payer's number"), QLineEdit(self), name="payer_number")
        self.transaction = self.add_field(_("Transaction ID"), QLineEdit(self), name="transaction")
        self.fees = MoneyEdit(self, currency=centre.currency)
        self.fees_by = QComboBox(self)
        for key, label in FEES_BY:
            self.fees_by.addItem(_(label), key)
        fees_box = QWidget(self)
        row = QHBoxLayout(fees_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.fees)
        row.addWidget(self.fees_by)
        row.addStretch(1)
        fees_box.setFocusProxy(self.fees)
        self.fees_box = self.add_field(_("Fees"), fees_box, name="fees_box")
        self.in_kind = self.add_field(_("Given in kind"), QLineEdit(self), name="in_kind", required=True)
        self.in_kind.setPlaceholderText(_("What is given and its agreed value"))
        self.purpose = self.add_field(_("For"), QLineEdit(self), name="purpose", required=True)
        self.purpose.setPlaceholderText(_("Object of the payment"))
        self.party.partyChosen.connect(self.load_dues)
        self.party.partyCleared.connect(lambda: self.dues.set_rows([]))
        self.amount.valueChanged.connect(self._amount_changed)
        self.dues.sharesChanged.connect(self._shares_changed)
        self.means.currentIndexChanged.connect(self._means_changed)
        self.purpose.textEdited.connect(self._purpose_edited)
        self._means_changed()
        self._shares_changed()
        self.party.setFocus()

    # -- hooks for the subclasses ---------------------------------------------------------------
    def build_head(self) -> None:
        """Fields above the party (the voucher type of a disbursement)."""

    def build_after_party(self) -> None:
        """Fields just below the party (the free beneficiary name of a disbursement)."""

    def party_title(self) -> str:
        return _("Received from")

    def counterpart_name(self) -> str:
        return ""

    def default_purpose(self, references: list[str]) -> str:
        if references:
            return _("payment of {references}").format(references=", ".join(references))
        return _("advance on account") if self.party.party_id() is not None else ""

    # -- reactions --------------------------------------------------------------------------------
    def set_row_visible(self, widget: QWidget, visible: bool) -> None:
        box = widget if widget.parentWidget() is self else widget.parentWidget()
        self.form.setRowVisible(box, visible)

    def load_dues(self, party_id: int | None = None) -> None:
        party_id = self.party.party_id() if party_id is None else party_id
        if party_id is None:
            self.dues.set_rows([])
            return
        direction = self.direction
        self.dues.set_rows(self.ctx.read(lambda s: dues.list_dues(s, party_id, direction=direction)))
        self.dues.spread(self.amount.value() or 0)
        if self.dues.rowCount():
            self.dues_table.setCurrentIndex(self.dues.index(0, SHARE))

    def choose_party(self, party_id: int) -> None:
        self.party.set_party(party_id, party_caption(self.ctx, party_id))
        self.load_dues(party_id)
        self.amount.setFocus()

    def _share_typed(self, _editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: on to the next document
            row = self.dues_table.currentIndex().row()
            if 0 <= row < self.dues.rowCount() - 1:
                self.dues_table.setCurrentIndex(self.dues.index(row + 1, SHARE))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        focus = self.focusWidget()
        in_table = focus is self.dues_table or (focus is not None and self.dues_table.isAncestorOf(focus))
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if in_table and enter and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if self.dues_table.state() != QAbstractItemView.State.EditingState:
                (self.means if self.amount.value() else self.amount).setFocus(Qt.FocusReason.TabFocusReason)
            return  # while editing, the delegate commits the share and moves down
        super().keyPressEvent(event)

    def _amount_changed(self, value: int | None) -> None:
        self.dues.spread(value or 0)

    def _shares_changed(self) -> None:
        amount, allocated = self.amount.value() or 0, self.dues.allocated()
        if allocated > amount:
            self.spread_info.setText("")
            self.allocation_error.setText(
                _("The shares ({allocated}) exceed the amount received ({amount}).").format(
                    allocated=money(allocated, self.cur), amount=money(amount, self.cur)
                )
            )
        else:
            self.allocation_error.clear()
            self.spread_info.setText(
                _("On the documents: {allocated} — left as an advance on the account: {advance}").format(
                    allocated=money(allocated, self.cur), advance=money(amount - allocated, self.cur)
                )
                if self.party.party_id() is not None and amount and self.dues_table.isVisibleTo(self)
                else ""
            )
        self.form.setRowVisible(self.info_row, bool(self.spread_info.text() or self.allocation_error.text()))
        if self._auto_purpose:
            self.purpose.setText(self.default_purpose(self.dues.references()) if amount else "")

    def _purpose_edited(self, text: str) -> None:
        self._auto_purpose = not text.strip()

    def _means_changed(self, *_args: object) -> None:
        means = self.means.currentData()
        detail = means in DETAIL_MEANS
        for widget in (self.operator, self.payer_number):
            self.set_row_visible(widget, means == "mobile_money")
        self.set_row_visible(self.transaction, detail)
        self.set_row_visible(self.fees_box, detail)
        self.set_row_visible(self.in_kind, means == "nature")
        titles = {"virement": _("Transfer reference"), "cheque": _("Cheque number")}
        caption = self.form.labelForField(self.transaction.parentWidget())
        if isinstance(caption, QLabel):
            caption.setText(titles.get(means, _("Transaction ID") + " *"))

    # -- validation ---------------------------------------------------------------------------------
    def draft(self) -> PaymentDraft:
        means = self.means.currentData()
        detail = means in DETAIL_MEANS
        fees = (self.fees.value() or 0) if detail else 0
        return PaymentDraft(
            doc_type=self.doc_type, amount=self.amount.value() or 0, means=means, purpose=self.purpose.text(),
            party_id=self.party.party_id(), counterpart_name=self.counterpart_name(),
            operator=(self.operator.currentText().strip() or None) if means == "mobile_money" else None,
            payer_number=self.payer_number.text() if means == "mobile_money" else "",
            transaction_id=self.transaction.text().strip() or None if detail else None, fees=fees,
            fees_borne_by=self.fees_by.currentData() if fees else "",
            in_kind=self.in_kind.text() if means == "nature" else "", allocations=self.dues.allocations(),
        )  # fmt: skip

    def pre_check(self) -> bool:
        """As-you-type leftovers the service cannot see (a name typed but not chosen, a half amount)."""
        if self.party.error():
            self.show_field_error(self.party, self.party.error())
            return False
        for edit, field in ((self.amount, self.amount), (self.fees, self.fees_box)):
            if edit.error():
                self.show_field_error(field, edit.error())
                return False
        return True

    def show_refusal(self, err: DomainError) -> None:
        field = REFUSAL_FIELDS.get(err.code, "")
        widget = {
            "party": self.party, "amount": self.amount, "means": self.means, "operator": self.operator,
            "transaction": self.transaction, "fees": self.fees_box, "in_kind": self.in_kind, "purpose": self.purpose,
        }.get(field)  # fmt: skip
        if field == "allocation":
            self.allocation_error.setText(message(err))
            self.dues_table.setFocus()
        elif widget is not None:
            self.show_field_error(widget, message(err))
        else:
            self.show_error(message(err))

    def accept(self) -> None:
        self.clear_errors()
        self.allocation_error.clear()
        if not self.pre_check():
            return
        draft = self.draft()
        try:
            warnings = self.ctx.read(lambda s: payments.payment_warnings(s, draft))
        except DomainError as err:
            self.show_refusal(err)
            return
        if warnings:
            answer = QMessageBox.question(self, _("Confirm the payment"), "\n\n".join(message(w) for w in warnings))
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            row = self.ctx.workspace.run(lambda s: payments.record_payment(s, draft, accept_warnings=bool(warnings)))
        except DomainError as err:
            self.show_refusal(err)
            return
        self.payment = row
        self.ctx.changed.emit({"cash"})
        super().accept()
        preview_payment(self.parentWidget(), self.ctx, row.id)


class ReceiptDialog(PaymentDialog):
    """A new receipt (encaissement)."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "REC", _("New receipt"), parent)

    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext, party_id: int | None = None) -> PaymentRow | None:
        dialog = cls(ctx, parent)
        if party_id is not None:
            dialog.choose_party(party_id)
        return dialog.payment if dialog.exec() == QDialog.DialogCode.Accepted else None
