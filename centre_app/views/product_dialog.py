"""The product dialog: a new product with its packaging units, or more units / (de)activation of one.

Keyboard: Enter moves through the product fields, then through the unit line (code, name, plural,
factor, calibration date); Enter on the date adds the unit to the table and comes back to its code;
Enter on an empty unit code (or Ctrl+Enter anywhere) saves. Échap cancels.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_date, format_number
from centre_app.domain.quantity import parse_quantity
from centre_app.services import catalog
from centre_app.services.catalog import ProductInput, ProductRow, UnitInput
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.reference_common import parse_optional_date, suggest_plural
from centre_app.views.widgets.form_helpers import FormDialog, error_label

Index = QModelIndex | QPersistentModelIndex
BASE_UNITS = ("kg", "botte", "bloc", "pièce", "litre")
UNIT_COLUMNS = (N_("Code"), N_("Unit name"), N_("Plural"), "factor", N_("Calibrated on"), N_("Status"))


class UnitsTableModel(QAbstractTableModel):
    """The packaging units shown in the dialog: those already saved, then those to add."""

    def __init__(self, base_unit: str = "kg", parent: Any = None) -> None:
        super().__init__(parent)
        self.base_unit = base_unit
        self._rows: list[tuple[UnitInput, bool]] = []  # (unit, to be added)

    def set_base_unit(self, base_unit: str) -> None:
        self.base_unit = base_unit
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 3, 3)
        if self._rows:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self._rows) - 1, 3))

    def set_saved(self, units: list[UnitInput]) -> None:
        self.beginResetModel()
        self._rows = [(u, False) for u in units]
        self.endResetModel()

    def add(self, unit: UnitInput) -> None:
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append((unit, True))
        self.endInsertRows()

    def remove(self, row: int) -> bool:
        """Take back a unit not saved yet; saved units stay (documents may use them)."""
        if not 0 <= row < len(self._rows) or not self._rows[row][1]:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        return True

    def new_units(self) -> tuple[UnitInput, ...]:
        return tuple(u for u, new in self._rows if new)

    def codes(self) -> set[str]:
        return {u.code.casefold() for u, _new in self._rows}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(UNIT_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        unit, new = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                unit.code,
                unit.name,
                unit.plural,
                format_number(unit.factor),
                format_date(unit.calibrated_on) if unit.calibrated_on else "",
                _("to add") if new else _("saved"),
            )
            return values[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return unit
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 3:
            return _("{unit} per unit").format(unit=self.base_unit or "?")
        return _(UNIT_COLUMNS[section])


class ProductDialog(FormDialog):
    def __init__(self, ctx: ViewContext, product: ProductRow | None = None, parent: QWidget | None = None) -> None:
        title = _("New product") if product is None else _("Product « {name} »").format(name=product.name)
        super().__init__(parent, title, ok_text=_("Save"))
        self.ctx = ctx
        self.product = product
        self.saved: ProductRow | None = None
        self.setMinimumWidth(720)
        self.code = self.add_field(_("Code"), QLineEdit(), name="code", required=True)
        self.code.setPlaceholderText(_("e.g. ARACHIDE"))
        self.name = self.add_field(_("Product name"), QLineEdit(), name="name", required=True)
        self.category = self.add_field(_("Category"), QComboBox(), name="category", required=True)
        for key, label in catalog.CATEGORIES.items():
            self.category.addItem(label, key)
        self.base_unit = self.add_field(_("Base unit"), QLineEdit("kg"), name="base_unit", required=True)
        self.base_unit.setCompleter(QCompleter(list(BASE_UNITS), self.base_unit))
        self.base_plural = self.add_field(_("Plural of the base unit"), QLineEdit("kg"), name="base_plural")
        self.threshold = self.add_field(_("Alert threshold"), QLineEdit(), name="threshold")
        self.active = QCheckBox(_("In use (uncheck to stop offering it)"), self)
        self.active.setObjectName("active")
        self.active.setChecked(True)
        self.model = UnitsTableModel("kg", self)
        self._build_units_box()
        if product is not None:
            self._show_product(product)
            self.unit_code.setFocus()
        else:
            self.table.hideColumn(5)
            self.code.setFocus()
        self.base_unit.textChanged.connect(self._base_unit_changed)
        self.threshold.textChanged.connect(self._check_threshold)
        self.unit_name.textEdited.connect(self._suggest_unit_plural)
        self.unit_factor.textChanged.connect(self._check_unit_line)
        self.unit_date.textChanged.connect(self._check_unit_line)
        self._base_unit_changed(self.base_unit.text())

    # -- layout ------------------------------------------------------------------------------------
    def _build_units_box(self) -> None:
        box = QGroupBox(_("Packaging units"), self)
        grid = QGridLayout()
        self.unit_code = QLineEdit(box)
        self.unit_name = QLineEdit(box)
        self.unit_plural = QLineEdit(box)
        self.unit_factor = QLineEdit(box)
        self.unit_date = QLineEdit(box)
        self.unit_code.setPlaceholderText(_("e.g. SAC50"))
        self.unit_name.setPlaceholderText(_("e.g. sac de 50 kg"))
        self.unit_factor.setPlaceholderText(_("e.g. 50 or 17,5"))
        self.unit_date.setPlaceholderText(_("dd/mm/yyyy"))
        self.unit_factor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.unit_fields = (self.unit_code, self.unit_name, self.unit_plural, self.unit_factor, self.unit_date)
        self.factor_caption = QLabel(box)
        captions = (_("Code"), _("Unit name (singular)"), _("Plural"), None, _("Calibrated on (local measure)"))
        names = ("unit_code", "unit_name", "unit_plural", "unit_factor", "unit_date")
        for column, (caption, field, name) in enumerate(zip(captions, self.unit_fields, names, strict=True)):
            field.setObjectName(name)
            label = self.factor_caption if caption is None else QLabel(caption, box)
            label.setBuddy(field)
            grid.addWidget(label, 0, column)
            grid.addWidget(field, 1, column)
        self.add_unit_button = QPushButton(_("Add the unit"), box)
        self.add_unit_button.setAutoDefault(False)
        self.add_unit_button.clicked.connect(self.add_unit)
        grid.addWidget(self.add_unit_button, 1, 5)
        for column, stretch in enumerate((2, 3, 3, 2, 2)):
            grid.setColumnStretch(column, stretch)
        self.unit_error = error_label(box, "unit_error")
        self.table = QTableView(box)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setMinimumHeight(130)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.remove_unit_button = QPushButton(_("Remove the unit"), box)
        self.remove_unit_button.setAutoDefault(False)
        self.remove_unit_button.clicked.connect(self.remove_unit)
        column = QVBoxLayout(box)
        column.addLayout(grid)
        column.addWidget(self.unit_error)
        column.addWidget(self.table, 1)
        column.addWidget(self.remove_unit_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, box, 1)
        layout.insertWidget(1, self.active)
        self.active.setVisible(False)

    def _show_product(self, product: ProductRow) -> None:
        self.code.setText(product.code)
        self.name.setText(product.name)
        self.category.setCurrentIndex(max(0, self.category.findData(product.category)))
        self.base_unit.setText(product.units.base_code)
        self.base_plural.setText(product.units.base_plural)
        self.threshold.setText(format_number(product.alert_threshold))
        for field in (self.code, self.name, self.category, self.base_unit, self.base_plural, self.threshold):
            field.setEnabled(False)
        self.active.setChecked(product.active)
        self.active.setVisible(True)
        self.model.set_saved(self.ctx.read(lambda s: catalog.product_units(s, product.id)))

    # -- as-you-type feedback ----------------------------------------------------------------------
    def _base_unit_changed(self, text: str) -> None:
        unit = text.strip()
        if self.product is None:
            self.base_plural.setText(suggest_plural(unit))
        self.model.set_base_unit(unit)
        self.factor_caption.setText(_("{unit} per unit *").format(unit=unit or "?"))
        self.threshold.setPlaceholderText(_("quantity in {unit}").format(unit=unit or "?"))

    def _suggest_unit_plural(self, text: str) -> None:
        self.unit_plural.setText(suggest_plural(text))

    def _check_threshold(self, text: str) -> None:
        self.field_error_label(self.threshold).setText(_threshold_problem(text))

    def _check_unit_line(self) -> None:
        factor = self.unit_factor.text()
        self.unit_error.setText(
            (_factor_problem(factor) if factor.strip() else "") or _date_problem(self.unit_date.text())
        )

    # -- units ---------------------------------------------------------------------------------------
    def _unit_typed(self) -> bool:
        return any(f.text().strip() for f in self.unit_fields)

    def add_unit(self) -> bool:
        """Put the unit typed on the unit line into the table (checked as far as the form can)."""
        code, name = self.unit_code.text().strip(), self.unit_name.text().strip()
        problem = ""
        if not code or not name or not self.unit_factor.text().strip():
            problem = _("A unit needs a code, a name and a factor.")
        elif code.casefold() in self.model.codes() or code.casefold() == self.base_unit.text().strip().casefold():
            problem = _("This product already has a unit with the code « {code} ».").format(code=code)
        else:
            problem = _factor_problem(self.unit_factor.text()) or _date_problem(self.unit_date.text())
        if problem:
            self.unit_error.setText(problem)
            self.unit_code.setFocus()
            return False
        plural = self.unit_plural.text().strip() or suggest_plural(name)
        factor = catalog.parse_factor(self.unit_factor.text())
        self.model.add(UnitInput(code, name, plural, factor, parse_optional_date(self.unit_date.text())))
        for field in self.unit_fields:
            field.clear()
        self.unit_error.clear()
        self.unit_code.setFocus()
        return True

    def remove_unit(self) -> None:
        index = self.table.currentIndex()
        if index.isValid() and not self.model.remove(index.row()):
            self.unit_error.setText(_("A saved unit stays: documents may use it."))

    # -- keyboard --------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            focus = self.focusWidget()
            if focus is self.threshold or (focus is self.active and self.product is not None):
                self.unit_code.setFocus(Qt.FocusReason.TabFocusReason)
                return
            if focus in self.unit_fields:
                if focus is self.unit_code and not self._unit_typed():
                    self.accept()
                elif focus is self.unit_date:
                    self.add_unit()
                else:
                    self.unit_fields[self.unit_fields.index(focus) + 1].setFocus(Qt.FocusReason.TabFocusReason)
                return
        super().keyPressEvent(event)

    # -- saving ------------------------------------------------------------------------------------------
    def product_input(self) -> ProductInput | None:
        """The product as typed, or None after showing what is missing beside the field."""
        for field, what in ((self.code, _("The code is required.")), (self.name, _("The name is required."))):
            if not field.text().strip():
                self.show_field_error(field, what)
                return None
        if not self.base_unit.text().strip():
            self.show_field_error(self.base_unit, _("The base unit is required."))
            return None
        if problem := _threshold_problem(self.threshold.text()):
            self.show_field_error(self.threshold, problem)
            return None
        base = self.base_unit.text().strip()
        return ProductInput(
            code=self.code.text(),
            name=self.name.text(),
            category=self.category.currentData(),
            base_unit=base,
            base_unit_name=base,
            base_unit_plural=self.base_plural.text().strip() or base,
            alert_threshold=_threshold(self.threshold.text()),
            units=self.model.new_units(),
        )

    def accept(self) -> None:
        self.clear_errors()
        if self._unit_typed() and not self.add_unit():
            return
        try:
            if self.product is None:
                data = self.product_input()
                if data is None:
                    return
                self.saved = self.ctx.workspace.run(lambda s: catalog.create_product(s, data))
            else:
                self.saved = self._save_changes(self.product)
        except DomainError as err:
            self.show_error(message(err))
            return
        self.ctx.changed.emit({"products"})
        super().accept()

    def _save_changes(self, product: ProductRow) -> ProductRow:
        units, active = self.model.new_units(), self.active.isChecked()

        def work(s: Any) -> ProductRow:
            for unit in units:
                catalog.add_unit(s, product.id, unit)
            if active != product.active:
                catalog.set_product_active(s, product.id, active)
            return catalog.get_product(s, product.id)

        return self.ctx.workspace.run(work)

    # -- entry points ----------------------------------------------------------------------------------------
    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext) -> ProductRow | None:
        dialog = cls(ctx, None, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def edit(cls, parent: QWidget | None, ctx: ViewContext, product_id: int) -> ProductRow | None:
        product = ctx.read(lambda s: catalog.get_product(s, product_id))
        dialog = cls(ctx, product, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None


def _threshold(text: str) -> Decimal:
    return parse_quantity(text) if text.strip() else Decimal(0)


def _threshold_problem(text: str) -> str:
    try:
        value = _threshold(text)
    except DomainError as err:
        return message(err)
    return _("The threshold cannot be negative.") if value < 0 else ""


def _factor_problem(text: str) -> str:
    try:
        catalog.parse_factor(text)
    except DomainError as err:
        return message(err)
    return ""


def _date_problem(text: str) -> str:
    try:
        parse_optional_date(text)
    except ValueError:
        return _("« {text} » is not a date: type it as dd/mm/yyyy.").format(text=text.strip())
    return ""
