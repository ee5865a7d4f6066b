"""Produits: the catalogue list (units, alert threshold, active) and the product dialog.

``ProductDialog`` creates a product with its packaging units (sac de 50 kg, tonne, local measures such
as the « tine » with its calibrated weight and date), or, for an existing product, adds units and
(de)activates it. The services check everything again (duplicate codes, factors, permissions).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from centre_app.domain.permissions import Action
from centre_app.services import catalog
from centre_app.services.catalog import ProductRow
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource
from centre_app.views.product_dialog import ProductDialog
from centre_app.views.reference_common import filter_rows, sort_ascending


def _packaging(row: ProductRow) -> str:
    return ", ".join(u.name for u in row.units.units)


COLUMNS = (
    Column("code", N_("Code"), order="code"),
    Column("name", N_("Product name"), order="name", stretch=True),
    Column("category_label", N_("Category"), order="category"),
    Column("base_unit", N_("Base unit"), order="base_unit"),
    Column("packaging", N_("Packaging units"), text=_packaging, value=_packaging),
    Column(
        "alert_threshold",
        N_("Alert threshold"),
        text=lambda r: r.units.describe(r.alert_threshold),
        value=lambda r: r.units.describe(r.alert_threshold),
        order="alert_threshold",
    ),
    Column("active", N_("Active"), order="active"),
)


def products_source() -> ListSource:
    return ListSource(
        fetch_all=lambda s, search: filter_rows(
            catalog.list_products(s), search, lambda r: (r.code, r.name, r.category_label, _packaging(r))
        )
    )


class ProductsPage(ListPage):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Products"), COLUMNS, products_source(), {"products"}, parent)
        self.search.setPlaceholderText(_("Search a product: code, name, category, packaging…"))
        self.new_button = self.add_button(_("New product"), self.new_product, Action.EDIT_MASTER_DATA)
        self.edit_button = self.add_button(_("Units and status…"), self.edit_current, Action.EDIT_MASTER_DATA)
        self.activated.connect(self.edit_product)
        sort_ascending(self, 2)  # by category, then by name (the service's order, kept by a stable sort)

    def new_product(self) -> None:
        ProductDialog.create(self, self.ctx)

    def edit_current(self) -> None:
        row = self.current()
        if row is not None:
            self.edit_product(row)

    def edit_product(self, row: ProductRow) -> None:
        if self.ctx.can(Action.EDIT_MASTER_DATA):
            ProductDialog.edit(self, self.ctx, row.id)
