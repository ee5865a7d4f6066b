"""Dues: what a party owes the centre (receivable) or the centre owes a party (payable).

Every module that validates a billable document calls ``open_due``; payments settle dues through
allocations. Balances and ageing are derived from dues and valid payments, never typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date

from sqlalchemy import and_, bindparam, case, func, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_money
from centre_app.domain.money import check_amount
from centre_app.domain.periods import ageing_bucket
from centre_app.domain.permissions import Action, allowed
from centre_app.models.cash import Allocation, Due, Payment
from centre_app.models.parties import Party
from centre_app.services.context import now, require
from centre_app.services.events import record_event
from centre_app.services.periods import ensure_open
from centre_app.services.session_cache import held

AGEING_ORDER = ("0-30", "31-60", "61-90", ">90")


@dataclass(frozen=True)
class DueRow:
    id: int
    party_id: int
    direction: str
    source_type: str
    reference: str
    label: str
    amount: int
    paid: int
    remaining: int
    issued_on: date
    due_date: date
    cancelled: bool


def _paid_subquery():
    return (
        select(Allocation.due_id, func.coalesce(func.sum(Allocation.amount), 0).label("paid"))
        .join(Payment, Payment.id == Allocation.payment_id)
        .where(Payment.status == "valide")
        .group_by(Allocation.due_id)
        .subquery()
    )


_PAID = (
    select(Allocation.due_id, func.sum(Allocation.amount))
    .join(Payment, Payment.id == Allocation.payment_id)
    .where(Payment.status == "valide", Allocation.due_id.in_(bindparam("dues", expanding=True)))
    .group_by(Allocation.due_id)
)
_PAID_EXCEPT = _PAID.where(Payment.id != bindparam("payment"))
_DUES_OF = (
    select(Due)
    .where(Due.party_id == bindparam("party"), Due.direction == bindparam("direction"))
    .order_by(Due.due_date, Due.id)
)
_PAID_ON_ONE = (
    select(func.coalesce(func.sum(Allocation.amount), 0))
    .join(Payment, Payment.id == Allocation.payment_id)
    .where(Payment.status == "valide", Allocation.due_id == Due.id)
    .correlate(Due)
    .scalar_subquery()
)
_OPEN_DUES_OF = _DUES_OF.where(Due.cancelled_at.is_(None), Due.amount > _PAID_ON_ONE)


def paid_on_dues(session: Session, due_ids: list[int], exclude_payment: int | None = None) -> dict[int, int]:
    """What valid payments have settled on each due (optionally without one payment)."""
    if not due_ids:
        return {}
    if exclude_payment is None:
        rows = session.execute(_PAID, {"dues": list(due_ids)})
    else:
        rows = session.execute(_PAID_EXCEPT, {"dues": list(due_ids), "payment": exclude_payment})
    out = dict.fromkeys(due_ids, 0)
    out.update({due_id: int(total) for due_id, total in rows})
    return out


def list_dues(session: Session, party_id: int, direction: str = "receivable", open_only: bool = True) -> list[DueRow]:
    # The party's dues first, then what was paid on them: both through indexes, however long the history.
    found = list(session.scalars(_OPEN_DUES_OF if open_only else _DUES_OF, {"party": party_id, "direction": direction}))
    paid = paid_on_dues(session, [d.id for d in found])
    return [
        DueRow(
            d.id, d.party_id, d.direction, d.source_type, d.reference, d.label, d.amount, paid[d.id],
            d.amount - paid[d.id], d.issued_on, d.due_date, d.cancelled_at is not None,
        )
        for d in found
        if not open_only or d.amount > paid[d.id]
    ]  # fmt: skip


def party_balance(session: Session, party_id: int) -> int:
    """What the party owes the centre (negative: the centre owes the party, or holds its credit)."""
    dues = session.scalar(
        select(
            func.coalesce(
                func.sum(case((Due.direction == "receivable", Due.amount), else_=-Due.amount)),
                0,
            )
        ).where(Due.party_id == party_id, Due.cancelled_at.is_(None))
    )
    payments = session.scalar(
        select(
            func.coalesce(func.sum(case((Payment.direction == "in", Payment.amount), else_=-Payment.amount)), 0)
        ).where(Payment.party_id == party_id, Payment.status == "valide")
    )
    return int(dues or 0) - int(payments or 0)


def ageing(session: Session, party_id: int | None, today: date) -> dict[str, int]:
    """Remaining receivables by days past due: 0–30, 31–60, 61–90, >90 (one party, or all)."""
    paid = _paid_subquery()
    stmt = (
        select(Due.due_date, Due.amount - func.coalesce(paid.c.paid, 0))
        .outerjoin(paid, paid.c.due_id == Due.id)
        .where(Due.direction == "receivable", Due.cancelled_at.is_(None))
    )
    if party_id is not None:
        stmt = stmt.where(Due.party_id == party_id)
    out = dict.fromkeys(AGEING_ORDER, 0)
    for due_date, remaining in session.execute(stmt):
        if remaining > 0:
            out[ageing_bucket(due_date, today)] += int(remaining)
    return out


def open_due(
    session: Session,
    *,
    party_id: int,
    direction: str,
    source_type: str,
    reference: str,
    label: str,
    amount: int,
    issued_on: date,
    due_date: date | None = None,
    source_id: int | None = None,
    override_reason: str = "",
) -> int:
    """Record what a validated document makes a party owe (or be owed). Checks the credit limit."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    ensure_open(session, issued_on)
    check_amount(amount, allow_negative=False)
    if amount <= 0:
        raise DomainError("due.not_positive")
    if direction not in ("receivable", "payable"):
        raise DomainError("field.invalid", field="Sens", value=direction)
    party = held(session, Party, party_id)
    if party is None:
        raise DomainError("not_found", entity="Tiers", key=party_id)
    if direction == "receivable" and party.credit_limit is not None:
        balance = party_balance(session, party_id)
        if balance + amount > party.credit_limit:
            if not (override_reason.strip() and allowed(actor.role, Action.CANCEL_DOCUMENT)):
                raise DomainError(
                    "credit.limit_exceeded", party=party.name, balance=format_money(balance),
                    amount=format_money(amount), limit=format_money(party.credit_limit),
                )  # fmt: skip
            record_event(
                session, "credit.override",
                {"party": party.code, "reference": reference, "amount": amount, "reason": override_reason.strip()},
            )  # fmt: skip
    due = Due(
        party_id=party_id, direction=direction, source_type=source_type, source_id=source_id, reference=reference,
        label=label, amount=amount, issued_on=issued_on, due_date=due_date or issued_on, created_at=now(session),
        created_by=actor.username, cancel_reason="",
    )  # fmt: skip
    session.add(due)
    session.flush()
    return due.id


def cancel_due(session: Session, due_id: int, reason: str) -> None:
    """Cancel what a cancelled source document made a party owe; refused while payments are allocated."""
    require(session, Action.CANCEL_DOCUMENT)
    ensure_open(session, now(session).astimezone(UTC).date())
    due = session.get(Due, due_id)
    if due is None:
        raise DomainError("not_found", entity="Document à régler", key=due_id)
    if due.cancelled_at is not None:
        raise DomainError("due.already_cancelled", reference=due.reference)
    if not reason.strip():
        raise DomainError("payment.reason_required")
    if paid_on_dues(session, [due_id])[due_id]:
        raise DomainError("due.has_payments", reference=due.reference)
    due.cancelled_at = now(session)
    due.cancel_reason = reason.strip()
    record_event(session, "cancellation", {"due": due.reference, "reason": reason.strip()})
    session.flush()


def debtors(session: Session, today: date, limit: int = 50) -> list[tuple[int, str, int, dict[str, int]]]:
    """Parties with open receivables, largest first: (party id, name, remaining, ageing) — one query."""
    paid = _paid_subquery()
    remaining = Due.amount - func.coalesce(paid.c.paid, 0)
    rows = session.execute(
        select(Due.party_id, Party.name, Due.due_date, remaining)
        .join(Party, Party.id == Due.party_id)
        .outerjoin(paid, paid.c.due_id == Due.id)
        .where(and_(Due.direction == "receivable", Due.cancelled_at.is_(None), remaining > 0))
    )
    acc: dict[int, tuple[str, dict[str, int]]] = {}
    for party_id, name, due_date, rest in rows:
        buckets = acc.setdefault(party_id, (name, dict.fromkeys(AGEING_ORDER, 0)))[1]
        buckets[ageing_bucket(due_date, today)] += int(rest)
    ranked = sorted(acc.items(), key=lambda kv: (-sum(kv[1][1].values()), kv[1][0]))[:limit]
    return [(pid, name, sum(b.values()), b) for pid, (name, b) in ranked]
