"""Prix: the price lists (normal, social with its eligibility) and, for the selected list, its dated prices.

A new price never replaces an old one: it starts on its date and the earlier prices stay listed (the
documents that used them keep them). Only a manager or an administrator may change prices; the other
roles see the lists with the buttons disabled and the reason in their tooltip.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QSplitter, QVBoxLayout, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_date, format_number
from centre_app.domain.permissions import Action
from centre_app.services import catalog
from centre_app.services.catalog import PriceListRow, PriceRow, ProductRow
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource
from centre_app.views.reference_common import date_edit, edited_date, filter_rows, money_formatter, sort_ascending
from centre_app.views.widgets.form_helpers import FormDialog
from centre_app.views.widgets.money_edit import MoneyEdit

LIST_COLUMNS = (
    Column("code", N_("Code"), order="code"),
    Column("name", N_("Price list"), order="name"),
    Column("kind", N_("Type"), text=lambda r: catalog.PRICE_LIST_KINDS.get(r.kind, r.kind), order="kind"),
    Column("eligibility", N_("Who is eligible"), stretch=True),
    Column("active", N_("Active")),
)


def price_columns(money: Callable[[int], str]) -> tuple[Column, ...]:
    return (
        Column("product", N_("Product"), order="product", stretch=True),
        Column("product_code", N_("Code"), order="product_code"),
        Column("unit_name", N_("Unit"), order="unit_name"),
        Column("amount", N_("Price"), text=lambda r: money(r.amount), kind="money", order="amount"),
        Column(
            "valid_from", N_("Valid from"), text=lambda r: format_date(r.valid_from), kind="date", order="valid_from"
        ),
        Column("state_label", N_("Status"), order="state"),
    )


class PricesPage(QWidget):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = _("Prices")
        self.price_list: PriceListRow | None = None
        lists_source = ListSource(fetch_all=lambda s, search: catalog.list_price_lists(s))
        self.lists = ListPage(ctx, _("Price lists"), LIST_COLUMNS, lists_source, {"prices"}, self)
        self.lists.search.hide()
        self.lists.count.hide()
        self.new_list_button = self.lists.add_button(
            _("New price list"), self.new_price_list, Action.MANAGE_CONTRACTS_AND_PRICES
        )
        prices_source = ListSource(fetch_all=self._fetch_prices)
        columns = price_columns(money_formatter(ctx))
        self.prices = ListPage(ctx, _("Prices"), columns, prices_source, {"prices", "products"}, self)
        self.prices.search.setPlaceholderText(_("Search a price: product, code, unit…"))
        self.new_price_button = self.prices.add_button(
            _("New price"), self.new_price, Action.MANAGE_CONTRACTS_AND_PRICES
        )
        self.prices.activated.connect(self.new_price_like)
        sort_ascending(self.lists, 0)
        sort_ascending(self.prices, 0)
        self.caption = QLabel(self)
        self.caption.setObjectName("caption")
        self.caption.setContentsMargins(9, 6, 9, 0)
        lower = QWidget(self)
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.caption)
        column.addWidget(self.prices, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.lists)
        splitter.addWidget(lower)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.lists.table.selectionModel().currentRowChanged.connect(self._list_chosen)
        self.lists.model.modelReset.connect(self._reselect)
        self._reselect()

    # -- which list ----------------------------------------------------------------------------------
    def _fetch_prices(self, session: Any, search: str) -> list[PriceRow]:
        if self.price_list is None:
            return []
        rows = catalog.list_prices(session, self.price_list.id)
        return filter_rows(rows, search, lambda r: (r.product, r.product_code, r.unit_name, r.unit))

    def _reselect(self) -> None:
        model = self.lists.model
        wanted = self.price_list.id if self.price_list else None
        rows = [model.row_at(i) for i in range(model.rowCount())]
        row = next((i for i, r in enumerate(rows) if r.id == wanted), 0 if rows else -1)
        if row >= 0:
            self.lists.table.selectRow(row)
            self.lists.table.setCurrentIndex(model.index(row, 0))
        self._show_list(rows[row] if row >= 0 else None)

    def _list_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show_list(self.lists.model.row_at(current.row()))

    def _show_list(self, price_list: PriceListRow | None) -> None:
        changed = price_list != self.price_list
        self.price_list = price_list
        if price_list is None:
            self.caption.setText(_("Create a price list first."))
        else:
            self.caption.setText(
                _("<b>Prices of the list « {name} »</b> — earlier prices stay listed (history)").format(
                    name=html.escape(price_list.name)
                )
            )
        self.new_price_button.setEnabled(price_list is not None and self.ctx.can(Action.MANAGE_CONTRACTS_AND_PRICES))
        if changed:
            self.prices.refresh()

    def select_price_list(self, price_list_id: int) -> None:
        model = self.lists.model
        for i in range(model.rowCount()):
            if model.row_at(i).id == price_list_id:
                self.lists.table.setCurrentIndex(model.index(i, 0))

    # -- actions -------------------------------------------------------------------------------------
    def new_price_list(self) -> None:
        created = PriceListDialog.create(self, self.ctx)
        if created is not None:
            self.select_price_list(created)

    def new_price(self) -> None:
        if self.price_list is not None:
            PriceDialog.create(self, self.ctx, self.price_list)

    def new_price_like(self, row: PriceRow) -> None:
        """Double-click or Enter on a price: a new price for the same product and unit."""
        if self.price_list is not None and self.ctx.can(Action.MANAGE_CONTRACTS_AND_PRICES):
            PriceDialog.create(self, self.ctx, self.price_list, row.product_code, row.unit)


class PriceListDialog(FormDialog):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("New price list"), ok_text=_("Save"))
        self.ctx = ctx
        self.created: int | None = None
        self.setMinimumWidth(520)
        self.code = self.add_field(_("Code"), QLineEdit(), name="code", required=True)
        self.code.setPlaceholderText(_("e.g. SOCIAL2"))
        self.name = self.add_field(_("List name"), QLineEdit(), name="name", required=True)
        self.kind = self.add_field(_("Type"), QComboBox(), name="kind", required=True)
        for key, label in catalog.PRICE_LIST_KINDS.items():
            self.kind.addItem(label, key)
        self.eligibility = self.add_field(_("Who is eligible"), QLineEdit(), name="eligibility")
        self.eligibility.setPlaceholderText(_("e.g. members of the producer organisations under contract"))
        self.code.setFocus()

    def accept(self) -> None:
        self.clear_errors()
        for field, what in ((self.code, _("The code is required.")), (self.name, _("The name is required."))):
            if not field.text().strip():
                self.show_field_error(field, what)
                return
        code, name, kind, who = self.code.text(), self.name.text(), self.kind.currentData(), self.eligibility.text()
        try:
            self.created = self.ctx.workspace.run(lambda s: catalog.create_price_list(s, code, name, kind, who))
        except DomainError as err:
            self.show_error(message(err))
            return
        self.ctx.changed.emit({"prices"})
        super().accept()

    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext) -> int | None:
        dialog = cls(ctx, parent)
        return dialog.created if dialog.exec() == QDialog.DialogCode.Accepted else None


class PriceDialog(FormDialog):
    """A new dated price of one unit of one product in a price list."""

    def __init__(
        self,
        ctx: ViewContext,
        price_list: PriceListRow,
        product_code: str | None = None,
        unit: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, _("New price — {name}").format(name=price_list.name), ok_text=_("Save"))
        self.ctx = ctx
        self.price_list = price_list
        self.saved: int | None = None
        self.setMinimumWidth(520)
        self.money = money_formatter(ctx)
        self._prices = ctx.read(lambda s: catalog.list_prices(s, price_list.id))
        self.add_field(_("Price list"), QLabel(f"<b>{html.escape(price_list.name)}</b>"), name="price_list")
        self.product = self.add_field(_("Product"), QComboBox(), name="product", required=True)
        for p in ctx.read(lambda s: catalog.list_products(s, active_only=True)):
            self.product.addItem(f"{p.name} ({p.code})", p)
        self.unit = self.add_field(_("Unit"), QComboBox(), name="unit", required=True)
        self.current = self.add_field(_("Price in force"), QLabel(), name="current")
        self.amount = self.add_field(
            _("Amount"), MoneyEdit(currency=ctx.settings().currency), name="amount", required=True
        )
        self.amount.setAllowZero(False)
        self.valid_from = self.add_field(_("Valid from"), date_edit(), name="valid_from", required=True)
        self.product.currentIndexChanged.connect(self._product_chosen)
        self.unit.currentIndexChanged.connect(self._show_current)
        self.amount.textChanged.connect(lambda _t: self.field_error_label(self.amount).setText(self.amount.error()))
        if product_code is not None:
            self.product.setCurrentIndex(max(0, self._product_index(product_code)))
        self._product_chosen()
        if unit is not None:
            self.unit.setCurrentIndex(max(0, self.unit.findData(unit)))
        (self.amount if product_code else self.product).setFocus()

    def _product_index(self, code: str) -> int:
        return next((i for i in range(self.product.count()) if self.product.itemData(i).code == code), -1)

    def _product_chosen(self) -> None:
        product: ProductRow | None = self.product.currentData()
        self.unit.clear()
        if product is not None:
            units = product.units
            for u in units.units:
                self.unit.addItem(f"{u.name} ({format_number(u.factor)} {units.base_label(u.factor)})", u.code)
            self.unit.addItem(units.base_name, units.base_code)
        self._show_current()

    def _show_current(self) -> None:
        product: ProductRow | None = self.product.currentData()
        unit = self.unit.currentData()
        row = next(
            (
                r
                for r in self._prices
                if product and r.product_code == product.code and r.unit == unit and r.state == "current"
            ),
            None,
        )
        if row is None:
            self.current.setText(_("none for this unit"))
        else:
            self.current.setText(
                _("{amount} since {date}").format(amount=self.money(row.amount), date=format_date(row.valid_from))
            )

    def accept(self) -> None:
        self.clear_errors()
        amount, product = self.amount.value(), self.product.currentData()
        if problem := self.amount.error() or ("" if amount else _("Type the amount.")):
            self.show_field_error(self.amount, problem)
            return
        if product is None:
            self.show_field_error(self.product, _("Choose a product."))
            return
        list_id, unit, start = self.price_list.id, self.unit.currentData(), edited_date(self.valid_from)
        try:
            self.saved = self.ctx.workspace.run(
                lambda s: catalog.set_price(s, list_id, product.id, unit, amount, start)
            )
        except DomainError as err:
            self.show_error(message(err))
            return
        self.ctx.changed.emit({"prices"})
        super().accept()

    @classmethod
    def create(
        cls,
        parent: QWidget | None,
        ctx: ViewContext,
        price_list: PriceListRow,
        product_code: str | None = None,
        unit: str | None = None,
    ) -> int | None:
        dialog = cls(ctx, price_list, product_code, unit, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
