"""Open a database file (or a PostgreSQL server) and bring its schema to the application's version (Alembic).

Before upgrading an existing file it is copied (SQLite backup API) beside itself; a file made
by a newer application is refused; the upgrade runs in one transaction. On PostgreSQL the upgrade
is transactional too (DDL included), and serialized by an advisory lock: when several offices start
a new version at the same moment, one upgrades and the others find the schema at head.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import OperationalError

from centre_app.domain.errors import DomainError
from centre_app.models.database import Database, display_name, is_postgresql, is_sqlite
from centre_app.models.locations import MIGRATIONS_DIR, head_from_files

MIGRATION_LOCK = 0x6D69677261746501  # advisory lock key of schema upgrades on PostgreSQL


if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (and Mako, Pygments) cost a quarter of a second to import: an application that starts on a database
# already at head never imports them (PRODUCT.md §15, start-up). They are imported when a schema is upgraded.


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _head_from_files() -> str | None:
    return head_from_files(MIGRATIONS_DIR)


def head_revision() -> str:
    fast = _head_from_files()
    if fast is not None:
        return fast
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


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
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            if MigrationContext.configure(conn).get_current_revision() == head:
                return copy  # another office upgraded while this one waited
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
    except OperationalError as error:
        db.dispose()
        if not is_postgresql(db.url):
            raise
        # The server cannot be reached, the database does not exist, the password is wrong…
        reason = " ".join(str(error.orig or error).split())
        raise DomainError("db.server_unreachable", target=display_name(target), reason=reason) from error
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
