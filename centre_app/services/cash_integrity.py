"""What `check` verifies for the caisse: payment chains per type, cancellations, closings, their numbers,
and that a payment is marked cancelled exactly when its cancellation document exists (the status is
not hashed: it moves when a manager cancels)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from centre_app.domain.numbering import DOC_TYPES, format_number
from centre_app.models.cash import Allocation, CashClosing, Payment, PaymentCancellation
from centre_app.services.cash_day import closing_fields
from centre_app.services.integrity import ChainSpec, Defect, SeriesSpec
from centre_app.services.payments import cancellation_fields, hashed_fields

LABELS = {"REC": "le reçu", "DEC": "le bon de décaissement", "BPV": "le bon de paiement vendeur"}


def _allocations(session: Session) -> dict[int, list[tuple[int, int]]]:
    out: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for payment_id, due_id, amount in session.execute(
        select(Allocation.payment_id, Allocation.due_id, Allocation.amount)
    ):
        out[payment_id].append((due_id, amount))
    return out


def _payment_fields(row: Any, allocations: dict[int, list[tuple[int, int]]]) -> dict[str, Any]:
    return hashed_fields(row, allocations.get(row.id, []))


def _status_defects(session: Session) -> list[Defect]:
    """A payment is « annulé » if and only if its cancellation (ANR) exists."""
    rows = session.execute(
        select(Payment.doc_type, Payment.number, Payment.status, PaymentCancellation.number)
        .outerjoin(PaymentCancellation, PaymentCancellation.payment_id == Payment.id)
        .where(
            or_(
                and_(Payment.status != "valide", PaymentCancellation.id.is_(None)),
                and_(Payment.status == "valide", PaymentCancellation.id.is_not(None)),
            )
        )
        .order_by(Payment.id)
        .limit(20)
    )
    out = []
    for doc_type, number, status, cancellation in rows:
        label = f"{LABELS.get(doc_type, 'la pièce')} {number}"
        if cancellation is None and status == "annule":
            text = f"Caisse : {label} est marqué annulé sans pièce d'annulation."
        elif cancellation is None:
            text = f"Caisse : {label} porte un statut inconnu « {status} »."
        else:
            text = f"Annulations de caisse : l'annulation {cancellation} existe mais {label} est encore marqué valide."
        out.append(Defect("status", text))
    return out


def _describe_number(doc_type: str, year: int, seq: int) -> str:
    return f"{LABELS.get(doc_type, 'la pièce')} {format_number(DOC_TYPES[doc_type].default_format, year, seq)}"


CHAINS = [
    ChainSpec(
        label="Caisse",
        table=Payment.__table__,  # type: ignore[arg-type]
        order_by=("id",),
        fields=_payment_fields,
        describe=lambda r: f"{LABELS.get(r.doc_type, 'la pièce')} {r.number}",
        partition=lambda r: r.doc_type,
        prepare=_allocations,
    ),
    ChainSpec(
        label="Annulations de caisse",
        table=PaymentCancellation.__table__,  # type: ignore[arg-type]
        order_by=("id",),
        fields=cancellation_fields,
        describe=lambda r: f"l'annulation {r.number}",
        feminine=True,
    ),
    ChainSpec(
        label="Clôtures de caisse",
        table=CashClosing.__table__,  # type: ignore[arg-type]
        order_by=("id",),
        fields=closing_fields,
        describe=lambda r: f"la clôture {r.number} du {r.day:%d/%m/%Y}",
        feminine=True,
    ),
]
SERIES = [
    SeriesSpec(
        label="Caisse",
        table=Payment.__table__,  # type: ignore[arg-type]
        doc_type="REC",
        doc_type_column="doc_type",
        year_column="year",
        seq_column="seq",
        describe=_describe_number,
    ),
    SeriesSpec(
        label="Annulations de caisse",
        table=PaymentCancellation.__table__,  # type: ignore[arg-type]
        doc_type="ANR",
        year_column="year",
        seq_column="seq",
        describe=lambda t, y, s: f"l'annulation {format_number(DOC_TYPES[t].default_format, y, s)}",
    ),
    SeriesSpec(
        label="Clôtures de caisse",
        table=CashClosing.__table__,  # type: ignore[arg-type]
        doc_type="CLO",
        year_column="year",
        seq_column="seq",
        describe=lambda t, y, s: f"la clôture {format_number(DOC_TYPES[t].default_format, y, s)}",
    ),
]
CHECKS = [_status_defects]
