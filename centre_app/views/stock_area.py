"""The tabs of the Stock area: stock on hand, orders, movements, fiche de stock, inventories.

Register with ``Area("stock", N_("Stock"), stock_pages)`` in areas.py. « Fiche de stock » on the stock
page (F5) opens the Fiche de stock tab on the selected product.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from centre_app.views.context import ViewContext
from centre_app.views.i18n import _


def show_tab(page: QWidget) -> None:
    """Bring ``page`` to the front of the tab widget that holds it (when it is in one)."""
    widget = page.parentWidget()
    while widget is not None and not isinstance(widget, QTabWidget):
        widget = widget.parentWidget()
    if isinstance(widget, QTabWidget):
        widget.setCurrentWidget(page)


def stock_pages(ctx: ViewContext) -> list[tuple[str, QWidget]]:
    from centre_app.views.inventory_page import InventoryPage
    from centre_app.views.orders_page import OrdersPage
    from centre_app.views.stock_card_page import StockCardPage
    from centre_app.views.stock_movements_page import StockMovementsPage
    from centre_app.views.stock_page import StockPage

    stock, card = StockPage(ctx), StockCardPage(ctx)

    def open_card(product_id: int | None, warehouse_id: int | None) -> None:
        card.show_card(product_id, warehouse_id)
        show_tab(card)

    stock.card_opener = open_card
    return [
        (_(StockPage.TITLE), stock),
        (_(OrdersPage.TITLE), OrdersPage(ctx)),
        (_(StockMovementsPage.TITLE), StockMovementsPage(ctx)),
        (_(StockCardPage.TITLE), card),
        (_(InventoryPage.TITLE), InventoryPage(ctx)),
    ]
