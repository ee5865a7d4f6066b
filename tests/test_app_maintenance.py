"""Maintenance wired in the composition root: start-up checks and restore offer, backups after login and at closing."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from centre_app import app as app_module
from centre_app.models.database import Database
from centre_app.services import backup, events, parties
from centre_app.services import settings as settings_service
from centre_app.services.context import SYSTEM, Actor
from centre_app.services.workspace import Workspace
from centre_app.views.backups_page import RESTORED_PROPERTY


@pytest.fixture
def key(db: Database, tmp_path: Path) -> Path:
    folder = tmp_path / "cle"
    folder.mkdir()
    with db.transaction(SYSTEM) as s:
        settings_service.apply_settings(s, {"backup.folder": str(folder)})
    return folder


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, _t, text, *_a, k=kind: shown.append((k, text)))
    return shown


def _click(monkeypatch: pytest.MonkeyPatch, label: str, seen: list[str]) -> None:
    """Answer the defect box by clicking the button with this label; record the box's text and buttons."""

    def ask(box: QMessageBox):
        seen.append(box.text())
        seen.extend(b.text() for b in box.buttons())
        return next(b for b in box.buttons() if b.text() == label)

    monkeypatch.setattr(app_module, "ask", ask)


def _tamper(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER trg_event_journal_no_update")
    con.execute("UPDATE event_journal SET detail = '{}' WHERE seq = 1")
    con.commit()
    con.close()


def test_a_sound_database_starts_without_a_word(qtbot: QtBot, workspace: Workspace, monkeypatch) -> None:
    monkeypatch.setattr(app_module, "ask", lambda _box: pytest.fail("no box expected"))
    assert app_module.check_at_startup(workspace)


@pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")
def test_a_defect_is_explained_and_one_may_go_on(
    qtbot: QtBot, workspace: Workspace, key: Path, monkeypatch, boxes
) -> None:
    backup.backup_now(workspace.db, key, now=datetime(2026, 11, 19, 18))
    _tamper(workspace.db.path)
    seen: list[str] = []
    _click(monkeypatch, "Continuer malgré tout", seen)
    assert app_module.check_at_startup(workspace)
    assert "La vérification faite au démarrage a trouvé un problème" in seen[0]
    assert "modifié après validation" in seen[0]
    assert "La dernière sauvegarde vérifiée date du 19/11/2026 18:00" in seen[0]
    assert set(seen[1:]) == {
        "Restaurer cette sauvegarde",
        "Choisir une sauvegarde…",
        "Continuer malgré tout",
        "Quitter",
    }
    assert workspace.read(lambda s: events.list_events(s, limit=1))[0].kind == "integrity.defect"


@pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")
def test_a_defect_can_be_repaired_by_restoring_the_latest_backup(
    qtbot: QtBot, workspace: Workspace, key: Path, clerk: Actor, monkeypatch, boxes
) -> None:
    backup.backup_now(workspace.db, key, now=datetime(2026, 11, 19, 18))
    workspace.run(lambda s: parties.create_party(s, parties.PartyInput(name="Après")))
    _tamper(workspace.db.path)
    _click(monkeypatch, "Restaurer cette sauvegarde", [])
    assert not app_module.check_at_startup(workspace)  # restored: start again
    [(kind, text)] = boxes
    assert kind == "information"
    assert "Relancez l'application" in text
    assert "La base endommagée est conservée" in text
    assert workspace.read(parties.list_parties) == []
    assert app_module.check_at_startup(workspace)


def test_a_damaged_file_offers_no_way_to_go_on(qtbot: QtBot, tmp_path: Path, monkeypatch, boxes) -> None:
    path = tmp_path / "centre.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8000)
    seen: list[str] = []
    _click(monkeypatch, "Quitter", seen)
    assert app_module._open(path) is None
    assert "Aucune sauvegarde vérifiée n'a été trouvée" in seen[0]
    assert "Continuer malgré tout" not in seen
    assert boxes == []


@pytest.mark.sqlite_only(reason="automatic backups of the database file")
def test_daily_backup_after_login_with_a_missing_key(
    qtbot: QtBot, workspace: Workspace, db: Database, tmp_path: Path, boxes
) -> None:
    with db.transaction(SYSTEM) as s:
        settings_service.apply_settings(s, {"backup.folder": str(tmp_path / "E")})
    window = QMainWindow()
    qtbot.addWidget(window)
    outcome = app_module.backup_after_login(window, workspace)  # type: ignore[arg-type]
    assert outcome.info is not None
    assert outcome.info.path.parent == db.path.parent / "sauvegardes"
    assert window.statusBar().currentMessage().startswith("Sauvegarde automatique écrite : ")
    [(kind, text)] = boxes
    assert kind == "warning"
    assert "branchez la clé USB" in text
    again = app_module.backup_after_login(window, workspace)  # already done today: no backup, no warning
    assert again.info is None
    assert len(boxes) == 1


@pytest.mark.sqlite_only(reason="automatic backups of the database file")
def test_backup_at_closing_unless_just_restored(qtbot: QtBot, workspace: Workspace, key: Path) -> None:
    first = app_module.backup_at_closing(workspace)
    assert first is not None
    assert first.info is not None
    assert first.info.path.parent == key
    app = QApplication.instance()
    app.setProperty(RESTORED_PROPERTY, True)
    try:
        assert app_module.backup_at_closing(workspace) is None
    finally:
        app.setProperty(RESTORED_PROPERTY, False)
