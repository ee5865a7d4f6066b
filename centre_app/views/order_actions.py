"""What is done to an order from the screens besides typing it: the warnings after confirmation (shortage,
acompte to cash), the payment through the caisse receipt form restricted to the order's due, the
manager's cancellation with its reason, and the prints (bon de commande, bon de livraison).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.permissions import Action
from centre_app.services import orders, stock_reports
from centre_app.services.orders import OrderDoc
from centre_app.views import stock_common
from centre_app.views.cash_models import SHARE, money
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.receipt_dialog import ReceiptDialog
from centre_app.views.stock_common import plain
from centre_app.views.widgets.form_helpers import FormDialog


def print_order(parent: QWidget | None, ctx: ViewContext, order_id: int, number: str) -> None:
    stock_common.preview(parent, ctx, "order_pdf", (order_id,), _("Order {number}").format(number=number),
                         f"{number or 'commande'}.pdf")  # fmt: skip


def print_delivery(parent: QWidget | None, ctx: ViewContext, delivery_id: int, number: str) -> None:
    stock_common.preview(parent, ctx, "delivery_pdf", (delivery_id,),
                         _("Delivery note {number}").format(number=number), f"{number}.pdf")  # fmt: skip


def shortage_text(ctx: ViewContext, order_id: int) -> str:
    """The warning when confirmed orders ask more than stock + expected arrivals ("" when they do not)."""
    found = ctx.read(lambda s: stock_reports.order_shortages(s, order_id))
    if not found:
        return ""
    lines = [
        _("{product}: {need} to deliver, {have} in stock, {coming} expected — missing {missing}").format(
            product=x.product_name, need=plain(x.to_deliver_described), have=plain(x.on_hand_described),
            coming=plain(x.incoming_described), missing=plain(x.missing_described),
        )
        for x in found
    ]  # fmt: skip
    head = _("The confirmed orders exceed the stock and the expected arrivals:")
    return "\n".join([head, *lines, "", _("The order is confirmed; plan a reception or deliver in several parts.")])


def after_confirm(parent: QWidget | None, ctx: ViewContext, doc: OrderDoc) -> None:
    """After a confirmation: the shortage warning (never a refusal), then the acompte to cash if agreed."""
    warning = shortage_text(ctx, doc.id)
    if warning:
        QMessageBox.warning(parent, _("Stock will be short"), warning)
    if doc.deposit > 0 and ctx.can(Action.EDIT_DOCUMENTS):
        cur = ctx.settings()
        answer = QMessageBox.question(
            parent, _("Deposit"),
            _("Order {number} confirmed. Cash the agreed deposit of {amount} now?").format(
                number=doc.number, amount=money(doc.deposit, (cur.currency, cur.locale))
            ),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            receipt_for_order(parent, ctx, doc, doc.deposit).exec()


def receipt_for_order(
    parent: QWidget | None, ctx: ViewContext, doc: OrderDoc, amount: int | None = None
) -> ReceiptDialog:
    """The caisse receipt form for the order's customer, the whole amount on this order's due."""
    dialog = ReceiptDialog(ctx, parent)
    dialog.choose_party(doc.party_id)
    value = doc.remaining_to_pay if amount is None else amount
    dialog.amount.setValue(value if value > 0 else None)
    model = dialog.dues
    for row, due in enumerate(model.rows()):
        share = min(value, due.remaining) if due.id == doc.due_id else 0
        model.setData(model.index(row, SHARE), max(share, 0))
    return dialog


def pay_order(parent: QWidget | None, ctx: ViewContext, order_id: int) -> None:
    doc = ctx.read(lambda s: orders.get_order(s, order_id))
    if doc.due_id is None or doc.state in ("brouillon", "annulee"):
        QMessageBox.information(parent, _("Payment"), _("Only a confirmed order can be paid."))
        return
    receipt_for_order(parent, ctx, doc).exec()


class CancelOrderDialog(FormDialog):
    """A manager cancels a confirmed order (nothing delivered nor paid) with the mandatory reason."""

    def __init__(self, ctx: ViewContext, doc: OrderDoc, parent: QWidget | None = None) -> None:
        title = _("Cancel order {number}").format(number=doc.number or _("(draft)"))
        super().__init__(parent, title, ok_text=_("Cancel the order"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        self.ctx = ctx
        self.doc = doc
        self.cancelled: OrderDoc | None = None
        self.setMinimumWidth(500)
        cur = ctx.settings()
        self.form.addRow(_("Order"), QLabel(f"{doc.number or _('(draft)')} — {doc.party_name}", self))
        self.form.addRow(_("Total"), QLabel(money(doc.total, (cur.currency, cur.locale)), self))
        self.reason = self.add_field(_("Reason"), QLineEdit(self), name="reason", required=True)
        self.reason.setPlaceholderText(_("Why this order is cancelled"))
        note = QLabel(_("The order keeps its number and shows « Annulée »; its debt is cancelled."), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        self.form.addRow(note)
        self.reason.setFocus()

    def accept(self) -> None:
        self.clear_errors()
        order_id, reason = self.doc.id, self.reason.text()
        try:
            self.cancelled = self.ctx.workspace.run(lambda s: orders.cancel_order(s, order_id, reason))
        except DomainError as err:
            if err.code == "order.reason_required":
                self.show_field_error(self.reason, message(err))
            else:
                self.show_error(message(err))
            return
        self.ctx.changed.emit({"orders", "cash"})
        super().accept()

    @classmethod
    def cancel(cls, parent: QWidget | None, ctx: ViewContext, order_id: int) -> OrderDoc | None:
        dialog = cls(ctx, ctx.read(lambda s: orders.get_order(s, order_id)), parent)
        return dialog.cancelled if dialog.exec() == QDialog.DialogCode.Accepted else None
