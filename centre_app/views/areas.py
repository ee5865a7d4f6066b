"""The areas of the main window and their pages. An area appears only once it has real screens."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from centre_app.domain.permissions import Action
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.main_window import Area


def home_pages(ctx: ViewContext) -> list[tuple[str, QWidget]]:
    from centre_app.views.home_page import HomePage

    return [(_(HomePage.TITLE), HomePage(ctx))]


def reference_pages(ctx: ViewContext) -> list[tuple[str, QWidget]]:
    from centre_app.views.livestock_page import LivestockPage
    from centre_app.views.organisations_page import OrganisationsPage
    from centre_app.views.parties_page import PartiesPage
    from centre_app.views.prices_page import PricesPage
    from centre_app.views.products_page import ProductsPage
    from centre_app.views.warehouses_page import WarehousesPage

    return [
        (_("Parties"), PartiesPage(ctx)),
        (_("Producer organisations"), OrganisationsPage(ctx)),
        (_("Products"), ProductsPage(ctx)),
        (_("Prices"), PricesPage(ctx)),
        (_("Warehouses"), WarehousesPage(ctx)),
        (_("Livestock"), LivestockPage(ctx)),
    ]


def cash_pages(ctx: ViewContext) -> list[tuple[str, QWidget]]:
    from centre_app.views.cash_page import CashDayPage
    from centre_app.views.party_account_page import PartyAccountPage
    from centre_app.views.receipts_page import ReceiptsPage

    return [
        (_(CashDayPage.TITLE), CashDayPage(ctx)),
        (_(ReceiptsPage.TITLE), ReceiptsPage(ctx)),
        (_(PartyAccountPage.TITLE), PartyAccountPage(ctx)),
    ]


def stock_pages(ctx: ViewContext) -> list[tuple[str, QWidget]]:
    from centre_app.views.stock_area import stock_pages as pages

    return pages(ctx)


def livestock_pages(ctx: ViewContext) -> list[tuple[str, QWidget]]:
    from centre_app.views.livestock_area import livestock_pages as pages

    return pages(ctx)


def op_contract_pages(ctx: ViewContext) -> list[tuple[str, QWidget]]:
    from centre_app.views.op_contracts_area import op_contract_pages as pages

    return pages(ctx)


def reports_pages(ctx: ViewContext) -> list[tuple[str, QWidget]]:
    from centre_app.views.reports_area import reports_pages as pages

    return pages(ctx)


def administration_pages(ctx: ViewContext) -> list[tuple[str, QWidget]]:
    from centre_app.views.backups_page import BackupsPage
    from centre_app.views.events_page import EventsPage
    from centre_app.views.settings_page import SettingsPage
    from centre_app.views.users_page import UsersPage

    return [
        (_("Users"), UsersPage(ctx)),
        (_("Settings"), SettingsPage(ctx)),
        (_("Event journal"), EventsPage(ctx)),
        (_(BackupsPage.TITLE), BackupsPage(ctx)),
    ]


AREAS = [
    Area("home", N_("Home"), home_pages),
    Area("cash", N_("Cash"), cash_pages),
    Area("stock", N_("Stock"), stock_pages),
    Area("livestock", N_("Livestock sales"), livestock_pages),
    Area("op_contracts", N_("OP contracts"), op_contract_pages),
    Area("reports", N_("Reports"), reports_pages, lambda ctx: ctx.can(Action.EXPORT)),
    Area("reference", N_("Reference data"), reference_pages),
    Area("administration", N_("Administration"), administration_pages, lambda ctx: ctx.can(Action.ADMINISTER)),
]
