"""Tiers list: search as you type (accents ignored), sortable, lazy, exportable."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from centre_app.domain.permissions import Action
from centre_app.services import parties
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource

ROLE_TITLES = {
    "producteur": N_("Producer / herder"),
    "acheteur": N_("Buyer / trader"),
    "fournisseur": N_("Supplier"),
    "op": N_("Producer organisation"),
    "partenaire": N_("Partner"),
}

COLUMNS = (
    Column("code", N_("Code"), order="code"),
    Column("name", N_("Name"), order="name", stretch=True),
    Column("roles", N_("Roles"), text=lambda r: ", ".join(_(ROLE_TITLES[x]) for x in r.roles)),
    Column("village", N_("Village"), order="village"),
    Column("commune", N_("Commune")),
    Column("phone", N_("Telephone")),
    Column("identity", N_("Identity document")),
    Column("active", N_("Active")),
)


def parties_source() -> ListSource:
    return ListSource(
        fetch=lambda s, search, offset, limit, order: parties.list_parties(
            s, search, offset=offset, limit=limit, order=order or "name"
        ),
        count=parties.count_parties,
    )


class PartiesPage(ListPage):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Parties"), COLUMNS, parties_source(), {"parties"}, parent)
        self.search.setPlaceholderText(_("Search a party: name, code, telephone, village…"))
        self.new_button = self.add_button(_("New party"), self.new_party, Action.EDIT_MASTER_DATA)

    def new_party(self) -> None:
        from centre_app.views.party_dialog import PartyDialog

        PartyDialog.create(self, self.ctx)
