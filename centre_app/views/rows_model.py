"""One read-only table model over service DTOs described by ``list_page.Column``s, shared by the screens that
show small fixed tables (OP contract sheets, the monthly pack's preview…): ``set_rows``, ``row_at``, the DTO under
UserRole, numbers right-aligned, long texts as tooltips, and cells coloured through ``ColouredColumn``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from centre_app.views.i18n import _
from centre_app.views.list_page import Column

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ColouredColumn(Column):
    """A column whose text takes a colour chosen from the row (None: the table's own)."""

    colour: Callable[[Any], QColor | None] | None = None


class RowsModel(QAbstractTableModel):
    """Rows (DTOs) shown through columns; ``row_at`` gives the DTO of a line, UserRole too."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.display(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = col.display(row)
            return text if len(text) > 40 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in ("money", "integer", "decimal"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and isinstance(col, ColouredColumn) and col.colour:
            return col.colour(row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        return None
