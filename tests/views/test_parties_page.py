"""The tiers list: a real model over the services, lazy loading, search as you type."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from centre_app.services import parties
from centre_app.services.parties import PartyInput
from centre_app.services.workspace import Workspace
from centre_app.views.parties_page import BATCH, PartiesPage, PartiesTableModel


def _add(workspace: Workspace, n: int) -> None:
    def work(s):
        for i in range(n):
            parties.create_party(s, PartyInput(name=f"DIALLO Amadou {i:03d}", village="Mentao"))
        parties.create_party(s, PartyInput(name="SIDIBÉ Fatimata", village="Lörgo"))

    workspace.run(work)


def test_model_passes_qt_model_tester(qtmodeltester, workspace: Workspace) -> None:
    _add(workspace, 5)
    model = PartiesTableModel(workspace)
    model.reload("")
    qtmodeltester.check(model)


def test_model_loads_lazily(workspace: Workspace) -> None:
    _add(workspace, BATCH + 50)
    model = PartiesTableModel(workspace)
    model.reload("")
    assert model.total == BATCH + 51
    assert model.rowCount() == BATCH
    from PySide6.QtCore import QModelIndex

    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == BATCH + 51
    assert not model.canFetchMore(QModelIndex())


def test_search_as_you_type_without_accents(qtbot: QtBot, workspace: Workspace) -> None:
    _add(workspace, 3)
    page = PartiesPage(workspace)
    qtbot.addWidget(page)
    assert page.model.total == 4
    qtbot.keyClicks(page.search, "sidibe")
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=2000)
    assert page.model.index(0, 1).data() == "SIDIBÉ Fatimata"
    assert page.count.text() == "1 tiers"
