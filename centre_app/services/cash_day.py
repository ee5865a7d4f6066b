"""The cash day: brouillard per day and per means, daily closing (theoretical vs counted), statements.

A payment belongs to its business date (money received that day, even if cancelled later); a
cancellation is a reversal on the day it was made. Closed days are frozen: no cash document may
be dated in them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Date, bindparam, select
from sqlalchemy.orm import Session

from centre_app.domain.cash import MEANS
from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date, format_money
from centre_app.domain.integrity import canonical_json, chain_hash
from centre_app.domain.permissions import Action
from centre_app.models.cash import CashClosing, Due, Payment, PaymentCancellation
from centre_app.models.parties import Party
from centre_app.services import numbering
from centre_app.services.context import now, require
from centre_app.services.events import record_event
from centre_app.services.payments import _last_hash
from centre_app.services.periods import ensure_open


@dataclass(frozen=True)
class DayLine:
    at: datetime
    number: str
    counterpart: str
    purpose: str
    means: str
    cash_in: int
    cash_out: int
    status: str  # "" / "annulé" / "annulation"


@dataclass(frozen=True)
class DayBook:
    day: date
    lines: tuple[DayLine, ...]
    totals_by_means: tuple[tuple[str, int, int], ...]  # (means, in, out)
    opening_cash: int
    cash_in: int
    cash_out: int
    theoretical_cash: int
    closing_number: str | None
    counted_cash: int | None
    difference: int | None
    reason: str
    closed_by: str


# The day book is read at each closing and whenever a clerk looks at the caisse: columns, not whole rows.
_DAY = bindparam("day", type_=Date)
_OPENING = select(CashClosing.counted_cash).where(CashClosing.day < _DAY).order_by(CashClosing.day.desc()).limit(1)
_DAY_PAYMENTS = (
    select(Payment.at, Payment.number, Payment.counterpart_name, Payment.purpose, Payment.means, Payment.amount,
           Payment.direction, Payment.status)
    .where(Payment.business_date == _DAY)
    .order_by(Payment.at, Payment.id)
)  # fmt: skip
_DAY_REVERSALS = (
    select(PaymentCancellation.at, PaymentCancellation.number, PaymentCancellation.reason, Payment.number,
           Payment.counterpart_name, Payment.means, Payment.amount, Payment.direction)
    .join(Payment, Payment.id == PaymentCancellation.payment_id)
    .where(PaymentCancellation.business_date == _DAY)
    .order_by(PaymentCancellation.at)
)  # fmt: skip
_CLOSING = select(CashClosing).where(CashClosing.day == _DAY)


def _opening_cash(session: Session, day: date) -> int:
    last = session.scalar(_OPENING, {"day": day})
    return last if last is not None else 0


def day_book(session: Session, day: date) -> DayBook:
    lines: list[DayLine] = []
    for p in session.execute(_DAY_PAYMENTS, {"day": day}):
        amount_in = p.amount if p.direction == "in" else 0
        amount_out = p.amount if p.direction == "out" else 0
        lines.append(
            DayLine(p.at, p.number, p.counterpart_name, p.purpose, p.means, amount_in, amount_out,
                    "annulé" if p.status != "valide" else "")
        )  # fmt: skip
    for c_at, c_number, c_reason, p_number, p_name, p_means, p_amount, p_direction in session.execute(
        _DAY_REVERSALS, {"day": day}
    ):
        # Money goes back: a cancelled receipt is an outflow on the day of its cancellation.
        lines.append(
            DayLine(c_at, c_number, p_name, f"Annulation de {p_number} : {c_reason}", p_means,
                    p_amount if p_direction == "out" else 0, p_amount if p_direction == "in" else 0, "annulation")
        )  # fmt: skip
    lines.sort(key=lambda line: line.at)
    totals: dict[str, list[int]] = {}
    for line in lines:
        t = totals.setdefault(line.means, [0, 0])
        t[0] += line.cash_in
        t[1] += line.cash_out
    cash_in = totals.get("especes", [0, 0])[0]
    cash_out = totals.get("especes", [0, 0])[1]
    opening = _opening_cash(session, day)
    closing = session.scalar(_CLOSING, {"day": day})
    return DayBook(
        day=day,
        lines=tuple(lines),
        totals_by_means=tuple(
            (m, t[0], t[1]) for m, t in sorted(totals.items(), key=lambda kv: list(MEANS).index(kv[0]))
        ),
        opening_cash=opening,
        cash_in=cash_in,
        cash_out=cash_out,
        theoretical_cash=opening + cash_in - cash_out,
        closing_number=closing.number if closing else None,
        counted_cash=closing.counted_cash if closing else None,
        difference=closing.difference if closing else None,
        reason=closing.reason if closing else "",
        closed_by=closing.user_name if closing else "",
    )


def closing_fields(c: CashClosing) -> dict[str, object]:
    closed_at = c.closed_at if c.closed_at.tzinfo is not None else c.closed_at.replace(tzinfo=UTC)
    return {
        "day": c.day, "number": c.number, "year": c.year, "seq": c.seq, "opening_cash": c.opening_cash,
        "cash_in": c.cash_in, "cash_out": c.cash_out, "theoretical_cash": c.theoretical_cash,
        "counted_cash": c.counted_cash, "difference": c.difference, "reason": c.reason, "totals": c.totals,
        "closed_at": closed_at, "user_name": c.user_name,
    }  # fmt: skip


def close_day(session: Session, day: date, counted_cash: int, reason: str = "") -> str:
    """Clôture journalière: freeze the day; a difference between counted and theoretical needs a reason."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    moment = now(session).astimezone(UTC)
    if day > moment.date():
        raise DomainError("cash.closing_in_future", day=format_date(day))
    ensure_open(session, day)
    existing = session.scalar(select(CashClosing.number).where(CashClosing.day == day))
    if existing:
        raise DomainError("cash.day_already_closed", day=format_date(day), number=existing)
    later = session.scalar(select(CashClosing.day).where(CashClosing.day > day).limit(1))
    if later is not None:
        raise DomainError("cash.closing_order", day=format_date(day), later=format_date(later))
    if isinstance(counted_cash, bool) or not isinstance(counted_cash, int) or counted_cash < 0:
        raise DomainError("money.negative", value=counted_cash)
    book = day_book(session, day)
    difference = counted_cash - book.theoretical_cash
    if difference and not reason.strip():
        raise DomainError("cash.difference_reason", difference=format_money(difference))
    seq, number = numbering.next_number(session, "CLO", day.year)
    totals = {m: {"in": i, "out": o} for m, i, o in book.totals_by_means}
    closing = CashClosing(
        day=day, year=day.year, seq=seq, number=number, opening_cash=book.opening_cash, cash_in=book.cash_in,
        cash_out=book.cash_out, theoretical_cash=book.theoretical_cash, counted_cash=counted_cash,
        difference=difference, reason=reason.strip(), totals=canonical_json(totals), closed_at=moment,
        user_name=actor.full_name, prev_hash=_last_hash(session, CashClosing), hash="",
    )  # fmt: skip
    closing.hash = chain_hash(closing.prev_hash, closing_fields(closing))
    session.add(closing)
    record_event(session, "closure", {"day": day.isoformat(), "number": number, "difference": difference})
    session.flush()
    return number


def closing_totals(c: CashClosing) -> dict[str, dict[str, int]]:
    return json.loads(c.totals)


# --- relevé de compte ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementLine:
    day: date
    reference: str
    label: str
    debit: int  # increases what the party owes
    credit: int
    balance: int


@dataclass(frozen=True)
class Statement:
    party_id: int
    party_name: str
    party_code: str
    party_village: str
    party_phone: str
    credit_limit: int | None
    start: date
    end: date  # exclusive
    opening_balance: int
    lines: tuple[StatementLine, ...]
    closing_balance: int


def _movements(session: Session, party_id: int) -> list[tuple[date, int, str, str, int, int]]:
    """Every movement of a party's account: (day, order, reference, label, debit, credit)."""
    out: list[tuple[date, int, str, str, int, int]] = []
    for d in session.scalars(select(Due).where(Due.party_id == party_id)):
        debit, credit = (d.amount, 0) if d.direction == "receivable" else (0, d.amount)
        out.append((d.issued_on, 0, d.reference, d.label, debit, credit))
        if d.cancelled_at is not None:
            out.append((d.cancelled_at.date(), 2, d.reference, f"Annulation : {d.cancel_reason}", credit, debit))
    for p in session.scalars(select(Payment).where(Payment.party_id == party_id)):
        debit, credit = (0, p.amount) if p.direction == "in" else (p.amount, 0)
        out.append((p.business_date, 1, p.number, f"{MEANS[p.means]} — {p.purpose}", debit, credit))
    cancels = session.execute(
        select(PaymentCancellation, Payment)
        .join(Payment, Payment.id == PaymentCancellation.payment_id)
        .where(Payment.party_id == party_id)
    )
    for c, p in cancels:
        debit, credit = (p.amount, 0) if p.direction == "in" else (0, p.amount)
        out.append((c.business_date, 2, c.number, f"Annulation de {p.number}", debit, credit))
    out.sort(key=lambda m: (m[0], m[1], m[2]))
    return out


def statement(session: Session, party_id: int, start: date, end: date) -> Statement:
    party = session.get(Party, party_id)
    if party is None:
        raise DomainError("not_found", entity="Tiers", key=party_id)
    opening = 0
    lines: list[StatementLine] = []
    balance = 0
    for day, _order, ref, label, debit, credit in _movements(session, party_id):
        if day < start:
            opening += debit - credit
            balance = opening
            continue
        if day >= end:
            break
        balance += debit - credit
        lines.append(StatementLine(day, ref, label, debit, credit, balance))
    return Statement(
        party.id, party.name, party.code, party.village, party.phone, party.credit_limit, start, end, opening,
        tuple(lines), balance if lines else opening,
    )  # fmt: skip
