"""The animal lines of a livestock contract as typed on market day: one animal or a homogeneous lot per line.

    editor = AnimalLinesEditor(ctx, choices, parent)   # choices: services.livestock_choices.ContractChoices
    editor.set_resale(True)                 # achat-revente: the « purchase price per head » column shows
    editor.line_inputs() -> tuple[AnimalLineInput, ...]   # the non-blank lines, as the services take them
    editor.amounts() -> list[LineAmounts]   # complete lines, for the running totals (domain.livestock.compute)
    editor.linesChanged.connect(...)

Keyboard, no mouse needed: typing in a cell fills it (in a list, letters pick the matching choice, accents
ignored: « boe » → bœuf); Enter or Tab keeps the value and goes to the next cell (the next line after the
last cell; a new line, same species, after the last line); Shift+Tab goes back. F7 or Ctrl+D copies the
previous line (the cursor then waits in « brand / ear tag »); Delete (Suppr) removes the line; F2 edits.
The cell models live in livestock_line_model.py.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRegularExpression, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.livestock import LineAmounts
from centre_app.domain.text import search_key
from centre_app.services.livestock_choices import ContractChoices
from centre_app.services.livestock_rules import AnimalLineInput
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.livestock_line_model import (
    AMOUNT,
    BREED,
    COLUMNS,
    COST,
    MARKS,
    AnimalLine,
    AnimalLinesModel,
)
from centre_app.views.widgets.form_helpers import error_label
from centre_app.views.widgets.money_edit import MoneyEdit

Index = QModelIndex | QPersistentModelIndex
RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
TYPING_PAUSE = 1.5  # seconds: a longer pause starts a new search in a list cell
WIDTHS = (64, 112, 140, 62, 52, 46, 104, 100, 96, 62, 60, 48, 82, 82, 92)  # the breed column takes what is left


class ChoiceBox(QComboBox):
    """A list cell: letters typed pick the first choice starting with them (accents and case ignored)."""

    def __init__(self, choices: list[tuple[Any, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values = [value for value, _label in choices]
        self.addItems([label for _value, label in choices])
        self.setMaxVisibleItems(20)
        self._typed = ""
        self._last = 0.0

    def value(self) -> Any:
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    def set_value(self, value: Any) -> None:
        same = [i for i, v in enumerate(self._values) if v == value and type(v) is type(value)]
        self.setCurrentIndex(same[0] if same else (0 if self._values else -1))

    def find(self, typed: str) -> int:
        key = search_key(typed)
        if not key:
            return -1
        labels = [search_key(self.itemText(i)) for i in range(self.count())]
        for test in (
            lambda label: label.startswith(key),
            lambda label: any(word.startswith(key) for word in label.replace("(", " ").split()),
            lambda label: key in label,
        ):
            found = next((i for i, label in enumerate(labels) if test(label)), -1)
            if found >= 0:
                return found
        return -1

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if plain and event.key() == Qt.Key.Key_Backspace:
            self._typed = self._typed[:-1]
            event.accept()
            return
        if plain and text and text.isprintable():
            moment = time.monotonic()
            self._typed = (self._typed if moment - self._last < TYPING_PAUSE else "") + text
            self._last = moment
            found = self.find(self._typed)
            if found < 0 and len(self._typed) > 1:
                self._typed = text
                found = self.find(text)
            if found >= 0:
                self.setCurrentIndex(found)
            event.accept()
            return
        super().keyPressEvent(event)


def _digits_edit(parent: QWidget, pattern: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), edit))
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return edit


class LineDelegate(QStyledItemDelegate):
    """The editor of each kind of cell: a ChoiceBox, a MoneyEdit, digits or free text."""

    def __init__(self, model: AnimalLinesModel, currency: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = model
        self.currency = currency

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        kind = COLUMNS[index.column()].kind
        if kind == "choice":
            return ChoiceBox(self.model.choices(index.row(), index.column()), parent)
        if kind == "money":
            return MoneyEdit(parent, currency=self.currency)
        if kind == "int":
            return _digits_edit(parent, r"\d{0,5}")
        if kind == "weight":
            return _digits_edit(parent, r"\d{0,4}([,.]\d{0,2})?")
        edit = QLineEdit(parent)
        edit.setMaxLength(200)
        return edit

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, ChoiceBox):
            editor.set_value(value)
        elif isinstance(editor, MoneyEdit):
            editor.setValue(value)
            editor.selectAll()
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, ChoiceBox):
            value: Any = editor.value()
        elif isinstance(editor, MoneyEdit):
            value = editor.value()
        elif isinstance(editor, QLineEdit):
            text = editor.text().strip()
            value = (int(text) if text else None) if COLUMNS[index.column()].kind == "int" else text
        else:
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)


class AnimalTable(QTableView):
    """The grid: Enter and Tab go forward cell by cell (a new line after the last), Shift+Tab back."""

    def __init__(self, model: AnimalLinesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.lines = model
        self.setObjectName("animal_lines")
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.verticalHeader().setMinimumWidth(28)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumHeight(2 * self.fontMetrics().height() + 8)
        for column, width in enumerate(WIDTHS):
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(BREED, QHeaderView.ResizeMode.Stretch)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if not self.currentIndex().isValid() and self.lines.rowCount():
            self.setCurrentIndex(self.lines.index(0, 0))

    def entry_columns(self) -> list[int]:
        return [c for c in range(len(COLUMNS)) if c != AMOUNT and not self.isColumnHidden(c)]

    def go_to(self, row: int, column: int, *, edit: bool = True) -> None:
        index = self.lines.index(row, column)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        if edit:
            self.edit(index)

    def advance(self) -> None:
        """The next cell to type in: the rest of this line, then the next line (a new one after the last)."""
        current = self.currentIndex()
        row, column = (current.row(), current.column()) if current.isValid() else (0, -1)
        columns = self.entry_columns()
        later = [c for c in columns if c > column]
        if later:
            self.go_to(row, later[0])
            return
        if row + 1 >= self.lines.rowCount():
            self.lines.append_line()
        self.go_to(row + 1, columns[0])

    def retreat(self) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        columns = self.entry_columns()
        earlier = [c for c in columns if c < current.column()]
        if earlier:
            self.go_to(current.row(), earlier[-1])
        elif current.row() > 0:
            self.go_to(current.row() - 1, columns[-1])

    def finish_editing(self) -> None:
        """Keep what the open editor holds (before a line is copied or removed)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.indexWidget(self.currentIndex())
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        hints = QAbstractItemDelegate.EndEditHint
        if hint in (hints.EditNextItem, hints.SubmitModelCache):  # Tab, Enter
            super().closeEditor(editor, hints.NoHint)
            self.advance()
        elif hint == hints.EditPreviousItem:  # Shift+Tab
            super().closeEditor(editor, hints.NoHint)
            self.retreat()
        else:
            super().closeEditor(editor, hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if self.state() != QAbstractItemView.State.EditingState:
            if (key in RETURN_KEYS and not ctrl) or (key == Qt.Key.Key_Tab and not ctrl):
                self.advance()
                event.accept()
                return
            if key == Qt.Key.Key_Backtab:
                self.retreat()
                event.accept()
                return
            if key == Qt.Key.Key_Delete:
                parent = self.parentWidget()
                if isinstance(parent, AnimalLinesEditor):
                    parent.remove_current()
                event.accept()
                return
        if key in RETURN_KEYS and not ctrl:
            event.accept()  # never let Enter reach the dialog (it would conclude the contract)
            return
        super().keyPressEvent(event)


class AnimalLinesEditor(QWidget):
    """The grid, a line of keyboard hints and the red message of a refused line (see the module docstring)."""

    linesChanged = Signal()

    def __init__(self, ctx: ViewContext, choices: ContractChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        centre = ctx.settings()
        self.model = AnimalLinesModel(choices, (centre.currency, centre.locale), self)
        self.table = AnimalTable(self.model, self)
        self.delegate = LineDelegate(self.model, centre.currency, self.table)
        self.table.setItemDelegate(self.delegate)
        self.table.setColumnHidden(COST, True)
        hint = QLabel(
            _("Enter or Tab: next cell (a new line after the last) — F7 or Ctrl+D: copy the previous line — "
              "Delete: remove the line — F2: edit the cell"), self,
        )  # fmt: skip
        hint.setObjectName("lines_hint")
        hint.setStyleSheet("color: #555555;")
        hint.setWordWrap(True)
        self.error = error_label(self, "lines_error")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(hint)
        self.setFocusProxy(self.table)
        for keys in ("F7", "Ctrl+D"):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.copy_previous)
        self.model.dataChanged.connect(lambda *_a: self.linesChanged.emit())
        self.model.modelReset.connect(self.linesChanged.emit)
        self.model.rowsInserted.connect(lambda *_a: self.linesChanged.emit())
        self.model.rowsRemoved.connect(lambda *_a: self.linesChanged.emit())

    # -- API ------------------------------------------------------------------------------------------
    def set_resale(self, resale: bool) -> None:
        self.model.resale = resale
        self.table.setColumnHidden(COST, not resale)
        self.linesChanged.emit()

    def set_lines(self, lines: list[AnimalLine]) -> None:
        self.model.set_lines(lines)

    def lines(self) -> list[AnimalLine]:
        return self.model.lines()

    def line_inputs(self) -> tuple[AnimalLineInput, ...]:
        return self.model.line_inputs()

    def amounts(self) -> list[LineAmounts]:
        return self.model.amounts()

    def drop_blank_lines(self) -> None:
        """Before saving: the empty lines left at the end (or in between) go, so line numbers match."""
        self.table.finish_editing()
        self.model.drop_blank()

    def start(self) -> None:
        """Focus the first cell to fill: the first line's species, or the line after the last typed one."""
        filled = [i for i, x in enumerate(self.model.lines()) if not x.blank()]
        row = filled[-1] + 1 if filled else 0
        if row >= self.model.rowCount():
            self.model.append_line()
        self.table.setFocus()
        self.table.go_to(row, self.table.entry_columns()[0])

    def select_line(self, position: int) -> None:
        """Show line ``position`` (1-based, as in the services' messages)."""
        if 1 <= position <= self.model.rowCount():
            self.table.setFocus()
            self.table.go_to(position - 1, self.table.entry_columns()[0], edit=False)

    # -- keys -----------------------------------------------------------------------------------------
    def copy_previous(self) -> None:
        self.table.finish_editing()
        current = self.table.currentIndex()
        row = current.row() if current.isValid() else self.model.rowCount() - 1
        copied = self.model.copy_previous(row)
        if copied is None:
            self.error.setText(_("There is no previous line to copy."))
            return
        self.error.clear()
        self.table.go_to(copied, MARKS)

    def remove_current(self) -> None:
        self.table.finish_editing()
        current = self.table.currentIndex()
        if not current.isValid():
            return
        self.model.remove_line(current.row())
        row = min(current.row(), self.model.rowCount() - 1)
        self.table.go_to(row, current.column(), edit=False)
