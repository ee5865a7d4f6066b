"""A reusable list screen: search as you type, sortable columns, lazy loading, export of the filtered list.

A page describes its columns and a ``ListSource`` (service calls); the table model only holds DTOs
and asks the source for the next window of rows when the view scrolls (``fetchMore``).

Opening a page costs one count and one window whatever the size of the table (PRODUCT.md §15: 60 000 receipts
to first paint < 300 ms): a page's initial sort (``INITIAL_SORT``) is set before the first load, a sort
requested before it is only recorded, the display texts are computed once per row shown, and columns are fitted
to the first rows only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import Action
from centre_app.domain.text import search_key
from centre_app.services.exports import ExportColumn, write_table
from centre_app.views.context import ViewContext, show_error
from centre_app.views.i18n import _

Index = QModelIndex | QPersistentModelIndex
BATCH = 200


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # marked with N_, translated when shown
    text: Callable[[Any], str] | None = None  # display text; default str(getattr(row, key))
    value: Callable[[Any], Any] | None = None  # raw value for export and sorting; default getattr
    kind: str = "text"  # text / money / integer / decimal / date (right-aligned when numeric)
    order: str | None = None  # server-side order name, None = not sortable
    stretch: bool = False

    def raw(self, row: Any) -> Any:
        return self.value(row) if self.value else getattr(row, self.key)

    def display(self, row: Any) -> str:
        if self.text:
            return self.text(row)
        value = self.raw(row)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return "" if value is None else str(value)


@dataclass
class ListSource:
    """How a list gets its rows: ``fetch(session, search, offset, limit, order)`` and ``count(session, search)``.

    Small reference lists may give only ``fetch_all(session, search)``.
    """

    fetch: Callable[[Any, str, int, int | None, str | None], Sequence[Any]] | None = None
    count: Callable[[Any, str], int] | None = None
    fetch_all: Callable[[Any, str], Sequence[Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class DtoTableModel(QAbstractTableModel):
    def __init__(self, ctx: ViewContext, columns: Sequence[Column], source: ListSource, parent: Any = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.columns = tuple(columns)
        self._source = source
        self._rows: list[Any] = []
        self._total = 0
        self._texts: dict[tuple[int, int], str] = {}  # display text of the cells already shown
        self._loaded = False
        self.search = ""
        self.order: str | None = None
        self._descending = False

    # -- loading ---------------------------------------------------------------------------------
    @property
    def server_order(self) -> str | None:
        """The order passed to the service: the column's order name, prefixed by « - » when descending."""
        if self.order is None:
            return None
        return f"-{self.order}" if self._descending else self.order

    def reload(self) -> None:
        self.beginResetModel()
        self._loaded = True
        self._texts.clear()
        src = self._source
        if src.fetch_all is not None:
            rows = list(self._ctx.read(lambda s: src.fetch_all(s, self.search)))
            if self.order:
                col = next(c for c in self.columns if c.order == self.order)
                rows.sort(key=lambda r: _sort_key(col.raw(r)), reverse=self._descending)
            self._rows, self._total = rows, len(rows)
        else:
            assert src.fetch is not None
            assert src.count is not None
            self._total = self._ctx.read(lambda s: src.count(s, self.search))
            self._rows = list(self._ctx.read(lambda s: src.fetch(s, self.search, 0, BATCH, self.server_order)))
        self.endResetModel()

    def all_rows(self) -> list[Any]:
        """Every row matching the filter (for export), not just the loaded window."""
        src = self._source
        if src.fetch_all is not None or len(self._rows) >= self._total:
            return list(self._rows)
        assert src.fetch is not None
        return list(self._ctx.read(lambda s: src.fetch(s, self.search, 0, None, self.server_order)))

    @property
    def total(self) -> int:
        return self._total

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._source.fetch is None:
            return
        start = len(self._rows)
        fetch = self._source.fetch
        more = list(self._ctx.read(lambda s: fetch(s, self.search, start, BATCH, self.server_order)))
        if not more:
            self._total = start
            return
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    # -- Qt model --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            key = (index.row(), index.column())
            text = self._texts.get(key)
            if text is None:  # formatting (money, dates) is what a repaint costs: once per cell
                text = self._texts[key] = col.display(row)
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in ("money", "integer", "decimal"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        col = self.columns[column]
        if col.order is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self._loaded and (col.order, descending) == (self.order, self._descending):
            return
        self.order = col.order
        self._descending = descending
        if self._loaded:  # before the page's first load, the order is only recorded
            self.reload()


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, "")
    if isinstance(value, str):
        return (1, search_key(value))  # « Marché à bétail » sorts before « Marché de … »
    return (1, value)


class ListPage(QWidget):
    """Search box, count, table, action buttons; double-click or Enter opens a row."""

    activated = Signal(object)
    INITIAL_SORT: tuple[int, Qt.SortOrder] | None = None  # (column, order) of the first load; default: first sortable
    LOAD_ON_INIT = True  # False: the page's own constructor loads, once its filters are set

    def __init__(
        self,
        ctx: ViewContext,
        title: str,
        columns: Sequence[Column],
        source: ListSource,
        areas: set[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = title
        self.areas = areas
        self.model = DtoTableModel(ctx, columns, source, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search…"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        sortable = [i for i, c in enumerate(columns) if c.order]
        if self.INITIAL_SORT is not None:
            header.setSortIndicator(*self.INITIAL_SORT)
        elif sortable:
            # Qt's default indicator is descending: start ascending on the first sortable column instead.
            header.setSortIndicator(sortable[0], Qt.SortOrder.AscendingOrder)
        header.setResizeContentsPrecision(40)  # fitting columns reads the first rows, not all of them
        self.table.setSortingEnabled(bool(sortable))
        header.setSortIndicatorShown(bool(sortable))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, col in enumerate(columns):
            if col.stretch:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open_index)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.open_current)
        self.export_button = QPushButton(_("Export…"), self)
        self.export_button.clicked.connect(self.export)
        self.buttons = QHBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.export_button)
        layout.addLayout(self.buttons)
        self.typing = False  # True while refreshing for the search box: pages may leave slow extras for later
        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.search_typed)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._focus_table)
        ctx.changed.connect(self._on_changed)
        self._first_load = True
        if self.LOAD_ON_INIT:
            self.refresh()

    def add_button(self, text: str, slot: Callable[[], None], action: Action | None = None) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        if action is not None and not self.ctx.can(action):
            button.setEnabled(False)
            button.setToolTip(self.ctx.why_not(action))
        self.buttons.insertWidget(self.buttons.count() - 2, button)
        return button

    def search_typed(self) -> None:
        """The refresh of a pause in typing (the list filtered and painted first: < 100 ms per keystroke)."""
        self.typing = True
        try:
            self.refresh()
        finally:
            self.typing = False

    def refresh(self) -> None:
        self.model.search = self.search.text()
        self.model.reload()
        n = self.model.total
        self.count.setText(_("{n} rows").format(n=n) if n != 1 else _("1 row"))
        if self._first_load and n:
            self._first_load = False
            self.table.resizeColumnsToContents()
            for i, col in enumerate(self.model.columns):
                if not col.stretch:
                    self.table.setColumnWidth(i, min(self.table.columnWidth(i) + 12, 320))

    def current(self) -> Any | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def open_current(self) -> None:
        row = self.current()
        if row is not None:
            self.activated.emit(row)

    def _open_index(self, index: QModelIndex) -> None:
        self.activated.emit(self.model.row_at(index.row()))

    def _focus_table(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def _on_changed(self, areas: set[str]) -> None:
        if areas & self.areas:
            self.refresh()

    def export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the list"), f"{self.title}.xlsx", _("Excel workbook (*.xlsx);;CSV file (*.csv)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> Path | None:
        columns = [ExportColumn(_(c.title), c.kind) for c in self.model.columns]
        rows = [
            [c.raw(r) if c.kind != "text" else c.display(r) for c in self.model.columns] for r in self.model.all_rows()
        ]
        try:
            return write_table(path, self.title, columns, rows)
        except DomainError as error:
            show_error(self, error)
            return None
