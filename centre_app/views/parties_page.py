"""Tiers list: search as you type (accents ignored), role filter, inactive ones on demand; opens the forms."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from centre_app.domain.permissions import Action
from centre_app.services import organisations, parties
from centre_app.services.parties import PartyRow
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
ROLE_FILTERS = (
    (None, N_("All")),
    ("producteur", N_("Producers / herders")),
    ("acheteur", N_("Buyers")),
    ("fournisseur", N_("Suppliers")),
    ("op", N_("Producer organisations")),
    ("partenaire", N_("Partners")),
)

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


def parties_source(extra: dict[str, Any] | None = None) -> ListSource:
    """The service calls of the list; ``extra`` holds the filters ("role", "active_only") the page changes."""
    source = ListSource(extra=extra if extra is not None else {"role": None, "active_only": True})
    x = source.extra
    source.fetch = lambda s, search, offset, limit, order: parties.list_parties(
        s, search, role=x["role"], active_only=x["active_only"], offset=offset, limit=limit, order=order or "name"
    )
    source.count = lambda s, search: parties.count_parties(s, search, role=x["role"], active_only=x["active_only"])
    return source


def filter_bar(page: ListPage, *widgets: QWidget) -> None:
    """Put filter widgets on the search line of a ListPage, after the search box."""
    top = page.layout().itemAt(0).layout()
    assert isinstance(top, QHBoxLayout)
    for i, widget in enumerate(widgets, start=1):
        top.insertWidget(i, widget)


class PartiesPage(ListPage):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        self.source = parties_source()
        super().__init__(ctx, _("Parties"), COLUMNS, self.source, {"parties"}, parent)
        self.search.setPlaceholderText(_("Search a party: name, code, telephone, village…"))
        self.role_filter = QComboBox(self)
        self.role_filter.setObjectName("role_filter")
        for key, title in ROLE_FILTERS:
            self.role_filter.addItem(_(title), key)
        self.inactive = QCheckBox(_("Inactive ones too"), self)
        self.inactive.setObjectName("inactive_too")
        role_label = QLabel(_("Role"), self)
        role_label.setBuddy(self.role_filter)
        filter_bar(self, role_label, self.role_filter, self.inactive)
        self.role_filter.currentIndexChanged.connect(self._filters_changed)
        self.inactive.toggled.connect(self._filters_changed)
        self.new_button = self.add_button(_("New party"), self.new_party, Action.EDIT_MASTER_DATA)
        self.edit_button = self.add_button(_("Edit…"), self.open_current, Action.EDIT_MASTER_DATA)
        self.activated.connect(self.edit_party)

    def _filters_changed(self) -> None:
        self.source.extra["role"] = self.role_filter.currentData()
        self.source.extra["active_only"] = not self.inactive.isChecked()
        self.refresh()

    def new_party(self) -> None:
        from centre_app.views.party_dialog import PartyDialog

        PartyDialog.create(self, self.ctx)

    def edit_party(self, row: PartyRow) -> None:
        """An OP opens its own form (legal form, members); any other party the party form."""
        from centre_app.views.organisation_dialog import OrganisationDialog
        from centre_app.views.party_dialog import PartyDialog

        if "op" in row.roles and self.ctx.read(lambda s: organisations.is_organisation(s, row.id)):
            OrganisationDialog.edit(self, self.ctx, row.id)
        else:
            PartyDialog.edit(self, self.ctx, row.id)
