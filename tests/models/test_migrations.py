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


@pytest.mark.sqlite_only(reason="SQLite connection settings")
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


def test_existing_file_is_copied_before_upgrade_and_keeps_its_data(tmp_path: Path) -> None:
    from alembic import command

    from centre_app.models.migrate import alembic_config

    path = tmp_path / "office.db"
    db = Database(path)
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")  # an office database of the first schema version
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO parties (code, kind, name, village, commune, province, phone, phone2, tax_id, rccm, "
                "trader_card, notes, search_text, active, created_at) VALUES ('T-00001', 'personne', "
                "'DICKO Aïssata', 'Mentao', 'Djibo', 'Soum', '', '', '', '', '', '', 'dicko aissata', 1, "
                "'2026-01-02 08:00:00')"
            )
        )
    db.dispose()
    upgraded = open_database(path)
    try:
        with upgraded.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM parties")).scalar() == "DICKO Aïssata"
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            assert conn.execute(text("SELECT count(*) FROM payments")).scalar() == 0
    finally:
        upgraded.dispose()
    copies = list(tmp_path.glob("office.avant-mise-a-jour-0001-*.db"))
    assert len(copies) == 1
    con = sqlite3.connect(copies[0])
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert con.execute("SELECT name FROM parties").fetchone()[0] == "DICKO Aïssata"
    finally:
        con.close()


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
