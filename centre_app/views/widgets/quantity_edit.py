"""Quantity entry: a number (decimal comma allowed) and one of the product's units, with a live hint.

    qty = QuantityEdit()
    qty.set_units(product.units, product=product.name)   # a UnitSet: base unit + packaging units
    # the clerk types 12 and keeps « sac de 50 kg »; the hint reads « 12 sacs de 50 kg (600 kg) »
    qty.quantity()       -> Decimal("12")     # as typed, None when empty or not a number
    qty.unit()           -> "SAC50"           # unit code
    qty.base_quantity()  -> Decimal("600")    # UnitSet.to_base, None when empty or refused
    qty.error()          -> ""                # or the French reason (too many decimals…)
    qty.changed.connect(...)                  # number or unit changed

Only the units of the product are offered (the preferred packaging unit first and selected by
default); ``set_unit(code)`` refuses a code the product lacks. The conversion itself is the
domain's (UnitSet); this widget only shows it as you type.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_number
from centre_app.domain.quantity import PRECISION, UnitSet, parse_quantity
from centre_app.views.widgets.form_helpers import ERROR_STYLE
from centre_app.views.widgets.money_edit import GroupedLineEdit, GroupedNumberValidator

HINT_STYLE = "color: #555555;"


class QuantityEdit(QWidget):
    """Number field + unit combo + hint label (see the module docstring)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, unit_set: UnitSet | None = None) -> None:
        super().__init__(parent)
        self._units: UnitSet | None = None
        self._product: str | None = None
        self.number = GroupedLineEdit(self)
        self.number.setObjectName("quantity")
        self.number.setValidator(GroupedNumberValidator(PRECISION, self.number))
        self.number.WIDTH_SAMPLE = "999 999,999"
        self.unit_combo = QComboBox(self)
        self.unit_combo.setObjectName("unit")
        self.unit_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.hint = QLabel(self)
        self.hint.setObjectName("quantity_hint")
        self.hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.hint.setMinimumWidth(160)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.number)
        row.addWidget(self.unit_combo)
        row.addWidget(self.hint, 1)
        self.setFocusProxy(self.number)
        self.number.textChanged.connect(self._on_change)
        self.unit_combo.currentIndexChanged.connect(self._on_change)
        if unit_set is not None:
            self.set_units(unit_set)

    # --- units -------------------------------------------------------------------------------
    def set_units(self, unit_set: UnitSet | None, *, product: str | None = None) -> None:
        """Offer the units of one product (its preferred packaging unit selected); None empties the list."""
        self._units, self._product = unit_set, product
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        if unit_set is not None:
            for unit in unit_set.units:
                factor = format_number(unit.factor)
                text = unit.name if factor in unit.name else f"{unit.name} ({factor} {unit_set.base_name})"
                self.unit_combo.addItem(text, unit.code)
            self.unit_combo.addItem(unit_set.base_name, unit_set.base_code)
            self.unit_combo.setCurrentIndex(0)
        self.unit_combo.blockSignals(False)
        self.unit_combo.setEnabled(unit_set is not None)
        self._on_change()

    def unit_set(self) -> UnitSet | None:
        return self._units

    def unit(self) -> str:
        """Code of the chosen unit ("" before set_units)."""
        return self.unit_combo.currentData() or ""

    def set_unit(self, code: str) -> bool:
        """Choose the unit ``code``; False (nothing changes) when the product has no such unit."""
        index = self.unit_combo.findData(code)
        if index < 0:
            return False
        self.unit_combo.setCurrentIndex(index)
        return True

    # --- quantity ----------------------------------------------------------------------------
    def quantity(self) -> Decimal | None:
        """The number as typed (in the chosen unit), None when empty or not a number."""
        try:
            return parse_quantity(self.number.text()) if self.number.text().strip() else None
        except DomainError:
            return None

    def set_quantity(self, quantity: Decimal | int | None, unit: str | None = None) -> None:
        if unit is not None:
            self.set_unit(unit)
        self.number.setText("" if quantity is None else format_number(Decimal(quantity)).replace("\u202f", " "))

    def base_quantity(self) -> Decimal | None:
        """The quantity in the product's base unit (UnitSet.to_base), None when empty or refused."""
        try:
            return self._to_base()
        except DomainError:
            return None

    def error(self) -> str:
        """French reason why the quantity cannot be taken; "" when it can (or the field is empty)."""
        try:
            self._to_base()
        except DomainError as err:
            return message(err)
        return ""

    def _to_base(self) -> Decimal | None:
        if not self.number.text().strip() or self._units is None:
            return None
        return self._units.to_base(self.number.text(), self.unit(), product=self._product)

    # --- hint --------------------------------------------------------------------------------
    def hint_text(self) -> str:
        return self.hint.text()

    def _on_change(self, *_args: object) -> None:
        try:
            base = self._to_base()
        except DomainError as err:
            self.hint.setStyleSheet(ERROR_STYLE)
            self.hint.setText(message(err))
        else:
            self.hint.setStyleSheet(HINT_STYLE)
            self.hint.setText("" if base is None else self._describe(base))
        self.changed.emit()

    def _describe(self, base: Decimal) -> str:
        """« 12 sacs de 50 kg (600 kg) »: in the chosen packaging unit, or the best one for the base unit."""
        assert self._units is not None
        units = self._units
        chosen = units.unit(self.unit())
        if chosen is not None:
            units = UnitSet(units.base_code, units.base_name, units.base_plural, (chosen,))
        return units.describe(base)
