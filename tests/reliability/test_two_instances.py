"""Two instances on one file: the application writing while `centre-app check` and a backup read it.

No "database is locked" may reach anyone: readers never wait in WAL mode, and a write that finds
another write in progress waits on the busy timeout instead of failing.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from invariants import problems, problems_in_file

from centre_app.cli import run
from centre_app.models.migrate import open_database
from centre_app.services import payments
from centre_app.services.context import Actor
from centre_app.services.payments import PaymentDraft
from centre_app.services.workspace import Workspace

pytestmark = pytest.mark.sqlite_only(reason="two instances on one SQLite file (locks, WAL)")

TABLES = ("payments", "allocations", "dues", "event_journal", "audit_log", "parties", "number_series")


def _receipt(i: int) -> Callable[..., str]:
    draft = PaymentDraft("REC", 1_000 + i, "especes", "Vente au comptant", counterpart_name=f"Client {i}")
    return lambda s: payments.record_payment(s, draft).number


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.005)


class ClerkAtWork:
    """The application's workspace validating receipts one after the other in a thread."""

    def __init__(self, path: Path, clerk: Actor) -> None:
        self.workspace = Workspace(open_database(path), clerk)
        self.written: list[str] = []
        self.errors: list[BaseException] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._work)

    def _work(self) -> None:
        try:
            while not self.stop.is_set():
                self.written.append(self.workspace.run(_receipt(len(self.written))))
        except BaseException as exc:
            self.errors.append(exc)

    def __enter__(self) -> ClerkAtWork:
        self.thread.start()
        _wait_for(lambda: len(self.written) >= 3 or bool(self.errors), "the first receipts")
        return self

    def more(self, n: int) -> None:
        """Let the clerk validate ``n`` more receipts (proves the writes went on meanwhile)."""
        target = len(self.written) + n
        _wait_for(lambda: len(self.written) >= target or bool(self.errors), f"{n} more receipts")

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self.workspace.close()


def _long_read_then_backup(path: Path, target: Path, clerk: ClerkAtWork) -> dict[str, int]:
    """What a backup does: one read transaction over every table, then the SQLite backup API."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("BEGIN")
        first = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        clerk.more(10)  # the clerk goes on validating while this read transaction stays open
        for table in TABLES:
            cursor = con.execute(f"SELECT * FROM {table}")
            while cursor.fetchmany(200):
                pass
        again = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        con.execute("COMMIT")
        assert again == first  # one consistent snapshot, whatever was committed meanwhile
        copy = sqlite3.connect(target)
        try:
            con.backup(copy)
        finally:
            copy.close()
    finally:
        con.close()
    return first


def test_check_and_a_backup_run_while_the_application_writes(
    cash_db: Path, clerk: Actor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ClerkAtWork(cash_db, clerk) as at_work:
        for _ in range(3):
            assert run(["check", "--db", str(cash_db)]) == 0
            out, err = capsys.readouterr()
            assert "aucun défaut" in out, err
            at_work.more(5)
        seen = _long_read_then_backup(cash_db, tmp_path / "copie.db", at_work)
        at_work.more(5)
    assert at_work.errors == []
    assert seen["payments"] < len(at_work.written)
    assert problems_in_file(tmp_path / "copie.db") == []
    assert problems_in_file(cash_db, set(at_work.written)) == []


def test_a_write_waits_for_another_instance_instead_of_failing(
    cash_db: Path, clerk: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another instance holds the write lock for a moment: check still reads, the clerk's save waits."""
    holder = sqlite3.connect(cash_db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE number_series SET last_number = last_number WHERE 0")
    assert run(["check", "--db", str(cash_db)]) == 0  # a reader is not held up by a writer
    assert "aucun défaut" in capsys.readouterr().out
    released = threading.Event()

    def release_soon() -> None:
        time.sleep(0.5)  # meanwhile the clerk's save is waiting on the busy timeout
        released.set()
        holder.execute("COMMIT")

    workspace = Workspace(open_database(cash_db), clerk)
    releaser = threading.Thread(target=release_soon)
    releaser.start()
    try:
        number = workspace.run(_receipt(1))
        assert released.is_set()  # it could only have been saved once the other write ended
        assert number.startswith("REC-")
        assert problems(workspace.db, {number}) == []
    finally:
        releaser.join()
        holder.close()
        workspace.close()
