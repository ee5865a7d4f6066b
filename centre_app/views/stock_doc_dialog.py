"""Base of the stock document forms (réception, transfert, perte): lines typed in packaging units, one
service call on validation, the refusal shown beside its field with everything typed kept.

A subclass builds its fields, gives ``record(session)`` (the service call) and may print the result in
``after(doc)``; ``REFUSALS`` maps a refusal code to the attribute name of the field that shows it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import QDialog, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.permissions import Action
from centre_app.views.context import ViewContext
from centre_app.views.stock_lines import LinesEditor
from centre_app.views.widgets.form_helpers import FormDialog

# Where the shared refusals show; the subclasses add their own.
COMMON_REFUSALS = {
    "stock.future_date": "day",
    "stock.warehouse_inactive": "warehouse",
    "stock.inventory_open": "warehouse",
    "stock.before_inventory": "day",
}


class StockDocDialog(FormDialog):
    REFUSALS: ClassVar[dict[str, str]] = {}
    AREAS: ClassVar[set[str]] = {"stock"}

    def __init__(self, ctx: ViewContext, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, title, ok_text=ok_text)
        self.ctx = ctx
        self.doc: Any = None
        if not ctx.can(Action.EDIT_DOCUMENTS):
            self.ok_button.setEnabled(False)
            self.ok_button.setToolTip(ctx.why_not(Action.EDIT_DOCUMENTS))

    def add_lines(self, label: str, price: str = "none") -> LinesEditor:
        editor = LinesEditor(self.ctx, self, price=price)
        self.add_field(label, editor, name="lines", required=True)
        return editor

    # -- to give --------------------------------------------------------------------------------
    def record(self, session: Any) -> Any:
        raise NotImplementedError

    def pre_check(self) -> bool:
        """As-you-type leftovers the service cannot see (a name typed but not chosen…)."""
        return True

    def after(self, doc: Any) -> None:
        """After validation (the dialog is closed): print the document."""

    # -- validation --------------------------------------------------------------------------------
    def show_refusal(self, err: DomainError) -> None:
        name = {**COMMON_REFUSALS, **self.REFUSALS}.get(err.code)
        widget = getattr(self, name, None) if name else None
        lines = getattr(self, "lines", None)
        if isinstance(widget, QWidget) and not isinstance(widget, LinesEditor):
            self.show_field_error(widget, message(err))
        elif isinstance(lines, LinesEditor) and err.code.startswith(("stock.", "quantity.", "money.")):
            lines.error.setText(message(err))
            lines.setFocus()
        else:
            self.show_error(message(err))

    def accept(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self.clear_errors()
        lines = getattr(self, "lines", None)
        if isinstance(lines, LinesEditor):
            lines.error.clear()
        if not self.pre_check():
            return
        try:
            doc = self.ctx.workspace.run(self.record)
        except DomainError as err:
            self.show_refusal(err)
            return
        self.doc = doc
        self.ctx.changed.emit(set(self.AREAS))
        super().accept()
        self.after(doc)

    def run(self) -> Any:
        return self.doc if self.exec() == QDialog.DialogCode.Accepted else None
