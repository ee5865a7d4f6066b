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
from centre_app.services import cash_printouts, integrity, parties, payments
from centre_app.services.context import SYSTEM
from centre_app.services.payments import PaymentDraft


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
        rows.append(("demo small (1 year)", f"{time.perf_counter() - t:.2f} s", "seconds", "-"))

        db = open_database(demo)

        with db.reading(SYSTEM) as s:
            party = parties.list_parties(s, role="producteur", limit=1)[0].id

        def validate_one() -> None:
            # A real receipt: checks, gapless number, hash chain, audit, commit.
            with db.transaction(SYSTEM) as s:
                payments.record_payment(s, PaymentDraft("REC", 5_000, "especes", "Avance", party_id=party))

        samples = timed(validate_one, 200)
        med = statistics.median(samples) * 1000
        rows.append(("validate one receipt, commit (median)", f"{med:.1f} ms", "< 25 ms", f"{med / 25:.2f}"))

        def receipt_pdf() -> None:
            with db.reading(SYSTEM) as s:
                number = payments.list_payments(s, limit=1)[0].id
                cash_printouts.receipt_pdf(s, number)

        med = statistics.median(timed(receipt_pdf, 30)) * 1000
        rows.append(("one receipt PDF (median)", f"{med:.1f} ms", "< 50 ms", f"{med / 50:.2f}"))

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
