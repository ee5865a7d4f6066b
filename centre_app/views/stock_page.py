"""« Stock »: what each magasin holds at a date — quantity in packaging units and kg, CUMP, value — with the
products under their alert threshold in red, and the stock documents typed from here: réception (F2),
transfert (F3), perte / avarie (F4), the fiche de stock of the selected product (F5) and the printed
« état du stock valorisé ».
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date
from centre_app.domain.permissions import Action
from centre_app.services import catalog, stock_reports
from centre_app.services.stock_reports import StockLine
from centre_app.views import stock_common
from centre_app.views.cash_models import Col, RowsModel, bold, money, table_view
from centre_app.views.context import ViewContext, show_error
from centre_app.views.i18n import N_, _
from centre_app.views.loss_dialog import LossDialog
from centre_app.views.reception_dialog import ReceptionDialog
from centre_app.views.stock_common import (
    ALERT_COLOUR,
    STOCK_AREAS,
    WARNING_STYLE,
    labelled,
    page_button,
    plain,
    quantity_text,
    warehouse_combo,
)
from centre_app.views.transfer_dialog import TransferDialog
from centre_app.views.widgets.date_edit import DateEdit


def stock_model(cur: tuple[str, str], parent: QWidget) -> RowsModel:
    """StockLine rows; a product under its alert threshold is written in red."""
    columns = (
        Col(N_("Product"), lambda r: r.product_name),
        Col(N_("Category"), lambda r: catalog.CATEGORIES.get(r.category, r.category)),
        Col(N_("Warehouse"), lambda r: r.warehouse_name),
        Col(N_("Quantity"), lambda r: plain(r.described)),
        Col(N_("In base unit"), lambda r: quantity_text(r.quantity), numeric=True),
        Col(N_("Average cost (CUMP)"), lambda r: "" if r.cump_per_unit is None else _("{price} per {unit}").format(
            price=money(r.cump_per_unit, cur), unit=r.unit_name)),
        Col(N_("Value"), lambda r: money(r.value, cur, symbol=False), numeric=True),
        Col(N_("Alert threshold"), lambda r: quantity_text(r.alert_threshold) if r.alert_threshold else "",
            numeric=True),
    )  # fmt: skip
    return RowsModel(columns, lambda r: QColor(ALERT_COLOUR) if r.below_threshold else None, parent)


class StockPage(QWidget):
    TITLE = N_("Stock")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        # How « Fiche de stock » opens (the Stock area shows its own tab; alone, a window).
        self.card_opener: Callable[[int | None, int | None], None] | None = None
        self.at = DateEdit(self)
        self.at.setObjectName("at")
        self.warehouse = warehouse_combo(ctx, self, all_label=_("All warehouses"), active_only=False)
        self.warehouse.setObjectName("warehouse")
        self.detail = QCheckBox(_("Detail per warehouse"), self)
        self.detail.setObjectName("detail")
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setStyleSheet(WARNING_STYLE)
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        for widget in (labelled(self, _("Stock at"), self.at), self.at,
                       labelled(self, _("Warehouse"), self.warehouse), self.warehouse, self.detail):  # fmt: skip
            top.addWidget(widget)
        top.addSpacing(16)
        top.addWidget(self.status, 1)
        self.model = stock_model(self.cur, self)
        self.table = table_view(self, self.model, "stock", stretch=0)
        self.total = QLabel(self)
        self.total.setObjectName("total")
        self.total.setFont(bold(1))
        self.total.setWordWrap(True)
        self.reception_button = self._button(_("Reception (F2)"), self.new_reception, Action.EDIT_DOCUMENTS, "F2")
        self.transfer_button = self._button(_("Transfer (F3)"), self.new_transfer, Action.EDIT_DOCUMENTS, "F3")
        self.loss_button = self._button(_("Loss / damage (F4)"), self.new_loss, Action.EDIT_DOCUMENTS, "F4")
        self.card_button = self._button(_("Stock card (F5)"), self.open_card, None, "F5")
        self.print_button = self._button(_("Print the valued stock"), self.print_valuation)
        buttons = QHBoxLayout()
        for button in (self.reception_button, self.transfer_button, self.loss_button, self.card_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.total)
        buttons.addSpacing(16)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.at.dateChanged.connect(lambda _d: self.refresh())
        self.warehouse.currentIndexChanged.connect(lambda _i: self.refresh())
        self.detail.toggled.connect(lambda _c: self.refresh())
        self.table.doubleClicked.connect(lambda _i: self.open_card())
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _button(
        self, text: str, slot: Callable[[], object], action: Action | None = None, key: str = ""
    ) -> QPushButton:
        return page_button(self, self.ctx, text, slot, action, key)

    def _on_changed(self, areas: set[str]) -> None:
        if areas & STOCK_AREAS:
            self.refresh()

    def refresh(self) -> None:
        at, wid = self.at.value(), self.warehouse.currentData()
        self.detail.setEnabled(wid is None)
        per_warehouse = wid is None and self.detail.isChecked()
        try:
            if per_warehouse:
                lines = self.ctx.read(lambda s: stock_reports.stock_on_hand(s, at))
            else:
                lines = self.ctx.read(lambda s: stock_reports.stock_by_product(s, at, wid))
        except DomainError as err:
            show_error(self, err)
            return
        self.model.set_rows(lines)
        self.table.setColumnHidden(2, not per_warehouse and wid is None)
        self.total.setText(
            _("Value of the stock on {day}: {amount}").format(
                day=format_date(at), amount=money(sum(x.value for x in lines), self.cur)
            )
        )
        alerts = [x.product_name for x in lines if x.below_threshold]
        self.status.setText(
            _("Under the alert threshold: {products}").format(products=", ".join(dict.fromkeys(alerts)))
            if alerts else ""
        )  # fmt: skip

    def apply_filters(self, filters: dict) -> None:
        """Opened from the dashboard: all magasins today, the product asked selected."""
        self.warehouse.setCurrentIndex(0)
        self.detail.setChecked(False)
        self.at.setValue(date.today())
        product_id = filters.get("product_id")
        rows = self.model.rows()
        row = next((i for i, x in enumerate(rows) if x.product_id == product_id), None)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def selected(self) -> StockLine | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    # -- actions ------------------------------------------------------------------------------------
    def new_reception(self) -> None:
        ReceptionDialog.create(self, self.ctx, warehouse_id=self.warehouse.currentData())

    def new_transfer(self) -> None:
        line = self.selected()
        TransferDialog.create(self, self.ctx, from_warehouse_id=self.warehouse.currentData() or (
            line.warehouse_id if line else None))  # fmt: skip

    def new_loss(self) -> None:
        line = self.selected()
        LossDialog.create(self, self.ctx, warehouse_id=self.warehouse.currentData() or (
            line.warehouse_id if line else None))  # fmt: skip

    def open_card(self) -> None:
        line = self.selected()
        product_id = line.product_id if line else None
        warehouse_id = line.warehouse_id if line else self.warehouse.currentData()
        if self.card_opener is not None:
            self.card_opener(product_id, warehouse_id)
        elif product_id is not None:
            from centre_app.views.stock_card_page import StockCardPage

            StockCardPage.open_window(self, self.ctx, product_id, warehouse_id)

    def print_valuation(self) -> None:
        at, wid = self.at.value(), self.warehouse.currentData()
        stock_common.preview(self, self.ctx, "stock_valuation_pdf", (at, wid), _("Valued stock"),
                             f"etat-stock-{at.isoformat()}.pdf")  # fmt: skip
