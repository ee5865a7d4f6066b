"""Open a database file and bring its schema to the application's version (Alembic).

Before upgrading an existing file it is copied (SQLite backup API) beside itself; a file made
by a newer application is refused; the upgrade runs in one transaction.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from centre_app.domain.errors import DomainError
from centre_app.models.database import Database, is_sqlite

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _copy_before_upgrade(path: Path, revision: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    copy = path.with_name(f"{path.stem}.avant-mise-a-jour-{revision[:8]}-{stamp}{path.suffix}")
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return copy


def upgrade(db: Database) -> str | None:
    """Bring ``db`` to head. Returns the path of the safety copy if one was made."""
    current = current_revision(db)
    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise DomainError("db.too_new", revision=current)
    copy = None
    if current is not None and db.path is not None and db.path.exists():
        copy = str(_copy_before_upgrade(db.path, current))
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    return copy


def open_database(target: str | Path, *, create: bool = True) -> Database:
    """Open (and if needed create and migrate) the database at ``target``."""
    url_or_path = str(target)
    if "://" not in url_or_path:
        path = Path(url_or_path)
        if not path.exists() and not create:
            raise DomainError("db.missing", path=str(path))
        if path.exists() and path.is_dir():
            raise DomainError("db.not_a_file", path=str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > 0:
            _check_is_sqlite(path)
    db = Database(target)
    try:
        upgrade(db)
    except Exception:
        db.dispose()
        raise
    if is_sqlite(db.url):
        # A freshly created file has no reference data yet: seeding is the services' job.
        pass
    return db


def _check_is_sqlite(path: Path) -> None:
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise DomainError("db.not_sqlite", path=str(path))
