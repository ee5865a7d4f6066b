"""Accounting exports: the editable account mapping (operation key → account, per chart) and the month
locks (append-only history of locks and unlocks; the last row of a month says whether it is locked)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from centre_app.models.base import Base, UTCDateTime


class LedgerAccount(Base):
    """An operation key of a chart (« clients », « journal.VT »…) and the account or journal code it books on."""

    __tablename__ = "ledger_accounts"
    __table_args__ = (UniqueConstraint("chart", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chart: Mapped[str] = mapped_column(String(20))  # SYSCOHADA / CGNC
    key: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(10))  # compte / journal
    number: Mapped[str] = mapped_column(String(20))  # account number, or journal code
    label: Mapped[str] = mapped_column(String(200))


class PeriodLock(Base):
    """A month locked (exported to the accounting) or unlocked by a manager with a reason. Append-only.

    A lock keeps the SHA-256 digest and totals of the month's entries at that moment: the month can be
    regenerated and compared, proving that nothing dated in it has moved since.
    """

    __tablename__ = "period_locks"
    __table_args__ = (Index("ix_period_locks_month", "month", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date)  # first day of the month
    action: Mapped[str] = mapped_column(String(10))  # lock / unlock
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_name: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(500), default="")
    digest: Mapped[str] = mapped_column(String(64), default="")
    totals: Mapped[str] = mapped_column(String(2000), default="")  # canonical JSON: journal → [entries, debit]
