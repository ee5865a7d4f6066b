"""Caisse rules without storage: means of payment, document kinds, allocation checks, receipt figures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from centre_app.domain.errors import DomainError

MEANS: dict[str, str] = {
    "especes": "Espèces",
    "mobile_money": "Mobile money",
    "virement": "Virement",
    "cheque": "Chèque",
    "compensation": "Compensation",
    "nature": "En nature",
}
# Encaissement (REC) or décaissement (DEC: general, BPV: payout to a livestock seller).
PAYMENT_TYPES: dict[str, tuple[str, str]] = {
    "REC": ("in", "Reçu"),
    "DEC": ("out", "Bon de décaissement"),
    "BPV": ("out", "Bon de paiement vendeur"),
}
DIRECTION_OF_DUE = {"in": "receivable", "out": "payable"}


@dataclass(frozen=True)
class ReceiptFigures:
    document_total: int
    paid_before: int
    paid_now: int
    remaining: int


def check_allocations(
    amount: int, allocations: Iterable[tuple[int, int]], remaining: Mapping[int, int], labels: Mapping[int, str]
) -> int:
    """Validate how a payment is spread over open dues; returns what is left unallocated (credit).

    Each share is positive, at most what remains on its due; the shares never exceed the payment.
    """
    seen: set[int] = set()
    total = 0
    for due_id, share in allocations:
        if due_id in seen:
            raise DomainError("payment.duplicate_allocation", reference=labels.get(due_id, due_id))
        seen.add(due_id)
        if due_id not in remaining:
            raise DomainError("payment.due_not_open", reference=labels.get(due_id, due_id))
        if isinstance(share, bool) or not isinstance(share, int) or share <= 0:
            raise DomainError("payment.bad_share", reference=labels.get(due_id, due_id))
        if share > remaining[due_id]:
            raise DomainError(
                "payment.share_above_remaining", reference=labels.get(due_id, due_id), remaining=remaining[due_id]
            )
        total += share
    if total > amount:
        raise DomainError("payment.allocations_above_amount", allocated=total, amount=amount)
    return amount - total


def receipt_figures(lines: Iterable[tuple[int, int, int]], amount: int) -> ReceiptFigures:
    """Totals printed on a receipt from (total, paid_before, paid_now) per document; an advance stands alone."""
    rows = list(lines)
    if not rows:
        return ReceiptFigures(amount, 0, amount, 0)
    total = sum(r[0] for r in rows)
    before = sum(r[1] for r in rows)
    now = sum(r[2] for r in rows)
    return ReceiptFigures(total, before, now, total - before - now)
