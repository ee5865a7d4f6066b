"""Start-up maintenance: a quick check at every start, the complete one weekly, the daily automatic backup.

The application never runs silently on a damaged file: ``run_startup_checks`` returns the defects
found and the composition root explains them and offers the latest verified backup. Automatic
backups go to the folder chosen in the settings; when it is missing (USB key not plugged in) or
not chosen, they go to a ``sauvegardes`` folder beside the database, with a French warning.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import DatabaseError

from centre_app.domain.backups import parse_backup_name
from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.services import backup, integrity
from centre_app.services import settings as settings_service
from centre_app.services.context import SYSTEM, Actor
from centre_app.services.events import record_event
from centre_app.services.integrity import Defect

LAST_FULL_CHECK = "maintenance.last_full_check"
FULL_CHECK_EVERY = timedelta(days=7)
DEFAULT_FOLDER = "sauvegardes"
MAX_LISTED = 20


@dataclass(frozen=True)
class StartupReport:
    full_check: bool  # the complete check (chains, numbering) ran this time
    defects: tuple[Defect, ...]

    @property
    def ok(self) -> bool:
        return not self.defects

    @property
    def damaged_file(self) -> bool:
        """The file itself is damaged (not only a broken chain): the application must not write to it."""
        return any(d.kind == "sqlite" for d in self.defects)


def _damaged(error: Exception) -> Defect:
    detail = getattr(error, "orig", None) or error
    return Defect("sqlite", f"Fichier endommagé : {detail}.")


def quick_check(db: Database) -> list[Defect]:
    """``PRAGMA quick_check`` and ``PRAGMA foreign_key_check`` (a few hundred milliseconds on a large file)."""
    if db.path is None:
        return []
    defects: list[Defect] = []
    try:
        with db.engine.connect() as conn:
            result = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check")]
            if result != ["ok"]:
                defects.append(Defect("sqlite", "Fichier endommagé : " + "; ".join(result[:5])))
            for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                defects.append(
                    Defect(
                        "foreign_key", f"Table {table}, ligne {rowid} : elle renvoie à un élément absent de {parent}."
                    )
                )
                if len(defects) >= MAX_LISTED:
                    break
    except (DatabaseError, sqlite3.DatabaseError) as error:
        defects.append(_damaged(error))
    return defects


def _last_full_check(db: Database) -> date | None:
    with db.reading(SYSTEM) as session:
        value = settings_service.get_value(session, LAST_FULL_CHECK)
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def needs_full_check(db: Database, today: date) -> bool:
    """True when the complete check has not run in the last 7 days (or the clock went backwards)."""
    last = _last_full_check(db)
    return last is None or last > today or today - last >= FULL_CHECK_EVERY


def run_startup_checks(db: Database, today: date) -> StartupReport:
    """Quick check at every start; the complete one (``check``) once a week. Defects are journaled."""
    defects = quick_check(db)
    full = False
    if not defects and needs_full_check(db, today):
        full = True
        try:
            with db.reading(SYSTEM) as session:
                defects = integrity.run_check(session)
        except (DatabaseError, sqlite3.DatabaseError) as error:
            defects = [_damaged(error)]
        if not defects:
            with db.transaction(SYSTEM) as session:
                settings_service.apply_settings(session, {LAST_FULL_CHECK: today.isoformat()})
    report = StartupReport(full, tuple(defects))
    if defects and not report.damaged_file:  # never write into a damaged file
        with db.transaction(SYSTEM) as session:
            record_event(session, "integrity.defect", {"defects": [d.message for d in defects[:10]], "at": "start"})
    return report


# --- backup folder and automatic backups -----------------------------------------------------------------


def backup_folder_problem(folder: Path | str | None) -> str | None:
    """French warning when backups cannot go to ``folder`` (not chosen, missing USB key, read-only), else None."""
    problem = backup.folder_problem(folder)
    return message(problem) if problem is not None else None


def default_backup_folder(db_path: Path) -> Path:
    return db_path.parent / DEFAULT_FOLDER


def configured_folder(db_path: Path) -> str:
    """The folder chosen in the settings, read without the engine (works on a file too damaged to open)."""
    try:
        con = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro", uri=True)
        try:
            found = con.execute("SELECT value FROM settings WHERE key = 'backup.folder'").fetchone()
        finally:
            con.close()
        return str(json.loads(found[0]) or "") if found else ""
    except (sqlite3.Error, ValueError, TypeError):
        return ""


def candidate_folders(db_path: Path, chosen: str | None = None) -> list[Path]:
    """Where backups of this database may be: the chosen folder (read from the file when not given)
    and the one beside the database."""
    folders = []
    chosen = configured_folder(db_path) if chosen is None else chosen
    if chosen and Path(chosen).is_dir():
        folders.append(Path(chosen))
    default = default_backup_folder(db_path)
    if default.is_dir() and default not in folders:
        folders.append(default)
    return folders


@dataclass(frozen=True)
class BackupTarget:
    folder: Path | None  # where an automatic backup goes now (None: nowhere)
    configured: str  # the folder chosen in the settings ("" when none)
    warning: str | None  # French, shown to the user


def backup_target(db: Database) -> BackupTarget:
    """The chosen folder when usable; otherwise the folder beside the database, with a warning."""
    if db.path is None:
        return BackupTarget(None, "", message(DomainError("backup.not_a_file_database")))
    configured = configured_folder(db.path)
    problem = backup.folder_problem(configured)
    if problem is None:
        return BackupTarget(Path(configured), configured, None)
    fallback = default_backup_folder(db.path)
    try:
        fallback.mkdir(exist_ok=True)
    except OSError:
        return BackupTarget(None, configured, message(problem))
    if backup.folder_problem(fallback) is not None:
        return BackupTarget(None, configured, message(problem))
    if not configured.strip():
        warning = message(DomainError("backup.folder_default", folder=str(fallback)))
    else:
        warning = message(DomainError("backup.fallback", problem=message(problem), folder=str(fallback)))
    return BackupTarget(fallback, configured, warning)


def automatic_backup_due(db: Database, folder: Path | str, now: datetime) -> bool:
    """Once a day: due when ``folder`` holds no backup made today."""
    if db.path is None:
        return False
    folder = Path(folder)
    if not folder.is_dir():
        return True
    stamps = (parse_backup_name(p.name) for p in folder.glob("*.zip"))
    return not any(s is not None and s.date() == now.date() for s in stamps)


@dataclass(frozen=True)
class AutomaticBackup:
    due: bool  # a backup was wanted (if False, nothing was tried: one was already made today)
    info: backup.BackupInfo | None  # the backup written, if one was
    warning: str | None  # about the folder (French)
    error: str | None  # why the backup failed (French)


def automatic_backup(
    db: Database, now: datetime, actor: Actor | None = None, *, only_if_due: bool = True
) -> AutomaticBackup:
    """The backup after login (``only_if_due``: once a day) and at closing (always). Never raises a DomainError."""
    if db.path is None:  # a PostgreSQL server: backed up on the server (pg_dump, `centre-app backup --db URL`)
        return AutomaticBackup(False, None, None, None)
    target = backup_target(db)
    if target.folder is None:
        return AutomaticBackup(True, None, target.warning, None)
    if only_if_due and not automatic_backup_due(db, target.folder, now):
        return AutomaticBackup(False, None, target.warning, None)
    try:
        info = backup.backup_now(db, target.folder, automatic=True, actor=actor, now=now)
    except DomainError as error:
        return AutomaticBackup(True, None, target.warning, message(error))
    return AutomaticBackup(True, info, target.warning, None)
