"""Backups of the database file (PRODUCT.md §2, §8, §12): made online, verified, rotated, restored.

A backup is a zip holding ``centre.db`` and ``manifest.json`` (application version, schema revision,
date, SHA-256 of the database, row counts). It is made like this, and written only if every step
succeeds:

1. a consistent copy through the SQLite backup API (never a copy of the live file: clerks may be
   writing) into a temporary folder;
2. that copy opened like any database (``open_database(create=False)``: it is at the application's
   schema, so no migration runs) and checked: ``PRAGMA integrity_check``, foreign keys, every hash
   chain and numbering series (``integrity.run_check``);
3. zipped under a temporary name in the target folder, flushed to disk, renamed atomically to
   ``centre-AAAAMMJJ-HHMMSS.zip``, then read back to check the hash once more.

``restore`` runs with the database closed: **the caller must have disposed of its engine** (the
application closes its workspace first). It verifies the backup, keeps a copy of the current file
beside it (``<nom>.avant-restauration-<date>.db``), then replaces the file atomically.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from centre_app import __version__
from centre_app.domain.backups import backup_name, backups_to_keep, parse_backup_name
from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import ACTION_LABELS, ROLE_LABELS, Action, allowed
from centre_app.models.database import Database
from centre_app.models.migrate import head_revision, open_database
from centre_app.models.system import User
from centre_app.services.backup_archive import (
    APPLICATION,
    DB_MEMBER,
    FORMAT,
    MANIFEST,
    BackupEntry,
    BackupInfo,
    check_copy,
    latest_verified_backup,
    list_backups,
    member_sha256,
    raw_facts,
    read_manifest,
    sha256_of,
    verify_backup,
    verify_into,
)
from centre_app.services.context import SYSTEM, Actor, PermissionDenied, require
from centre_app.services.events import record_event

__all__ = [
    "DB_MEMBER",
    "MANIFEST",
    "BackupEntry",
    "BackupInfo",
    "backup_now",
    "folder_problem",
    "latest_verified_backup",
    "list_backups",
    "read_manifest",
    "request_backup",
    "restore",
    "rotate_backups",
    "verify_backup",
]

# --- making a backup ---------------------------------------------------------------------------------------


def _sqlite_copy(source: Path, target: Path) -> None:
    """A consistent snapshot of ``source`` (committed data only) through the SQLite backup API."""
    src = sqlite3.connect(source, timeout=15)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def folder_problem(folder: Path | str | None) -> DomainError | None:
    """Why backups cannot be written into ``folder`` (not chosen, missing, read-only), or None."""
    if not str(folder or "").strip():
        return DomainError("backup.folder_not_chosen")
    folder = Path(folder)
    if not folder.is_dir():
        return DomainError("backup.folder_missing", folder=str(folder))
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return DomainError("backup.folder_not_writable", folder=str(folder), reason=error.strerror or error)
    return None


def _write_backup(db_path: Path, folder: Path, at: datetime) -> BackupInfo:
    if not db_path.is_file():
        raise DomainError("db.missing", path=str(db_path))
    target = folder / backup_name(at)
    partial = folder / f".{target.name}.partiel"
    with tempfile.TemporaryDirectory(prefix="centre-sauvegarde-") as tmp:
        copy = Path(tmp) / DB_MEMBER
        _sqlite_copy(db_path, copy)
        defects = check_copy(copy)
        if defects:
            raise DomainError("backup.copy_defect", defect=defects[0].message)
        revision, counts, centre = raw_facts(copy)
        manifest = {
            "format": FORMAT,
            "application": APPLICATION,
            "app_version": __version__,
            "schema_revision": revision,
            "created_at": at.isoformat(timespec="seconds"),
            "database": DB_MEMBER,
            "sha256": sha256_of(copy),
            "size": copy.stat().st_size,
            "centre_name": centre,
            "row_counts": counts,
            "verified": True,
        }
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
                zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True))
                zf.write(copy, DB_MEMBER)
            _fsync(partial)
            os.replace(partial, target)
        except OSError as error:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise DomainError("backup.write_failed", folder=str(folder), reason=error.strerror or error) from error
    info = read_manifest(target)
    if member_sha256(target) != info.sha256:  # read back what the disk really holds
        raise DomainError("backup.hash_mismatch", path=str(target))
    return info


def rotate_backups(folder: Path, today: date) -> tuple[str, ...]:
    """Delete the backups rotation does not keep (7 daily, 4 weekly, 12 monthly); returns their names."""
    stamps = {}
    for path in folder.glob("*.zip"):
        stamp = parse_backup_name(path.name)
        if stamp is not None:
            stamps[stamp] = path
    keep = backups_to_keep(stamps, today)
    removed = []
    for stamp, path in sorted(stamps.items()):
        if stamp not in keep:
            with contextlib.suppress(OSError):  # a locked file stays until the next rotation
                path.unlink()
                removed.append(path.name)
    return tuple(removed)


def _journal(session: Session, info: BackupInfo, automatic: bool) -> None:
    detail = {"file": info.path.name, "folder": str(info.path.parent), "sha256": info.sha256, "automatic": automatic}
    if info.removed:
        detail["removed"] = list(info.removed)
    record_event(session, "backup", detail)


def _make(db: Database, folder: Path | str, now: datetime | None) -> BackupInfo:
    problem = folder_problem(folder)  # before Path(): Path("") would be the current folder
    if problem is not None:
        raise problem
    at = (now or datetime.now()).replace(microsecond=0)
    if db.path is None:  # a PostgreSQL server: pg_dump, verified (services/pg_backup.py)
        from centre_app.services import pg_backup

        return pg_backup.write_dump(db, Path(folder), at)
    info = _write_backup(db.path, Path(folder), at)
    return replace(info, removed=rotate_backups(Path(folder), at.date()))


def backup_now(
    db: Database, folder: Path | str, *, automatic: bool = True, actor: Actor | None = None, now: datetime | None = None
) -> BackupInfo:
    """Back up ``db`` into ``folder`` without a permission check (automatic backups run for any user).

    Journaled as « sauvegarde » in the database, in a transaction of its own.
    """
    info = _make(db, folder, now)
    with db.transaction(actor or SYSTEM) as session:
        _journal(session, info, automatic)
    return info


def request_backup(session: Session, db: Database, folder: Path | str, now: datetime | None = None) -> BackupInfo:
    """« Sauvegarder maintenant » (administrator only), journaled in ``session``.

    No SQL runs on ``session`` before the copy is made, so its write lock is only taken to journal.
    """
    require(session, Action.ADMINISTER)
    info = _make(db, folder, now)
    _journal(session, info, automatic=False)
    return info


# --- restoring ------------------------------------------------------------------------------------------------


def _ensure_closed(db_path: Path) -> None:
    """Refuse while any connection (this process or another PC) has the database open."""
    try:
        con = sqlite3.connect(db_path, timeout=0.5)
    except sqlite3.Error:
        return
    try:
        con.execute("PRAGMA locking_mode=EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("COMMIT")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DomainError("backup.db_in_use", path=str(db_path)) from error
    except sqlite3.DatabaseError:
        pass  # a damaged file: nobody can be using it properly, and it is kept by bytes below
    finally:
        con.close()


def _keep_current(db_path: Path, stamp: str) -> Path:
    kept = db_path.with_name(f"{db_path.stem}.avant-restauration-{stamp}.db")
    try:
        _sqlite_copy(db_path, kept)
    except sqlite3.DatabaseError:
        # A damaged file (often the reason for restoring) cannot be read page by page: keep its bytes.
        kept.unlink(missing_ok=True)
        shutil.copy2(db_path, kept)
        for suffix in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                shutil.copy2(side, kept.with_name(kept.name + suffix))
    return kept


def restore(backup_file: Path | str, db_path: Path | str, *, actor: Actor = SYSTEM) -> Path | None:
    """Replace the database at ``db_path`` by the one in ``backup_file`` (administrator only).

    The engine on ``db_path`` must be disposed of before the call (close the workspace): the file
    is replaced underneath it. The backup is verified first; the current file is kept beside it as
    ``<nom>.avant-restauration-<date>.db`` (returned; None when there was no database to replace);
    the « restauration » event is journaled in the restored database.
    """
    if not allowed(actor.role, Action.ADMINISTER):
        raise PermissionDenied(
            "permission.denied",
            role=ROLE_LABELS[actor.role],
            action=ACTION_LABELS[Action.ADMINISTER],
            action_code=str(Action.ADMINISTER),
        )
    backup_file, db_path = Path(backup_file), Path(db_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    with tempfile.TemporaryDirectory(prefix="centre-restauration-") as tmp:
        info, verified = verify_into(backup_file, Path(tmp))
        if db_path.exists():
            _ensure_closed(db_path)
        kept = _keep_current(db_path, stamp) if db_path.exists() else None
        incoming = db_path.with_name(f".{db_path.name}.restauration")
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(verified, incoming)
            _fsync(incoming)
            # A stale write-ahead log of the old file would be replayed into the new one: remove it first
            # (its content is in the kept copy).
            for suffix in ("-wal", "-shm"):
                db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
            os.replace(incoming, db_path)
        except PermissionError as error:
            incoming.unlink(missing_ok=True)
            raise DomainError("backup.db_in_use", path=str(db_path)) from error
        except OSError as error:
            incoming.unlink(missing_ok=True)
            raise DomainError("backup.restore_failed", reason=error.strerror or error) from error
    db = open_database(db_path, create=False)
    try:
        with db.transaction(actor) as session:
            if actor.user_id is not None and session.get(User, actor.user_id) is None:
                # The user who restores may have been created after the backup: name them, without the link.
                session.info["actor"] = replace(actor, user_id=None)
            record_event(
                session,
                "restore",
                {
                    "file": backup_file.name,
                    "created_at": info.created_at.isoformat(),
                    "sha256": info.sha256,
                    "kept": kept.name if kept else "",
                    "schema_revision": info.schema_revision,
                    "upgraded": info.schema_revision != head_revision(),
                },
            )
    finally:
        db.dispose()
    return kept
