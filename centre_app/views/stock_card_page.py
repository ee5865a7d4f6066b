"""« Fiche de stock »: one product (in one magasin or all) over a period, like the paper card — date,
libellé, entrée, sortie, stock after each line — with the opening and closing stock, and its print.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date
from centre_app.services import stock_reports
from centre_app.services.stock_reports import StockCard
from centre_app.views import stock_common
from centre_app.views.cash_models import Col, RowsModel, bold, money, table_view
from centre_app.views.context import ViewContext, show_error
from centre_app.views.i18n import N_, _
from centre_app.views.stock_common import (
    STOCK_AREAS,
    labelled,
    page_button,
    period_row,
    plain,
    product_combo,
    select_data,
    warehouse_combo,
    year_start,
)
from centre_app.views.widgets.date_edit import DateEdit


def card_model(parent: QWidget) -> RowsModel:
    columns = (
        Col(N_("Date"), lambda r: format_date(r.business_date)),
        Col(N_("Description"), lambda r: r.label),
        Col(N_("In"), lambda r: plain(r.entry_described)),
        Col(N_("Out"), lambda r: plain(r.exit_described)),
        Col(N_("Stock"), lambda r: plain(r.balance_described)),
        Col(N_("Warehouse"), lambda r: r.warehouse_name),
        Col(N_("User"), lambda r: r.user_name),
    )
    return RowsModel(columns, parent=parent)


class StockCardPage(QWidget):
    TITLE = N_("Stock card")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.card: StockCard | None = None
        self.product = product_combo(ctx, self, active_only=False)
        self.product.setObjectName("product")
        self.warehouse = warehouse_combo(ctx, self, all_label=_("All warehouses"), active_only=False)
        self.warehouse.setObjectName("warehouse")
        today = date.today()
        self.start = DateEdit(self, value=year_start(today))
        self.start.setObjectName("start")
        self.end = DateEdit(self, value=today)
        self.end.setObjectName("end")
        self.print_button = page_button(self, ctx, _("Print the card"), self.print_card)
        top = QHBoxLayout()
        for widget in (labelled(self, _("Product"), self.product), self.product,
                       labelled(self, _("Warehouse"), self.warehouse), self.warehouse):  # fmt: skip
            top.addWidget(widget)
        top.addSpacing(12)
        top.addLayout(period_row(self, self.start, self.end))
        top.addStretch(1)
        top.addWidget(self.print_button)
        self.opening = QLabel(self)
        self.opening.setObjectName("opening")
        self.closing = QLabel(self)
        self.closing.setObjectName("closing")
        self.closing.setFont(bold())
        self.model = card_model(self)
        self.table = table_view(self, self.model, "stock_card", stretch=1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.closing)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.opening)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        for signal in (self.product.currentIndexChanged, self.warehouse.currentIndexChanged):
            signal.connect(lambda _i: self.refresh())
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _d: self.refresh())
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, areas: set[str]) -> None:
        if areas & STOCK_AREAS:
            self.refresh()

    def show_card(self, product_id: int | None, warehouse_id: int | None) -> None:
        """Show the card of this product (and magasin) over the period chosen."""
        for combo in (self.product, self.warehouse):
            combo.blockSignals(True)
        if product_id is not None:
            select_data(self.product, product_id)
        select_data(self.warehouse, warehouse_id)
        for combo in (self.product, self.warehouse):
            combo.blockSignals(False)
        self.refresh()

    def period(self) -> tuple[date, date]:
        """The period shown, end excluded (the screen shows the last day included)."""
        return self.start.value(), self.end.value() + timedelta(days=1)

    def refresh(self) -> None:
        product_id, wid = self.product.currentData(), self.warehouse.currentData()
        self.print_button.setEnabled(product_id is not None)
        if product_id is None:
            return
        start, end = self.period()
        try:
            card = self.ctx.read(lambda s: stock_reports.stock_card(s, product_id, wid, start, end))
        except DomainError as err:
            show_error(self, err)
            return
        self.card = card
        self.model.set_rows(card.lines)
        self.table.setColumnHidden(5, wid is not None)
        self.opening.setText(
            _("Stock on {day}: {quantity} — value {value}").format(
                day=format_date(start - timedelta(days=1)), quantity=plain(card.opening_described),
                value=money(card.opening_value, self.cur),
            )
        )  # fmt: skip
        self.closing.setText(
            _("In: {entries} — Out: {exits} — Stock at the end: {quantity} — value {value}").format(
                entries=plain(card.units.describe(card.total_in)), exits=plain(card.units.describe(card.total_out)),
                quantity=plain(card.closing_described), value=money(card.closing_value, self.cur),
            )
        )  # fmt: skip
        if card.lines:
            self.table.scrollToBottom()

    def print_card(self) -> None:
        product_id, wid = self.product.currentData(), self.warehouse.currentData()
        if product_id is None:
            return
        start, end = self.period()
        stock_common.preview(self, self.ctx, "stock_card_pdf", (product_id, wid, start, end),
                             _("Stock card"), f"fiche-stock-{product_id}-{start.isoformat()}.pdf")  # fmt: skip

    @classmethod
    def open_window(cls, parent: QWidget | None, ctx: ViewContext, product_id: int, warehouse_id: int | None) -> None:
        dialog = QDialog(parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle(_("Stock card"))
        page = cls(ctx, dialog)
        page.show_card(product_id, warehouse_id)
        QVBoxLayout(dialog).addWidget(page)
        dialog.resize(1200, 640)
        dialog.exec()
