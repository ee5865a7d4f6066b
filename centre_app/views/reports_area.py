"""The tabs of the Rapports area (monthly pack, chart of accounts, month locks) and what they share: preview
tables over ``rows_model.RowsModel`` and month names. The area is shown to the roles that may export.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from centre_app.domain.formatting import DEFAULT_LOCALE, format_month
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.rows_model import RowsModel

Index = QModelIndex | QPersistentModelIndex
AREA_TITLE = N_("Reports")


def month_name(day: date, locale: str = DEFAULT_LOCALE) -> str:
    """« Octobre 2026 »: the month as a title (lists, combo boxes)."""
    text = format_month(day, locale)
    return text[:1].upper() + text[1:]


def rows_table(parent: QWidget, model: RowsModel, name: str, stretch: int) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def reports_pages(ctx: ViewContext) -> list[tuple[str, QWidget]]:
    from centre_app.views.account_mapping_page import AccountMappingPage
    from centre_app.views.period_locks_page import PeriodLocksPage
    from centre_app.views.reports_page import ReportsPage

    return [
        (_(ReportsPage.TITLE), ReportsPage(ctx)),
        (_(AccountMappingPage.TITLE), AccountMappingPage(ctx)),
        (_(PeriodLocksPage.TITLE), PeriodLocksPage(ctx)),
    ]


def fit_rows(table: QTableView, at_most: int = 8) -> None:
    """Make a short table just as high as its rows (up to ``at_most`` before it scrolls)."""
    rows = min(max(table.model().rowCount(), 1), at_most)
    header = table.horizontalHeader().sizeHint().height()
    table.setFixedHeight(header + rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth() + 2)
