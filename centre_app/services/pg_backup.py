"""Backups of a PostgreSQL database (several offices on one server): ``pg_dump`` / ``pg_restore``.

The SQLite backups of services/backup.py copy a file; a server database is saved with the server's
own tools, which must be installed on the PC that runs the command (found on PATH). They are run as
programs with a list of arguments, never through a shell, and the password is handed over in the
PGPASSWORD environment variable, never on the command line (other users of the PC could read it).

- ``write_dump`` (``backup.backup_now`` and « Sauvegarder maintenant » on a server): ``pg_dump
  --format=custom`` into ``centre-AAAAMMJJ-HHMMSS.pgdump``, written under a temporary name, read back with
  ``pg_restore --list``, then renamed; its SHA-256 is computed.
- ``restore_postgresql``: refused while another office is connected; the dump is checked first
  (readable, made from this application: it holds the event journal and the schema version), the current
  database is saved beside the dump (``<base>.avant-restauration-<date>.pgdump``), then
  ``pg_restore --clean --if-exists --single-transaction`` replaces it in one transaction (the database is
  left as it was if anything fails), and the schema is brought to the application's version.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from centre_app import __version__
from centre_app.domain.backups import PREFIX
from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import ACTION_LABELS, ROLE_LABELS, Action, allowed
from centre_app.models.database import Database, display_name
from centre_app.models.migrate import current_revision, open_database
from centre_app.services.backup_archive import BackupInfo
from centre_app.services.context import SYSTEM, Actor, PermissionDenied
from centre_app.services.events import record_event

SUFFIX = ".pgdump"
TIMEOUT_S = 6 * 3600  # a large office database dumps in minutes; never wait forever
# A dump of this application lists these tables (pg_restore --list).
REQUIRED_TABLES = ("alembic_version", "event_journal", "number_series")
_TABLE_DATA = re.compile(r" TABLE DATA \S+ (\S+)")


def tool(name: str) -> str:
    """The full path of ``pg_dump`` / ``pg_restore``, or a French refusal saying how to install it."""
    found = shutil.which(name)
    if found is None:
        raise DomainError("pg.tool_missing", tool=name)
    return found


def libpq_target(url: str) -> tuple[str, dict[str, str]]:
    """(``postgresql://user@host:port/base?…`` without the password, environment with PGPASSWORD)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(cmd: list[str], env: dict[str, str], what: str) -> str:
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DomainError("pg.tool_failed", tool=Path(cmd[0]).name, what=what, reason=str(error)) from error
    if done.returncode != 0:
        reason = " ".join((done.stderr or done.stdout or f"code {done.returncode}").split())[:500]
        raise DomainError("pg.tool_failed", tool=Path(cmd[0]).name, what=what, reason=reason)
    return done.stdout


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dump(url: str, target: Path) -> None:
    conninfo, env = libpq_target(url)
    cmd = [tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", conninfo]
    _run(cmd, env, f"sauvegarde de {display_name(url)}")


def verify_dump(path: Path) -> int:
    """Refuse (French) a file that is not a complete dump of this application; returns its tables with data."""
    if not path.is_file():
        raise DomainError("backup.missing", path=str(path))
    listing = _run([tool("pg_restore"), "--list", str(path)], dict(os.environ), f"lecture de {path.name}")
    data = set(_TABLE_DATA.findall(listing))
    if not all(t in data for t in REQUIRED_TABLES):
        raise DomainError("pg.not_a_backup", path=str(path))
    return len(data)


def write_dump(db: Database, folder: Path, at: datetime) -> BackupInfo:
    """Dump the server database of ``db`` into ``folder`` (checked by the caller), verified; not journaled."""
    target = folder / f"{PREFIX}{at:%Y%m%d-%H%M%S}{SUFFIX}"
    partial = target.with_name(f".{target.name}.partiel")
    try:
        _dump(db.url, partial)
        verify_dump(partial)
        os.replace(partial, target)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    size = target.stat().st_size
    revision = current_revision(db) or ""
    return BackupInfo(target, at, __version__, revision, _sha256(target), size, size, "", ())


def other_connections(db: Database) -> int:
    """Sessions other than ours on this database (another office, a forgotten psql)."""
    with db.engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                )
            ).scalar_one()
        )


def restore_postgresql(dump: Path | str, target: str, *, actor: Actor = SYSTEM) -> Path:
    """Replace the server database ``target`` by the dump (administrator only); returns the dump of the
    replaced content."""
    if not allowed(actor.role, Action.ADMINISTER):
        raise PermissionDenied(
            "permission.denied", role=ROLE_LABELS[actor.role], action=ACTION_LABELS[Action.ADMINISTER],
            action_code=str(Action.ADMINISTER),
        )  # fmt: skip
    dump = Path(dump)
    verify_dump(dump)
    db = open_database(target, create=False)
    try:
        if other_connections(db):
            raise DomainError("pg.in_use", target=display_name(target))
        name = make_url(db.url).database or "base"
        kept = dump.with_name(f"{name}.avant-restauration-{datetime.now():%Y%m%d-%H%M%S}{SUFFIX}")
        _dump(db.url, kept)
    finally:
        db.dispose()
    conninfo, env = libpq_target(db.url)
    cmd = [
        tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
        "--exit-on-error", f"--dbname={conninfo}", str(dump),
    ]  # fmt: skip
    _run(cmd, env, f"restauration de {display_name(target)}")
    db = open_database(target, create=False)  # a dump of an older version is brought to the current schema
    try:
        with db.transaction(actor) as session:
            record_event(session, "restore", {"file": dump.name, "sha256": _sha256(dump), "kept": kept.name})
    finally:
        db.dispose()
    return kept
