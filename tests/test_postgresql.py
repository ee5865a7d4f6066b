"""The application on PostgreSQL (PRODUCT.md §14): schema and triggers, locks, `check`, pg_dump backups, migrate-to.

Most tests need ``pytest --postgresql`` (a throwaway server, tests/pg_server.py); the translation of the
trigger statements is tested on every run.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from centre_app.cli import EXIT_DEFECT, EXIT_REFUSED, run
from centre_app.models import database as database_module
from centre_app.models import triggers
from centre_app.models.cash import Payment
from centre_app.models.database import Database, database_url, display_name
from centre_app.models.migrate import head_revision, open_database
from centre_app.models.tables import metadata
from centre_app.services import numbering, parties, payments
from centre_app.services.context import Actor
from centre_app.services.parties import PartyInput
from centre_app.services.payments import PaymentDraft
from tests.pg_server import PgServer

FIXTURES = Path(__file__).parent / "fixtures"
pg = pytest.mark.postgresql_only


# --- on every run: the translation itself ----------------------------------------------------------------


def test_sqlite_statements_are_run_unchanged() -> None:
    ddl = triggers.append_only("audit_log") + triggers.frozen_when_validated("payments", ["amount"], validated="1")
    assert triggers.statements(ddl, "sqlite") == ddl


def test_each_trigger_becomes_a_function_and_a_row_trigger() -> None:
    frozen, no_delete = triggers.frozen_when_validated("orders", ["total", "hash"])
    function, trigger = triggers.to_postgresql(frozen)
    assert "NEW.total IS DISTINCT FROM OLD.total OR NEW.hash IS DISTINCT FROM OLD.hash" in function
    assert "IF OLD.hash IS NOT NULL AND (" in function
    assert "ERRCODE = '23000', MESSAGE = 'immutable: validated orders row'" in function
    assert function.endswith("RETURN NEW; END $fn$")
    assert (
        trigger
        == "CREATE TRIGGER trg_orders_frozen BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION trg_orders_frozen()"
    )
    assert "RETURN OLD;" in triggers.to_postgresql(no_delete)[0]
    frozen_always, always = triggers.frozen_when_validated("dues", ["amount"], validated="1")
    assert "IF TRUE THEN" in triggers.to_postgresql(always)[0]
    assert "IF TRUE AND (NEW.amount IS DISTINCT FROM OLD.amount) THEN" in triggers.to_postgresql(frozen_always)[0]
    child = (
        "CREATE TRIGGER trg_op_x_frozen BEFORE UPDATE ON op_x WHEN (SELECT hash FROM op_contracts WHERE id = "
        "OLD.contract_id) IS NOT NULL AND (1) BEGIN SELECT RAISE(ABORT, 'immutable: x'); END"
    )
    assert "IS NOT NULL AND (TRUE) THEN" in triggers.to_postgresql(child)[0]
    assert triggers.to_postgresql("DROP TRIGGER IF EXISTS trg_orders_frozen") == [
        "DROP FUNCTION IF EXISTS trg_orders_frozen() CASCADE"
    ]
    with pytest.raises(ValueError, match="not understood"):
        triggers.to_postgresql("CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE y SET a = 1; END")


def test_urls_get_the_psycopg_driver_and_never_show_a_password() -> None:
    assert (
        database_url("postgresql://caisse:secret@serveur/centre") == "postgresql+psycopg://caisse:secret@serveur/centre"
    )
    assert database_url("postgres://serveur/centre") == "postgresql+psycopg://serveur/centre"
    assert (
        display_name("postgresql://caisse:secret@serveur:5432/centre") == "postgresql://caisse:***@serveur:5432/centre"
    )
    assert display_name("C:/Centre/centre.db") == "C:/Centre/centre.db"


# --- on a PostgreSQL server -----------------------------------------------------------------------------------


@pytest.fixture
def empty_pg(pg_server: PgServer | None) -> Iterator[str]:
    assert pg_server is not None
    url = pg_server.create()
    yield url
    pg_server.drop(url)


def _sqlite_triggers(tmp_path: Path) -> set[str]:
    open_database(tmp_path / "ref.db").dispose()
    con = sqlite3.connect(tmp_path / "ref.db")
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    finally:
        con.close()


@pg
def test_migrations_give_the_models_and_every_trigger(empty_pg: str, tmp_path: Path) -> None:
    db = open_database(empty_pg)
    try:
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, metadata) == []
            assert ctx.get_current_revision() == head_revision()
            names = set(conn.scalars(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")))
    finally:
        db.dispose()
    assert names == _sqlite_triggers(tmp_path)


def _receipt(s: Session, amount: int = 5_000) -> str:
    return payments.record_payment(s, PaymentDraft("REC", amount, "especes", "Vente", counterpart_name="Client")).number


@pg
def test_first_number_of_a_year_cannot_be_taken_twice_even_without_the_write_lock(db: Database) -> None:
    """Row locks alone (plain sessions on the engine): eight clerks open the same new series at once."""
    barrier = threading.Barrier(8)
    taken: list[int] = []
    errors: list[BaseException] = []

    def clerk() -> None:
        try:
            with Session(db.engine) as s, s.begin():
                barrier.wait(30)
                taken.append(numbering.next_number(s, "BR", 2031)[0])
                time.sleep(0.05)  # keep the row lock a moment: the others queue on it
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=clerk) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(taken) == list(range(1, 9))


@pg
def test_writers_take_turns_and_a_long_wait_ends_with_the_busy_message(
    db: Database, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    order: list[str] = []
    first_in, release = threading.Event(), threading.Event()

    def first() -> None:
        with db.transaction(clerk) as s:
            order.append(_receipt(s))
            first_in.set()
            release.wait(30)

    holder = threading.Thread(target=first)
    holder.start()
    assert first_in.wait(30)
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 300)
    with pytest.raises(OperationalError, match="lock timeout"), db.transaction(clerk) as s:
        _receipt(s)
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 15_000)
    second = threading.Thread(target=lambda: order.append(_second(db, clerk)))
    second.start()
    time.sleep(0.3)
    assert len(order) == 1  # the second clerk waits for the first commit
    release.set()
    holder.join()
    second.join()
    assert [n[-6:] for n in order] == ["000001", "000002"]


def _second(db: Database, clerk: Actor) -> str:
    with db.transaction(clerk) as s:
        return _receipt(s)


@pg
def test_check_on_a_server_says_what_it_verified(db_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--db", db_path]) == 0
    out = capsys.readouterr().out
    assert "sans objet sur un serveur" in out
    assert f"aucun défaut dans {db_path}" in out


def _as_superuser_without_triggers(url: str, *statements: str) -> None:
    """Edit behind the application's back: the session skips every trigger (foreign keys included)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        for statement in statements:
            conn.execute(statement)


@pg
def test_check_names_tampering_done_on_the_server(
    db: Database, db_path: str, clerk: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    with db.transaction(clerk) as s:
        _receipt(s, 5_000)
        second = _receipt(s, 7_000)
    _as_superuser_without_triggers(
        db_path,
        f"UPDATE payments SET amount = 70000 WHERE number = '{second}'",
        "INSERT INTO allocations (payment_id, due_id, amount) "
        f"SELECT id, 999999, 1 FROM payments WHERE number = '{second}'",
    )
    with psycopg.connect(db_path, autocommit=True) as conn:
        conn.execute("ALTER TABLE audit_log DISABLE TRIGGER trg_audit_log_no_update")
    assert run(["check", "--db", db_path]) == EXIT_DEFECT
    err = capsys.readouterr().err
    assert f"le reçu {second} a été modifié après validation" in err
    assert "renvoie à un élément absent de dues" in err
    assert "la protection trg_audit_log_no_update des documents validés est désactivée" in err


def _party_count(url: str) -> int:
    db = open_database(url, create=False)
    try:
        with db.reading() as s:
            return int(s.scalar(text("SELECT count(*) FROM parties")) or 0)
    finally:
        db.dispose()


@pg
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_backup_and_restore_through_pg_dump(
    db_path: str, clerk: Actor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "cle"
    key.mkdir()
    assert run(["backup", "--db", db_path, "--to", str(key)]) == 0
    [made] = key.glob("centre-*.pgdump")
    assert "relue en entier par pg_restore" in capsys.readouterr().out
    db = open_database(db_path)
    with db.transaction(clerk) as s:
        parties.create_party(s, PartyInput(name="DICKO Aïssata", village="Mentao"))
    db.dispose()
    assert _party_count(db_path) == 1
    assert run(["restore", str(made), "--db", db_path]) == 0
    assert "L'ancien contenu est conservé" in capsys.readouterr().out
    assert _party_count(db_path) == 0
    [kept] = key.glob("*.avant-restauration-*.pgdump")
    assert kept.stat().st_size > 0
    assert run(["check", "--db", db_path]) == 0
    (key / "notes.pgdump").write_text("pas une sauvegarde")
    assert run(["restore", str(key / "notes.pgdump"), "--db", db_path]) == EXIT_REFUSED


@pg
def test_backup_without_the_postgresql_tools_is_refused_in_french(
    db_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    assert run(["backup", "--db", db_path, "--to", str(tmp_path)]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "Le programme pg_dump de PostgreSQL est introuvable sur ce poste" in err
    assert not list(tmp_path.glob("*.pgdump*"))


@pg
def test_a_server_that_cannot_be_reached_is_named_without_its_password(
    pg_server: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg_server.url("base_absente").replace("centre@", "centre:motdepasse@")
    assert run(["check", "--db", url]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "Impossible d'ouvrir la base PostgreSQL" in err
    assert "motdepasse" not in err


@pg
def test_migrate_to_copies_an_office_and_proves_the_copy(
    empty_pg: str, tmp_path: Path, clerk: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    office = shutil.copyfile(FIXTURES / "schema_0006.db", tmp_path / "bureau.db")  # every module, real documents
    assert run(["migrate-to", "--db", str(office), "--to", empty_pg]) == 0
    out = capsys.readouterr().out
    assert "Copie conforme" in out
    assert "empreinte SHA-256 de chaque table identique" in out
    assert "Chaîne « Caisse » :" in out
    assert "Vérification (check) de la base PostgreSQL : aucun défaut." in out
    source, target = open_database(office, create=False), open_database(empty_pg, create=False)
    try:
        with source.reading() as a, target.reading() as b:
            for table in ("payments", "stock_movements", "livestock_contracts", "op_contracts", "audit_log"):
                assert a.scalar(text(f"SELECT count(*) FROM {table}")) == b.scalar(
                    text(f"SELECT count(*) FROM {table}")
                )
            before = b.scalar(select(func.max(Payment.id)))
        with target.transaction(clerk) as s:  # the sequences follow the copied ids; the series go on
            number = _receipt(s)
        with target.reading() as b:
            assert b.scalar(select(func.max(Payment.id))) == (before or 0) + 1
            assert b.scalar(select(Payment.seq).where(Payment.number == number)) > 1
    finally:
        source.dispose()
        target.dispose()
    assert run(["migrate-to", "--db", str(office), "--to", empty_pg]) == EXIT_REFUSED
    assert "n'est pas vide" in capsys.readouterr().err
    assert run(["migrate-to", "--db", str(office), "--to", str(tmp_path / "autre.db")]) == EXIT_REFUSED
    assert "n'est pas une base PostgreSQL" in capsys.readouterr().err
