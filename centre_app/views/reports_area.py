"""The tabs of the Rapports area (monthly pack, chart of accounts, month locks) and what they share: a read-only
table model of DTO rows described by ``list_page.Column`` and month names.

Register with ``Area("reports", N_("Reports"), reports_pages)`` in areas.py (every role reads; the pages
disable what the role may not do).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from centre_app.domain.formatting import DEFAULT_LOCALE, format_month
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column

Index = QModelIndex | QPersistentModelIndex
AREA_TITLE = N_("Reports")


def month_name(day: date, locale: str = DEFAULT_LOCALE) -> str:
    """« Octobre 2026 »: the month as a title (lists, combo boxes)."""
    text = format_month(day, locale)
    return text[:1].upper() + text[1:]


class RowsModel(QAbstractTableModel):
    """Read-only DTO rows described by list_page ``Column`` objects (preview tables)."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

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
            return col.display(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in ("money", "integer", "decimal"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        return None


def rows_table(parent: QWidget, model: RowsModel, name: str, stretch: int) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def reports_pages(ctx: ViewContext) -> list[tuple[str, QWidget]]:
    from centre_app.views.account_mapping_page import AccountMappingPage
    from centre_app.views.period_locks_page import PeriodLocksPage
    from centre_app.views.reports_page import ReportsPage

    return [
        (_(ReportsPage.TITLE), ReportsPage(ctx)),
        (_(AccountMappingPage.TITLE), AccountMappingPage(ctx)),
        (_(PeriodLocksPage.TITLE), PeriodLocksPage(ctx)),
    ]


def fit_rows(table: QTableView, at_most: int = 8) -> None:
    """Make a short table just as high as its rows (up to ``at_most`` before it scrolls)."""
    rows = min(max(table.model().rowCount(), 1), at_most)
    header = table.horizontalHeader().sizeHint().height()
    table.setFixedHeight(header + rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth() + 2)
