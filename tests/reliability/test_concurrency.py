"""Two writers on one database file, and a long read beside a writer.

Two worker processes record receipts (cash, mobile money, with allocations over dues they share)
and vouchers on the same file for CONCURRENCY_SECONDS (default 60), nearly as fast as they can. Each
logs the numbers whose commit returned; afterwards every logged number is in the file, none twice,
nothing else was written, `check` is clean and neither worker ever met "database is locked" (writes
wait on the busy timeout).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from invariants import missing_numbers, problems
from sqlalchemy import func, select

from centre_app.models.cash import Due, Payment
from centre_app.models.migrate import open_database
from centre_app.services import exports, payments
from centre_app.services.context import Actor
from centre_app.services.exports import ExportColumn
from centre_app.services.payments import PaymentDraft

SECONDS = float(os.environ.get("CONCURRENCY_SECONDS", "60"))
WORKLOAD = Path(__file__).with_name("workload.py")
# Up to 5 ms between two validations (thousands a minute per worker, far beyond any clerk). With no
# pause at all, SQLite's busy handler (sleeps growing to 100 ms) lets a saturating writer keep the
# lock for seconds: up to 8 s was seen on a loaded machine, too close to the 15 s busy timeout for a
# stable test. The longest wait of each worker is printed.
PAUSE = 0.005


def _logged(log: Path) -> tuple[list[str], list[int], str]:
    """(document numbers, due ids, end line) of a worker's log."""
    numbers: list[str] = []
    due_ids: list[int] = []
    end = ""
    for line in log.read_text().splitlines():
        parts = line.split()
        if parts[0] == "C":
            for ref in parts[3].split(","):
                if ref.startswith("due:"):
                    due_ids.append(int(ref[4:]))
                elif ref != "-":
                    numbers.append(ref)
        elif parts[0] == "E":
            end = line
    return numbers, due_ids, end


@pytest.mark.sqlite_only(reason="two processes on one SQLite file (PostgreSQL: test_postgresql_concurrency.py)")
def test_two_processes_write_the_same_file_without_losing_or_duplicating(cash_db: Path, tmp_path: Path) -> None:
    start_at = time.time() + 3  # both start together, once imported
    workers = []
    for tag in ("A", "B"):
        log = tmp_path / f"{tag}.log"
        cmd = [
            sys.executable, str(WORKLOAD), "run", "--db", str(cash_db), "--log", str(log), "--seed", str(ord(tag)),
            "--seconds", str(SECONDS), "--mix", "concurrent", "--tag", tag, "--start-at", str(start_at),
            "--pause", str(PAUSE),
        ]  # fmt: skip
        workers.append((tag, log, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    logged: dict[str, list[str]] = {}
    dues_logged: list[int] = []
    figures = []
    for tag, log, proc in workers:
        out, err = proc.communicate(timeout=SECONDS + 180)
        assert "locked" not in err + out
        assert proc.returncode == 0, err
        numbers, due_ids, end = _logged(log)
        assert end, f"worker {tag} did not finish cleanly"
        logged[tag] = numbers
        dues_logged += due_ids
        _e, ops, longest, slow = end.split()
        figures.append(f"{tag}: {ops} operations, longest {longest} ms, {slow} over 1 s")
    every = logged["A"] + logged["B"]
    assert len(every) == len(set(every)), "a number was given twice"
    assert {n[:3] for n in every} == {"REC", "DEC"}
    db = open_database(cash_db, create=False)
    try:
        with db.reading() as s:
            assert missing_numbers(s, set(every)) == []
            assert s.scalar(select(func.count()).select_from(Payment)) == len(every)  # nothing unlogged either
            assert s.scalar(select(func.count()).select_from(Due)) == len(dues_logged)
        assert problems(db) == []
    finally:
        db.dispose()
    print(f"\nconcurrency: {SECONDS:g} s, {len(every)} documents; " + "; ".join(figures))


def test_a_long_read_runs_while_a_clerk_writes(cash_db: Path, clerk: Actor, accountant: Actor, tmp_path: Path) -> None:
    """An export holds one read transaction (a stable snapshot) while another instance validates receipts."""
    reader_db, writer_db = open_database(cash_db), open_database(cash_db)
    reading_started, writes_done = threading.Event(), threading.Event()
    written: list[str] = []
    errors: list[BaseException] = []

    def write() -> None:
        try:
            assert reading_started.wait(30)
            for i in range(20):
                with writer_db.transaction(clerk) as s:
                    draft = PaymentDraft("REC", 1_000 + i, "especes", "Vente au comptant", counterpart_name="Client")
                    written.append(payments.record_payment(s, draft).number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            writes_done.set()

    with writer_db.transaction(clerk) as s:
        for i in range(30):
            payments.record_payment(s, PaymentDraft("REC", 500 + i, "especes", "Avance", counterpart_name="Client"))
    writer = threading.Thread(target=write)
    writer.start()
    try:
        with reader_db.reading(accountant) as s:
            before = s.scalar(select(func.count()).select_from(Payment))
            reading_started.set()
            assert writes_done.wait(60)  # the writer is not held up by the open read transaction
            rows = payments.list_payments(s)
            columns = [ExportColumn("Numéro"), ExportColumn("Montant", "money")]
            exports.write_table(tmp_path / "export.csv", "Reçus", columns, [(r.number, r.amount) for r in rows])
            assert len(rows) == before == 30  # the export sees one consistent snapshot
    finally:
        writer.join()
        reader_db.dispose()
    assert errors == []
    assert len(written) == 20
    with writer_db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 50
    assert problems(writer_db) == []
    writer_db.dispose()
    assert (tmp_path / "export.csv").read_text(encoding="utf-8-sig").count("REC-") == 30
