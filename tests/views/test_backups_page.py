"""Administration › Backups: folder warning, list, back up now, verify, restore (dialogs monkeypatched)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from centre_app.services import backup, events, parties
from centre_app.services import settings as settings_service
from centre_app.services.context import Actor
from centre_app.services.workspace import Workspace
from centre_app.views import backups_page
from centre_app.views.backups_page import BackupsPage
from centre_app.views.context import ViewContext

pytestmark = pytest.mark.sqlite_only(reason="zip backups of the SQLite file (PostgreSQL: tests/test_postgresql.py)")


@pytest.fixture
def key(workspace: Workspace, admin: Actor, tmp_path: Path) -> Path:
    folder = tmp_path / "cle"
    folder.mkdir()
    workspace.actor = admin
    workspace.run(lambda s: settings_service.update_settings(s, {"backup.folder": str(folder)}))
    return folder


@pytest.fixture
def page(qtbot: QtBot, workspace: Workspace, key: Path) -> BackupsPage:
    widget = BackupsPage(ViewContext(workspace))
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes shown, as (kind, text); questions are answered « Yes »."""
    shown: list[tuple[str, str]] = []

    def record(kind: str, answer: object = None):
        def box(_parent, _title, text, *_a, **_k):
            shown.append((kind, text))
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    return shown


def _rows(page: BackupsPage) -> list[backups_page.BackupRow]:
    return [page.model.row_at(i) for i in range(page.model.rowCount())]


def test_list_of_backups_passes_the_model_tester(qtmodeltester, qtbot: QtBot, workspace: Workspace, key: Path) -> None:
    for days in (3, 2, 1):
        backup.backup_now(workspace.db, key, now=datetime(2026, 11, 20, 18) - timedelta(days=days))
    page = BackupsPage(ViewContext(workspace))
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    rows = _rows(page)
    assert [r.name for r in rows] == [
        "centre-20261119-180000.zip", "centre-20261118-180000.zip", "centre-20261117-180000.zip",
    ]  # fmt: skip
    assert page.model.data(page.model.index(0, 0)) == "19/11/2026 18:00"
    assert page.model.data(page.model.index(0, 5)) == str(key)
    assert page.model.data(page.model.index(0, 6)) == "oui, à l'écriture"
    assert page.model.data(page.model.index(0, 2)).endswith("Ko")
    assert page.folder_label.text() == f"Dossier choisi : {key}"
    assert page.folder_warning.isHidden()


def test_back_up_now(qtbot: QtBot, page: BackupsPage, key: Path, boxes: list) -> None:
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    [made] = key.glob("centre-*.zip")
    assert [r.name for r in _rows(page)] == [made.name]
    assert page.status.text().startswith(f"Sauvegarde écrite et vérifiée : {made}")
    assert boxes == []
    last = page.ctx.read(lambda s: events.list_events(s, limit=1))[0]
    assert (last.kind, last.username) == ("backup", "admin")


def test_missing_usb_key_is_shown_and_refused(
    qtbot: QtBot, workspace: Workspace, admin: Actor, tmp_path: Path, boxes: list
) -> None:
    workspace.actor = admin
    workspace.run(lambda s: settings_service.update_settings(s, {"backup.folder": str(tmp_path / "E")}))
    page = BackupsPage(ViewContext(workspace))
    qtbot.addWidget(page)
    assert "est introuvable : branchez la clé USB" in page.folder_warning.text()
    assert not page.folder_warning.isHidden()
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    assert len(boxes) == 1
    assert "branchez la clé USB" in boxes[0][1]
    assert page.status.text() == ""


def test_clerk_cannot_back_up_nor_restore(qtbot: QtBot, workspace: Workspace, key: Path, clerk: Actor) -> None:
    workspace.actor = clerk
    page = BackupsPage(ViewContext(workspace))
    qtbot.addWidget(page)
    for button in (page.backup_button, page.restore_button):
        assert not button.isEnabled()
        assert "sauvegardes" in button.toolTip()
    assert page.verify_button.isEnabled()


def test_verify_marks_a_damaged_backup(qtbot: QtBot, page: BackupsPage, key: Path) -> None:
    good = backup.backup_now(page.ctx.workspace.db, key, now=datetime(2026, 11, 18, 18))
    bad = backup.backup_now(page.ctx.workspace.db, key, now=datetime(2026, 11, 19, 18))
    bad.path.write_bytes(bad.path.read_bytes()[:3000])
    page.refresh()
    assert _rows(page)[0].verification.startswith("NON : La sauvegarde")
    page.table.selectRow(1)
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == f"La sauvegarde {good.path.name} est saine : elle peut être restaurée."
    assert _rows(page)[1].verification.startswith("oui, le ")
    page.table.clearSelection()
    page.table.setCurrentIndex(page.model.index(-1, -1))
    page.verify_selected()
    assert page.status.text() == "Sélectionnez d'abord une sauvegarde dans la liste."


def test_restore_replaces_the_data_keeps_a_copy_and_quits(
    qtbot: QtBot, page: BackupsPage, key: Path, boxes: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = page.ctx.workspace
    made = page.backup_now()
    assert made is not None
    workspace.run(lambda s: parties.create_party(s, parties.PartyInput(name="Saisi après la sauvegarde")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(made.path), ""))
    quits: list[bool] = []
    monkeypatch.setattr(backups_page, "quit_application", lambda: quits.append(True))
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    (_, question), (_, done) = boxes
    assert "Sauvegarde du " in question
    assert "Centre : Centre de test de Djibo" in question
    assert "0 tiers" in question
    assert "vont être REMPLACÉES" in question
    assert "Une copie de la base actuelle est conservée" in question
    [kept] = workspace.db.path.parent.glob("centre.avant-restauration-*.db")
    assert f"La base remplacée est conservée sous le nom {kept}" in done
    assert "relancez-la" in done
    assert quits == [True]
    assert workspace.read(parties.list_parties) == []  # the data of the backup
    assert workspace.read(lambda s: events.list_events(s, limit=1))[0].kind == "restore"


def test_restore_cancelled_or_refused_changes_nothing(
    qtbot: QtBot, page: BackupsPage, key: Path, boxes: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = page.ctx.workspace
    made = page.backup_now()
    assert made is not None
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a, **_k: QMessageBox.StandardButton.Cancel)
    assert not page.restore(made.path)
    made.path.write_bytes(made.path.read_bytes()[:1000])
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: boxes.append(("warning", text)))
    assert not page.restore(made.path)
    assert "endommagée ou incomplète" in boxes[-1][1]
    assert not list(workspace.db.path.parent.glob("*avant-restauration*"))
    assert workspace.read(lambda s: events.list_events(s, limit=1))[0].kind == "backup"  # still open, untouched
