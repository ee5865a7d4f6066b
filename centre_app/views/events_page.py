"""The technical event journal (read only): logins, refusals, settings changes, exports, backups."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from centre_app.domain.formatting import format_datetime
from centre_app.services import events
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource

COLUMNS = (
    Column("seq", N_("No."), kind="integer", order="seq"),
    Column("at", N_("Date and time"), text=lambda r: format_datetime(r.at), order="at"),
    Column("username", N_("User"), order="username"),
    Column("label", N_("Event"), order="label"),
    Column("detail", N_("Details"), stretch=True),
)


class EventsPage(ListPage):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        source = ListSource(fetch_all=lambda s, search: _filter(events.list_events(s, limit=2000), search))
        super().__init__(ctx, _("Event journal"), COLUMNS, source, {"events", "settings", "users"}, parent)


def _filter(rows: list[events.EventRow], search: str) -> list[events.EventRow]:
    words = search.casefold().split()
    return [r for r in rows if all(w in f"{r.username} {r.label} {r.detail}".casefold() for w in words)]
