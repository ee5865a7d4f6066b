"""The login dialog before anything heavy (PRODUCT.md §15, start-up): the centre's name and language are read with
sqlite3; the database opens and the check runs in a thread while the password is typed; anything unusual goes the
usual way, which explains it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from centre_app import app as app_module
from centre_app.services import early, events
from centre_app.services.workspace import Workspace
from centre_app.views import i18n
from centre_app.views.checked_login import CheckedLoginDialog, EarlyStart
from tests.conftest import PASSWORD

pytestmark = pytest.mark.sqlite_only(reason="the early start reads a database file with sqlite3")


def _edit(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def test_peek_reads_the_centre_name_and_language(db_path: Path) -> None:
    assert early.peek(db_path) == early.EarlyFacts("Centre de test de Djibo", "fr")


def test_anything_unusual_goes_the_usual_way(db_path: Path, tmp_path: Path) -> None:
    assert early.peek(tmp_path / "absente.db") is None
    assert early.peek("postgresql://centre@serveur/centre") is None
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_bytes(b"ceci n'est pas une base" * 100)
    assert early.peek(not_a_database) is None
    older = tmp_path / "ancienne.db"
    older.write_bytes(db_path.read_bytes())
    _edit(older, "UPDATE alembic_version SET version_num = '0006'")
    assert early.peek(older) is None  # an upgrade to run: the usual opening does it (with its safety copy)


def test_a_database_without_users_goes_to_the_setup_wizard(db_path: Path) -> None:
    _edit(
        db_path,
        "PRAGMA foreign_keys = OFF",
        "DROP TRIGGER IF EXISTS trg_users_no_delete",
        "DELETE FROM users",
    )
    assert early.peek(db_path) is None


def test_nothing_heavy_is_imported_before_the_login_dialog() -> None:
    code = (
        "import sys; import centre_app.cli, centre_app.app;"
        "print([m for m in ('sqlalchemy', 'alembic', 'reportlab', 'openpyxl', 'babel.dates') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def _type_and_log_in(dialog: CheckedLoginDialog) -> int:
    dialog.username.setText("caisse")
    dialog.password.setText(PASSWORD)
    dialog.try_login()
    return dialog.result()


def test_the_dialog_opens_the_database_then_logs_in(qtbot: QtBot, db_path: Path) -> None:
    start = EarlyStart(db_path)
    dialog = CheckedLoginDialog(None, "Centre de test", start)
    qtbot.addWidget(dialog)
    assert dialog.workspace is None
    assert _type_and_log_in(dialog) == QDialog.DialogCode.Accepted
    workspace = dialog.workspace
    assert isinstance(workspace, Workspace)
    try:
        assert dialog.report is not None and dialog.report.ok
        assert dialog.actor is not None and dialog.actor.username == "caisse"
        assert workspace.read(lambda s: events.list_events(s, limit=1))[0].kind == "login"
    finally:
        workspace.close()


def test_main_logs_in_through_the_early_dialog(qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[str, object]] = []
    monkeypatch.setattr(CheckedLoginDialog, "exec", lambda dialog: shown.append(("dialog", dialog.workspace)) or
                        _type_and_log_in(dialog))  # fmt: skip

    def sessions(app: object, workspace: Workspace, actor: object) -> int:
        shown.append(("sessions", getattr(actor, "username", None)))
        return 0

    monkeypatch.setattr(app_module, "run_sessions", sessions)
    monkeypatch.setattr(app_module, "_open_then_login", lambda app, path: pytest.fail("the usual way was taken"))
    assert app_module.main(db_path) == 0
    assert shown == [("dialog", None), ("sessions", "caisse")]  # the dialog came before the database was open


def test_an_early_opening_that_fails_goes_the_usual_way(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(cls: type, target: Path, *, create: bool = True) -> Workspace:
        raise sqlite3.DatabaseError("file is not a database")

    monkeypatch.setattr(Workspace, "open", classmethod(broken))
    monkeypatch.setattr(CheckedLoginDialog, "exec", _type_and_log_in)
    usual: list[Path] = []
    monkeypatch.setattr(app_module, "_open_then_login", lambda app, path: usual.append(path) or 2)
    assert app_module.main(db_path) == 2
    assert usual == [db_path]


def test_the_translations_are_cached_and_the_cache_follows_the_catalogues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "catalogue-fr.json"
    monkeypatch.setattr(i18n, "cache_file", lambda language: cache)
    files = i18n.catalog_files("fr")
    expected = i18n.read_catalogs(files, "fr")
    assert i18n.load_catalog("fr") == expected and cache.is_file()  # written at the first start
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["messages"]["Parties"] = "Faux"
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert i18n.load_catalog("fr")["Parties"] == "Faux"  # read from the cache at the next start
    data["key"][1][1] += 1  # a catalogue of another size: read again
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert i18n.load_catalog("fr") == expected
    cache.write_text("{pas du json", encoding="utf-8")
    assert i18n.load_catalog("fr") == expected
