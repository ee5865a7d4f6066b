"""Bétail: the livestock reference tables on one page, one sub-tab each.

Espèces (with their catégories and races), marchés, taxes de marché (marché × espèce → montant from a
date, history kept) and règles de commission (par tête, pourcentage du prix, forfait par lot). Taxes and
commission rules are the manager's (PRODUCT.md §10): other roles see them with the buttons disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from centre_app.domain.formatting import NBSP, format_date, format_number
from centre_app.domain.permissions import Action
from centre_app.services import livestock_ref
from centre_app.services.livestock_ref import CommissionRuleRow, MarketTaxRow, SpeciesRow
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource
from centre_app.views.livestock_dialogs import BreedDialog, CommissionRuleDialog, MarketDialog, MarketTaxDialog
from centre_app.views.reference_common import filter_rows, money_formatter, sort_ascending


def _joined(field: str) -> Callable[[SpeciesRow], str]:
    return lambda r: ", ".join(getattr(r, field))


SPECIES_COLUMNS = (
    Column("name", N_("Species")),
    Column("categories", N_("Categories"), text=_joined("categories"), value=_joined("categories"), stretch=True),
    Column("breeds", N_("Breeds"), text=_joined("breeds"), value=_joined("breeds"), stretch=True),
)
MARKET_COLUMNS = (
    Column("name", N_("Market"), order="name", stretch=True),
    Column("commune", N_("Commune"), order="commune"),
    Column("market_day", N_("Market day"), order="market_day"),
)


def tax_columns(money: Callable[[int], str]) -> tuple[Column, ...]:
    return (
        Column("market", N_("Market"), order="market", stretch=True),
        Column("species", N_("Species"), order="species"),
        Column("amount", N_("Tax per head"), text=lambda r: money(r.amount), kind="money", order="amount"),
        Column(
            "valid_from", N_("Valid from"), text=lambda r: format_date(r.valid_from), kind="date", order="valid_from"
        ),
        Column("state_label", N_("Status"), order="state"),
    )


def rate_text(rate_bp: int) -> str:
    """250 → « 2,5 % »."""
    return f"{format_number(Decimal(rate_bp) / 100)}{NBSP}%"


def rule_columns(money: Callable[[int], str]) -> tuple[Column, ...]:
    def how_much(r: CommissionRuleRow) -> str:
        return rate_text(r.rate_bp) if r.kind == "pourcentage" else money(r.amount)

    return (
        Column("name", N_("Rule"), order="name", stretch=True),
        Column("kind", N_("Type"), text=lambda r: livestock_ref.COMMISSION_KINDS[r.kind], order="kind"),
        Column("species_name", N_("Species"), text=lambda r: r.species_name or _("all species"), order="species_name"),
        Column("amount", N_("Amount or rate"), text=how_much, value=how_much),
        Column("payer", N_("Paid by"), text=lambda r: livestock_ref.PAYERS[r.payer], order="payer"),
        Column(
            "valid_from", N_("Valid from"), text=lambda r: format_date(r.valid_from), kind="date", order="valid_from"
        ),
    )


class LivestockPage(QWidget):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = _("Livestock")
        money = money_formatter(ctx)
        self.species_page = ListPage(ctx, _("Species and breeds"), SPECIES_COLUMNS, _species_source(), {"livestock"})
        self.species_page.search.setPlaceholderText(_("Search a species, a category, a breed…"))
        self.add_breed_button = self.species_page.add_button(_("Add a breed"), self.add_breed, Action.EDIT_MASTER_DATA)
        self.species_page.activated.connect(self.add_breed_to)
        self.markets_page = ListPage(ctx, _("Markets"), MARKET_COLUMNS, _markets_source(), {"livestock"})
        self.markets_page.search.setPlaceholderText(_("Search a market: name, commune, day…"))
        self.new_market_button = self.markets_page.add_button(_("New market"), self.new_market, Action.EDIT_MASTER_DATA)
        self.taxes_page = ListPage(ctx, _("Market taxes"), tax_columns(money), _taxes_source(), {"livestock"})
        self.taxes_page.search.setPlaceholderText(_("Search a tax: market, species…"))
        self.new_tax_button = self.taxes_page.add_button(
            _("New market tax"), self.new_tax, Action.MANAGE_CONTRACTS_AND_PRICES
        )
        self.taxes_page.activated.connect(self.new_tax_like)
        self.rules_page = ListPage(ctx, _("Commission rules"), rule_columns(money), _rules_source(), {"livestock"})
        self.rules_page.search.setPlaceholderText(_("Search a rule: name, species, payer…"))
        self.new_rule_button = self.rules_page.add_button(
            _("New commission rule"), self.new_rule, Action.MANAGE_CONTRACTS_AND_PRICES
        )
        for page in (self.markets_page, self.taxes_page, self.rules_page):
            sort_ascending(page, 0)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.species_page, _("Species and breeds"))
        self.tabs.addTab(self.markets_page, _("Markets"))
        self.tabs.addTab(self.taxes_page, _("Market taxes"))
        self.tabs.addTab(self.rules_page, _("Commission rules"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    # -- actions -------------------------------------------------------------------------------------
    def add_breed(self) -> None:
        row = self.species_page.current()
        BreedDialog.create(self, self.ctx, row.code if row else None)

    def add_breed_to(self, row: SpeciesRow) -> None:
        if self.ctx.can(Action.EDIT_MASTER_DATA):
            BreedDialog.create(self, self.ctx, row.code)

    def new_market(self) -> None:
        MarketDialog.create(self, self.ctx)

    def new_tax(self) -> None:
        MarketTaxDialog.create(self, self.ctx)

    def new_tax_like(self, row: MarketTaxRow) -> None:
        """Double-click or Enter on a tax: a new amount for the same market and species."""
        if self.ctx.can(Action.MANAGE_CONTRACTS_AND_PRICES):
            MarketTaxDialog.create(self, self.ctx, row.market_id, row.species_code)

    def new_rule(self) -> None:
        CommissionRuleDialog.create(self, self.ctx)


def _species_source() -> ListSource:
    return ListSource(
        fetch_all=lambda s, search: filter_rows(
            livestock_ref.list_species(s), search, lambda r: (r.name, r.code, *r.categories, *r.breeds)
        )
    )


def _markets_source() -> ListSource:
    return ListSource(
        fetch_all=lambda s, search: filter_rows(
            livestock_ref.list_markets(s), search, lambda r: (r.name, r.commune, r.market_day)
        )
    )


def _taxes_source() -> ListSource:
    return ListSource(
        fetch_all=lambda s, search: filter_rows(
            livestock_ref.list_market_taxes(s), search, lambda r: (r.market, r.species, r.state_label)
        )
    )


def _rules_source() -> ListSource:
    return ListSource(
        fetch_all=lambda s, search: filter_rows(
            livestock_ref.list_commission_rules(s),
            search,
            lambda r: (r.name, r.species_name, livestock_ref.COMMISSION_KINDS[r.kind], livestock_ref.PAYERS[r.payer]),
        )
    )
