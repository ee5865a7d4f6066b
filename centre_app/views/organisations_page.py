"""List of the producer organisations (OP): legal form, union, commune, members; opens the OP form."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import Action
from centre_app.services import organisations, printouts
from centre_app.services.organisations import OrganisationRow
from centre_app.views.context import ViewContext, show_error
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource
from centre_app.views.organisation_dialog import OrganisationDialog
from centre_app.views.parties_page import filter_bar
from centre_app.views.party_dialog import preview_pdf

__all__ = ["OrganisationDialog", "OrganisationsPage"]

COLUMNS = (
    Column("code", N_("Code"), order="code"),
    Column("name", N_("Organisation"), order="name", stretch=True),
    # « SCOOPS (société coopérative simplifiée) » → « SCOOPS »: the form shows the full label.
    Column("legal_form", N_("Legal form"), text=lambda r: r.legal_form.split(" (")[0], order="legal_form"),
    Column("parent", N_("Union"), order="parent"),
    Column("commune", N_("Commune"), order="commune"),
    Column("members", N_("Members"), kind="integer", order="members"),
    Column("phone", N_("Telephone")),
    Column("active", N_("Active")),
)


def organisations_source() -> ListSource:
    source = ListSource(extra={"active_only": True})
    x = source.extra
    source.fetch = lambda s, search, offset, limit, order: organisations.list_organisation_rows(
        s, search, offset=offset, limit=limit, order=order or "name", active_only=x["active_only"]
    )
    source.count = lambda s, search: organisations.count_organisations(s, search, active_only=x["active_only"])
    return source


class OrganisationsPage(ListPage):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        self.source = organisations_source()
        areas = {"parties", "organisations"}
        super().__init__(ctx, _("Producer organisations"), COLUMNS, self.source, areas, parent)
        self.search.setPlaceholderText(_("Search an organisation: name, code, telephone, village…"))
        self.inactive = QCheckBox(_("Inactive ones too"), self)
        self.inactive.setObjectName("inactive_too")
        self.inactive.toggled.connect(self._filters_changed)
        filter_bar(self, self.inactive)
        self.new_button = self.add_button(_("New organisation"), self.new_organisation, Action.EDIT_MASTER_DATA)
        self.edit_button = self.add_button(_("Edit…"), self.open_current, Action.EDIT_MASTER_DATA)
        self.print_button = self.add_button(_("List of members"), self.print_members)
        self.activated.connect(self.edit_organisation)

    def _filters_changed(self) -> None:
        self.source.extra["active_only"] = not self.inactive.isChecked()
        self.refresh()

    def new_organisation(self) -> None:
        OrganisationDialog.create(self, self.ctx)

    def edit_organisation(self, row: OrganisationRow) -> None:
        OrganisationDialog.edit(self, self.ctx, row.id)

    def print_members(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            pdf = self.ctx.read(lambda s: printouts.members_list_pdf(s, row.id))
        except DomainError as err:
            show_error(self, err)
            return
        title = _("List of members {code}").format(code=row.code)
        preview_pdf(self, pdf, title, _("members-{code}.pdf").format(code=row.code))
