"""Commande: customer (OP or individual), price list (social one with its eligibility), lines priced from
the list, acompte, planned delivery; saved as a draft or confirmed (number CMD, the customer's due).

``OrderDialog.create(parent, ctx, party_id=None)`` and ``OrderDialog.edit(parent, ctx, order_id)`` (drafts)
return the saved ``OrderDoc`` or None. Confirming warns when confirmed orders exceed stock + expected
arrivals (order_actions.after_confirm) and offers to cash the acompte; the services decide everything.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from centre_app.domain.errors import DomainError, message
from centre_app.domain.permissions import Action
from centre_app.domain.stock import line_amount
from centre_app.services import catalog, orders, parties
from centre_app.services.orders import OrderDoc, OrderDraft
from centre_app.views import order_actions
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.receipt_dialog import party_caption
from centre_app.views.stock_common import select_data, warehouse_combo
from centre_app.views.stock_lines import EnteredLine, LinesEditor, Priced
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.form_helpers import FormDialog
from centre_app.views.widgets.money_edit import MoneyEdit
from centre_app.views.widgets.party_picker import PartyPicker

HINT_STYLE = "color: #555555;"
REFUSAL_FIELDS = {
    "not_found": "party",
    "order.eligibility_required": "eligibility",
    "order.price_list_inactive": "price_list",
    "order.deposit_above_total": "deposit",
    "money.negative": "deposit",
    "money.not_integer": "deposit",
    "money.too_large": "deposit",
    "order.delivery_before_order": "delivery",
}


class OrderDialog(FormDialog):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None, order_id: int | None = None) -> None:
        super().__init__(parent, _("New order") if order_id is None else _("Draft order"), ok_text=_("Confirm"))
        self.ctx = ctx
        self.order_id = order_id
        self.saved: OrderDoc | None = None
        centre = ctx.settings()
        self.setMinimumWidth(1000)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        self.ok_button.setToolTip(_("Confirm the order: it gets its number and the customer owes it (Ctrl+Enter)"))
        self.draft_button = QPushButton(_("Save as draft"), self)
        self.draft_button.setObjectName("save_draft")
        self.draft_button.setAutoDefault(False)
        self.buttons.addButton(self.draft_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.draft_button.clicked.connect(self.save_draft)
        self.delete_button = QPushButton(_("Delete the draft"), self)
        self.delete_button.setObjectName("delete_draft")
        self.delete_button.setAutoDefault(False)
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.setVisible(order_id is not None)
        self.delete_button.clicked.connect(self.delete_draft)
        for button in (self.ok_button, self.draft_button, self.delete_button):
            if not ctx.can(Action.EDIT_DOCUMENTS):
                button.setEnabled(False)
                button.setToolTip(ctx.why_not(Action.EDIT_DOCUMENTS))

        self.party = self.add_field(_("Customer"), PartyPicker(ctx, self), name="party", required=True)
        self.price_list = self.add_field(_("Price list"), QComboBox(self), name="price_list", required=True)
        self._lists = {r.id: r for r in ctx.read(catalog.list_price_lists) if r.active}
        for r in self._lists.values():
            self.price_list.addItem(r.name, r.id)
        self.eligibility = self.add_field(_("Eligibility"), QLineEdit(self), name="eligibility", required=True)
        self.eligibility_hint = QLabel(self)
        self.eligibility_hint.setObjectName("eligibility_hint")
        self.eligibility_hint.setWordWrap(True)
        self.eligibility_hint.setStyleSheet(HINT_STYLE)
        self.form.addRow("", self.eligibility_hint)
        self.order_date = self.add_field(_("Order date"), DateEdit(self), name="order_date", required=True)
        self.warehouse = self.add_field(_("Delivered from"), warehouse_combo(ctx, self), name="warehouse")
        self.lines = self.add_field(_("Lines"), LinesEditor(ctx, self, price="list"), name="lines", required=True)
        self.lines.set_pricer(self._price)
        self.deposit = self.add_field(_("Agreed deposit"), MoneyEdit(self, currency=centre.currency), name="deposit")
        self.deposit.setAllowZero(True)
        self.planned = QCheckBox(_("planned on"), self)
        self.planned.setObjectName("planned")
        self.delivery_date = DateEdit(self, value=date.today() + timedelta(days=7))
        self.delivery_date.setObjectName("delivery_date")
        self.delivery_date.setEnabled(False)
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.planned)
        box.addWidget(self.delivery_date)
        box.addStretch(1)
        row.setFocusProxy(self.planned)
        self.delivery = self.add_field(_("Delivery"), row, name="delivery")
        self.place = self.add_field(_("Delivery place"), QLineEdit(self), name="place")
        self.note = self.add_field(_("Note"), QLineEdit(self), name="note")

        self.planned.toggled.connect(self.delivery_date.setEnabled)
        self.price_list.currentIndexChanged.connect(self._list_changed)
        self.order_date.dateChanged.connect(lambda _d: self.lines.reprice())
        self.party.partyChosen.connect(self._party_chosen)
        self._list_changed()
        self.party.setFocus()

    # -- reactions --------------------------------------------------------------------------------
    def _list_changed(self, *_args: object) -> None:
        row = self._lists.get(self.price_list.currentData())
        social = row is not None and row.kind == "social"
        self.form.setRowVisible(self.eligibility.parentWidget(), social)
        self.form.setRowVisible(self.eligibility_hint, social and bool(row and row.eligibility))
        if row is not None:
            self.eligibility_hint.setText(_("Who is eligible: {rule}").format(rule=row.eligibility))
        self.lines.reprice()

    def _party_chosen(self, party_id: int) -> None:
        if not self.place.text().strip():
            detail = self.ctx.read(lambda s: parties.get_party(s, party_id))
            self.place.setText(detail.data.village)

    def _price(self, product_id: int, unit: str, base: Decimal) -> Priced:
        price_list, day = self.price_list.currentData(), self.order_date.value()
        price_unit, price, factor = self.ctx.read(lambda s: orders.price_for(s, price_list, product_id, unit, day))
        units = self.lines.units_of(product_id)
        assert units is not None
        priced = units.unit(price_unit)
        return Priced(price, priced.name if priced else units.base_name, line_amount(base, factor, price))

    # -- the draft ----------------------------------------------------------------------------------
    def draft(self) -> OrderDraft:
        social = self.eligibility.isVisibleTo(self)
        return OrderDraft(
            party_id=self.party.party_id() or 0, price_list_id=self.price_list.currentData(),
            lines=self.lines.line_inputs(), order_date=self.order_date.value(),
            warehouse_id=self.warehouse.currentData(),
            delivery_date=self.delivery_date.value() if self.planned.isChecked() else None,
            delivery_place=self.place.text(), deposit=self.deposit.value() or 0,
            eligibility_note=self.eligibility.text() if social else "", note=self.note.text(),
        )  # fmt: skip

    def load(self, doc: OrderDoc) -> None:
        self.party.set_party(doc.party_id, party_caption(self.ctx, doc.party_id))
        select_data(self.price_list, doc.price_list_id)
        self.eligibility.setText(doc.eligibility_note)
        self.order_date.setValue(doc.order_date)
        select_data(self.warehouse, doc.warehouse_id)
        self.lines.set_lines(
            [
                EnteredLine(x.product_id, x.product_name, x.unit_count, x.unit, x.described, x.unit_price,
                            x.price_unit_name, x.amount)
                for x in doc.lines
            ]
        )  # fmt: skip
        self.deposit.setValue(doc.deposit)
        self.planned.setChecked(doc.delivery_date is not None)
        if doc.delivery_date is not None:
            self.delivery_date.setValue(doc.delivery_date)
        self.place.setText(doc.delivery_place)
        self.note.setText(doc.note)

    def pre_check(self) -> bool:
        self.clear_errors()
        self.lines.error.clear()
        if self.party.error() or self.party.party_id() is None:
            self.show_field_error(self.party, self.party.error() or _("Choose the customer."))
            return False
        if self.deposit.error():
            self.show_field_error(self.deposit, self.deposit.error())
            return False
        return True

    def show_refusal(self, err: DomainError) -> None:
        widget = {
            "party": self.party, "eligibility": self.eligibility, "price_list": self.price_list,
            "deposit": self.deposit, "delivery": self.delivery,
        }.get(REFUSAL_FIELDS.get(err.code, ""))  # fmt: skip
        if widget is not None:
            self.show_field_error(widget, message(err))
        elif err.code.startswith(("stock.", "price.", "quantity.")):
            self.lines.error.setText(message(err))
            self.lines.setFocus()
        else:
            self.show_error(message(err))

    def _save(self, s: object, draft: OrderDraft) -> OrderDoc:
        if self.order_id is None:
            return orders.create_order(s, draft)
        return orders.update_order(s, self.order_id, draft)

    def save_draft(self) -> None:
        if not self.pre_check():
            return
        draft = self.draft()
        try:
            self.saved = self.ctx.workspace.run(lambda s: self._save(s, draft))
        except DomainError as err:
            self.show_refusal(err)
            return
        self.order_id = self.saved.id
        self.ctx.changed.emit({"orders"})
        super().accept()

    def accept(self) -> None:
        """Confirm: save the draft and confirm it in one transaction (nothing is kept when refused)."""
        if not self.ok_button.isEnabled() or not self.pre_check():
            return
        draft, override = self.draft(), ""
        while True:
            try:
                doc = self.ctx.workspace.run(
                    lambda s, why=override: orders.confirm_order(s, self._save(s, draft).id, override_reason=why)
                )
            except DomainError as err:
                if err.code == "credit.limit_exceeded" and self.ctx.can(Action.CANCEL_DOCUMENT) and not override:
                    override = self.ask_override(message(err))
                    if override:
                        continue
                self.show_refusal(err)
                return
            break
        self.saved, self.order_id = doc, doc.id
        self.ctx.changed.emit({"orders", "cash"})
        super().accept()
        order_actions.after_confirm(self.parentWidget(), self.ctx, doc)

    def ask_override(self, text: str) -> str:
        """A manager may go beyond the credit limit with a reason (kept in the event journal)."""
        reason, ok = QInputDialog.getText(
            self, _("Credit limit"), text + "\n\n" + _("Reason to confirm the order all the same:")
        )
        return reason.strip() if ok else ""

    def delete_draft(self) -> None:
        if self.order_id is None:
            return
        answer = QMessageBox.question(self, _("Delete the draft"), _("Delete this draft order?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        order_id = self.order_id
        try:
            self.ctx.workspace.run(lambda s: orders.delete_draft(s, order_id))
        except DomainError as err:
            self.show_error(message(err))
            return
        self.ctx.changed.emit({"orders"})
        self.reject()

    # -- entry points -------------------------------------------------------------------------------
    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext, party_id: int | None = None) -> OrderDoc | None:
        dialog = cls(ctx, parent)
        if party_id is not None:
            dialog.party.set_party(party_id, party_caption(ctx, party_id))
            dialog._party_chosen(party_id)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def edit(cls, parent: QWidget | None, ctx: ViewContext, order_id: int) -> OrderDoc | None:
        dialog = cls(ctx, parent, order_id)
        dialog.load(ctx.read(lambda s: orders.get_order(s, order_id)))
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
