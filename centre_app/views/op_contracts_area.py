"""The tabs of the OP contracts area (PRODUCT.md §6): the contracts, the clause templates, the view by OP.

Register with ``Area("op_contracts", N_("OP contracts"), op_contract_pages)`` in areas.py (the home dashboard's
alerts point at the area ``op_contracts`` and its page ``OpContractsPage``). F9 on the contracts list opens the
« Vue par OP » tab on the selected contract's OP.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from centre_app.views.context import ViewContext
from centre_app.views.i18n import _


def op_contract_pages(ctx: ViewContext) -> list[tuple[str, QWidget]]:
    from centre_app.views.op_clause_templates_page import ClauseTemplatesPage
    from centre_app.views.op_contracts_page import OpContractsPage
    from centre_app.views.op_overview_page import OpOverviewPage
    from centre_app.views.stock_area import show_tab

    contracts, overview = OpContractsPage(ctx), OpOverviewPage(ctx)

    def open_overview(op_id: int) -> None:
        overview.show_op(op_id)
        show_tab(overview)

    contracts.overview_opener = open_overview
    return [
        (_("Contracts"), contracts),
        (_(ClauseTemplatesPage.TITLE), ClauseTemplatesPage(ctx)),
        (_(OpOverviewPage.TITLE), overview),
    ]
