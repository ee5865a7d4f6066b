"""Perte / avarie (MVT): goods gone from a magasin (charançons, humidité, écart de pesée…), with the
mandatory reason, valued at the average cost.

``LossDialog.create(parent, ctx, warehouse_id=None) -> OperationDoc | None``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from centre_app.domain.stock import LOSS_REASONS
from centre_app.services import stock_operations
from centre_app.services.stock_operations import LossDraft, OperationDoc
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.stock_common import select_data, warehouse_combo
from centre_app.views.stock_doc_dialog import StockDocDialog
from centre_app.views.widgets.date_edit import DateEdit


class LossDialog(StockDocDialog):
    REFUSALS: ClassVar[dict[str, str]] = {"stock.reason_required": "detail", "stock.bad_loss_reason": "reason"}

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Loss or damage"), _("Record the loss"), parent)
        self.setMinimumWidth(920)
        self.warehouse = self.add_field(_("Warehouse"), warehouse_combo(ctx, self), name="warehouse", required=True)
        self.day = self.add_field(_("Date"), DateEdit(self, maximum=date.today()), name="day", required=True)
        self.reason = self.add_field(_("Reason"), QComboBox(self), name="reason", required=True)
        self.reason.setPlaceholderText(_("Choose the reason…"))
        for code, label in LOSS_REASONS.items():
            self.reason.addItem(label, code)
        self.reason.setCurrentIndex(-1)
        self.detail = self.add_field(_("Details"), QLineEdit(self), name="detail")
        self.detail.setPlaceholderText(_("What happened (required for « Autre »)"))
        self.lines = self.add_lines(_("Goods lost"))
        self.warehouse.setFocus()

    def pre_check(self) -> bool:
        if self.reason.currentIndex() < 0:
            self.show_field_error(self.reason, _("Choose the reason of the loss."))
            return False
        return True

    def record(self, session: Any) -> OperationDoc:
        draft = LossDraft(
            self.warehouse.currentData(), self.lines.line_inputs(), self.reason.currentData(), self.detail.text(),
            business_date=self.day.value(),
        )  # fmt: skip
        return stock_operations.record_loss(session, draft)

    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext, warehouse_id: int | None = None) -> OperationDoc | None:
        dialog = cls(ctx, parent)
        if warehouse_id is not None:
            select_data(dialog.warehouse, warehouse_id)
        return dialog.run()
