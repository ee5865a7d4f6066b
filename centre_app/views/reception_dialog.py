"""Bon de réception (BR): goods received from a supplier (with the cost of each line) or given (don), into
one magasin; bought on credit, the centre owes the supplier until the date given. Prints the BR.

``ReceptionDialog.create(parent, ctx, warehouse_id=None) -> ReceptionDoc | None``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from centre_app.domain.stock import RECEPTION_ORIGINS
from centre_app.services import stock
from centre_app.services.stock import ReceptionDoc, ReceptionDraft
from centre_app.views import stock_common
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.stock_common import select_data, warehouse_combo
from centre_app.views.stock_doc_dialog import StockDocDialog
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.party_picker import PartyPicker

ORIGINS = ("achat", "don")  # « en nature » comes from a receipt in kind (caisse)


class ReceptionDialog(StockDocDialog):
    REFUSALS: ClassVar[dict[str, str]] = {
        "stock.supplier_required": "supplier",
        "stock.supplier_party_required": "supplier",
        "not_found": "supplier",
    }
    AREAS: ClassVar[set[str]] = {"stock", "cash"}

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Reception of goods"), _("Validate the reception"), parent)
        self.setMinimumWidth(900)
        self.origin = self.add_field(_("Origin"), QComboBox(self), name="origin", required=True)
        for code in ORIGINS:
            self.origin.addItem(RECEPTION_ORIGINS[code], code)
        self.supplier = self.add_field(_("Supplier or donor"), PartyPicker(ctx, self), name="supplier", required=True)
        self.supplier_name = self.add_field(_("Or a name"), QLineEdit(self), name="supplier_name")
        self.supplier_name.setPlaceholderText(_("Supplier or donor who is not a registered party"))
        self.reference = self.add_field(_("Supplier's reference"), QLineEdit(self), name="reference")
        self.reference.setPlaceholderText(_("Number of the supplier's delivery note or invoice"))
        self.warehouse = self.add_field(_("Into warehouse"), warehouse_combo(ctx, self), name="warehouse",
                                        required=True)  # fmt: skip
        self.day = self.add_field(_("Date"), DateEdit(self, maximum=date.today()), name="day", required=True)
        self.lines = self.add_lines(_("Goods received"), price="cost")
        self.on_credit = QCheckBox(_("bought on credit, to pay by"), self)
        self.on_credit.setObjectName("on_credit")
        self.due_date = DateEdit(self, value=date.today() + timedelta(days=30))
        self.due_date.setObjectName("due_date")
        self.due_date.setEnabled(False)
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.on_credit)
        box.addWidget(self.due_date)
        box.addStretch(1)
        row.setFocusProxy(self.on_credit)
        self.payment = self.add_field(_("Payment"), row, name="payment")
        self.note = self.add_field(_("Note"), QLineEdit(self), name="note")
        self.on_credit.toggled.connect(self.due_date.setEnabled)
        self.supplier.partyChosen.connect(lambda _id: self.supplier_name.clear())
        self.supplier_name.textEdited.connect(self._name_typed)
        self.origin.currentIndexChanged.connect(self._origin_changed)
        self._origin_changed()
        self.origin.setFocus()

    def _name_typed(self, text: str) -> None:
        if text.strip() and self.supplier.text():
            self.supplier.set_party(None)  # a free name replaces the chosen party

    def _origin_changed(self, *_args: object) -> None:
        gift = self.origin.currentData() == "don"
        self.form.setRowVisible(self.payment.parentWidget(), not gift)
        self.lines.cost.setPlaceholderText(_("value per unit") if gift else _("price per unit"))

    def pre_check(self) -> bool:
        if self.supplier.error():
            self.show_field_error(self.supplier, self.supplier.error())
            return False
        return True

    def draft(self) -> ReceptionDraft:
        on_credit = self.on_credit.isChecked() and self.origin.currentData() == "achat"
        return ReceptionDraft(
            warehouse_id=self.warehouse.currentData(), lines=self.lines.line_inputs(),
            origin=self.origin.currentData(), supplier_id=self.supplier.party_id(),
            supplier_name=self.supplier_name.text(), supplier_reference=self.reference.text(),
            business_date=self.day.value(), note=self.note.text(),
            payable_due_date=self.due_date.value() if on_credit else None,
        )  # fmt: skip

    def record(self, session: Any) -> ReceptionDoc:
        return stock.record_reception(session, self.draft())

    def after(self, doc: ReceptionDoc) -> None:
        stock_common.preview(self.parentWidget(), self.ctx, "reception_pdf", (doc.id,),
                             _("Reception note {number}").format(number=doc.number), f"{doc.number}.pdf")  # fmt: skip

    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext, warehouse_id: int | None = None) -> ReceptionDoc | None:
        dialog = cls(ctx, parent)
        if warehouse_id is not None:
            select_data(dialog.warehouse, warehouse_id)
        return dialog.run()
