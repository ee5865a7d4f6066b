"""Qt table models and small helpers of the Caisse screens: open documents with the payment's shares,
the day's movements, totals per means, a party's statement. Models hold service DTOs only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from centre_app.domain.cash import MEANS
from centre_app.domain.formatting import format_date, format_money
from centre_app.services.dues import DueRow
from centre_app.views.i18n import N_, _
from centre_app.views.widgets.money_edit import MoneyEdit

Index = QModelIndex | QPersistentModelIndex
Currency = tuple[str, str]  # (currency code, locale) of the centre
DUE_COLUMNS = (
    N_("Reference"), N_("Description"), N_("Due date"), N_("Total"), N_("Already paid"), N_("Remaining"),
    N_("To pay"),
)  # fmt: skip
SHARE = 6
MONEY_COLUMNS = (3, 4, 5, 6)
GREY, RED = QColor("#777777"), QColor("#b00020")


def money(amount: int, cur: Currency, symbol: bool = True) -> str:
    """« 1 250 500 F CFA » in the centre's currency and locale (without the symbol in table cells)."""
    return format_money(amount, cur[0], cur[1], symbol=symbol)


def table_view(parent: QWidget, model: QAbstractTableModel, name: str, stretch: int | None = None) -> QTableView:
    """A read-only looking table: whole rows selected, no row numbers, columns sized to their content."""
    table = QTableView(parent)
    table.setModel(model)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setMinimumSectionSize(56)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class DuesModel(QAbstractTableModel):
    """A party's open documents (DueRow DTOs) and, when editable, the share of the payment on each."""

    sharesChanged = Signal()

    def __init__(self, currency: Currency, *, editable: bool = True, parent: Any = None) -> None:
        super().__init__(parent)
        self.currency = currency
        self.editable = editable
        self._rows: list[DueRow] = []
        self._shares: dict[int, int] = {}

    def set_rows(self, rows: list[DueRow]) -> None:
        self.beginResetModel()
        self._rows, self._shares = list(rows), {}
        self.endResetModel()
        self.sharesChanged.emit()

    def rows(self) -> list[DueRow]:
        return list(self._rows)

    def spread(self, amount: int) -> None:
        """Propose shares: the amount settles the documents in the order shown (oldest due date first)."""
        left = max(amount, 0)
        for r in self._rows:
            self._shares[r.id] = min(r.remaining, left)
            left -= self._shares[r.id]
        if self._rows:
            self.dataChanged.emit(self.index(0, SHARE), self.index(len(self._rows) - 1, SHARE))
        self.sharesChanged.emit()

    def share(self, row: int) -> int:
        return self._shares.get(self._rows[row].id, 0)

    def allocations(self) -> tuple[tuple[int, int], ...]:
        return tuple((r.id, self._shares[r.id]) for r in self._rows if self._shares.get(r.id, 0) > 0)

    def allocated(self) -> int:
        return sum(a for _d, a in self.allocations())

    def references(self) -> list[str]:
        return [r.reference for r in self._rows if self._shares.get(r.id, 0) > 0]

    def remaining(self) -> int:
        return sum(r.remaining for r in self._rows)

    # -- Qt model ----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else (len(DUE_COLUMNS) if self.editable else SHARE)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == SHARE:
                return money(self.share(index.row()), self.currency, symbol=False)
            if col in MONEY_COLUMNS:
                return money((r.amount, r.paid, r.remaining)[col - 3], self.currency, symbol=False)
            return (r.reference, r.label, format_date(r.due_date))[col]
        if role == Qt.ItemDataRole.EditRole and col == SHARE:
            return self.share(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and col in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col == SHARE:
            return QColor("#fff8d6")  # the one column the clerk types in
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.editable and index.column() == SHARE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or not self.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            return False
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return False
        self._shares[self._rows[index.row()].id] = value
        self.dataChanged.emit(index, index)
        self.sharesChanged.emit()
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(DUE_COLUMNS[section])
        return None


class ShareDelegate(QStyledItemDelegate):
    """Edits a share with a MoneyEdit (digits only, thousands grouped)."""

    def __init__(self, currency: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.currency = currency

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        return MoneyEdit(parent, currency=self.currency)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, MoneyEdit)
        editor.setValue(index.data(Qt.ItemDataRole.EditRole))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, MoneyEdit)
        model.setData(index, editor.value() or 0, Qt.ItemDataRole.EditRole)


def dues_table(parent: QWidget, model: DuesModel) -> QTableView:
    table = table_view(parent, model, "dues", stretch=1)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    return table


# --- read-only lists ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Col:
    title: str  # N_-marked, translated when shown
    text: Callable[[Any], str]
    numeric: bool = False


class RowsModel(QAbstractTableModel):
    """Read-only rows of DTOs shown through ``Col`` descriptions; ``colour(row)`` may grey or redden a row."""

    def __init__(
        self, columns: tuple[Col, ...], colour: Callable[[Any], QColor | None] | None = None, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.columns = columns
        self.colour = colour
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any] | tuple[Any, ...]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.colour is not None:
            return self.colour(row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        return None


def _amount(value: int, cur: Currency) -> str:
    return money(value, cur, symbol=False) if value else ""


def day_lines_model(cur: Currency, parent: Any = None) -> RowsModel:
    """The brouillard: one row per cash document of the day (DayLine DTOs)."""
    status = {"annulé": N_("cancelled"), "annulation": N_("cancellation")}
    columns = (
        Col(N_("Time"), lambda r: r.at.strftime("%H:%M")),
        Col(N_("Document"), lambda r: r.number),
        Col(N_("Party"), lambda r: r.counterpart),
        Col(N_("Object"), lambda r: r.purpose),
        Col(N_("Means"), lambda r: MEANS.get(r.means, r.means)),
        Col(N_("In"), lambda r: _amount(r.cash_in, cur), numeric=True),
        Col(N_("Out"), lambda r: _amount(r.cash_out, cur), numeric=True),
        Col(N_("Status"), lambda r: _(status[r.status]) if r.status in status else _("valid")),
    )
    return RowsModel(columns, lambda r: GREY if r.status == "annulé" else RED if r.status else None, parent)


def means_totals_model(cur: Currency, parent: Any = None) -> RowsModel:
    """Totals of the day per means: (means, in, out) tuples."""
    columns = (
        Col(N_("Means"), lambda r: MEANS.get(r[0], r[0])),
        Col(N_("In"), lambda r: money(r[1], cur, symbol=False), numeric=True),
        Col(N_("Out"), lambda r: money(r[2], cur, symbol=False), numeric=True),
        Col(N_("Net"), lambda r: money(r[1] - r[2], cur, symbol=False), numeric=True),
    )
    return RowsModel(columns, parent=parent)


def statement_model(cur: Currency, parent: Any = None) -> RowsModel:
    """A party's statement (StatementLine DTOs): what increases the debt is a debit."""
    columns = (
        Col(N_("Date"), lambda r: format_date(r.day)),
        Col(N_("Document"), lambda r: r.reference),
        Col(N_("Description"), lambda r: r.label),
        Col(N_("Debit"), lambda r: _amount(r.debit, cur), numeric=True),
        Col(N_("Credit"), lambda r: _amount(r.credit, cur), numeric=True),
        Col(N_("Balance"), lambda r: money(r.balance, cur, symbol=False), numeric=True),
    )
    return RowsModel(columns, parent=parent)


def bold(size_delta: int = 0) -> QFont:
    font = QFont()
    font.setBold(True)
    if size_delta:
        font.setPointSize(font.pointSize() + size_delta)
    return font
