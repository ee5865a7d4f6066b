"""Backups: round trip to an identical database, refusals of damaged or foreign files, rotation, rights."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from centre_app.domain.backups import backups_to_keep, parse_backup_name
from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.models.migrate import open_database
from centre_app.services import backup, events, integrity, parties
from centre_app.services.context import SYSTEM, Actor, PermissionDenied
from centre_app.services.workspace import Workspace

pytestmark = pytest.mark.sqlite_only(reason="zip backups of the SQLite file (PostgreSQL: tests/test_postgresql.py)")

NOW = datetime(2026, 11, 20, 18, 30, 5)


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _add_party(db: Database, actor: Actor, name: str) -> None:
    with db.transaction(actor) as s:
        parties.create_party(s, parties.PartyInput(name=name, phone="70 11 22 33"))


def _extract(zip_path: Path, folder: Path) -> Path:
    with zipfile.ZipFile(zip_path) as zf:
        zf.extract(backup.DB_MEMBER, folder)
    return folder / backup.DB_MEMBER


def _rezip(zip_path: Path, db_file: Path, *, refresh_hash: bool, **manifest_changes: object) -> None:
    """Rewrite a backup with another database (and the manifest's hash recomputed or not)."""
    with zipfile.ZipFile(zip_path) as zf:
        manifest = json.loads(zf.read(backup.MANIFEST))
    manifest.update(manifest_changes)
    if refresh_hash:
        manifest["sha256"] = hashlib.sha256(db_file.read_bytes()).hexdigest()
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(backup.MANIFEST, json.dumps(manifest))
        zf.write(db_file, backup.DB_MEMBER)


def _refused(path: Path) -> DomainError:
    with pytest.raises(DomainError) as refused:
        backup.verify_backup(path)
    return refused.value


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "cle-usb"
    path.mkdir()
    return path


@pytest.fixture
def made(db: Database, folder: Path, clerk: Actor) -> backup.BackupInfo:
    _add_party(db, clerk, "Amadou Dicko")
    return backup.backup_now(db, folder, actor=clerk, now=NOW)


# -- making and verifying ----------------------------------------------------------------------------------
def test_backup_is_a_verified_zip_with_its_manifest(db: Database, made: backup.BackupInfo, folder: Path) -> None:
    assert made.path == folder / "centre-20261120-183005.zip"
    assert [p.name for p in folder.iterdir()] == [made.path.name]  # no temporary file left behind
    with zipfile.ZipFile(made.path) as zf:
        assert sorted(zf.namelist()) == ["centre.db", "manifest.json"]
        manifest = json.loads(zf.read("manifest.json"))
        assert hashlib.sha256(zf.read("centre.db")).hexdigest() == manifest["sha256"] == made.sha256
    assert manifest["application"] == "centre_app"
    assert manifest["schema_revision"] == made.schema_revision
    assert manifest["created_at"] == "2026-11-20T18:30:05"
    assert manifest["centre_name"] == "Centre de test de Djibo"
    assert manifest["row_counts"]["parties"] == 1
    assert manifest["row_counts"]["users"] == 4
    assert made.count("parties") == 1
    assert backup.verify_backup(made.path) == backup.read_manifest(made.path)
    with db.reading(SYSTEM) as s:
        event = events.list_events(s, limit=1)[0]
    assert event.kind == "backup"
    assert json.loads(event.detail)["file"] == made.path.name
    assert json.loads(event.detail)["automatic"] is True
    assert event.username == "caisse"


def test_round_trip_gives_back_the_same_database(
    db: Database, clerk: Actor, admin: Actor, folder: Path, tmp_path: Path
) -> None:
    _add_party(db, clerk, "Amadou Dicko")
    before = _dump(db.path)
    info = backup.backup_now(db, folder, actor=clerk, now=NOW)
    assert _dump(_extract(info.path, tmp_path / "x")) == before  # the backup holds exactly the database
    _add_party(db, clerk, "Saisi après la sauvegarde")
    current = _dump(db.path)
    db.dispose()  # the caller closes its engine before restoring

    kept = backup.restore(info.path, db.path, actor=admin)

    assert kept is not None
    assert kept.parent == db.path.parent
    assert kept.name.startswith("centre.avant-restauration-")
    assert kept.suffix == ".db"
    assert _dump(kept) == current  # the replaced database is kept whole
    restored = _dump(db.path)
    assert [line for line in before if line not in restored] == []
    added = [line for line in restored if line not in before]
    assert len(added) == 1  # nothing but the « restore » event, journaled in the restored database
    assert "'restore'" in added[0]
    assert info.path.name in added[0]
    reopened = open_database(db.path, create=False)
    try:
        with reopened.reading(SYSTEM) as s:
            assert integrity.run_check(s) == []
            assert [p.name for p in parties.list_parties(s)] == ["Amadou Dicko"]
            assert events.list_events(s, limit=1)[0].username == "admin"
    finally:
        reopened.dispose()


def test_restore_refuses_while_the_database_is_open(db: Database, made: backup.BackupInfo, admin: Actor) -> None:
    before = _dump(db.path)
    with pytest.raises(DomainError) as refused:
        backup.restore(made.path, db.path, actor=admin)
    assert refused.value.code == "backup.db_in_use"
    assert "fermez l'application" in message(refused.value)
    db.dispose()
    assert _dump(db.path) == before
    assert not list(db.path.parent.glob("*avant-restauration*"))


def test_restore_is_for_administrators(db: Database, made: backup.BackupInfo, clerk: Actor) -> None:
    db.dispose()
    with pytest.raises(PermissionDenied) as refused:
        backup.restore(made.path, db.path, actor=clerk)
    assert "sauvegardes" in message(refused.value)


def test_restore_onto_a_new_computer_and_over_a_damaged_file(
    db: Database, made: backup.BackupInfo, admin: Actor, tmp_path: Path
) -> None:
    fresh = tmp_path / "nouveau-pc" / "centre.db"
    assert backup.restore(made.path, fresh, actor=admin) is None  # nothing to keep
    db.dispose()
    db.path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)  # a power cut shredded the file
    kept = backup.restore(made.path, db.path, actor=admin)
    assert kept is not None
    assert kept.read_bytes().startswith(b"SQLite format 3\x00\xff")  # the damaged bytes are kept as they were
    for path in (fresh, db.path):
        reopened = open_database(path, create=False)
        try:
            with reopened.reading(SYSTEM) as s:
                assert integrity.run_check(s) == []
        finally:
            reopened.dispose()


# -- refusals ------------------------------------------------------------------------------------------------
def test_a_truncated_zip_is_refused(made: backup.BackupInfo) -> None:
    data = made.path.read_bytes()
    made.path.write_bytes(data[: len(data) // 2])
    error = _refused(made.path)
    assert error.code == "backup.damaged"
    assert "endommagée ou incomplète" in message(error)


def test_flipped_bytes_in_the_compressed_database_are_refused(made: backup.BackupInfo) -> None:
    data = bytearray(made.path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8] = bytes(b ^ 0xFF for b in data[middle : middle + 8])
    made.path.write_bytes(bytes(data))
    assert _refused(made.path).code in {"backup.damaged", "backup.hash_mismatch"}


def test_an_altered_database_inside_the_zip_is_refused(made: backup.BackupInfo, tmp_path: Path) -> None:
    inner = _extract(made.path, tmp_path / "x")
    con = sqlite3.connect(inner)
    con.execute("UPDATE parties SET name = 'Quelqu''un d''autre'")
    con.commit()
    con.close()
    _rezip(made.path, inner, refresh_hash=False)
    error = _refused(made.path)
    assert error.code == "backup.hash_mismatch"
    assert "l'empreinte de la base ne correspond plus" in message(error)


def test_a_broken_chain_is_refused_even_with_a_recomputed_hash(made: backup.BackupInfo, tmp_path: Path) -> None:
    inner = _extract(made.path, tmp_path / "x")
    con = sqlite3.connect(inner)
    con.execute("DROP TRIGGER trg_event_journal_no_update")
    con.execute('UPDATE event_journal SET detail = \'{"username":"pirate"}\' WHERE seq = 1')
    con.commit()
    con.close()
    _rezip(made.path, inner, refresh_hash=True)
    error = _refused(made.path)
    assert error.code == "backup.defects"
    assert "modifié après validation" in message(error)


def test_a_newer_schema_is_refused(db: Database, made: backup.BackupInfo, admin: Actor, tmp_path: Path) -> None:
    inner = _extract(made.path, tmp_path / "x")
    con = sqlite3.connect(inner)
    con.execute("UPDATE alembic_version SET version_num = '9999_futur'")
    con.commit()
    con.close()
    _rezip(made.path, inner, refresh_hash=True, schema_revision="9999_futur")
    error = _refused(made.path)
    assert error.code == "backup.too_new"
    assert "version plus récente" in message(error)
    db.dispose()
    before = _dump(db.path)
    with pytest.raises(DomainError):
        backup.restore(made.path, db.path, actor=admin)
    assert _dump(db.path) == before  # nothing replaced


def test_a_manifest_that_lies_about_the_schema_is_refused(made: backup.BackupInfo, tmp_path: Path) -> None:
    _rezip(made.path, _extract(made.path, tmp_path / "x"), refresh_hash=False, schema_revision="0001")
    assert _refused(made.path).code == "backup.altered"


def test_foreign_files_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("photo.jpg", b"\xff\xd8")
    assert _refused(other).code == "backup.foreign"
    assert "n'est pas une sauvegarde" in message(_refused(other))
    fake = tmp_path / "faux.zip"
    with zipfile.ZipFile(fake, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"application": "autre"}))
        zf.writestr("centre.db", b"rien")
    assert _refused(fake).code == "backup.foreign"
    text = tmp_path / "notes.zip"
    text.write_text("pas un zip")
    assert _refused(text).code == "backup.damaged"
    assert _refused(tmp_path / "absent.zip").code == "backup.missing"


def test_a_defective_database_is_not_backed_up(db: Database, folder: Path) -> None:
    con = sqlite3.connect(db.path)
    con.execute("DROP TRIGGER trg_event_journal_no_update")
    con.execute("UPDATE event_journal SET detail = '{}' WHERE seq = 1")
    con.commit()
    con.close()
    with pytest.raises(DomainError) as refused:
        backup.backup_now(db, folder, now=NOW)
    assert refused.value.code == "backup.copy_defect"
    assert "Aucune sauvegarde n'a été écrite" in message(refused.value)
    assert list(folder.iterdir()) == []


def test_a_missing_folder_is_refused_in_french(db: Database, tmp_path: Path) -> None:
    with pytest.raises(DomainError) as refused:
        backup.backup_now(db, tmp_path / "E" / "Sauvegardes", now=NOW)
    assert "est introuvable : branchez la clé USB" in message(refused.value)
    with pytest.raises(DomainError) as refused:
        backup.backup_now(db, "", now=NOW)
    assert refused.value.code == "backup.folder_not_chosen"


# -- listing, latest verified, rights -------------------------------------------------------------------------
def test_list_and_latest_verified(db: Database, folder: Path) -> None:
    first = backup.backup_now(db, folder, now=NOW - timedelta(days=1))
    second = backup.backup_now(db, folder, now=NOW)
    (folder / "lisezmoi.txt").write_text("clé du centre")
    entries = backup.list_backups(folder)
    assert [e.name for e in entries] == [second.path.name, first.path.name]
    assert entries[0].problem == ""
    assert backup.latest_verified_backup(folder) == backup.read_manifest(second.path)
    second.path.write_bytes(second.path.read_bytes()[:500])  # the newest is damaged: the one before is offered
    entries = backup.list_backups(folder)
    assert "endommagée" in entries[0].problem
    assert backup.latest_verified_backup(folder) == backup.read_manifest(first.path)
    assert backup.latest_verified_backup(folder / "absent") is None


def test_backup_now_button_is_for_administrators(workspace: Workspace, admin: Actor, folder: Path) -> None:
    db = workspace.db
    with pytest.raises(PermissionDenied):
        workspace.run(lambda s: backup.request_backup(s, db, folder, now=NOW))
    assert list(folder.iterdir()) == []
    assert workspace.read(lambda s: events.list_events(s, limit=1))[0].kind == "permission.refused"
    workspace.actor = admin
    info = workspace.run(lambda s: backup.request_backup(s, db, folder, now=NOW))
    assert info.path.exists()
    event = workspace.read(lambda s: events.list_events(s, limit=1))[0]
    assert (event.kind, event.username) == ("backup", "admin")
    assert json.loads(event.detail)["automatic"] is False


# -- rotation -------------------------------------------------------------------------------------------------
def test_rotation_deletes_only_what_the_policy_drops(db: Database, folder: Path) -> None:
    today = date(2026, 11, 20)
    stamps = [datetime(2025, 6, 1, 18) + timedelta(days=n) for n in range(538)]  # every evening to 20/11/2026
    for stamp in stamps:
        (folder / f"centre-{stamp:%Y%m%d-%H%M%S}.zip").write_bytes(b"")
    (folder / "centre-copie-manuelle.zip").write_bytes(b"")
    (folder / "compta.xlsx").write_bytes(b"")
    removed = backup.rotate_backups(folder, today)
    left = {parse_backup_name(p.name) for p in folder.glob("centre-2*.zip")}
    assert left == backups_to_keep(stamps, today)
    assert len(removed) == len(stamps) - len(left)
    assert (folder / "centre-copie-manuelle.zip").exists()
    assert (folder / "compta.xlsx").exists()
    # a real backup today keeps the policy: the evening backups of the last week stay
    info = backup.backup_now(db, folder, now=datetime(2026, 11, 21, 9))
    names = sorted(p.name for p in folder.glob("centre-2026111*.zip"))
    assert names == [f"centre-202611{d}-180000.zip" for d in range(15, 20)]
    assert info.path.exists()
    assert "centre-20261114-180000.zip" not in names
