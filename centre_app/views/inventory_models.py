"""Qt model of a count sheet (feuille d'inventaire): one row per product with the theoretical stock, the
count typed in the unit chosen on the row, the count as recorded, the difference and who typed it.

The model does not save: typing a count emits ``countTyped(row, text, unit)``; the page records it
through the service at once and puts the recorded line back with ``update_row``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from centre_app.domain.formatting import format_datetime
from centre_app.domain.quantity import PRECISION, UnitSet
from centre_app.services.inventory import InventoryLineRow
from centre_app.views.i18n import N_, _
from centre_app.views.stock_common import ALERT_COLOUR, plain, quantity_text

Index = QModelIndex | QPersistentModelIndex
TITLES = (N_("Product"), N_("Theoretical stock"), N_("Count"), N_("Unit"), N_("Counted"), N_("Difference"),
          N_("Typed by"))  # fmt: skip
COUNT, UNIT = 2, 3
GAIN_COLOUR = "#1b5e20"


class CountsModel(QAbstractTableModel):
    countTyped = Signal(int, str, str)  # row, text typed, unit code

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[InventoryLineRow] = []
        self._units: dict[int, UnitSet] = {}
        self._chosen: dict[int, str] = {}  # product → unit the clerk counts in
        self.editable = False

    def set_units(self, units: dict[int, UnitSet]) -> None:
        self._units = dict(units)

    def set_rows(self, rows: list[InventoryLineRow] | tuple[InventoryLineRow, ...], editable: bool) -> None:
        self.beginResetModel()
        self._rows, self.editable = list(rows), editable
        self.endResetModel()

    def rows(self) -> list[InventoryLineRow]:
        return list(self._rows)

    def row_at(self, row: int) -> InventoryLineRow:
        return self._rows[row]

    def update_row(self, row: int, line: InventoryLineRow) -> None:
        self._rows[row] = line
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(TITLES) - 1))

    def unit_set(self, row: int) -> UnitSet | None:
        return self._units.get(self._rows[row].product_id)

    def unit_of(self, row: int) -> str:
        """The unit the clerk counts this product in: chosen on the row, else its first packaging unit."""
        pid = self._rows[row].product_id
        units = self._units.get(pid)
        default = (units.units[0].code if units.units else units.base_code) if units else self._rows[row].base_unit
        return self._chosen.get(pid, default)

    def unit_choices(self, row: int) -> list[tuple[str, str]]:
        units = self.unit_set(row)
        if units is None:
            return [(self._rows[row].base_unit, self._rows[row].base_unit)]
        return [(u.code, u.name) for u in units.units] + [(units.base_code, units.base_name)]

    def _unit_name(self, row: int) -> str:
        return dict(self.unit_choices(row)).get(self.unit_of(row), self.unit_of(row))

    def _count_text(self, row: int) -> str:
        """The recorded count in the row's unit, when it is an exact number there."""
        line = self._rows[row]
        if line.counted is None:
            return ""
        units = self.unit_set(row)
        unit = units.unit(self.unit_of(row)) if units else None
        count = line.counted / unit.factor if unit else line.counted
        if count != count.quantize(Decimal(1).scaleb(-PRECISION)):
            return ""
        return quantity_text(count)

    # -- Qt model ----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TITLES)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col, row = self._rows[index.row()], index.column(), index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COUNT:
                return self._count_text(row)
            if col == UNIT:
                return self._unit_name(row)
            if col == 6:
                return f"{r.counted_by}, {format_datetime(r.counted_at)}" if r.counted_at else ""
            return (r.product_name, plain(r.theoretical_described), "", "", plain(r.counted_described),
                    plain(r.difference_described))[col]  # fmt: skip
        if role == Qt.ItemDataRole.EditRole and col in (COUNT, UNIT):
            return self._count_text(row) if col == COUNT else self.unit_of(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col in (COUNT, UNIT) and self.editable:
            return QColor("#fff8d6")
        if role == Qt.ItemDataRole.ForegroundRole and col == 5 and r.difference:
            return QColor(ALERT_COLOUR if r.difference < 0 else GAIN_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and col == 4 and r.entries > 1:
            return _("Typed {n} times; the earlier counts are kept in the history.").format(n=r.entries)
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.editable and index.column() in (COUNT, UNIT):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or not self.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            return False
        row = index.row()
        if index.column() == UNIT:
            if value not in dict(self.unit_choices(row)):
                return False
            self._chosen[self._rows[row].product_id] = str(value)
            self.dataChanged.emit(self.index(row, COUNT), self.index(row, UNIT))
            return True
        text = str(value or "").strip()
        if not text or text == self._count_text(row):
            return False  # nothing new typed: nothing to record
        self.countTyped.emit(row, text, self.unit_of(row))
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(TITLES[section])
        return None


class UnitDelegate(QStyledItemDelegate):
    """Chooses the unit a product is counted in (its packaging units and its base unit)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        model = index.model()
        assert isinstance(model, CountsModel)
        for code, name in model.unit_choices(index.row()):
            combo.addItem(name, code)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
