"""The parts of a draft OP contract (or avenant) typed line by line: échéancier, obligations, indicators,
signatories. Each editor is an entry row above a table of what was added.

    schedule = ScheduleEditor(ctx, self)          # .set_planned(600_000) shows the difference live
    schedule.inputs() -> tuple[ScheduleInput, ...]  # what op_contract_drafts takes
    schedule.set_inputs([...])

Keyboard: Enter moves to the next entry field and, on the last one, adds the line and comes back to the
first; Delete removes the selected line; F2 (or a double-click) takes a line back into the entry fields.
The checks are the services'; the editors only refuse an empty line or a figure that is not a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.op_contracts import SIDES, add_months
from centre_app.services.op_contract_drafts import IndicatorInput, ObligationInput, ScheduleInput, SignatoryInput
from centre_app.views.cash_models import money, table_view
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.list_page import Column
from centre_app.views.op_contract_models import (
    decimal_text,
    indicator_input_columns,
    obligation_input_columns,
    quantity_error,
    schedule_input_columns,
    signatory_columns,
)
from centre_app.views.rows_model import RowsModel
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.form_helpers import ERROR_STYLE, error_label
from centre_app.views.widgets.money_edit import MoneyEdit

RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
OK_STYLE = "color: #2e7d32;"


def side_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for key, label in SIDES.items():
        combo.addItem(label, key)
    return combo


class PartsEditor(QWidget):
    """Entry row (``entries``, with their captions) + Add/Remove + table; see the module docstring."""

    changed = Signal()

    def __init__(self, parent: QWidget | None, name: str, columns: Sequence[Column]) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.entries: list[QWidget] = []
        self.model = RowsModel(columns, self)
        self.table = table_view(self, self.model, f"{name}_table")
        stretch = next((i for i, c in enumerate(columns) if c.stretch), None)
        if stretch is not None:
            self.table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(110)
        self.table.doubleClicked.connect(lambda index: self.take_back(index.row()))
        self.error = error_label(self, f"{name}_error")
        self.add_button = QPushButton(_("Add the line"), self)
        self.add_button.setObjectName(f"{name}_add")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_current)
        self.remove_button = QPushButton(_("Remove the line"), self)
        self.remove_button.setObjectName(f"{name}_remove")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(1)
        self.bottom = QGridLayout()
        self.bottom.addWidget(self.remove_button, 0, 0)
        self.bottom.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.bottom)

    def entry(self, caption: str, widget: QWidget, name: str, stretch: int = 0) -> Any:
        """An entry field with its caption above it, in the order Enter goes through them."""
        column = len(self.entries)
        widget.setObjectName(name)
        label = QLabel(caption, self)
        label.setBuddy(widget)
        self.grid.addWidget(label, 0, column)
        self.grid.addWidget(widget, 1, column)
        self.grid.setColumnStretch(column, stretch)
        self.entries.append(widget)
        self.grid.addWidget(self.add_button, 1, column + 1)
        self.setFocusProxy(self.entries[0])
        return widget

    # -- to implement ----------------------------------------------------------------------------------
    def read_entry(self) -> Any:
        """The typed line as an input DTO; raises ValueError with the French reason (and focuses the field)."""
        raise NotImplementedError

    def fill(self, value: Any) -> None:
        raise NotImplementedError

    def clear_entry(self) -> None:
        raise NotImplementedError

    # -- API ------------------------------------------------------------------------------------------
    def inputs(self) -> tuple[Any, ...]:
        return tuple(self.model.rows())

    def set_inputs(self, rows: Sequence[Any]) -> None:
        self.model.set_rows(self.sorted(list(rows)))
        self._changed()

    def sorted(self, rows: list[Any]) -> list[Any]:
        return rows

    def set_editable(self, editable: bool) -> None:
        for widget in [*self.entries, self.add_button, self.remove_button]:
            widget.setVisible(editable)
        for i in range(self.grid.count()):
            item = self.grid.itemAt(i)
            if item is not None and isinstance(item.widget(), QLabel):
                item.widget().setVisible(editable)

    def add_current(self) -> bool:
        self.error.clear()
        try:
            value = self.read_entry()
        except ValueError as reason:
            self.error.setText(str(reason))
            return False
        self.model.set_rows(self.sorted([*self.model.rows(), value]))
        self.clear_entry()
        self.entries[0].setFocus(Qt.FocusReason.OtherFocusReason)
        self._changed()
        return True

    def remove_selected(self) -> None:
        rows = self.model.rows()
        row = self.table.currentIndex().row()
        if 0 <= row < len(rows):
            del rows[row]
            self.model.set_rows(rows)
            self._changed()

    def take_back(self, row: int) -> None:
        rows = self.model.rows()
        if not 0 <= row < len(rows) or not self.add_button.isVisible():
            return
        value = rows.pop(row)
        self.model.set_rows(rows)
        self.fill(value)
        self.entries[0].setFocus(Qt.FocusReason.OtherFocusReason)
        self._changed()

    def _changed(self) -> None:
        self.changed.emit()

    def _fail(self, widget: QWidget, text: str) -> None:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        raise ValueError(text)

    # -- keyboard -------------------------------------------------------------------------------------
    def _entry_of(self, widget: QWidget | None) -> int | None:
        while widget is not None and widget is not self:
            if widget in self.entries:
                return self.entries.index(widget)
            widget = widget.parentWidget()
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        focus = QApplication.focusWidget()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if focus is self.table or (focus is not None and self.table.isAncestorOf(focus)):
            if event.key() == Qt.Key.Key_Delete:
                self.remove_selected()
                return
            if event.key() == Qt.Key.Key_F2:
                self.take_back(self.table.currentIndex().row())
                return
        index = self._entry_of(focus)
        if event.key() in RETURN_KEYS and not ctrl and index is not None:
            if index == len(self.entries) - 1:
                self.add_current()
            else:
                self.entries[index + 1].setFocus(Qt.FocusReason.TabFocusReason)
            return
        super().keyPressEvent(event)


class ScheduleEditor(PartsEditor):
    """Dated payments; the total is compared with the planned amount as you type (``set_planned``)."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None, name: str = "schedule") -> None:
        super().__init__(parent, name, schedule_input_columns(_cur(ctx)))
        self.cur = _cur(ctx)
        self.planned = 0
        self.due_date = self.entry(_("Due date"), DateEdit(self), "line_due_date")
        self.amount = self.entry(_("Amount"), MoneyEdit(self, currency=self.cur[0]), "line_amount", 1)
        self.label = self.entry(_("Description"), QLineEdit(self), "line_label", 3)
        self.label.setPlaceholderText(_("Advance, second instalment, balance…"))
        self.total = QLabel(self)
        self.total.setObjectName(f"{name}_total")
        self.bottom.addWidget(self.total, 0, 2)
        self._changed()

    def sorted(self, rows: list[Any]) -> list[Any]:
        return sorted(rows, key=lambda x: x.due_date)

    def read_entry(self) -> ScheduleInput:
        if self.amount.error() or not self.amount.value():
            self._fail(self.amount, self.amount.error() or _("Type the amount of the payment."))
        return ScheduleInput(self.due_date.value(), self.amount.value() or 0, self.label.text().strip())

    def fill(self, value: ScheduleInput) -> None:
        self.due_date.setValue(value.due_date)
        self.amount.setValue(value.amount)
        self.label.setText(value.label)

    def clear_entry(self) -> None:
        self.due_date.setValue(add_months(self.due_date.value(), 1))  # the next instalment, a month later
        self.amount.setValue(None)
        self.label.clear()

    def set_planned(self, amount: int | None) -> None:
        self.planned = amount or 0
        self._changed()

    def total_amount(self) -> int:
        return sum(x.amount for x in self.model.rows())

    def difference(self) -> int:
        return self.total_amount() - self.planned

    def _changed(self) -> None:
        if hasattr(self, "total"):
            gap = self.difference()
            text = _("Total of the schedule: {total} — planned amount: {planned}").format(
                total=money(self.total_amount(), self.cur), planned=money(self.planned, self.cur)
            )
            if gap:
                text += " — " + _("difference: {gap}").format(gap=money(gap, self.cur))
            self.total.setText(text)
            self.total.setStyleSheet(ERROR_STYLE if gap else OK_STYLE)
        super()._changed()


class ObligationsEditor(PartsEditor):
    """What each party must do: responsible side, deliverable, quantity and unit, due date (or none)."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None, name: str = "obligations") -> None:
        super().__init__(parent, name, obligation_input_columns())
        self.side = self.entry(_("Responsible"), side_combo(self), "obligation_side")
        self.deliverable = self.entry(_("Deliverable"), QLineEdit(self), "obligation_deliverable", 4)
        self.deliverable.setPlaceholderText(_("What is to be done or delivered"))
        self.quantity = self.entry(_("Quantity"), QLineEdit(self), "obligation_quantity", 1)
        self.unit = self.entry(_("Unit"), QLineEdit(self), "obligation_unit", 1)
        self.unit.setPlaceholderText(_("heads, bags, sessions…"))
        self.dated = QCheckBox(_("due on"), self)
        self.dated.setChecked(True)
        self.dated.setObjectName("obligation_dated")
        self.due_date = DateEdit(self)
        self.due_date.setObjectName("obligation_due_date")
        box = QWidget(self)
        row = QGridLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.dated, 0, 0)
        row.addWidget(self.due_date, 0, 1)
        box.setFocusProxy(self.due_date)
        self.entry(_("Due date"), box, "obligation_due")
        self.dated.toggled.connect(self.due_date.setEnabled)
        self.quantity.textEdited.connect(lambda text: self.error.setText(quantity_error(text)))

    def read_entry(self) -> ObligationInput:
        if not self.deliverable.text().strip():
            self._fail(self.deliverable, _("Type the deliverable."))
        reason = quantity_error(self.quantity.text())
        if reason:
            self._fail(self.quantity, reason)
        return ObligationInput(
            self.side.currentData(), self.deliverable.text().strip(),
            self.due_date.value() if self.dated.isChecked() else None, self.quantity.text().strip() or None,
            self.unit.text().strip(),
        )  # fmt: skip

    def fill(self, value: ObligationInput) -> None:
        self.side.setCurrentIndex(max(self.side.findData(value.side), 0))
        self.deliverable.setText(value.deliverable)
        self.quantity.setText(decimal_text(value.quantity))
        self.unit.setText(value.unit)
        self.dated.setChecked(value.due_date is not None)
        if value.due_date is not None:
            self.due_date.setValue(value.due_date)

    def clear_entry(self) -> None:
        self.deliverable.clear()
        self.quantity.clear()
        self.unit.clear()


class IndicatorsEditor(PartsEditor):
    """Performance indicators: name, target and unit (« Têtes commercialisées, 400 têtes »)."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None, name: str = "indicators") -> None:
        super().__init__(parent, name, indicator_input_columns())
        self.name = self.entry(_("Indicator"), QLineEdit(self), "indicator_name", 4)
        self.target = self.entry(_("Target"), QLineEdit(self), "indicator_target", 1)
        self.unit = self.entry(_("Unit"), QLineEdit(self), "indicator_unit", 1)
        self.unit.setPlaceholderText(_("heads, %, tonnes…"))
        self.target.textEdited.connect(lambda text: self.error.setText(quantity_error(text)))

    def read_entry(self) -> IndicatorInput:
        if not self.name.text().strip():
            self._fail(self.name, _("Type the name of the indicator."))
        if not self.target.text().strip():
            self._fail(self.target, _("Type the target."))
        reason = quantity_error(self.target.text())
        if reason:
            self._fail(self.target, reason)
        return IndicatorInput(self.name.text().strip(), self.target.text().strip(), self.unit.text().strip())

    def fill(self, value: IndicatorInput) -> None:
        self.name.setText(value.name)
        self.target.setText(decimal_text(value.target))
        self.unit.setText(value.unit)

    def clear_entry(self) -> None:
        for widget in (self.name, self.target, self.unit):
            widget.clear()


class SignatoriesEditor(PartsEditor):
    """Who signs for the centre and for the OP, with their capacity (« président », « gestionnaire »)."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None, name: str = "signatories") -> None:
        super().__init__(parent, name, signatory_columns())
        self.side = self.entry(_("Contracting party"), side_combo(self), "signatory_side")
        self.name = self.entry(_("Signatory"), QLineEdit(self), "signatory_name", 3)
        self.capacity = self.entry(_("Capacity"), QLineEdit(self), "signatory_capacity", 2)
        self.capacity.setPlaceholderText(_("president, manager…"))
        self.table.setMinimumHeight(80)

    def read_entry(self) -> SignatoryInput:
        if not self.name.text().strip():
            self._fail(self.name, _("Type the name of the signatory."))
        return SignatoryInput(self.side.currentData(), self.name.text().strip(), self.capacity.text().strip())

    def fill(self, value: SignatoryInput) -> None:
        self.side.setCurrentIndex(max(self.side.findData(value.side), 0))
        self.name.setText(value.name)
        self.capacity.setText(value.capacity)

    def clear_entry(self) -> None:
        self.name.clear()
        self.capacity.clear()


def _cur(ctx: ViewContext) -> tuple[str, str]:
    centre = ctx.settings()
    return centre.currency, centre.locale
