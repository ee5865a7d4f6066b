"""Transfert entre magasins (MVT): goods leave one magasin at their average cost and enter another.

``TransferDialog.create(parent, ctx, from_warehouse_id=None) -> OperationDoc | None``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from PySide6.QtWidgets import QLineEdit, QWidget

from centre_app.services import stock_operations
from centre_app.services.stock_operations import OperationDoc, TransferDraft
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.stock_common import select_data, warehouse_combo
from centre_app.views.stock_doc_dialog import StockDocDialog
from centre_app.views.widgets.date_edit import DateEdit


class TransferDialog(StockDocDialog):
    REFUSALS: ClassVar[dict[str, str]] = {"stock.same_warehouse": "destination"}

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Transfer between warehouses"), _("Validate the transfer"), parent)
        self.setMinimumWidth(920)
        self.warehouse = self.add_field(_("From warehouse"), warehouse_combo(ctx, self), name="warehouse",
                                        required=True)  # fmt: skip
        self.destination = self.add_field(_("To warehouse"), warehouse_combo(ctx, self), name="destination",
                                          required=True)  # fmt: skip
        if self.destination.count() > 1:
            self.destination.setCurrentIndex(1)  # the first village bank: never the same as the source
        self.day = self.add_field(_("Date"), DateEdit(self, maximum=date.today()), name="day", required=True)
        self.lines = self.add_lines(_("Goods moved"))
        self.note = self.add_field(_("Note"), QLineEdit(self), name="note")
        self.note.setPlaceholderText(_("Vehicle, driver, reason of the transfer…"))
        self.warehouse.setFocus()

    def record(self, session: Any) -> OperationDoc:
        draft = TransferDraft(
            self.warehouse.currentData(), self.destination.currentData(), self.lines.line_inputs(),
            business_date=self.day.value(), note=self.note.text(),
        )  # fmt: skip
        return stock_operations.record_transfer(session, draft)

    @classmethod
    def create(
        cls, parent: QWidget | None, ctx: ViewContext, from_warehouse_id: int | None = None
    ) -> OperationDoc | None:
        dialog = cls(ctx, parent)
        if from_warehouse_id is not None:
            select_data(dialog.warehouse, from_warehouse_id)
            if dialog.destination.currentData() == from_warehouse_id:
                dialog.destination.setCurrentIndex(0)
        return dialog.run()
