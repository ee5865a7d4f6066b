"""The start-up check runs while the login dialog waits; « Log in » waits for it, and a defect it found is
explained before anyone logs in: nothing is written before the check is over."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from centre_app import app as app_module
from centre_app.services import events
from centre_app.services.workspace import Workspace
from centre_app.views.checked_login import BackgroundCheck, CheckedLoginDialog
from tests.conftest import PASSWORD


def _tamper(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER trg_event_journal_no_update")
    con.execute("UPDATE event_journal SET detail = '{}' WHERE seq = 1")
    con.commit()
    con.close()


def _kinds(workspace: Workspace) -> list[str]:
    return [e.kind for e in workspace.read(lambda s: events.list_events(s, limit=50))]


def _type_and_log_in(dialog: CheckedLoginDialog) -> int:
    """What the clerk does in the (modal) dialog: name, password, Enter."""
    dialog.username.setText("caisse")
    dialog.password.setText(PASSWORD)
    dialog.try_login()
    return dialog.result()


def test_logging_in_waits_for_the_check(qtbot: QtBot, workspace: Workspace) -> None:
    workspace.actor = None
    check = BackgroundCheck(workspace, date(2026, 11, 23))
    dialog = CheckedLoginDialog(workspace, "Centre de test", check)
    qtbot.addWidget(dialog)
    assert _type_and_log_in(dialog) == QDialog.DialogCode.Accepted
    assert check.done and dialog.report is not None and dialog.report.ok and dialog.report.full_check
    assert dialog.actor is not None and dialog.actor.username == "caisse"
    assert _kinds(workspace)[0] == "login"


@pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")
def test_a_defect_closes_the_dialog_before_anyone_logs_in(qtbot: QtBot, workspace: Workspace) -> None:
    _tamper(workspace.db.path)
    dialog = CheckedLoginDialog(workspace, "Centre de test", BackgroundCheck(workspace))
    qtbot.addWidget(dialog)
    assert _type_and_log_in(dialog) == CheckedLoginDialog.DEFECT
    assert dialog.actor is None and dialog.report is not None and not dialog.report.ok
    assert "login" not in _kinds(workspace)  # the check journaled its defect; nobody logged in


@pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")
def test_the_application_explains_the_defect_then_one_may_go_on_and_log_in(
    qtbot: QtBot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tamper(workspace.db.path)
    monkeypatch.setattr(CheckedLoginDialog, "exec", _type_and_log_in)
    seen: list[str] = []

    def ask(box: QMessageBox):
        seen.append(box.text())
        return next(b for b in box.buttons() if b.text() == "Continuer malgré tout")

    monkeypatch.setattr(app_module, "ask", ask)
    actor = app_module.login(workspace, "Centre de test", BackgroundCheck(workspace))
    assert actor is not None and actor.username == "caisse"
    assert "La vérification faite au démarrage a trouvé un problème" in seen[0]
    kinds = _kinds(workspace)
    assert kinds.index("login") < kinds.index("integrity.defect")  # newest first: the defect came before


def test_cancelling_the_login_quits(qtbot: QtBot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CheckedLoginDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    assert app_module.login(workspace, "Centre de test", BackgroundCheck(workspace)) is None
