"""Bon de livraison from an order: the remaining quantities are proposed, Enter validates.

``DeliveryDialog.create(parent, ctx, order_id) -> DeliveryDoc | None``. Opened from the orders list with
F6, the table has the focus on the first quantity: Enter delivers everything that remains from the
order's magasin; typing a number replaces a quantity (partial delivery), Enter moves to the next line.
Refusals (more than ordered, more than the magasin holds) keep the dialog open with the French message.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_date
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import PRECISION, UnitSet, parse_quantity
from centre_app.services import deliveries, orders, stock_reports
from centre_app.services.deliveries import DeliveryDoc, DeliveryDraft, DeliveryLineInput
from centre_app.services.orders import OrderDoc, OrderLineRow
from centre_app.services.stock_ledger import describe_in
from centre_app.views import order_actions
from centre_app.views.cash_models import table_view
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.stock_common import ALERT_COLOUR, plain, products, quantity_text, select_data, warehouse_combo
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.form_helpers import FormDialog
from centre_app.views.widgets.money_edit import GroupedLineEdit, GroupedNumberValidator

Index = QModelIndex | QPersistentModelIndex
TITLES = (N_("Product"), N_("Ordered"), N_("Delivered before"), N_("Remaining"), N_("In stock"), N_("To deliver"),
          N_("That is"))  # fmt: skip
NOW = 5  # the column the clerk types in


@dataclass
class DeliveryRow:
    line: OrderLineRow
    units: UnitSet
    unit: str  # unit of the quantity typed (the order's unit, or the base unit when that is not exact)
    factor: Decimal
    count: Decimal | None  # to deliver now, in ``unit``
    in_stock: str = ""
    in_stock_base: Decimal = Decimal(0)

    def base(self) -> Decimal:
        return (self.count or Decimal(0)) * self.factor


def delivery_row(line: OrderLineRow, units: UnitSet) -> DeliveryRow:
    """Proposes what remains, in the order's unit when it is an exact count there, in the base unit otherwise."""
    unit = units.unit(line.unit)
    if unit is not None:
        count = line.remaining / unit.factor
        if count == count.quantize(Decimal(1).scaleb(-PRECISION)):
            return DeliveryRow(line, units, unit.code, unit.factor, count)
    return DeliveryRow(line, units, units.base_code, Decimal(1), line.remaining)


class DeliveryLinesModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DeliveryRow] = []

    def set_rows(self, rows: list[DeliveryRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[DeliveryRow]:
        return list(self._rows)

    def set_stock(self, stock: dict[int, tuple[str, Decimal]]) -> None:
        for r in self._rows:
            r.in_stock, r.in_stock_base = stock.get(r.line.product_id, ("0", Decimal(0)))
        if self._rows:
            self.dataChanged.emit(self.index(0, 4), self.index(len(self._rows) - 1, NOW))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TITLES)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == NOW:
                return "" if r.count is None else quantity_text(r.count)
            if col == 6:
                return plain(describe_in(r.units, r.base(), r.unit)) if r.count else ""
            line = r.line
            delivered = plain(line.delivered_described) if line.delivered else ""
            return (line.product_name, plain(line.described), delivered,
                    plain(line.remaining_described), plain(r.in_stock))[col]  # fmt: skip
        if role == Qt.ItemDataRole.EditRole and col == NOW:
            return "" if r.count is None else quantity_text(r.count)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == NOW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col == NOW:
            return QColor("#fff8d6")
        if role == Qt.ItemDataRole.ForegroundRole and col in (NOW, 6) and self.too_much(r):
            return QColor(ALERT_COLOUR)  # as-you-type hint only: the service decides
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None

    @staticmethod
    def too_much(r: DeliveryRow) -> bool:
        return r.base() > r.line.remaining or r.base() > r.in_stock_base

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == NOW:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != NOW:
            return False
        text = str(value).strip() if value is not None else ""
        try:
            count = parse_quantity(text) if text else None
        except DomainError:
            return False
        if count is not None and count < 0:
            return False
        self._rows[index.row()].count = count
        self.dataChanged.emit(self.index(index.row(), NOW), self.index(index.row(), 6))
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(TITLES[section])
        return None


class QuantityDelegate(QStyledItemDelegate):
    """Edits a quantity: digits, one decimal comma, thousands grouped."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = GroupedLineEdit(parent)
        editor.setValidator(GroupedNumberValidator(PRECISION, editor))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class DeliveryDialog(FormDialog):
    def __init__(self, ctx: ViewContext, order: OrderDoc, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Delivery — order {number}").format(number=order.number), ok_text=_("Deliver"))
        self.ctx = ctx
        self.order = order
        self.delivery: DeliveryDoc | None = None
        self.setMinimumWidth(1180)
        if not ctx.can(Action.EDIT_DOCUMENTS):
            self.ok_button.setEnabled(False)
            self.ok_button.setToolTip(ctx.why_not(Action.EDIT_DOCUMENTS))
        head = _("{number} of {day} — {party}").format(
            number=order.number, day=format_date(order.order_date), party=order.party_name
        )
        self.form.addRow(_("Order"), QLabel(head, self))
        self.warehouse = self.add_field(_("From warehouse"), warehouse_combo(ctx, self), name="warehouse")
        select_data(self.warehouse, order.warehouse_id)
        self.day = self.add_field(_("Date"), DateEdit(self), name="day", required=True)
        self.place = self.add_field(_("Place"), QLineEdit(order.delivery_place, self), name="place")
        self.carrier = self.add_field(_("Carrier"), QLineEdit(self), name="carrier")
        self.carrier.setPlaceholderText(_("Driver, vehicle, or the customer's representative"))
        units = {p.id: p.units for p in products(ctx, active_only=False)}
        self.model = DeliveryLinesModel(self)
        self.model.set_rows([delivery_row(x, units[x.product_id]) for x in order.lines if x.remaining > 0])
        self.table = table_view(self, self.model, "delivery_lines")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setItemDelegateForColumn(NOW, QuantityDelegate(self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setMinimumHeight(150)
        self.table.itemDelegateForColumn(NOW).closeEditor.connect(self._typed)
        self.lines = self.add_field(_("Quantities"), self.table, name="lines", required=True)
        hint = QLabel(_("Enter delivers; type a number to deliver less (partial delivery)."), self)
        hint.setStyleSheet("color: #555555;")
        self.form.addRow("", hint)
        self.warehouse.currentIndexChanged.connect(self.load_stock)
        self.day.dateChanged.connect(self.load_stock)
        self.load_stock()
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, NOW))
        self.table.setFocus()

    def load_stock(self, *_args: object) -> None:
        wid, day = self.warehouse.currentData(), self.day.value()
        lines = self.ctx.read(lambda s: stock_reports.stock_on_hand(s, day, wid))
        self.model.set_stock({x.product_id: (x.described, x.quantity) for x in lines})

    def _typed(self, _editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: on to the next line
            row = self.table.currentIndex().row()
            if 0 <= row < self.model.rowCount() - 1:
                self.table.setCurrentIndex(self.model.index(row + 1, NOW))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.table.state() == QAbstractItemView.State.EditingState
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if editing and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not ctrl:
            return  # Enter in a quantity: the delegate records it and moves to the next line
        super().keyPressEvent(event)

    def draft(self) -> DeliveryDraft:
        lines = tuple(
            DeliveryLineInput(r.line.id, r.count, r.unit) for r in self.model.rows() if r.count and r.count > 0
        )
        return DeliveryDraft(
            self.order.id, lines, warehouse_id=self.warehouse.currentData(), business_date=self.day.value(),
            place=self.place.text(), carrier=self.carrier.text(),
        )  # fmt: skip

    def accept(self) -> None:
        if not self.ok_button.isEnabled():
            return
        if self.table.state() == QAbstractItemView.State.EditingState:
            self.table.setFocus()  # commit the quantity being typed first
        self.clear_errors()
        draft = self.draft()
        try:
            doc = self.ctx.workspace.run(lambda s: deliveries.record_delivery(s, draft))
        except DomainError as err:
            self.show_error(message(err))
            return
        self.delivery = doc
        self.ctx.changed.emit({"stock", "orders"})
        super().accept()
        order_actions.print_delivery(self.parentWidget(), self.ctx, doc.id, doc.number)

    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext, order_id: int) -> DeliveryDoc | None:
        dialog = cls(ctx, ctx.read(lambda s: orders.get_order(s, order_id)), parent)
        return dialog.delivery if dialog.exec() == QDialog.DialogCode.Accepted else None
