"""Four clerks on one PostgreSQL database (PRODUCT.md §14): numbering gapless, chains sound, nothing lost.

Four worker processes (tests/reliability/workload.py, the same operations as the two-writer SQLite test:
dues, cash and mobile-money receipts with allocations over shared dues, vouchers) validate documents on
the same server database for PG_CONCURRENCY_SECONDS each (5 s in the normal run; 60 s for the long
run: ``PG_CONCURRENCY_SECONDS=60 pytest --postgresql tests/reliability/test_postgresql_concurrency.py``).
Afterwards every number a worker saw committed is in the database, none twice, no series has a hole,
every chain and every rule of `check` holds, and nothing was written that no worker logged. The
documents per second reached are printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from invariants import missing_numbers, problems
from sqlalchemy import func, select

from centre_app.models.cash import Due, Payment
from centre_app.models.migrate import open_database

pytestmark = pytest.mark.postgresql_only

SECONDS = float(os.environ.get("PG_CONCURRENCY_SECONDS", "5"))
WORKERS = 4
WORKLOAD = Path(__file__).with_name("workload.py")


def _logged(log: Path) -> tuple[list[str], list[int], str]:
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


def test_four_clerks_validate_on_one_server_without_duplicate_or_hole(cash_db: str, tmp_path: Path) -> None:
    start_at = time.time() + 5  # all start together, once imported and connected
    workers = []
    for n in range(WORKERS):
        tag = "ABCD"[n]
        log = tmp_path / f"{tag}.log"
        cmd = [
            sys.executable, str(WORKLOAD), "run", "--db", cash_db, "--log", str(log), "--seed", str(ord(tag)),
            "--seconds", str(SECONDS), "--mix", "concurrent", "--tag", tag, "--start-at", str(start_at),
        ]  # fmt: skip
        workers.append((tag, log, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    every: list[str] = []
    dues_logged: list[int] = []
    figures = []
    for tag, log, proc in workers:
        out, err = proc.communicate(timeout=SECONDS + 240)
        assert proc.returncode == 0, err
        assert "lock timeout" not in err + out
        numbers, due_ids, end = _logged(log)
        assert end, f"worker {tag} did not finish cleanly"
        every += numbers
        dues_logged += due_ids
        _e, ops, longest, slow = end.split()
        figures.append(f"{tag}: {ops} operations, longest {longest} ms, {slow} over 1 s")
    assert len(every) == len(set(every)), "a number was given twice"
    assert {n[:3] for n in every} == {"REC", "DEC"}
    db = open_database(cash_db, create=False)
    try:
        with db.reading() as s:
            assert missing_numbers(s, set(every)) == []
            assert s.scalar(select(func.count()).select_from(Payment)) == len(every)  # nothing unlogged either
            assert s.scalar(select(func.count()).select_from(Due)) == len(dues_logged)
            for doc_type in ("REC", "DEC"):  # the series run 1..n with no hole
                seqs = sorted(s.scalars(select(Payment.seq).where(Payment.doc_type == doc_type)))
                assert seqs == list(range(1, len(seqs) + 1)), doc_type
        assert problems(db) == []  # `check`: every chain and series, plus no half document
    finally:
        db.dispose()
    per_second = len(every) / (SECONDS * 1.0)
    print(
        f"\nPostgreSQL, {WORKERS} clerks, {SECONDS:g} s: {len(every)} documents ({per_second:.0f}/s) and "
        f"{len(dues_logged)} dues, no duplicate, no hole; " + "; ".join(figures)
    )
