"""Caisse: dues (what a party owes or is owed), payments in and out with their allocations,
receipt cancellations, reprints and daily cash closings. Validated rows are frozen (triggers)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from centre_app.models.base import Base, MoneyType, UTCDateTime


class Due(Base):
    """An amount a party owes the centre (receivable) or the centre owes a party (payable).

    Opened by a validated document of any module (order, livestock contract, OP schedule line…).
    """

    __tablename__ = "dues"
    __table_args__ = (
        Index("ix_dues_party", "party_id", "direction"),
        Index("ix_dues_source", "source_type", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    direction: Mapped[str] = mapped_column(String(12))  # receivable / payable
    source_type: Mapped[str] = mapped_column(
        String(30)
    )  # manual, order, livestock_buyer, livestock_seller, op_schedule
    source_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reference: Mapped[str] = mapped_column(String(40))  # the document number shown on receipts
    label: Mapped[str] = mapped_column(String(300))
    amount: Mapped[int] = mapped_column(MoneyType)
    issued_on: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")


class Payment(Base):
    """An encaissement (REC) or a décaissement (DEC, BPV). Numbered, chained per type, frozen."""

    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("doc_type", "year", "seq"),
        Index("ix_payments_day", "business_date"),
        Index("ix_payments_party", "party_id"),
        Index("ix_payments_chain", "doc_type", "id"),  # the last of a chain (0007)
        Index(
            "uq_payments_operator_transaction",
            "operator",
            "transaction_id",
            unique=True,
            sqlite_where=text("transaction_id IS NOT NULL AND status = 'valide'"),
            postgresql_where=text("transaction_id IS NOT NULL AND status = 'valide'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(4))  # REC / DEC / BPV
    direction: Mapped[str] = mapped_column(String(4))  # in / out
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    business_date: Mapped[date] = mapped_column(Date)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), nullable=True)
    counterpart_name: Mapped[str] = mapped_column(String(200))  # as printed (party or beneficiary)
    amount: Mapped[int] = mapped_column(MoneyType)
    currency: Mapped[str] = mapped_column(String(3))
    means: Mapped[str] = mapped_column(String(20))
    operator: Mapped[str | None] = mapped_column(String(40), nullable=True)
    payer_number: Mapped[str] = mapped_column(String(40), default="")
    transaction_id: Mapped[str | None] = mapped_column(String(60), nullable=True)
    fees: Mapped[int] = mapped_column(MoneyType, default=0)
    fees_borne_by: Mapped[str] = mapped_column(String(10), default="")  # centre / client
    in_kind: Mapped[str] = mapped_column(String(300), default="")  # nature: what was given, at what agreed value
    purpose: Mapped[str] = mapped_column(String(300))  # « pour … »
    cashier_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    cashier_name: Mapped[str] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # Mutable after validation (not hashed): the workflow status and the reprint counter.
    status: Mapped[str] = mapped_column(String(10), default="valide")  # valide / annule
    reprints: Mapped[int] = mapped_column(Integer, default=0)


class Allocation(Base):
    __tablename__ = "allocations"
    __table_args__ = (UniqueConstraint("payment_id", "due_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    due_id: Mapped[int] = mapped_column(ForeignKey("dues.id"), index=True)
    amount: Mapped[int] = mapped_column(MoneyType)


class PaymentCancellation(Base):
    """The counter-document (ANR) of a cancelled payment: its own number, a reason, chained."""

    __tablename__ = "payment_cancellations"
    __table_args__ = (UniqueConstraint("year", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    business_date: Mapped[date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(String(500))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    user_name: Mapped[str] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Reprint(Base):
    __tablename__ = "reprints"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    copy_number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_name: Mapped[str] = mapped_column(String(200))


class CashClosing(Base):
    """Clôture journalière: theoretical vs counted cash, totals per means; chained and frozen."""

    __tablename__ = "cash_closings"
    __table_args__ = (UniqueConstraint("year", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    opening_cash: Mapped[int] = mapped_column(MoneyType)
    cash_in: Mapped[int] = mapped_column(MoneyType)
    cash_out: Mapped[int] = mapped_column(MoneyType)
    theoretical_cash: Mapped[int] = mapped_column(MoneyType)
    counted_cash: Mapped[int] = mapped_column(MoneyType)
    difference: Mapped[int] = mapped_column(MoneyType)
    reason: Mapped[str] = mapped_column(String(500), default="")
    totals: Mapped[str] = mapped_column(String(4000))  # canonical JSON: means -> {in, out, count}
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_name: Mapped[str] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
