"""Tampering behind the application's back: triggers dropped, rows edited with plain sqlite3.

Whatever is changed, ``centre-app check`` exits 1 and its French report names the document.
One database per module (receipts, vouchers, cancellations, daily closings made by the reliability
worker through the services), copied for each case.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from invariants import copy_database
from workload import Log, Worker

from centre_app.cli import run
from centre_app.models.migrate import open_database

pytestmark = pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")


@pytest.fixture(scope="module")
def office_db(cash_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few weeks of cash activity made through the services (faster than the year of the demo)."""
    path = copy_database(cash_template, tmp_path_factory.mktemp("tamper") / "office.db")
    db = open_database(path)
    try:
        worker = Worker(db, Log(str(path.with_suffix(".log"))), random.Random(7), "crash", "T")
        for i in range(1, 251):
            worker.step(i)
    finally:
        db.dispose()
    return path


@pytest.fixture
def forger(office_db: Path, tmp_path: Path):
    """A copy of the database without any trigger, and a plain sqlite3 connection to it."""
    path = copy_database(office_db, tmp_path / "tampered.db")
    con = sqlite3.connect(path, isolation_level=None)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    yield path, con
    con.close()


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = run(["check", "--db", str(path)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "défaut(s)" in err
    return err


def _receipt(con: sqlite3.Connection, nth: int = 12) -> tuple[int, str]:
    return con.execute(
        "SELECT id, number FROM payments WHERE doc_type = 'REC' AND year = 2026 AND status = 'valide' "
        "ORDER BY seq LIMIT 1 OFFSET ?",
        (nth - 1,),
    ).fetchone()


def test_the_untouched_database_is_clean(office_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--db", str(office_db)]) == 0
    assert "aucun défaut" in capsys.readouterr().out


def test_a_changed_receipt_amount_is_named(forger, capsys: pytest.CaptureFixture[str]) -> None:
    path, con = forger
    payment_id, number = _receipt(con)
    con.execute("UPDATE payments SET amount = amount - 5000 WHERE id = ?", (payment_id,))
    err = _check(path, capsys)
    assert f"le reçu {number} a été modifié après validation" in err


def test_a_deleted_receipt_is_named(forger, capsys: pytest.CaptureFixture[str]) -> None:
    path, con = forger
    payment_id, number = _receipt(con)
    for table in ("allocations", "reprints", "payment_cancellations"):
        con.execute(f"DELETE FROM {table} WHERE payment_id = ?", (payment_id,))
    con.execute("DELETE FROM payments WHERE id = ?", (payment_id,))
    err = _check(path, capsys)
    assert f"le reçu {number} manque" in err
    assert "la chaîne est rompue" in err


def test_two_swapped_receipt_numbers_are_named(forger, capsys: pytest.CaptureFixture[str]) -> None:
    path, con = forger
    (a, number_a), (b, number_b) = _receipt(con, 12), _receipt(con, 13)
    con.execute("UPDATE payments SET number = 'X' WHERE id = ?", (a,))
    con.execute("UPDATE payments SET number = ? WHERE id = ?", (number_a, b))
    con.execute("UPDATE payments SET number = ? WHERE id = ?", (number_b, a))
    err = _check(path, capsys)
    assert number_a in err or number_b in err
    assert "modifié après validation" in err


def test_a_changed_closing_count_is_named(forger, capsys: pytest.CaptureFixture[str]) -> None:
    path, con = forger
    closing_id, number = con.execute(
        "SELECT id, number FROM cash_closings WHERE year = 2026 ORDER BY seq LIMIT 1 OFFSET 10"
    ).fetchone()
    con.execute("UPDATE cash_closings SET counted_cash = counted_cash + 10000 WHERE id = ?", (closing_id,))
    err = _check(path, capsys)
    assert f"la clôture {number} du " in err
    assert "a été modifiée après validation" in err


def test_a_deleted_journal_event_is_named(forger, capsys: pytest.CaptureFixture[str]) -> None:
    path, con = forger
    (seq,) = con.execute(
        "SELECT seq FROM event_journal WHERE kind = 'closure' ORDER BY seq LIMIT 1 OFFSET 5"
    ).fetchone()
    con.execute("DELETE FROM event_journal WHERE seq = ?", (seq,))
    err = _check(path, capsys)
    assert f"l'événement n° {seq} manque" in err


def test_a_receipt_marked_cancelled_without_a_counter_document_is_named(
    forger, capsys: pytest.CaptureFixture[str]
) -> None:
    """The status is not hashed (it moves when a manager cancels): without an ANR it is a forgery."""
    path, con = forger
    payment_id, number = _receipt(con)
    con.execute("UPDATE payments SET status = 'annule' WHERE id = ?", (payment_id,))
    err = _check(path, capsys)
    assert number in err
    assert "annulé sans pièce d'annulation" in err


def test_a_cancellation_whose_receipt_is_still_valid_is_named(forger, capsys: pytest.CaptureFixture[str]) -> None:
    path, con = forger
    payment_id, number, counter = con.execute(
        "SELECT p.id, p.number, c.number FROM payments p JOIN payment_cancellations c ON c.payment_id = p.id LIMIT 1"
    ).fetchone()
    con.execute("UPDATE payments SET status = 'valide' WHERE id = ?", (payment_id,))
    err = _check(path, capsys)
    assert number in err
    assert counter in err


# --- reordering: the same rows, in another order --------------------------------------------------------------


def _swap(con: sqlite3.Connection, table: str, column: str, a: int, b: int) -> None:
    con.execute(f"UPDATE {table} SET {column} = -1 WHERE {column} = ?", (a,))
    con.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (a, b))
    con.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = -1", (b,))


def test_two_receipts_put_in_each_other_s_place_are_named(forger, capsys: pytest.CaptureFixture[str]) -> None:
    """Every receipt keeps its content, number, hash and allocations: only their order in the chain changes."""
    path, con = forger
    (a, _number_a), (b, number_b) = _receipt(con, 12), _receipt(con, 13)
    for table, column in (("payments", "id"), ("allocations", "payment_id"), ("reprints", "payment_id"),
                          ("payment_cancellations", "payment_id")):  # fmt: skip
        _swap(con, table, column, a, b)
    err = _check(path, capsys)
    assert f"la chaîne est rompue juste avant le reçu {number_b}" in err


def test_two_receipt_sequence_numbers_swapped_are_named(forger, capsys: pytest.CaptureFixture[str]) -> None:
    """The numbers printed stay, the sequence behind them is exchanged: the series looks whole, the hash does not."""
    path, con = forger
    (a, number_a), (b, _number_b) = _receipt(con, 12), _receipt(con, 13)
    seq_a, seq_b = (con.execute("SELECT seq FROM payments WHERE id = ?", (i,)).fetchone()[0] for i in (a, b))
    con.execute("UPDATE payments SET seq = -1 WHERE id = ?", (a,))
    con.execute("UPDATE payments SET seq = ? WHERE id = ?", (seq_a, b))
    con.execute("UPDATE payments SET seq = ? WHERE id = ?", (seq_b, a))
    err = _check(path, capsys)
    assert f"le reçu {number_a} a été modifié après validation" in err


def test_two_journal_events_swapped_are_named(forger, capsys: pytest.CaptureFixture[str]) -> None:
    path, con = forger
    (seq,) = con.execute(
        "SELECT seq FROM event_journal WHERE kind = 'closure' ORDER BY seq LIMIT 1 OFFSET 3"
    ).fetchone()
    _swap(con, "event_journal", "seq", seq, seq + 1)
    err = _check(path, capsys)
    assert f"la chaîne est rompue juste avant l'événement n° {seq} " in err


def test_two_closings_swapped_are_named(forger, capsys: pytest.CaptureFixture[str]) -> None:
    path, con = forger
    rows = con.execute("SELECT id, number FROM cash_closings WHERE year = 2026 ORDER BY id LIMIT 2 OFFSET 6").fetchall()
    (a, _number_a), (b, number_b) = rows
    _swap(con, "cash_closings", "id", a, b)
    err = _check(path, capsys)
    assert f"la chaîne est rompue juste avant la clôture {number_b} du " in err
