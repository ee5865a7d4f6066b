"""`centre-app demo`: build the demo database with a progress bar, committing once per year.

A ten-year demo runs for minutes: its progress is one line on stderr rewritten in place
(« Année 2019 (4/10) : 45 % — reste ~3 min »). Each year is committed after its last closing, so
the transaction stays the size of a year; if the generation stops (error, Ctrl+C) the incomplete file
is removed, so that a half-made demo is never taken for a real one.
"""

from __future__ import annotations

import signal
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import ascii_safe
from centre_app.models.migrate import open_database
from centre_app.services.context import SYSTEM
from centre_app.services.demo import DemoReport, create_demo
from centre_app.services.demo_scale import periods, scale_of


def duration_text(seconds: float) -> str:
    """« 45 s », « 3 min », « 1 h 05 »: a remaining time, rounded as a person would say it."""
    if seconds < 60:
        return f"{max(1, round(seconds / 5) * 5)} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d}"


class DemoProgress:
    """The progress line: parties first, then each year with its percentage and the time left overall."""

    def __init__(self, years: int, out: TextIO | None = None, clock: object = time.perf_counter) -> None:
        self.years = max(1, years)
        self.out = out
        self.clock = clock
        self.stage = ""
        self.year_no = 0
        self.first_year_at: float | None = None
        self.width = 0

    def _now(self) -> float:
        return self.clock()  # type: ignore[operator, no-any-return]

    def line(self, stage: str, done: int, total: int) -> str:
        """The text shown for a report (also what the tests read). The time left is the time the years
        took so far, spread over what remains of the period."""
        percent = 100 * done // max(total, 1)
        if not stage.startswith("Année"):
            return f"{stage} : {percent} %"
        moment = self._now()
        if stage != self.stage:
            self.stage = stage
            self.year_no += 1
            if self.first_year_at is None:
                self.first_year_at = moment
        text = f"{stage} ({min(self.year_no, self.years)}/{self.years}) : {percent} %"
        overall = (self.year_no - 1 + done / max(total, 1)) / self.years
        elapsed = moment - (self.first_year_at if self.first_year_at is not None else moment)
        if overall >= 0.005 and elapsed >= 2:
            text += f" — reste ~{duration_text(elapsed * (1 - overall) / overall)}"
        return text

    def __call__(self, stage: str, done: int, total: int) -> None:
        text = ascii_safe(self.line(stage, done, total))
        self.width = max(self.width, len(text))
        print(f"\r  {text.ljust(self.width)}", end="", file=self.out or sys.stderr, flush=True)


@dataclass(frozen=True)
class DemoRun:
    report: DemoReport
    seconds: float
    size_bytes: int


def run_demo(path: Path, scale: str, seed: int, until: date | None, years: int | None) -> DemoRun:
    """Create the demo database at ``path`` (refused if the file exists and is not empty)."""
    if path.exists() and path.stat().st_size > 0:
        raise DomainError("cli.demo_exists", path=str(path))
    size = scale_of(scale, years)
    end = until or date.today()
    progress = DemoProgress(len(periods(date.fromordinal(end.toordinal() - size.days), end)))
    started = time.perf_counter()
    finished = False
    stopped = _stop_on_terminate()
    db = open_database(path)
    try:
        session = db.write_factory()
        session.info["actor"] = SYSTEM
        try:
            report = create_demo(
                session, scale=size, seed=seed, until=end, progress=progress, checkpoint=session.commit
            )
            session.commit()
        finally:
            session.close()
        finished = True
    finally:
        db.dispose()
        print(file=sys.stderr)  # end the progress line
        if not finished:
            _remove(path)
        if stopped is not None:
            signal.signal(signal.SIGTERM, stopped)
    return DemoRun(report, time.perf_counter() - started, path.stat().st_size)


def _stop_on_terminate() -> Any:
    """A ``kill`` (SIGTERM) stops the demo like Ctrl+C does, so that the incomplete file is removed; returns
    the handler to put back (``None`` outside the main thread, where signals cannot be handled)."""

    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:
        return None


def _remove(path: Path) -> None:
    """An interrupted demo leaves no half-made database behind (nor its WAL files)."""
    for extra in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    print(ascii_safe(message(DomainError("cli.demo_interrupted", path=str(path)))), file=sys.stderr)


def summary(path: Path, run: DemoRun) -> str:
    """The closing line: what was made, how long it took and the stock part's pace."""
    r = run.report
    text = (
        f"Base de démonstration créée : {path} ({r.parties} tiers dont {r.organisations} OP, "
        f"{r.users} utilisateurs) en {run.seconds:.1f} s."
    )
    if r.stock_seconds > 0:
        text += (
            f" Stock : {r.stock_movements} mouvements ({r.stock_movements / r.stock_seconds:.0f} par seconde "
            f"dans la partie stock, commandes et reçus compris) ; fichier de {run.size_bytes / 1e6:.0f} Mo."
        )
    return text
