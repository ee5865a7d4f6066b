"""The lines of a stock document as typed by the clerk: product, quantity in one of its units, and a
price when the document has one (cost of a reception, price list of an order).

    editor = LinesEditor(ctx, self, price="cost")      # "none" (transfer, loss), "cost", "list"
    editor.set_pricer(fn)                               # "list": fn(product_id, unit, base) -> Priced
    editor.line_inputs() -> tuple[LineInput, ...]       # what the services take
    editor.linesChanged.connect(...)

Keyboard: choose the product (type its first letters), Enter → quantity, Enter → (cost) → Enter adds the
line and comes back to the product; Enter on an empty product leaves the lines for the next field.
Delete removes the selected line; double-click (or F2) takes a line back into the entry fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.quantity import UnitSet
from centre_app.domain.stock import line_amount
from centre_app.services.catalog import ProductRow
from centre_app.services.stock import LineInput
from centre_app.views.cash_models import money, table_view
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.stock_common import plain, product_combo, products
from centre_app.views.widgets.form_helpers import error_label
from centre_app.views.widgets.money_edit import MoneyEdit
from centre_app.views.widgets.quantity_edit import QuantityEdit

Index = QModelIndex | QPersistentModelIndex
RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True)
class Priced:
    """A line's price: per ``unit_name`` (the list may price another unit than the one typed) and amount."""

    unit_price: int
    unit_name: str
    amount: int


@dataclass(frozen=True)
class EnteredLine:
    product_id: int
    product_name: str
    quantity: Decimal  # as typed, in ``unit``
    unit: str
    described: str  # « 12 sacs de 50 kg (600 kg) »
    unit_price: int = 0  # per ``unit`` (cost) or per ``price_unit_name`` (list)
    price_unit_name: str = ""
    amount: int | None = None


class LinesModel(QAbstractTableModel):
    """The typed lines; with prices, two more columns (unit price, amount)."""

    TITLES = (N_("Product"), N_("Quantity"), N_("Unit price"), N_("Amount"))

    def __init__(self, currency: tuple[str, str], priced: bool, parent: Any = None) -> None:
        super().__init__(parent)
        self.currency = currency
        self.priced = priced
        self._rows: list[EnteredLine] = []

    def set_rows(self, rows: list[EnteredLine]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[EnteredLine]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else (4 if self.priced else 2)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return r.product_name
            if col == 1:
                return plain(r.described)
            if col == 2:
                unit = r.price_unit_name
                return _("{price} per {unit}").format(price=money(r.unit_price, self.currency), unit=unit)
            return "" if r.amount is None else money(r.amount, self.currency)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.TITLES[section])
        return None


class LinesEditor(QWidget):
    """Entry row + table of lines + total (see the module docstring)."""

    linesChanged = Signal()

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None, *, price: str = "none") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.price_mode = price
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self._pricer: Callable[[int, str, Decimal], Priced] | None = None
        self._products: dict[int, ProductRow] = {p.id: p for p in products(ctx)}
        self.product = product_combo(ctx, self)
        self.product.setObjectName("line_product")
        self.product.setPlaceholderText(_("Product…"))
        self.product.setCurrentIndex(-1)
        self.quantity = QuantityEdit(self)
        self.quantity.setObjectName("line_quantity")
        self.cost = MoneyEdit(self, currency=centre.currency)
        self.cost.setObjectName("line_cost")
        self.cost.setPlaceholderText(_("price per unit"))
        self.cost.setVisible(price == "cost")
        self.add_button = QPushButton(_("Add the line"), self)
        self.add_button.setObjectName("add_line")
        self.add_button.setAutoDefault(False)
        self.remove_button = QPushButton(_("Remove the line"), self)
        self.remove_button.setObjectName("remove_line")
        self.remove_button.setAutoDefault(False)
        self.model = LinesModel(self.cur, price != "none", self)
        self.table = table_view(self, self.model, "lines", stretch=0)
        self.table.setMinimumHeight(120)
        self.error = error_label(self, "lines_error")
        self.total = QLabel(self)
        self.total.setObjectName("lines_total")
        self.total.setVisible(price != "none")
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.product, 0, 0)
        grid.addWidget(self.quantity, 0, 1)
        grid.addWidget(self.cost, 0, 2)
        grid.addWidget(self.add_button, 0, 3)
        grid.setColumnStretch(1, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.remove_button)
        bottom.addStretch(1)
        bottom.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.setFocusProxy(self.product)
        self.product.currentIndexChanged.connect(self._product_changed)
        self.add_button.clicked.connect(self.add_current)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.doubleClicked.connect(lambda index: self.take_back(index.row()))
        for widget in (self.product, self.quantity.number, self.cost, self.table):
            widget.installEventFilter(self)
        self._update_total()

    # -- API ------------------------------------------------------------------------------------
    def set_pricer(self, pricer: Callable[[int, str, Decimal], Priced] | None) -> None:
        self._pricer = pricer

    def lines(self) -> list[EnteredLine]:
        return self.model.rows()

    def line_inputs(self) -> tuple[LineInput, ...]:
        return tuple(LineInput(r.product_id, r.quantity, r.unit, r.unit_price) for r in self.model.rows())

    def set_lines(self, rows: list[EnteredLine]) -> None:
        self.model.set_rows(rows)
        self._changed()

    def add_line(self, product_id: int, quantity: Decimal | int | str, unit: str, cost: int = 0) -> bool:
        """Add a line as if typed (True when added; otherwise the reason is shown)."""
        p = self._products.get(product_id)
        if p is None:
            return False
        self.product.setCurrentIndex(self.product.findData(product_id))
        self.quantity.set_quantity(Decimal(str(quantity)), unit)
        if self.price_mode == "cost":
            self.cost.setValue(cost)
        return self.add_current()

    def reprice(self) -> None:
        """Price every line again (the order's price list or date changed)."""
        rows, errors = [], []
        for r in self.model.rows():
            try:
                rows.append(self._priced(r))
            except DomainError as err:
                rows.append(EnteredLine(r.product_id, r.product_name, r.quantity, r.unit, r.described))
                errors.append(message(err))
        self.model.set_rows(rows)
        self.error.setText("\n".join(errors))
        self._changed()

    def total_amount(self) -> int:
        return sum(r.amount or 0 for r in self.model.rows())

    def units_of(self, product_id: int) -> UnitSet | None:
        p = self._products.get(product_id)
        return p.units if p else None

    # -- entry -------------------------------------------------------------------------------------
    def _product_changed(self, _index: int) -> None:
        p = self._products.get(self.product.currentData()) if self.product.currentIndex() >= 0 else None
        self.quantity.set_units(p.units if p else None, product=p.name if p else None)

    def add_current(self) -> bool:
        self.error.clear()
        product_id = self.product.currentData() if self.product.currentIndex() >= 0 else None
        if product_id is None:
            self.error.setText(_("Choose a product."))
            self.product.setFocus()
            return False
        if self.quantity.error() or self.quantity.base_quantity() is None or self.quantity.quantity() is None:
            self.error.setText(self.quantity.error() or _("Type the quantity."))
            self.quantity.setFocus()
            return False
        if self.price_mode == "cost" and self.cost.error():
            self.error.setText(self.cost.error())
            self.cost.setFocus()
            return False
        p = self._products[product_id]
        qty = self.quantity.quantity()
        assert qty is not None
        unit = self.quantity.unit()
        described = self.quantity.hint_text()
        unit_def = p.units.unit(unit)
        unit_name = unit_def.name if unit_def else p.units.base_name
        line = EnteredLine(p.id, p.name, qty, unit, described)
        if self.price_mode == "cost":
            cost = self.cost.value() or 0
            line = EnteredLine(p.id, p.name, qty, unit, described, cost, unit_name, line_amount(qty, Decimal(1), cost))
        elif self.price_mode == "list":
            try:
                line = self._priced(line)
            except DomainError as err:
                self.error.setText(message(err))
                return False
        self.model.set_rows([*self.model.rows(), line])
        self.product.setCurrentIndex(-1)
        self.quantity.set_quantity(None)
        self.cost.setValue(None)
        self.product.setFocus()
        self._changed()
        return True

    def _priced(self, r: EnteredLine) -> EnteredLine:
        if self._pricer is None:
            return r
        base = self.units_of(r.product_id)
        assert base is not None
        priced = self._pricer(r.product_id, r.unit, base.to_base(r.quantity, r.unit))
        return EnteredLine(
            r.product_id, r.product_name, r.quantity, r.unit, r.described, priced.unit_price, priced.unit_name,
            priced.amount,
        )  # fmt: skip

    def remove_selected(self) -> None:
        row = self.table.currentIndex().row()
        rows = self.model.rows()
        if 0 <= row < len(rows):
            del rows[row]
            self.model.set_rows(rows)
            self._changed()

    def take_back(self, row: int) -> None:
        """Put a line back into the entry fields (to correct it) and remove it from the table."""
        rows = self.model.rows()
        if not 0 <= row < len(rows):
            return
        r = rows.pop(row)
        self.model.set_rows(rows)
        self.product.setCurrentIndex(self.product.findData(r.product_id))
        self.quantity.set_quantity(r.quantity, r.unit)
        if self.price_mode == "cost":
            self.cost.setValue(r.unit_price)
        self.quantity.setFocus()
        self._changed()

    def _changed(self) -> None:
        self._update_total()
        self.linesChanged.emit()

    def _update_total(self) -> None:
        self.total.setText(_("Total: {amount}").format(amount=money(self.total_amount(), self.cur)))

    # -- keyboard ----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if watched is self.table:
            if key == Qt.Key.Key_Delete:
                self.remove_selected()
                return True
            if key == Qt.Key.Key_F2:
                self.take_back(self.table.currentIndex().row())
                return True
            return False
        if key not in RETURN_KEYS or ctrl:
            return False
        if watched is self.product:
            if self.product.currentIndex() < 0:
                return False  # nothing to add: the form moves on to its next field
            self.quantity.setFocus()
            return True
        if watched is self.quantity.number:
            if self.price_mode == "cost" and not self.quantity.error() and self.quantity.quantity() is not None:
                self.cost.setFocus()
            else:
                self.add_current()
            return True
        if watched is self.cost:
            self.add_current()
            return True
        return False
