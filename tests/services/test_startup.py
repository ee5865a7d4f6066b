"""Start-up maintenance: quick check each start, complete check weekly, daily automatic backup, folder warnings."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from centre_app.models.database import Database
from centre_app.services import backup, events, startup
from centre_app.services import settings as settings_service
from centre_app.services.context import SYSTEM, Actor

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 8, 15)


def _set_folder(db: Database, folder: str) -> None:
    with db.transaction(SYSTEM) as s:
        settings_service.apply_settings(s, {"backup.folder": folder})


def _last_event(db: Database) -> events.EventRow:
    with db.reading(SYSTEM) as s:
        return events.list_events(s, limit=1)[0]


def test_a_sound_database_passes_and_the_full_check_runs_weekly(db: Database) -> None:
    assert startup.quick_check(db) == []
    assert startup.needs_full_check(db, TODAY)
    report = startup.run_startup_checks(db, TODAY)
    assert report.ok
    assert report.full_check
    with db.reading(SYSTEM) as s:
        assert settings_service.get_value(s, startup.LAST_FULL_CHECK) == "2026-11-20"
    assert not startup.needs_full_check(db, TODAY + timedelta(days=6))
    assert startup.needs_full_check(db, TODAY + timedelta(days=7))
    assert startup.needs_full_check(db, TODAY - timedelta(days=1))  # the clock went backwards
    report = startup.run_startup_checks(db, TODAY + timedelta(days=3))
    assert report.ok
    assert not report.full_check


@pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")
def test_a_broken_foreign_key_is_found_by_the_quick_check(db: Database) -> None:
    con = sqlite3.connect(db.path)  # foreign keys off, as in a careless manual edit
    con.execute("INSERT INTO party_roles (party_id, role) VALUES (999999, 'producteur')")
    con.commit()
    con.close()
    report = startup.run_startup_checks(db, TODAY)
    assert not report.ok
    assert not report.damaged_file
    assert not report.full_check  # the quick check already found something
    assert "party_roles" in report.defects[0].message
    assert _last_event(db).kind == "integrity.defect"


@pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")
def test_a_tampered_chain_is_found_by_the_weekly_check(db: Database) -> None:
    con = sqlite3.connect(db.path)
    con.execute("DROP TRIGGER trg_event_journal_no_update")
    con.execute("UPDATE event_journal SET detail = '{}' WHERE seq = 1")
    con.commit()
    con.close()
    assert startup.quick_check(db) == []
    report = startup.run_startup_checks(db, TODAY)
    assert report.full_check
    assert "modifié après validation" in report.defects[0].message
    with db.reading(SYSTEM) as s:  # not marked as checked: the next start checks again
        assert settings_service.get_value(s, startup.LAST_FULL_CHECK) is None


@pytest.mark.sqlite_only(reason="a damaged SQLite file")
def test_a_damaged_file_is_reported_and_not_written_to(tmp_path: Path, db: Database) -> None:
    db.dispose()
    data = bytearray(db.path.read_bytes())
    for page in range(3, len(data) // 4096):
        data[page * 4096 : page * 4096 + 100] = b"\xff" * 100  # pages shredded by a power cut
    db.path.write_bytes(bytes(data))
    broken = Database(db.path)
    try:
        report = startup.run_startup_checks(broken, TODAY)
    finally:
        broken.dispose()
    assert report.damaged_file
    assert report.defects[0].message.startswith("Fichier endommagé")


def test_folder_problems_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = startup.backup_folder_problem(tmp_path / "E" / "Sauvegardes")
    assert missing is not None
    assert "Le dossier de sauvegarde" in missing
    assert "est introuvable : branchez la clé USB" in missing
    assert "Aucun dossier de sauvegarde n'est choisi" in (startup.backup_folder_problem("") or "")
    assert startup.backup_folder_problem(tmp_path) is None

    def read_only(*_a: object, **_k: object) -> None:
        raise PermissionError(13, "Permission non accordée")

    monkeypatch.setattr(tempfile, "TemporaryFile", read_only)
    assert "n'est ni pleine ni protégée en écriture" in (startup.backup_folder_problem(tmp_path) or "")


@pytest.mark.sqlite_only(reason="automatic backups of the database file")
def test_daily_backup_after_login_then_one_at_each_closing(db: Database, clerk: Actor, tmp_path: Path) -> None:
    key = tmp_path / "cle"
    key.mkdir()
    _set_folder(db, str(key))
    assert startup.automatic_backup_due(db, key, NOW)
    first = startup.automatic_backup(db, NOW, clerk)
    assert first.info is not None
    assert first.info.path.parent == key
    assert (first.warning, first.error) == (None, None)
    assert json.loads(_last_event(db).detail)["automatic"] is True
    assert not startup.automatic_backup_due(db, key, NOW + timedelta(hours=3))
    later = startup.automatic_backup(db, NOW + timedelta(hours=3), clerk)
    assert (later.due, later.info) == (False, None)  # once a day
    closing = startup.automatic_backup(db, NOW + timedelta(hours=9), clerk, only_if_due=False)
    assert closing.info is not None
    assert [e.name for e in backup.list_backups(key)] == ["centre-20261120-171500.zip"]  # newest of the day kept
    assert startup.automatic_backup_due(db, key, NOW + timedelta(days=1))


@pytest.mark.sqlite_only(reason="automatic backups of the database file")
def test_missing_usb_key_falls_back_beside_the_database(db: Database, clerk: Actor, tmp_path: Path) -> None:
    _set_folder(db, str(tmp_path / "E"))
    outcome = startup.automatic_backup(db, NOW, clerk)
    assert outcome.info is not None
    assert outcome.info.path.parent == db.path.parent / "sauvegardes"
    assert outcome.warning is not None
    assert "branchez la clé USB" in outcome.warning
    assert "En attendant, la sauvegarde automatique est faite dans" in outcome.warning
    assert startup.candidate_folders(db.path) == [db.path.parent / "sauvegardes"]


@pytest.mark.sqlite_only(reason="automatic backups of the database file")
def test_no_folder_chosen_uses_the_folder_beside_the_database(db: Database, tmp_path: Path) -> None:
    target = startup.backup_target(db)
    assert target.folder == db.path.parent / "sauvegardes"
    assert target.configured == ""
    assert "sur le même disque que la base" in (target.warning or "")
    key = tmp_path / "cle"
    key.mkdir()
    _set_folder(db, str(key))
    assert startup.backup_target(db) == startup.BackupTarget(key, str(key), None)
    assert startup.candidate_folders(db.path) == [key, db.path.parent / "sauvegardes"]


@pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")
def test_a_failed_automatic_backup_is_reported_not_raised(db: Database, tmp_path: Path) -> None:
    key = tmp_path / "cle"
    key.mkdir()
    _set_folder(db, str(key))
    con = sqlite3.connect(db.path)
    con.execute("DROP TRIGGER trg_event_journal_no_update")
    con.execute("UPDATE event_journal SET detail = '{}' WHERE seq = 1")
    con.commit()
    con.close()
    outcome = startup.automatic_backup(db, NOW)
    assert outcome.info is None
    assert "Aucune sauvegarde n'a été écrite" in (outcome.error or "")
