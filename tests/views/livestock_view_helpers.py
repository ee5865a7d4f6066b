"""Shared fixtures and keyboard helpers of the livestock screen tests (test_livestock_screens.py,
test_livestock_actions.py): the reference data, printing and message boxes replaced, a few contracts."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from centre_app.models.database import Database
from centre_app.services import livestock, livestock_lists, livestock_workflow
from centre_app.services.context import Actor
from centre_app.services.livestock import FeeInput
from centre_app.services.workspace import Workspace
from centre_app.views import livestock_actions, receipt_dialog
from centre_app.views.context import ViewContext
from centre_app.views.livestock_contracts_page import LivestockContractsPage
from centre_app.views.widgets.party_picker import PartyPicker
from tests.services.livestock_helpers import Refs, animal, draft, make_refs

RETURN = Qt.Key.Key_Return
TODAY = date.today()


@pytest.fixture
def ctx(workspace: Workspace) -> ViewContext:
    return ViewContext(workspace)


@pytest.fixture
def refs(db: Database, manager: Actor) -> Refs:
    """Marché à bétail de Djibo (tax: bovin 1 000, ovin 250 F per head), six commission rules, DICKO Amadou
    (seller), KOFFI Yao (buyer, Côte d'Ivoire), BARRY Hamidou (witness)."""
    return make_refs(db, manager)


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Printing is replaced: every document previewed is recorded instead of shown."""
    shown: list[tuple] = []
    monkeypatch.setattr(
        livestock_actions, "preview", lambda parent, ctx, name, args, *rest: shown.append((name, *args))
    )
    monkeypatch.setattr(receipt_dialog, "preview_payment", lambda parent, ctx, *args: shown.append(("pay", *args)))
    return shown


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes recorded (questions answered « Yes »)."""
    texts: list[str] = []
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: texts.append(text) or yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: texts.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: texts.append(text))
    return texts


def _shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _key(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focus(), key, modifier)
    QApplication.processEvents()  # Enter commits a cell through a queued call


def _type(qtbot: QtBot, text: str, then: Qt.Key = RETURN) -> None:
    """Type in the focused field or cell (the first key opens a cell's editor, which takes the rest), then Enter."""
    if text:
        qtbot.keyClicks(_focus(), text[0])
        qtbot.keyClicks(_focus(), text[1:])
    _key(qtbot, then)


def _pick(qtbot: QtBot, dialog: QWidget, picker: PartyPicker, text: str) -> None:
    """A party chosen in the picker's list (Down, Enter), then Enter goes on to the next field."""
    assert _focus() is picker
    qtbot.keyClicks(picker, text)
    qtbot.waitUntil(picker.popup_visible, timeout=2000)
    qtbot.keyClick(picker.completer_.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(picker.completer_.popup(), RETURN)
    dialog.activateWindow()  # the offscreen platform may leave the closed popup as the active window
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.wait(100)  # and gives the focus back to the picker (late, sometimes, on that platform)
    qtbot.waitUntil(picker.hasFocus)
    assert picker.party_id() is not None
    _key(qtbot, RETURN)


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _count(ctx: ViewContext) -> int:
    return ctx.read(livestock_lists.count_contracts)


def _concluded(workspace: Workspace, refs: Refs, *lines, **kw) -> int:
    d = draft(refs, *lines, contract_date=TODAY, **kw)
    return workspace.run(lambda s: livestock_workflow.conclude_contract(s, livestock.create_contract(s, d).id)).id


@pytest.fixture
def contracts(workspace: Workspace, refs: Refs, db: Database, manager: Actor) -> dict[str, int]:
    """A mandat of bovins at Djibo, a vente directe of ovins at a place, a draft and a cancelled contract."""
    out = {
        "bovins": _concluded(
            workspace,
            refs,
            animal(refs, "bovin", "taureau", 2, 300_000),
            rule="bovin_tete",
            fees=(FeeInput("taxe_marche", "vendeur"),),
        ),
        "ovins": _concluded(
            workspace,
            refs,
            animal(refs, "ovin", "bélier", 4, 80_000),
            kind="vente_directe",
            market_id=None,
            place="Parc de Mentao",
            seller_id=refs.other_seller,
        ),
        "cancelled": _concluded(workspace, refs, animal(refs, "bovin", "vache", 1, 200_000, sex="F")),
    }
    out["draft"] = workspace.run(
        lambda s: livestock.create_contract(
            s, draft(refs, animal(refs, "caprin", "bouc", 3, 40_000), contract_date=TODAY)
        )
    ).id
    with db.transaction(manager) as s:
        livestock_workflow.cancel_contract(s, out["cancelled"], "Désistement")
    return out


def _select(page: LivestockContractsPage, contract_id: int) -> None:
    row = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).id == contract_id)
    page.table.setCurrentIndex(page.model.index(row, 0))
