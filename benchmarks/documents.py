"""Receipts and ``check`` on a database (PRODUCT.md §15); used by ``benchmarks/run.py``. Run on a copy: it writes.

- validating one receipt, commit included: checks, gapless number, hash chain, audit (median of 200);
- one receipt PDF (median), then the 1 000 latest receipts printed one after the other;
- ``check`` (every chain, every series, foreign keys) on the whole database.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Row, median, timed
from centre_app.services import cash_printouts, integrity, parties, payments
from centre_app.services.context import Actor
from centre_app.services.payments import PaymentDraft

ERP_MOVE_MS = 42  # PRODUCT.md §15: one stock move in an established Python ERP on SQLite


def validate_receipt(db: Any, actor: Actor, repeat: int = 200) -> list[Row]:
    with db.reading(actor) as s:
        party = parties.list_parties(s, role="producteur", limit=1)[0].id

    def validate_one() -> None:
        with db.transaction(actor) as s:
            payments.record_payment(s, PaymentDraft("REC", 5_000, "especes", "Avance", party_id=party))

    med = median(timed(validate_one, repeat, warmup=2)) * 1000
    return [Row("validate one receipt, commit included (median)", med, "ms", 25, reference=f"ERP ~{ERP_MOVE_MS} ms")]


def receipt_pdfs(db: Any, actor: Actor, repeat: int = 30, many: int = 1000) -> list[Row]:
    with db.reading(actor) as s:
        latest = [p.id for p in payments.list_payments(s, limit=many)]
        one = median(timed(lambda: cash_printouts.receipt_pdf(s, latest[0]), repeat, warmup=1)) * 1000
        t = time.perf_counter()
        for payment_id in latest:
            cash_printouts.receipt_pdf(s, payment_id)
        total = time.perf_counter() - t
    return [
        Row("one receipt PDF (median)", one, "ms", 50),
        Row(f"{len(latest)} receipts PDF, one after the other", total, "s", 30 * len(latest) / 1000,
            reference=f"{total / len(latest) * 1000:.1f} ms each"),
    ]  # fmt: skip


def check(db: Any, actor: Actor, repeat: int = 3) -> list[Row]:
    found: list[Any] = []

    def run() -> None:
        with db.reading(actor) as s:
            found[:] = integrity.run_check(s)

    med = median(timed(run, repeat))
    reference = "no defect" if not found else f"{len(found)} defect(s): {found[0].message[:60]}"
    return [Row("check on the whole database", med, "s", 10, reference=reference)]
