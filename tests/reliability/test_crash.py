"""Crash safety: a worker writing cash documents is killed (SIGKILL) at a random moment, hundreds of times.

After every kill the database must pass ``check`` (chains, gapless series), hold no half document
(see invariants.py), keep every document whose commit had returned, open again and accept a new
receipt. Workers are forked from a pre-imported parent (workload.py ``serve``) so that a run costs
milliseconds; two lanes run side by side, each on its own copy of the database.

RELIABILITY_RUNS sets the number of kills (default 200).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from invariants import copy_database, problems, problems_in_file
from workload import actor_with_role, current_day

from centre_app.domain.permissions import Role
from centre_app.models.migrate import open_database
from centre_app.services import payments
from centre_app.services.payments import PaymentDraft

pytestmark = [
    pytest.mark.skipif(
        sys.platform == "win32" or not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX); skipped on Windows"
    ),
    pytest.mark.sqlite_only(reason="kills writers of a SQLite file"),
]

RUNS = int(os.environ.get("RELIABILITY_RUNS", "200"))
LANES = 2
FRESH_EVERY = 25  # runs on one database copy before a fresh one (keeps each check small)
WORKLOAD = Path(__file__).with_name("workload.py")


class Zygote:
    """The pre-imported parent of the workers (workload.py serve), driven through its stdin."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKLOAD), "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def _ask(self, request: dict[str, object]) -> dict[str, int | None]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "the worker parent died"
        return json.loads(line)

    def fork(self, stderr: Path, **args: object) -> int:
        pid = self._ask({"cmd": "fork", "stderr": str(stderr), "args": args})["pid"]
        assert pid is not None
        return pid

    def wait(self, pid: int) -> dict[str, int | None]:
        return self._ask({"cmd": "wait", "pid": pid})

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@dataclass
class Figures:
    runs: int = 0
    phases: Counter[str] = field(default_factory=Counter)  # where each kill landed
    transactions: int = 0  # committed by the workers
    problems: list[str] = field(default_factory=list)


def _read_log(path: Path) -> tuple[str, set[str], int]:
    """(phase at the kill, references whose commit returned, committed transactions)."""
    lines = path.read_text().splitlines() if path.exists() else []
    committed: set[str] = set()
    count = 0
    for line in lines:
        parts = line.split()
        if parts[0] == "C":
            count += 1
            committed.update(r for r in parts[3].split(",") if r != "-")
    phase = {"R": "between operations", "B": "in a transaction", "c": "during the commit", "C": "between operations"}
    last = lines[-1].split()[0] if lines else ""
    return phase.get(last, "while opening the database"), committed, count


def _wait_ready(log: Path) -> None:
    deadline = time.monotonic() + 60
    while not (log.exists() and log.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.002)


def _verify(path: Path, committed: set[str]) -> list[str]:
    """Open the file as the application does, look for every defect, then record a new receipt."""
    db = open_database(path, create=False)
    try:
        found = problems(db, committed)
        with db.reading() as s:
            clerk, day = actor_with_role(s, Role.CLERK), current_day(s)
        with db.transaction(clerk) as s:
            s.info["now"] = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            draft = PaymentDraft(
                "REC", 2_500, "especes", "Avance après l'incident", counterpart_name="Client de passage"
            )
            payments.record_payment(s, draft)
    finally:
        db.dispose()
    return found


def _lane(lane: int, runs: int, template: Path, folder: Path) -> Figures:
    rng = random.Random(lane)
    figures = Figures()
    zygote = Zygote()
    db_path = template
    try:
        for run in range(runs):
            if run % FRESH_EVERY == 0:
                if run:  # the receipt recorded after the last kill is checked too
                    figures.problems += [f"lane {lane}, copy before run {run}: {p}" for p in problems_in_file(db_path)]
                db_path = copy_database(template, folder / f"lane{lane}-{run}.db")
            log, err = folder / f"lane{lane}-run{run}.log", folder / f"lane{lane}-run{run}.err"
            pid = zygote.fork(
                err, db=str(db_path), log=str(log), seed=lane * 100_000 + run, seconds=60, mix="crash",
                tag=f"L{lane}R{run}",
            )  # fmt: skip
            if rng.random() < 0.1:  # now and then, kill it while it opens the database
                time.sleep(rng.uniform(0, 0.05))
            else:
                _wait_ready(log)
                time.sleep(rng.uniform(0, 0.3))
            os.kill(pid, signal.SIGKILL)
            ended = zygote.wait(pid)
            if ended["signal"] != signal.SIGKILL:
                pytest.fail(f"worker {lane}/{run} ended on its own ({ended}):\n{err.read_text()}")
            phase, committed, count = _read_log(log)
            figures.runs += 1
            figures.phases[phase] += 1
            figures.transactions += count
            found = _verify(db_path, committed)
            figures.problems += [f"lane {lane}, run {run} (killed {phase}): {p}" for p in found]
        figures.problems += [f"lane {lane}, at the end: {p}" for p in problems_in_file(db_path)]
    finally:
        zygote.close()
    return figures


def test_killed_workers_never_leave_a_broken_or_half_written_database(cash_template: Path, tmp_path: Path) -> None:
    shares = [RUNS // LANES + (1 if i < RUNS % LANES else 0) for i in range(LANES)]
    with ThreadPoolExecutor(LANES) as pool:
        lanes = list(pool.map(lambda i: _lane(i, shares[i], cash_template, tmp_path), range(LANES)))
    total = Figures()
    for f in lanes:
        total.runs += f.runs
        total.phases.update(f.phases)
        total.transactions += f.transactions
        total.problems += f.problems
    mid = total.phases["in a transaction"] + total.phases["during the commit"]
    print(
        f"\ncrash: {total.runs} kills, {mid} mid-transaction ({total.phases['during the commit']} during the commit), "
        f"{total.phases['while opening the database']} while opening, {total.transactions} transactions committed, "
        f"{len(total.problems)} defects"
    )
    assert total.runs == RUNS
    assert total.problems == []
