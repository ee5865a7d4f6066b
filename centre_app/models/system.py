"""System tables: users, settings, numbering series, event journal, audit log, country profiles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from centre_app.models.base import Base, MoneyType, UTCDateTime


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(300))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Setting(Base):
    """One key per setting, value as canonical JSON text (centre identity, country, options)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(20000))


class CountryProfile(Base):
    __tablename__ = "country_profiles"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    currency: Mapped[str] = mapped_column(String(3))
    locale: Mapped[str] = mapped_column(String(10))
    chart: Mapped[str] = mapped_column(String(20))
    mobile_money_operators: Mapped[str] = mapped_column(String(1000))  # "|"-separated
    cash_ceiling: Mapped[int | None] = mapped_column(MoneyType, nullable=True)
    certified_invoice_system: Mapped[str] = mapped_column(String(300), default="")


class AccountMapping(Base):
    """Business event → debit/credit accounts, per chart (SYSCOHADA, CGNC). Editable."""

    __tablename__ = "account_mappings"
    __table_args__ = (UniqueConstraint("chart", "event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chart: Mapped[str] = mapped_column(String(20))
    event: Mapped[str] = mapped_column(String(200))
    debit: Mapped[str] = mapped_column(String(200))
    credit: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(String(500), default="")


class NumberSeries(Base):
    """Last number given per document type and year; bumped inside the validating transaction."""

    __tablename__ = "number_series"

    doc_type: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class EventEntry(Base):
    """Technical event journal (login, closure, export, backup, cancellation, settings, defects).

    Hash-chained and append-only (triggers).
    """

    __tablename__ = "event_journal"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(20000))  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditEntry(Base):
    """Who changed what, when, with the values before and after. Append-only (triggers)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(16))  # insert / update / delete
    entity: Mapped[str] = mapped_column(String(64), index=True)
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[str | None] = mapped_column(String(20000), nullable=True)
    after: Mapped[str | None] = mapped_column(String(20000), nullable=True)
