"""Month locks (PRODUCT.md §9): once a month is exported to the accounting it can be locked, and then no
document may be dated in it; a manager unlocks it with a reason. Both are kept forever (append-only table)
and journaled.

Every service that creates or cancels a document calls :func:`ensure_open` with the date the document (or
its counter-document) takes, before numbering it. A lock keeps the digest and totals of the month's entries,
so :func:`verify_lock` can prove that the month regenerates identically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Date, bindparam, select
from sqlalchemy.orm import Session

from centre_app.domain.accounting import of_month
from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date, format_month
from centre_app.domain.periods import Period
from centre_app.domain.permissions import Action
from centre_app.domain.text import tidy
from centre_app.models.accounting import PeriodLock
from centre_app.services.context import now, require
from centre_app.services.events import record_event
from centre_app.services.session_cache import cached

_LAST = (
    select(PeriodLock.action, PeriodLock.at)
    .where(PeriodLock.month == bindparam("m", type_=Date))
    .order_by(PeriodLock.id.desc())
    .limit(1)
)
_LOCKS = (PeriodLock.__tablename__,)


@dataclass(frozen=True)
class LockRow:
    month: date
    action: str  # lock / unlock
    action_label: str
    at: datetime
    user_name: str
    reason: str
    digest: str
    totals: dict[str, list[int]]  # journal code → [entries, debit]


def _period(month: Period | str) -> Period:
    period = Period.parse_month(month) if isinstance(month, str) else month
    if not period.is_month:
        raise DomainError("period.invalid_month", value=str(month))
    return period


def _month(day: date) -> str:
    return of_month(format_month(day))


def lock_state(session: Session, day: date) -> datetime | None:
    """When the month of ``day`` was locked, or ``None`` when it is open."""
    month = day.replace(day=1)
    return cached(session, _LOCKS, ("lock", month), lambda: _lock_state(session, month))


def _lock_state(session: Session, month: date) -> datetime | None:
    row = session.execute(_LAST, {"m": month}).first()
    return row[1] if row is not None and row[0] == "lock" else None


def is_locked(session: Session, month: Period | str) -> bool:
    return lock_state(session, _period(month).start) is not None


def ensure_open(session: Session, day: date) -> None:
    """Refuse, naming the month, a document dated (or cancelled) in a locked month."""
    locked_at = lock_state(session, day)
    if locked_at is not None:
        raise DomainError("period.locked", month=_month(day), date=format_date(locked_at.date()))


def lock_month(session: Session, month: Period | str) -> LockRow:
    """Lock a finished month (exports, monthly pack: ``Action.EXPORT``), keeping its entries' digest."""
    from centre_app.services import accounting

    actor = require(session, Action.EXPORT)
    period = _period(month)
    today = now(session).astimezone(UTC).date()
    if period.end > today:
        raise DomainError("period.not_finished", month=_month(period.start), date=format_date(period.end))
    if lock_state(session, period.start) is not None:
        raise DomainError("period.already_locked", month=_month(period.start))
    m = accounting.month_entries(session, period)
    totals = {j.code: [j.entries, j.debit] for j in m.journals}
    row = PeriodLock(
        month=period.start, action="lock", at=now(session).astimezone(UTC), user_name=actor.full_name, reason="",
        digest=m.digest, totals=json.dumps(totals, sort_keys=True),
    )  # fmt: skip
    session.add(row)
    session.flush()
    record_event(
        session, "period.lock", {"month": f"{period.start:%Y-%m}", "digest": m.digest, "entries": len(m.entries)}
    )
    return _row(row)


def unlock_month(session: Session, month: Period | str, reason: str) -> LockRow:
    """A manager (or the administrator) unlocks a month, with a reason. Journaled."""
    require(session, Action.EXPORT)
    actor = require(session, Action.CANCEL_DOCUMENT)
    period = _period(month)
    text = tidy(reason)
    if lock_state(session, period.start) is None:
        raise DomainError("period.not_locked", month=_month(period.start))
    if not text:
        raise DomainError("period.reason_required")
    row = PeriodLock(
        month=period.start, action="unlock", at=now(session).astimezone(UTC), user_name=actor.full_name, reason=text,
        digest="", totals="",
    )  # fmt: skip
    session.add(row)
    session.flush()
    record_event(session, "period.unlock", {"month": f"{period.start:%Y-%m}", "reason": text})
    return _row(row)


def _row(r: PeriodLock) -> LockRow:
    return LockRow(
        r.month, r.action, "Verrouillage" if r.action == "lock" else "Déverrouillage", r.at, r.user_name, r.reason,
        r.digest, json.loads(r.totals) if r.totals else {},
    )  # fmt: skip


def lock_history(session: Session, month: Period | str | None = None) -> list[LockRow]:
    """Every lock and unlock (one month, or all), newest first."""
    require(session, Action.READ)
    stmt = select(PeriodLock).order_by(PeriodLock.id.desc())
    if month is not None:
        stmt = stmt.where(PeriodLock.month == _period(month).start)
    return [_row(r) for r in session.scalars(stmt)]


def locked_months(session: Session) -> list[date]:
    """First days of the months locked now, oldest first."""
    months = sorted(set(session.scalars(select(PeriodLock.month))))
    return [m for m in months if lock_state(session, m) is not None]


def verify_lock(session: Session, month: Period | str) -> bool:
    """Whether the month's entries regenerate exactly as they were when it was (last) locked."""
    from centre_app.services import accounting

    period = _period(month)
    last = session.scalar(
        select(PeriodLock.digest)
        .where(PeriodLock.month == period.start, PeriodLock.action == "lock")
        .order_by(PeriodLock.id.desc())
        .limit(1)
    )
    if last is None:
        raise DomainError("period.not_locked", month=_month(period.start))
    return accounting.month_entries(session, period).digest == last
