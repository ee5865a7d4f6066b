"""« Inventaires »: open a count sheet per magasin, type the counts (each one recorded at once, so nothing
typed is ever lost: reopening the sheet shows it), see the differences, validate (adjustment movements)
or abandon (manager, with a reason), print the sheet.

Keyboard: in the sheet, type the number counted on a product's row and press Enter: it is recorded and
the next product comes; Tab reaches the unit column (F2 chooses another unit for that product).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_date
from centre_app.domain.permissions import Action
from centre_app.services import inventory
from centre_app.services.inventory import InventorySheet
from centre_app.views import stock_common
from centre_app.views.cash_models import Col, RowsModel, bold, table_view
from centre_app.views.context import ViewContext, run_op
from centre_app.views.delivery_dialog import QuantityDelegate
from centre_app.views.i18n import N_, _
from centre_app.views.inventory_models import COUNT, UNIT, CountsModel, UnitDelegate
from centre_app.views.stock_common import page_button, products, warehouse_combo
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.form_helpers import FormDialog, error_label

AREAS = {"stock", "inventory"}


class OpenInventoryDialog(FormDialog):
    """Which magasin is counted, on which day; movements wait in that magasin until the count ends."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Open an inventory"), ok_text=_("Open the count sheet"))
        self.ctx = ctx
        self.sheet: InventorySheet | None = None
        self.setMinimumWidth(520)
        self.warehouse = self.add_field(_("Warehouse"), warehouse_combo(ctx, self), name="warehouse", required=True)
        self.day = self.add_field(_("Date"), DateEdit(self, maximum=date.today()), name="day", required=True)
        self.note = self.add_field(_("Note"), QLineEdit(self), name="note")
        note = QLabel(_("While the count is open, nothing enters or leaves this warehouse."), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        self.form.addRow(note)
        self.warehouse.setFocus()

    def accept(self) -> None:
        self.clear_errors()
        wid, day, note = self.warehouse.currentData(), self.day.value(), self.note.text()
        try:
            self.sheet = self.ctx.workspace.run(lambda s: inventory.open_inventory(s, wid, day, note))
        except DomainError as err:
            self.show_error(message(err))
            return
        self.ctx.changed.emit(set(AREAS))
        super().accept()


class InventoryPage(QWidget):
    TITLE = N_("Inventories")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sheet: InventorySheet | None = None
        columns = (
            Col(N_("No."), lambda r: r.number),
            Col(N_("Warehouse"), lambda r: r.warehouse_name),
            Col(N_("Date"), lambda r: format_date(r.business_date)),
            Col(N_("State"), lambda r: r.status_label),
        )
        self.list_model = RowsModel(columns, parent=self)
        self.list_table = table_view(self, self.list_model, "inventories", stretch=1)
        self.list_table.setMaximumHeight(150)
        self.open_button = page_button(self, ctx, _("Open an inventory…"), self.open_new, Action.EDIT_DOCUMENTS)
        self.validate_button = page_button(self, ctx, _("Validate…"), self.validate, Action.EDIT_DOCUMENTS)
        self.abandon_button = page_button(self, ctx, _("Abandon…"), self.abandon, Action.CANCEL_DOCUMENT)
        self.print_button = page_button(self, ctx, _("Print the sheet"), self.print_sheet)
        side = QVBoxLayout()
        for button in (self.open_button, self.validate_button, self.abandon_button, self.print_button):
            side.addWidget(button)
        side.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.list_table, 1)
        top.addLayout(side)

        self.header = QLabel(self)
        self.header.setObjectName("sheet_header")
        self.header.setFont(bold(1))
        self.uncounted_only = QCheckBox(_("Only the products not counted yet"), self)
        self.uncounted_only.setObjectName("uncounted_only")
        head = QHBoxLayout()
        head.addWidget(self.header, 1)
        head.addWidget(self.uncounted_only)
        self.counts = CountsModel(self)
        self.counts.set_units({p.id: p.units for p in products(ctx, active_only=False)})
        self.table = table_view(self, self.counts, "counts", stretch=0)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.count_delegate = QuantityDelegate(self.table)
        self.table.setItemDelegateForColumn(COUNT, self.count_delegate)
        self.table.setItemDelegateForColumn(UNIT, UnitDelegate(self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.error = error_label(self, "count_error")
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        self.counts.countTyped.connect(self.record_count)
        self.count_delegate.closeEditor.connect(self._typed)
        self.list_table.selectionModel().currentRowChanged.connect(lambda current, _p: self.show_row(current.row()))
        self.uncounted_only.toggled.connect(lambda _c: self.show_sheet())
        ctx.changed.connect(self._on_changed)
        self.refresh()

    # -- display -----------------------------------------------------------------------------------
    def _on_changed(self, areas: set[str]) -> None:
        if areas & AREAS:
            self.refresh()

    def refresh(self) -> None:
        """Reload the list and the sheet shown (an open count first when nothing is chosen yet)."""
        keep = self.sheet.id if self.sheet else None
        rows = self.ctx.read(inventory.list_inventories)
        self.list_model.set_rows(rows)
        target = next((i for i, r in enumerate(rows) if r.id == keep), None)
        if target is None:
            target = next((i for i, r in enumerate(rows) if r.status == "ouvert"), 0 if rows else None)
        if target is None:
            self.sheet = None
            self.show_sheet()
            return
        selection = self.list_table.selectionModel()
        selection.blockSignals(True)  # the sheet is loaded once, just below
        selection.setCurrentIndex(
            self.list_model.index(target, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        selection.blockSignals(False)
        self.list_table.viewport().update()
        self.show_row(target)

    def show_row(self, row: int) -> None:
        if not 0 <= row < self.list_model.rowCount():
            return
        inventory_id = self.list_model.row_at(row).id
        self.sheet = self.ctx.read(lambda s: inventory.get_inventory(s, inventory_id))
        self.show_sheet()

    def show_sheet(self) -> None:
        sheet = self.sheet
        is_open = sheet is not None and sheet.status == "ouvert"
        for button, action in ((self.validate_button, Action.EDIT_DOCUMENTS), (self.abandon_button,
                                                                               Action.CANCEL_DOCUMENT)):  # fmt: skip
            button.setEnabled(is_open and self.ctx.can(action))
        self.print_button.setEnabled(sheet is not None)
        if sheet is None:
            self.header.setText(_("No inventory yet: open one to count a warehouse."))
            self.counts.set_rows([], False)
            self.summary.clear()
            return
        lines = [x for x in sheet.lines if x.counted is None] if self.uncounted_only.isChecked() else sheet.lines
        self.counts.set_rows(lines, is_open and self.ctx.can(Action.EDIT_DOCUMENTS))
        self.header.setText(
            _("{number} — {warehouse} — {day} — {state}").format(
                number=sheet.number, warehouse=sheet.warehouse_name, day=format_date(sheet.business_date),
                state=sheet.status_label,
            )
        )  # fmt: skip
        self._summarise()
        if is_open:
            first = next((i for i, x in enumerate(lines) if x.counted is None), 0)
            if lines:
                self.table.setCurrentIndex(self.counts.index(first, COUNT))

    def _summarise(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        rows = sheet.lines
        counted = sum(1 for x in rows if x.counted is not None)
        gaps = sum(1 for x in rows if x.difference)
        text = _("{counted} of {total} products counted — {gaps} differences").format(
            counted=counted, total=len(rows), gaps=gaps
        )
        if sheet.status == "abandonne" and sheet.close_reason:
            text += " — " + _("abandoned: {reason}").format(reason=sheet.close_reason)
        self.summary.setText(text)

    # -- counting ------------------------------------------------------------------------------------
    def record_count(self, row: int, text: str, unit: str) -> None:
        """Record what was typed at once: a count is never lost, even if the sheet is closed right after."""
        sheet = self.sheet
        if sheet is None:
            return
        line = self.counts.row_at(row)
        self.error.clear()
        try:
            saved = self.ctx.workspace.run(lambda s: inventory.enter_count(s, sheet.id, line.product_id, text, unit))
        except DomainError as err:
            self.error.setText(_("{product}: {reason}").format(product=line.product_name, reason=message(err)))
            return
        self.counts.update_row(row, saved)
        self.sheet = self.ctx.read(lambda s: inventory.get_inventory(s, sheet.id))
        self._summarise()

    def _typed(self, _editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: on to the next product
            row = self.table.currentIndex().row()
            if 0 <= row < self.counts.rowCount() - 1:
                self.table.setCurrentIndex(self.counts.index(row + 1, COUNT))

    # -- actions --------------------------------------------------------------------------------------
    def open_new(self) -> None:
        dialog = OpenInventoryDialog(self.ctx, self)
        if dialog.exec() and dialog.sheet is not None:
            self.sheet = dialog.sheet
            self.refresh()
            self.table.setFocus()

    def validate(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        counted = sum(1 for x in sheet.lines if x.counted is not None)
        gaps = sum(1 for x in sheet.lines if x.difference)
        question = _("Validate {number}? {counted} of {total} products counted, {gaps} differences: each "
                     "difference becomes an inventory adjustment, and the sheet can no longer change.").format(
            number=sheet.number, counted=counted, total=len(sheet.lines), gaps=gaps)  # fmt: skip
        if QMessageBox.question(self, _("Validate the inventory"), question) != QMessageBox.StandardButton.Yes:
            return
        try:
            done = self.ctx.workspace.run(lambda s: inventory.validate_inventory(s, sheet.id))
        except DomainError as err:
            if err.code != "inventory.uncounted":
                QMessageBox.warning(self, _("Action refused"), message(err))
                return
            answer = QMessageBox.question(
                self, _("Products not counted"),
                message(err) + "\n\n" + _("Validate all the same? The products not counted keep their "
                                          "theoretical stock (no adjustment)."),
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
            done = run_op(self, self.ctx, lambda s: inventory.validate_inventory(s, sheet.id, skip_uncounted=True))
            if done is None:
                return
        self.sheet = done
        self.ctx.changed.emit(set(AREAS))

    def abandon(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        reason, ok = QInputDialog.getText(
            self, _("Abandon the inventory"),
            _("Why is {number} abandoned? The counts typed stay on record.").format(number=sheet.number),
        )  # fmt: skip
        if ok:
            run_op(self, self.ctx, lambda s: inventory.abandon_inventory(s, sheet.id, reason), areas=AREAS)

    def print_sheet(self) -> None:
        if self.sheet is not None:
            stock_common.preview(self, self.ctx, "inventory_sheet_pdf", (self.sheet.id,),
                                 _("Inventory {number}").format(number=self.sheet.number),
                                 f"{self.sheet.number}.pdf")  # fmt: skip
