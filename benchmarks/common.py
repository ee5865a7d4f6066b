"""Shared pieces of the benchmarks (PRODUCT.md §15): timing, one table row per budget, the machine, a working copy.

Every figure is a median over several runs. A row holds one budget: its value, the limit, a reference measured
on the same run (a bare window, a hand-written SQL query, a plain GROUP BY) or quoted from the specification,
and the ratio value / limit (throughputs: limit / value), so a ratio above 1 is over budget.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PASSWORD = "demo1234"  # every user of the demo databases


def timed(fn: Callable[[], object], repeat: int, warmup: int = 0) -> list[float]:
    """Seconds taken by each of ``repeat`` calls (after ``warmup`` untimed calls)."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


@dataclass(frozen=True)
class Row:
    """One budget: ``value`` in ``unit``; ``kind`` « max » (value < budget) or « min » (value ≥ budget)."""

    figure: str
    value: float
    unit: str  # ms / s / MB / mvt/s / ×
    budget: float | None
    kind: str = "max"
    reference: str = ""

    @property
    def ratio(self) -> float | None:
        if self.budget is None or not self.value:
            return None
        return self.value / self.budget if self.kind == "max" else self.budget / self.value

    @property
    def status(self) -> str:
        ratio = self.ratio
        if ratio is None:
            return "-"
        return "OK" if ratio <= 1 else "over"


def thousands(n: int) -> str:
    """``200000`` → ``200 000`` (the French grouping, plain spaces)."""
    return f"{n:,}".replace(",", " ")


def fmt(value: float, unit: str) -> str:
    if unit == "ms" and value == int(value):
        return f"{value:.0f} ms"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "s":
        return f"{value:.0f} s" if value == int(value) else f"{value:.2f} s"
    if unit == "×":
        return f"{value:.0f}×" if value == int(value) else f"{value:.2f}×"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:,.0f} {unit}".replace(",", " ")


def budget_text(row: Row) -> str:
    if row.budget is None:
        return "-"
    sign = "<" if row.kind == "max" else "≥"
    return f"{sign} {fmt(row.budget, row.unit)}"


def print_table(rows: Sequence[Row], title: str = "") -> str:
    """The table (also returned as text, for the README)."""
    header = ("figure", "value", "budget", "reference", "ratio", "")
    body = [
        (r.figure, fmt(r.value, r.unit), budget_text(r), r.reference, f"{r.ratio:.2f}" if r.ratio is not None else "-",
         r.status)
        for r in rows
    ]  # fmt: skip
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = [title] if title else []
    for line in [header, *body]:
        lines.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def markdown_table(rows: Sequence[Row]) -> str:
    out = ["| figure | value | budget | reference | ratio | |", "|---|---|---|---|---|---|"]
    for r in rows:
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "-"
        out.append(f"| {r.figure} | {fmt(r.value, r.unit)} | {budget_text(r)} | {r.reference} | {ratio} | {r.status} |")
    return "\n".join(out)


def machine() -> str:
    """CPU model, cores, RAM, OS and Python version of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores{ram}, {system}, Python {platform.python_version()}{load}"


def work_copy(db: Path, folder: Path) -> Path:
    """A copy of ``db`` (and its WAL) in ``folder``: the benchmarks write (receipts, deliveries, login events)."""
    target = folder / db.name
    shutil.copy2(db, target)
    for suffix in ("-wal", "-shm"):
        side = db.with_name(db.name + suffix)
        if side.exists():
            shutil.copy2(side, target.with_name(target.name + suffix))
    return target


def peak_rss_mb() -> float | None:
    """Peak resident memory of this process (POSIX only).

    Linux: ``VmHWM`` of /proc/self/status — ``ru_maxrss`` survives ``exec`` and would report the parent's peak
    in a child started by ``subprocess``.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows: no resource module
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def offscreen() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def actor_of(db: object, role: str = "administrateur") -> object:
    """The first active user of ``role`` as an Actor (no login event: the benchmarks measure, they don't log in)."""
    from centre_app.domain.permissions import Role
    from centre_app.services import users
    from centre_app.services.context import SYSTEM, Actor

    with db.reading(SYSTEM) as s:  # type: ignore[attr-defined]
        row = next(u for u in users.list_users(s) if u.role == role and u.active)
    return Actor(row.id, row.username, row.full_name, Role(role))
