"""Schema versioning: empty → head equals the models, copy before upgrade, newer file refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.models.migrate import head_revision, open_database
from centre_app.models.tables import metadata


def test_empty_to_head_matches_the_models(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    try:
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, metadata)
            assert diff == []
            assert ctx.get_current_revision() == head_revision()
    finally:
        db.dispose()


def test_pragmas_on_every_connection(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_newer_database_is_refused_in_french(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_database(path).dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'f9999_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(DomainError) as err:
        open_database(path)
    assert err.value.code == "db.too_new"
    assert "version plus récente" in message(err.value)


def test_existing_file_is_copied_before_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    open_database(path).dispose()
    con = sqlite3.connect(path)
    # Simulate a database of an earlier schema version: at revision 0001 with head further on,
    # or (while 0001 is head) with no version stamp, which alembic treats as empty.
    con.execute("DELETE FROM alembic_version")
    con.commit()
    con.close()
    if head_revision() == "0001":
        with pytest.raises(Exception):  # noqa: B017 - tables already exist: the upgrade must fail whole
            open_database(path)
        copies = list(tmp_path.glob("office.avant-mise-a-jour-*"))
        assert copies == []  # no revision to name: empty files are not copied
    else:  # pragma: no cover - exercised once a second migration exists
        open_database(path).dispose()


def test_failed_upgrade_leaves_nothing_half_done(tmp_path: Path) -> None:
    path = tmp_path / "half.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE parties (id INTEGER PRIMARY KEY)")  # collides with the first migration
    con.commit()
    con.close()
    with pytest.raises(Exception):  # noqa: B017
        open_database(path)
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert tables == {"parties"}  # the whole upgrade rolled back, including alembic_version


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("pas une base")
    with pytest.raises(DomainError) as err:
        open_database(path)
    assert err.value.code == "db.not_sqlite"
