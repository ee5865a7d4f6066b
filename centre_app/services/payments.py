"""Encaissements and décaissements: validation (number, hash, allocations), cancellation, reprints.

A payment is validated in one transaction: checks, gapless number, SHA-256 chain per document type,
allocations to open dues; whatever is not allocated stays as credit on the party's account.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, bindparam, func, literal_column, select
from sqlalchemy.orm import Session

from centre_app.domain.cash import DIRECTION_OF_DUE, MEANS, PAYMENT_TYPES, check_allocations
from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date, format_money
from centre_app.domain.integrity import GENESIS, chain_hash
from centre_app.domain.money import check_amount
from centre_app.domain.permissions import Action
from centre_app.domain.text import search_key, tidy
from centre_app.models.cash import Allocation, CashClosing, Due, Payment, PaymentCancellation, Reprint
from centre_app.models.parties import Party
from centre_app.models.search import contains_ci
from centre_app.services import numbering
from centre_app.services import settings as settings_service
from centre_app.services.context import now, require
from centre_app.services.dues import paid_on_dues
from centre_app.services.events import record_event
from centre_app.services.periods import ensure_open
from centre_app.services.session_cache import cached, held

# Dues whose settlement obeys a rule of their own module: source type → "module:function", called as
# ``function(session, due, share)`` before a payment settles such a due, raising a DomainError to refuse it
# (a livestock seller is paid only what the buyer has paid). Imported when used: those modules import this one.
ALLOCATION_GUARDS: dict[str, str] = {
    "livestock_seller": "centre_app.services.livestock_payouts:guard_seller_allocation",
}


@dataclass(frozen=True)
class PaymentDraft:
    """What the cash dialog (or a module) provides to validate a payment."""

    doc_type: str  # REC / DEC / BPV
    amount: int
    means: str
    purpose: str
    party_id: int | None = None
    counterpart_name: str = ""  # for a beneficiary who is not a registered party
    operator: str | None = None
    payer_number: str = ""
    transaction_id: str | None = None
    fees: int = 0
    fees_borne_by: str = ""
    in_kind: str = ""
    business_date: date | None = None
    allocations: tuple[tuple[int, int], ...] = field(default=())  # (due id, amount)


@dataclass(frozen=True)
class PaymentRow:
    id: int
    doc_type: str
    number: str
    at: datetime
    business_date: date
    party_id: int | None
    counterpart_name: str
    amount: int
    means: str
    means_label: str
    operator: str | None
    transaction_id: str | None
    purpose: str
    cashier_name: str
    status: str
    reprints: int


def hashed_fields(p: Any, allocations: list[tuple[int, int]]) -> dict[str, Any]:
    """What a payment's hash covers (a Payment or a Core row, plus its allocations)."""
    at = p.at if p.at.tzinfo is not None else p.at.replace(tzinfo=UTC)
    return {
        "doc_type": p.doc_type, "number": p.number, "year": p.year, "seq": p.seq, "at": at,
        "business_date": p.business_date, "party_id": p.party_id, "counterpart_name": p.counterpart_name,
        "amount": p.amount, "currency": p.currency, "means": p.means, "operator": p.operator,
        "payer_number": p.payer_number, "transaction_id": p.transaction_id, "fees": p.fees,
        "fees_borne_by": p.fees_borne_by, "in_kind": p.in_kind, "purpose": p.purpose, "cashier_name": p.cashier_name,
        "allocations": sorted(allocations),
    }  # fmt: skip


def cancellation_fields(c: Any) -> dict[str, Any]:
    at = c.at if c.at.tzinfo is not None else c.at.replace(tzinfo=UTC)
    return {
        "number": c.number, "year": c.year, "seq": c.seq, "payment_id": c.payment_id, "at": at,
        "business_date": c.business_date, "reason": c.reason, "user_name": c.user_name,
    }  # fmt: skip


_LAST_OF_TYPE = select(Payment.hash).where(Payment.doc_type == bindparam("t")).order_by(Payment.id.desc()).limit(1)
_OPEN_DUES = select(Due).where(
    Due.id.in_(bindparam("ids", expanding=True)), Due.party_id == bindparam("party"), Due.cancelled_at.is_(None),
    Due.direction == bindparam("direction"),
)  # fmt: skip
# « 'valide' » written in the SQL, not bound: SQLite then uses the partial unique index on (operator,
# transaction_id) WHERE status = 'valide' instead of reading every payment.
_VALID = Payment.status == literal_column("'valide'")
_SAME_TRANSACTION = select(Payment.number).where(
    Payment.operator == bindparam("operator"), Payment.transaction_id == bindparam("tx"), _VALID
)
_SAME_TRANSACTION_NO_OPERATOR = select(Payment.number).where(
    Payment.operator.is_(None), Payment.transaction_id == bindparam("tx"), _VALID
)


def _last_hash(session: Session, model: type, where: ColumnElement[bool] | None = None) -> str:
    stmt = select(model.hash).order_by(model.id.desc()).limit(1)  # type: ignore[attr-defined]
    if where is not None:
        stmt = stmt.where(where)
    return session.scalar(stmt) or GENESIS


_CLOSING_OF = select(CashClosing.number).where(CashClosing.day == bindparam("day", type_=Date))
_CLOSINGS = (CashClosing.__tablename__,)


def is_day_closed(session: Session, day: date) -> str | None:
    return cached(session, _CLOSINGS, ("closed", day), lambda: session.scalar(_CLOSING_OF, {"day": day}))


def _ensure_day_open(session: Session, day: date) -> None:
    number = is_day_closed(session, day)
    if number:
        raise DomainError("cash.day_closed", day=format_date(day))


def payment_warnings(session: Session, draft: PaymentDraft) -> list[DomainError]:
    """Warnings that need the cashier's confirmation (the cash ceiling of the country profile)."""
    centre = settings_service.get_settings(session)
    ceiling = centre.country.cash_ceiling
    if draft.means == "especes" and ceiling is not None and draft.amount > ceiling:
        return [
            DomainError(
                "payment.ceiling",
                amount=format_money(draft.amount, centre.currency, centre.locale),
                ceiling=format_money(ceiling, centre.currency, centre.locale),
            )
        ]
    return []


def _validate(session: Session, draft: PaymentDraft) -> tuple[str, str]:
    if draft.doc_type not in PAYMENT_TYPES:
        raise DomainError("payment.bad_type", doc_type=draft.doc_type)
    check_amount(draft.amount, allow_negative=False)
    if draft.amount <= 0:
        raise DomainError("money.not_positive")
    if draft.means not in MEANS:
        raise DomainError("payment.bad_means", means=draft.means)
    if not tidy(draft.purpose):
        raise DomainError("payment.purpose_required")
    name = tidy(draft.counterpart_name)
    if draft.party_id is not None:
        party = held(session, Party, draft.party_id)
        if party is None:
            raise DomainError("not_found", entity="Tiers", key=draft.party_id)
        name = party.name
    if not name:
        raise DomainError("payment.counterpart_required")
    check_amount(draft.fees, allow_negative=False)
    if draft.fees >= draft.amount and draft.fees:
        raise DomainError("payment.bad_fees")
    centre = settings_service.get_settings(session)
    operator = None
    if draft.means == "mobile_money":
        operator = tidy(draft.operator)
        if not operator:
            raise DomainError("payment.operator_required")
        if centre.country.operators and operator not in centre.country.operators:
            raise DomainError("payment.unknown_operator", operator=operator, country=centre.country.name)
        if not tidy(draft.transaction_id):
            raise DomainError("payment.transaction_required")
    if draft.means == "nature" and not tidy(draft.in_kind):
        raise DomainError("payment.in_kind_required")
    transaction_id = tidy(draft.transaction_id).upper() or None
    if transaction_id:
        other = session.scalar(
            _SAME_TRANSACTION_NO_OPERATOR if operator is None else _SAME_TRANSACTION,
            {"operator": operator, "tx": transaction_id},
        )
        if other:
            raise DomainError(
                "payment.duplicate_transaction", transaction_id=transaction_id, operator=operator or "-", number=other
            )
    return name, centre.currency


def _guard_allocation(session: Session, due: Due, share: int) -> None:
    target = ALLOCATION_GUARDS.get(due.source_type)
    if target:
        import importlib

        module, function = target.split(":")
        getattr(importlib.import_module(module), function)(session, due, share)


def record_payment(session: Session, draft: PaymentDraft, *, accept_warnings: bool = False) -> PaymentRow:
    """Validate a payment: number, chain, allocations. Warnings must have been accepted by the cashier."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    name, currency = _validate(session, draft)
    if not accept_warnings:
        warnings = payment_warnings(session, draft)
        if warnings:
            raise warnings[0]
    moment = now(session).astimezone(UTC)
    day = draft.business_date or moment.date()
    _ensure_day_open(session, day)
    ensure_open(session, day)
    direction = PAYMENT_TYPES[draft.doc_type][0]
    allocations = tuple(draft.allocations)
    if allocations:
        if draft.party_id is None:
            raise DomainError("payment.counterpart_required")
        due_ids = [d for d, _ in allocations]
        params = {"ids": due_ids, "party": draft.party_id, "direction": DIRECTION_OF_DUE[direction]}
        dues = {d.id: d for d in session.scalars(_OPEN_DUES, params)}
        paid = paid_on_dues(session, list(dues))
        remaining = {i: d.amount - paid[i] for i, d in dues.items()}
        check_allocations(draft.amount, allocations, remaining, {i: d.reference for i, d in dues.items()})
        for due_id, share in allocations:
            _guard_allocation(session, dues[due_id], share)
    seq, number = numbering.next_number(session, draft.doc_type, day.year)
    payment = Payment(
        doc_type=draft.doc_type, direction=direction, year=day.year, seq=seq, number=number, at=moment,
        business_date=day, party_id=draft.party_id, counterpart_name=name, amount=draft.amount, currency=currency,
        means=draft.means, operator=tidy(draft.operator) or None if draft.means == "mobile_money" else None,
        payer_number=tidy(draft.payer_number), transaction_id=tidy(draft.transaction_id).upper() or None,
        fees=draft.fees, fees_borne_by=draft.fees_borne_by if draft.fees else "", in_kind=tidy(draft.in_kind),
        purpose=tidy(draft.purpose), cashier_id=actor.user_id, cashier_name=actor.full_name,
        prev_hash=session.scalar(_LAST_OF_TYPE, {"t": draft.doc_type}) or GENESIS, hash="", status="valide",
        reprints=0,
    )  # fmt: skip
    payment.hash = chain_hash(payment.prev_hash, hashed_fields(payment, list(allocations)))
    session.add(payment)
    session.flush()
    session.add_all(Allocation(payment_id=payment.id, due_id=d, amount=a) for d, a in allocations)
    session.flush()
    return to_row(payment)


def to_row(p: Payment) -> PaymentRow:
    return PaymentRow(
        p.id, p.doc_type, p.number, p.at, p.business_date, p.party_id, p.counterpart_name, p.amount, p.means,
        MEANS[p.means], p.operator, p.transaction_id, p.purpose, p.cashier_name, p.status, p.reprints,
    )  # fmt: skip


def _by_number(session: Session, number: str) -> Payment:
    p = session.scalar(select(Payment).where(Payment.number == number.strip().upper()))
    if p is None:
        raise DomainError("payment.not_found", number=number)
    return p


def get_payment(session: Session, payment_id: int | None = None, number: str | None = None) -> PaymentRow:
    p = session.get(Payment, payment_id) if payment_id is not None else _by_number(session, number or "")
    if p is None:
        raise DomainError("payment.not_found", number=payment_id)
    return to_row(p)


def cancel_payment(session: Session, payment_id: int, reason: str) -> str:
    """A manager cancels a payment: counter-document (ANR) with its own number; balances are restored."""
    actor = require(session, Action.CANCEL_DOCUMENT)
    p = session.get(Payment, payment_id)
    if p is None:
        raise DomainError("payment.not_found", number=payment_id)
    if not reason.strip():
        raise DomainError("payment.reason_required")
    if p.status != "valide":
        existing = session.scalar(select(PaymentCancellation.number).where(PaymentCancellation.payment_id == p.id))
        raise DomainError("payment.already_cancelled", number=p.number, cancellation=existing or "")
    moment = now(session).astimezone(UTC)
    day = moment.date()
    _ensure_day_open(session, day)
    ensure_open(session, day)
    seq, number = numbering.next_number(session, "ANR", day.year)
    c = PaymentCancellation(
        payment_id=p.id, year=day.year, seq=seq, number=number, at=moment, business_date=day, reason=reason.strip(),
        user_id=actor.user_id, user_name=actor.full_name, prev_hash=_last_hash(session, PaymentCancellation), hash="",
    )  # fmt: skip
    c.hash = chain_hash(c.prev_hash, cancellation_fields(c))
    session.add(c)
    p.status = "annule"
    record_event(session, "cancellation", {"payment": p.number, "counter_document": number, "reason": reason.strip()})
    session.flush()
    return number


def register_reprint(session: Session, payment_id: int) -> int:
    """A reprint is a DUPLICATA with its own copy number, counted and journaled."""
    actor = require(session, Action.READ)
    p = session.get(Payment, payment_id)
    if p is None:
        raise DomainError("payment.not_found", number=payment_id)
    p.reprints += 1
    session.add(Reprint(payment_id=p.id, copy_number=p.reprints, at=now(session), user_name=actor.full_name))
    record_event(session, "reprint", {"payment": p.number, "copy": p.reprints})
    session.flush()
    return p.reprints


def _filters(search: str, day: date | None, doc_type: str | None, means: str | None) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    for word in search_key(search).split():
        conds.append(  # one LIKE per column: a keystroke in 60 000 receipts (models/search.py)
            contains_ci(Payment.number, word)
            | contains_ci(Payment.counterpart_name, word)
            | contains_ci(Payment.transaction_id, word)
            | contains_ci(Payment.purpose, word)
        )
    if day is not None:
        conds.append(Payment.business_date == day)
    if doc_type:
        conds.append(Payment.doc_type == doc_type)
    if means:
        conds.append(Payment.means == means)
    return conds


def list_payments(
    session: Session,
    search: str = "",
    offset: int = 0,
    limit: int | None = None,
    order: str | None = None,
    *,
    day: date | None = None,
    doc_type: str | None = None,
    means: str | None = None,
    party_id: int | None = None,
) -> list[PaymentRow]:
    conds = _filters(search, day, doc_type, means)
    if party_id is not None:
        conds.append(Payment.party_id == party_id)
    key = (order or "-at").lstrip("-")
    col = {"at": Payment.id, "number": Payment.number, "name": Payment.counterpart_name, "amount": Payment.amount}.get(
        key, Payment.id
    )
    ordering = col.desc() if (order or "-at").startswith("-") else col
    # Plain rows, not ORM objects: a window of the list (and each keystroke of its search) builds 200 DTOs.
    stmt = select(*_ROW_COLUMNS).where(and_(True, *conds)).order_by(ordering, Payment.id.desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [to_row(p) for p in session.execute(stmt)]


_ROW_COLUMNS = (
    Payment.id, Payment.doc_type, Payment.number, Payment.at, Payment.business_date, Payment.party_id,
    Payment.counterpart_name, Payment.amount, Payment.means, Payment.operator, Payment.transaction_id,
    Payment.purpose, Payment.cashier_name, Payment.status, Payment.reprints,
)  # fmt: skip


def count_payments(
    session: Session,
    search: str = "",
    *,
    day: date | None = None,
    doc_type: str | None = None,
    means: str | None = None,
    party_id: int | None = None,
) -> int:
    conds = _filters(search, day, doc_type, means)
    if party_id is not None:
        conds.append(Payment.party_id == party_id)
    return session.scalar(select(func.count()).select_from(Payment).where(and_(True, *conds))) or 0


def allocations_of(session: Session, payment_id: int) -> list[tuple[Due, int]]:
    rows = session.execute(
        select(Due, Allocation.amount)
        .join(Allocation, Allocation.due_id == Due.id)
        .where(Allocation.payment_id == payment_id)
        .order_by(Due.id)
    )
    return [(d, int(a)) for d, a in rows]


def cancellation_of(session: Session, payment_id: int) -> PaymentCancellation | None:
    return session.scalar(select(PaymentCancellation).where(PaymentCancellation.payment_id == payment_id))
