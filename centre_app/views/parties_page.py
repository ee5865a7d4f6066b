"""List of tiers: search as you type, sortable columns, rows loaded lazily in windows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from centre_app.services import parties
from centre_app.services.parties import PartyRow
from centre_app.services.workspace import Workspace

BATCH = 200
COLUMNS = (
    ("code", "Code"),
    ("name", "Nom / raison sociale"),
    ("roles", "Rôles"),
    ("village", "Village"),
    ("commune", "Commune"),
    ("phone", "Téléphone"),
    ("identity", "Pièce d'identité"),
    ("active", "Actif"),
)
Index = QModelIndex | QPersistentModelIndex


class PartiesTableModel(QAbstractTableModel):
    """Holds PartyRow DTOs; asks the service for the next window when the view scrolls."""

    def __init__(self, workspace: Workspace, parent: Any = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._rows: list[PartyRow] = []
        self._total = 0
        self._search = ""
        self._order = "name"

    def reload(self, search: str | None = None, order: str | None = None) -> None:
        self.beginResetModel()
        if search is not None:
            self._search = search
        if order is not None:
            self._order = order
        self._total = self._ws.read(lambda s: parties.count_parties(s, self._search))
        self._rows = self._ws.read(
            lambda s: parties.list_parties(s, self._search, offset=0, limit=BATCH, order=self._order)
        )
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        more = self._ws.read(
            lambda s: parties.list_parties(s, self._search, offset=start, limit=BATCH, order=self._order)
        )
        if not more:
            self._total = start
            return
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(row, key)
            if key == "roles":
                return ", ".join(parties.ROLES[r] for r in value)
            if key == "active":
                return "oui" if value else "non"
            return value
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0]
        if key in ("name", "code", "village"):
            self.reload(order=key)


class PartiesPage(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PartiesTableModel(workspace, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Rechercher un tiers : nom, code, téléphone, village…")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().sectionClicked.connect(self.model.sort)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        # Filter as the clerk types, but only once the typing pauses briefly.
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.refresh()

    def refresh(self) -> None:
        self.model.reload(self.search.text())
        n = self.model.total
        self.count.setText(f"{n} tiers" if n != 1 else "1 tiers")
