"""The tabs of the livestock sales area (PRODUCT.md §4): contracts, seller / buyer history, the centre's
animals in stock (achat-revente).

Register with ``Area("livestock", N_("Livestock sales"), livestock_pages)`` in areas.py. F9 on the contracts
list opens the History tab on the selected contract's seller (Shift+F9: its buyer).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from centre_app.views.context import ViewContext
from centre_app.views.i18n import _


def livestock_pages(ctx: ViewContext) -> list[tuple[str, QWidget]]:
    from centre_app.views.livestock_contracts_page import LivestockContractsPage
    from centre_app.views.livestock_history import LivestockHistoryPage
    from centre_app.views.livestock_stock_page import AnimalsOnHandPage
    from centre_app.views.stock_area import show_tab

    contracts, history = LivestockContractsPage(ctx), LivestockHistoryPage(ctx)

    def open_history(party_id: int) -> None:
        history.show_party(party_id)
        show_tab(history)

    contracts.history_opener = open_history
    return [
        (_(LivestockContractsPage.TITLE), contracts),
        (_(LivestockHistoryPage.TITLE), history),
        (_(AnimalsOnHandPage.TITLE), AnimalsOnHandPage(ctx)),
    ]
