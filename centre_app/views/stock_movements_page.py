"""« Mouvements »: the stock ledger line by line, newest first, filtered by period, product, magasin and
kind (réception, livraison, transfert, perte…), searched by document number or libellé; exports as shown.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from centre_app.domain.formatting import format_date
from centre_app.services import stock_lists
from centre_app.services.stock_lists import MOVEMENT_FILTER_LABELS, MovementRow
from centre_app.views.cash_models import money
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource
from centre_app.views.stock_common import (
    STOCK_AREAS,
    fit_combo,
    labelled,
    plain,
    product_combo,
    warehouse_combo,
    year_start,
)
from centre_app.views.widgets.date_edit import DateEdit

FILTERS = ("start", "end", "product_id", "warehouse_id", "kind")


def movements_source() -> ListSource:
    source = ListSource(extra=dict.fromkeys(FILTERS))
    x = source.extra
    source.fetch = lambda s, search, offset, limit, order: stock_lists.list_movements(
        s, search, offset=offset, limit=limit, order=order, **x
    )
    source.count = lambda s, search: stock_lists.count_movements(s, search, **x)
    return source


def signed(row: MovementRow) -> str:
    """« + 10 sacs de 100 kg (1 000 kg) » for an entry, « − 6 sacs … » for an exit."""
    return f"+ {plain(row.entry_described)}" if row.quantity > 0 else f"− {plain(row.exit_described)}"


def movement_columns(cur: tuple[str, str]) -> tuple[Column, ...]:
    return (
        Column("business_date", N_("Date"), text=lambda r: format_date(r.business_date), order="date"),
        Column("number", N_("Document"), order="number"),
        Column("kind_label", N_("Kind"), order="kind"),
        Column("product_name", N_("Product"), order="product"),
        Column("warehouse_name", N_("Warehouse"), order="warehouse"),
        Column("quantity", N_("In (+) / out (−)"), text=signed, kind="decimal", order="quantity"),
        Column("value", N_("Value"), text=lambda r: money(r.value, cur, symbol=False), kind="money", order="value"),
        Column("label", N_("Description"), stretch=True),
        Column("user_name", N_("User")),
    )


class StockMovementsPage(ListPage):
    TITLE = N_("Movements")
    INITIAL_SORT = (0, Qt.SortOrder.DescendingOrder)  # newest first, from the first load
    LOAD_ON_INIT = False  # loaded once, by _filters_changed() at the end of __init__

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        centre = ctx.settings()
        self.source = movements_source()
        super().__init__(ctx, _(self.TITLE), movement_columns((centre.currency, centre.locale)), self.source,
                         STOCK_AREAS, parent)  # fmt: skip
        self.search.setPlaceholderText(_("Search: document number, description…"))
        metrics = self.table.fontMetrics()
        samples = ("00/00/2026", "MVT-2026-000000", "Transfert (sortie)", "Tourteau de coton",
                   "Banque de céréales de Kelbo", "+ 00 sacs de 100 kg (0 000 kg)", "-0 000 000")  # fmt: skip
        for column, sample in enumerate(samples):
            if sample:
                self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 16)
        self._first_load = False
        self.product = product_combo(ctx, self, all_label=_("All products"), active_only=False)
        self.product.setObjectName("product")
        self.warehouse = warehouse_combo(ctx, self, all_label=_("All warehouses"), active_only=False)
        self.warehouse.setObjectName("warehouse")
        self.kind = fit_combo(QComboBox(self), 14)
        self.kind.setObjectName("kind")
        self.kind.addItem(_("All kinds"), None)
        for key, label in MOVEMENT_FILTER_LABELS.items():
            self.kind.addItem(label, key)
        self.all_dates = QCheckBox(_("All dates"), self)
        self.all_dates.setObjectName("all_dates")
        today = date.today()
        self.start = DateEdit(self, value=year_start(today))
        self.start.setObjectName("start")
        self.end = DateEdit(self, value=today)
        self.end.setObjectName("end")
        row = QHBoxLayout()
        for widget in (labelled(self, _("Product"), self.product), self.product,
                       labelled(self, _("Warehouse"), self.warehouse), self.warehouse,
                       labelled(self, _("Kind"), self.kind), self.kind, self.all_dates,
                       labelled(self, _("from"), self.start), self.start, labelled(self, _("to"), self.end),
                       self.end):  # fmt: skip
            row.addWidget(widget)
        row.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(1, row)
        for combo in (self.product, self.warehouse, self.kind):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.all_dates.toggled.connect(self._filters_changed)
        self.start.dateChanged.connect(self._filters_changed)
        self.end.dateChanged.connect(self._filters_changed)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # newest first
        self._filters_changed()

    def _filters_changed(self, *_args: Any) -> None:
        dated = not self.all_dates.isChecked()
        self.start.setEnabled(dated)
        self.end.setEnabled(dated)
        x = self.source.extra
        x["start"] = self.start.value() if dated else None
        x["end"] = self.end.value() + timedelta(days=1) if dated else None
        x["product_id"] = self.product.currentData()
        x["warehouse_id"] = self.warehouse.currentData()
        x["kind"] = self.kind.currentData()
        self.refresh()

    def show_product(self, product_id: int | None) -> None:
        """Filter on one product (from another screen)."""
        index = self.product.findData(product_id)
        self.product.setCurrentIndex(max(index, 0))
