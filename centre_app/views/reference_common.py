"""Small helpers shared by the référentiels screens (products, prices, magasins, livestock tables).

Search as you type over short reference lists (accents ignored), the dated-field widget, amounts in
the centre's currency, the optional « jj/mm/aaaa » date of a calibration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from centre_app.domain.formatting import format_money
from centre_app.domain.text import search_key
from centre_app.views.context import ViewContext
from centre_app.views.list_page import ListPage
from centre_app.views.widgets.date_edit import DateEdit

T = TypeVar("T")
DATE_FORMAT = "%d/%m/%Y"


def filter_rows(rows: Iterable[T], search: str, fields: Callable[[T], Sequence[str | None]]) -> list[T]:
    """Rows whose fields contain every word typed, accents and case ignored (« mais » finds « Maïs »)."""
    words = search_key(search).split()
    if not words:
        return list(rows)
    return [r for r in rows if all(w in search_key(*fields(r)) for w in words)]


def date_edit(parent: QWidget | None = None, value: date | None = None) -> DateEdit:
    """The shared date field (dd/MM/yyyy, calendar on Alt+Down, T for today); today by default."""
    return DateEdit(parent, value=value)


def edited_date(edit: DateEdit) -> date:
    return edit.value()


def money_formatter(ctx: ViewContext) -> Callable[[int], str]:
    """``fmt(12500)`` → « 12 500 F CFA » in the centre's currency and locale (read once)."""
    settings = ctx.settings()
    currency, locale = settings.currency, settings.locale
    return lambda amount: format_money(amount, currency, locale)


def parse_optional_date(text: str) -> date | None:
    """« 01/10/2026 » → date(2026, 10, 1); empty → None; raises ValueError when it is not a date."""
    text = text.strip()
    if not text:
        return None
    return datetime.strptime(text, DATE_FORMAT).date()


def suggest_plural(name: str) -> str:
    """French plural of a unit name, first word only: « sac de 50 kg » → « sacs de 50 kg », « kg » → « kg »."""
    head, sep, tail = name.strip().partition(" ")
    if not head or head in ("kg", "g", "t", "l") or head[-1] in "sxz":
        return name.strip()
    return f"{head}s{sep}{tail}"


def sort_ascending(page: ListPage, column: int) -> None:
    """Start a list sorted A→Z on ``column`` (a sortable header otherwise starts descending in Qt 6)."""
    page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
