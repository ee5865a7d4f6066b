"""The table model of the animal lines being typed (see livestock_lines.py for the grid and its keys).

An ``AnimalLine`` is one line as typed (nothing checked but the type of each cell); the services validate
the whole contract when it is saved. Choosing a category proposes the sex it implies (« vache » → female,
« bœuf (castré) » → castrated male): the clerk can change it in the next cells.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from centre_app.domain import livestock as dom
from centre_app.domain.text import search_key
from centre_app.services.livestock_choices import ContractChoices
from centre_app.services.livestock_rules import AnimalLineInput
from centre_app.views.cash_models import money
from centre_app.views.i18n import N_, _

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class LineColumn:
    key: str
    title: str  # N_-marked
    kind: str  # choice / int / weight / text / money / amount


COLUMNS = (
    LineColumn("species", N_("Species"), "choice"),
    LineColumn("category_id", N_("Category"), "choice"),
    LineColumn("breed_id", N_("Breed"), "choice"),
    LineColumn("sex", N_("Sex"), "choice"),
    LineColumn("castrated", N_("Castrated"), "choice"),
    LineColumn("age", N_("Age (years)"), "int"),
    LineColumn("dentition", N_("Dentition"), "choice"),
    LineColumn("coat", N_("Coat / markings"), "text"),
    LineColumn("marks", N_("Brand / ear tag"), "text"),
    LineColumn("condition", N_("Condition"), "choice"),
    LineColumn("weight", N_("Est. weight (kg)"), "weight"),
    LineColumn("heads", N_("Heads"), "int"),
    LineColumn("price", N_("Price per head"), "money"),
    LineColumn("cost", N_("Purchase price per head"), "money"),
    LineColumn("amount", N_("Amount"), "amount"),
)
(SPECIES, CATEGORY, BREED, SEX, CASTRATED, AGE, DENTITION, COAT, MARKS, CONDITION, WEIGHT, HEADS, PRICE, COST,
 AMOUNT) = range(len(COLUMNS))  # fmt: skip
NUMERIC = {AGE, WEIGHT, HEADS, PRICE, COST, AMOUNT}
# The sex a category implies (search keys of the seeded names); other categories (chamelon, ânon…) say nothing.
FEMALE = {"velle", "genisse", "vache", "vache de reforme", "agnelle", "brebis", "chevrette", "chevre", "chamelle",
          "anesse", "jument"}  # fmt: skip
MALE = {"veau", "taurillon", "taureau", "agneau", "belier", "chevreau", "bouc", "chameau", "ane", "cheval"}


@dataclass
class AnimalLine:
    """One line as typed; ``heads`` 1 = one animal."""

    species: str = ""
    category_id: int | None = None
    breed_id: int | None = None
    sex: str = ""  # M / F / "" (mixed lot)
    castrated: bool = False
    age: int | None = None
    dentition: str = ""
    coat: str = ""
    marks: str = ""
    condition: str = ""
    weight: str = ""  # kg per head, as typed
    heads: int | None = 1
    price: int | None = None
    cost: int | None = None

    def blank(self) -> bool:
        """Nothing typed but the species proposed for a new line."""
        return (
            self.category_id is None and self.price is None and self.cost is None
            and not (self.coat or self.marks or self.weight)
        )  # fmt: skip


class AnimalLinesModel(QAbstractTableModel):
    def __init__(self, choices: ContractChoices, currency: tuple[str, str], parent: Any = None) -> None:
        super().__init__(parent)
        self.currency = currency
        self.resale = False
        self.species = list(choices.species)
        self.categories = {c.id: c for c in choices.categories}
        self.breeds = {b.id: b for b in choices.breeds}
        self._lines: list[AnimalLine] = [AnimalLine()]

    # -- lines ----------------------------------------------------------------------------------------
    def lines(self) -> list[AnimalLine]:
        return [replace(x) for x in self._lines]

    def set_lines(self, lines: list[AnimalLine]) -> None:
        self.beginResetModel()
        self._lines = [replace(x) for x in lines] or [AnimalLine()]
        self.endResetModel()

    def append_line(self) -> int:
        """A new line at the end, with the species of the line above; returns its row."""
        row = len(self._lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self._lines.append(AnimalLine(species=self._lines[-1].species if self._lines else ""))
        self.endInsertRows()
        return row

    def copy_previous(self, row: int) -> int | None:
        """An empty line takes the values of the line above; a typed one is copied just below itself.
        Returns the row of the copy, None when there is no line above."""
        if not 0 <= row < len(self._lines):
            return None
        if self._lines[row].blank():
            if row == 0:
                return None
            self._lines[row] = replace(self._lines[row - 1])
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            return row
        self.beginInsertRows(QModelIndex(), row + 1, row + 1)
        self._lines.insert(row + 1, replace(self._lines[row]))
        self.endInsertRows()
        return row + 1

    def remove_line(self, row: int) -> None:
        if not 0 <= row < len(self._lines):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._lines[row]
        self.endRemoveRows()
        if not self._lines:
            self.append_line()

    def drop_blank(self) -> None:
        kept = [x for x in self._lines if not x.blank()]
        if len(kept) != len(self._lines):
            self.set_lines(kept)

    def line_inputs(self) -> tuple[AnimalLineInput, ...]:
        return tuple(
            AnimalLineInput(
                x.species, x.category_id or 0, x.heads or 0, x.price or 0, x.breed_id, x.sex, x.castrated, x.age,
                x.dentition, x.coat, x.marks, x.condition, x.weight or None, (x.cost or 0) if self.resale else 0,
            )
            for x in self._lines
            if not x.blank()
        )  # fmt: skip

    def amounts(self) -> list[dom.LineAmounts]:
        return [
            dom.LineAmounts(x.species, x.heads, x.price, (x.cost or 0) if self.resale else 0)
            for x in self._lines
            if x.species and x.heads and x.price
        ]

    # -- choices --------------------------------------------------------------------------------------
    def choices(self, row: int, column: int) -> list[tuple[Any, str]]:
        species = self._lines[row].species if 0 <= row < len(self._lines) else ""
        if column == SPECIES:
            return list(self.species)
        if column == CATEGORY:
            return [(c.id, c.name) for c in self.categories.values() if c.species_code == species]
        if column == BREED:
            return [(None, "—")] + [(b.id, b.name) for b in self.breeds.values() if b.species_code == species]
        if column == SEX:
            return [("M", dom.SEXES["M"]), ("F", dom.SEXES["F"]), ("", dom.SEXES[""])]
        if column == CASTRATED:
            return [(False, _("no")), (True, _("yes"))]
        if column == DENTITION:
            return [("", "—")] + [(d, d) for d in dom.DENTITIONS]
        if column == CONDITION:
            return [("", "—"), *dom.BODY_CONDITIONS.items()]
        return []

    def _label(self, x: AnimalLine, column: int) -> str:
        if column == AMOUNT:
            amount = (x.heads or 0) * (x.price or 0)
            return money(amount, self.currency, symbol=False) if amount else ""
        value = getattr(x, COLUMNS[column].key)
        if column == SPECIES:
            return dict(self.species).get(value, value)
        if column == CATEGORY:
            return self.categories[value].name if value in self.categories else ""
        if column == BREED:
            return self.breeds[value].name if value in self.breeds else ""
        if column == SEX:
            return dom.SEXES.get(value, value) if (value or x.category_id) else ""
        if column == CASTRATED:
            return _("yes") if value else ""
        if column == CONDITION:
            return dom.BODY_CONDITIONS.get(value, value)
        if column in (PRICE, COST):
            return "" if value is None else money(value, self.currency, symbol=False)
        return "" if value is None else str(value)

    # -- Qt model -------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        x, column = self._lines[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._label(x, column)
        if role == Qt.ItemDataRole.EditRole:
            return None if column == AMOUNT else getattr(x, COLUMNS[column].key)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() != AMOUNT:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or not self.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            return False
        x, column = self._lines[index.row()], index.column()
        kind = COLUMNS[column].kind
        if kind == "choice":
            if not any(v == value and type(v) is type(value) for v, _label in self.choices(index.row(), column)):
                return False
        elif kind in ("int", "money"):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                return False
        elif not isinstance(value, str):
            return False
        setattr(x, COLUMNS[column].key, value)
        if column == SPECIES:
            if x.category_id is not None and self.categories[x.category_id].species_code != value:
                x.category_id = None
            if x.breed_id is not None and self.breeds[x.breed_id].species_code != value:
                x.breed_id = None
        elif column == CATEGORY:
            self._propose_sex(x)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
        return True

    def _propose_sex(self, x: AnimalLine) -> None:
        name = search_key(self.categories[x.category_id].name) if x.category_id in self.categories else ""
        if "(castre)" in name:
            x.sex, x.castrated = "M", True
        elif name in FEMALE:
            x.sex, x.castrated = "F", False
        elif name in MALE:
            x.sex, x.castrated = "M", False

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section].title) if 0 <= section < len(COLUMNS) else None
        return str(section + 1)
