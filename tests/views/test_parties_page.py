"""The tiers list: a real model over the services, lazy loading, search as you type, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from centre_app.services import parties
from centre_app.services.parties import PartyInput
from centre_app.services.workspace import Workspace
from centre_app.views.context import ViewContext
from centre_app.views.list_page import BATCH
from centre_app.views.parties_page import PartiesPage


def _add(workspace: Workspace, n: int) -> None:
    def work(s):
        for i in range(n):
            parties.create_party(s, PartyInput(name=f"DIALLO Amadou {i:03d}", village="Mentao"))
        parties.create_party(s, PartyInput(name="SIDIBÉ Fatimata", village="Lörgo", credit_limit=250_000))

    workspace.run(work)


@pytest.fixture
def ctx(workspace: Workspace) -> ViewContext:
    return ViewContext(workspace)


def test_model_passes_qt_model_tester(qtmodeltester, qtbot: QtBot, ctx: ViewContext) -> None:
    _add(ctx.workspace, 5)
    page = PartiesPage(ctx)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)


def test_model_loads_lazily(qtbot: QtBot, ctx: ViewContext) -> None:
    _add(ctx.workspace, BATCH + 50)
    page = PartiesPage(ctx)
    qtbot.addWidget(page)
    assert page.model.total == BATCH + 51
    assert page.model.rowCount() == BATCH
    assert page.model.canFetchMore(QModelIndex())
    page.model.fetchMore(QModelIndex())
    assert page.model.rowCount() == BATCH + 51
    assert not page.model.canFetchMore(QModelIndex())


def test_search_as_you_type_without_accents(qtbot: QtBot, ctx: ViewContext) -> None:
    _add(ctx.workspace, 3)
    page = PartiesPage(ctx)
    qtbot.addWidget(page)
    assert page.model.total == 4
    qtbot.keyClicks(page.search, "sidibe")
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=2000)
    assert page.model.index(0, 1).data() == "SIDIBÉ Fatimata"
    assert page.count.text() == "1 ligne"


def test_sorting_by_a_column_header(qtbot: QtBot, ctx: ViewContext) -> None:
    _add(ctx.workspace, 3)
    page = PartiesPage(ctx)
    qtbot.addWidget(page)
    page.table.sortByColumn(3, page.table.horizontalHeader().sortIndicatorOrder().DescendingOrder)  # village
    assert page.model.index(0, 3).data() == "Mentao"


def test_export_of_the_filtered_list(qtbot: QtBot, ctx: ViewContext, tmp_path: Path) -> None:
    _add(ctx.workspace, 3)
    page = PartiesPage(ctx)
    qtbot.addWidget(page)
    page.search.setText("diallo")
    page.refresh()
    out = page.export_to(tmp_path / "tiers.xlsx")
    ws = load_workbook(out).active
    assert ws["B1"].value == "Nom / raison sociale"
    assert ws.max_row == 4  # header + the three DIALLO
    assert ws.freeze_panes == "A2"
    csv_out = page.export_to(tmp_path / "tiers.csv")
    assert csv_out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("Code;Nom / raison sociale")


def test_new_button_disabled_for_the_accountant_with_a_reason(qtbot: QtBot, workspace: Workspace, accountant) -> None:
    workspace.actor = accountant
    page = PartiesPage(ViewContext(workspace))
    qtbot.addWidget(page)
    assert not page.new_button.isEnabled()
    assert "Comptable" in page.new_button.toolTip()
