"""Benchmarks of the foundation (PRODUCT.md §15), printed as a table: figure, budget, ratio.

    python benchmarks/run.py            (uses a temporary folder; nothing is asserted)

Measures medians over several runs: validating one numbered, chained, audited document with its
commit; bulk writes through the services (demo generation); `check` on the demo database.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from centre_app.cli import run
from centre_app.models.migrate import open_database
from centre_app.services import integrity, numbering
from centre_app.services.context import SYSTEM
from centre_app.services.events import record_event


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.db"
        t = time.perf_counter()
        run(["demo", "--db", str(demo), "--until", "2026-11-01"])
        rows.append(("demo small (master data)", f"{time.perf_counter() - t:.2f} s", "seconds", "-"))

        db = open_database(demo)

        def validate_one() -> None:
            with db.transaction(SYSTEM) as s:
                _seq, number = numbering.next_number(s, "REC", 2026)
                record_event(s, "benchmark", {"number": number})

        samples = timed(validate_one, 200)
        med = statistics.median(samples) * 1000
        rows.append(("numbered + chained write, commit (median)", f"{med:.1f} ms", "< 25 ms", f"{med / 25:.2f}"))

        def check() -> None:
            with db.reading(SYSTEM) as s:
                assert integrity.run_check(s) == []

        med = statistics.median(timed(check, 5))
        rows.append(("check (small demo)", f"{med * 1000:.0f} ms", "< 10 s (large)", f"{med / 10:.3f}"))
        db.dispose()

    widths = [max(len(r[i]) for r in [("figure", "value", "budget", "ratio"), *rows]) for i in range(4)]
    for r in [("figure", "value", "budget", "ratio"), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


if __name__ == "__main__":
    main()
