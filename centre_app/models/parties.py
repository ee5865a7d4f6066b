"""Tiers (people and organisations with roles) and producer organisations (OP)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from centre_app.models.base import Base, MoneyType, UTCDateTime


class Party(Base):
    __tablename__ = "parties"
    __table_args__ = (
        UniqueConstraint("id_type", "id_number"),
        Index("ix_parties_name", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # personne / organisation
    name: Mapped[str] = mapped_column(String(200))
    sex: Mapped[str | None] = mapped_column(String(1), nullable=True)  # F / M (persons)
    village: Mapped[str] = mapped_column(String(100), default="")
    commune: Mapped[str] = mapped_column(String(100), default="")
    province: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    phone2: Mapped[str] = mapped_column(String(40), default="")
    id_type: Mapped[str | None] = mapped_column(String(20), nullable=True)
    id_number: Mapped[str | None] = mapped_column(String(40), nullable=True)
    tax_id: Mapped[str] = mapped_column(String(40), default="")  # IFU / NIF
    rccm: Mapped[str] = mapped_column(String(60), default="")
    trader_card: Mapped[str] = mapped_column(String(60), default="")
    credit_limit: Mapped[int | None] = mapped_column(MoneyType, nullable=True)
    notes: Mapped[str] = mapped_column(String(2000), default="")
    search_text: Mapped[str] = mapped_column(String(600), default="")  # accent-free key for search
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    roles: Mapped[list[PartyRole]] = relationship(back_populates="party", cascade="all, delete-orphan", lazy="selectin")


class PartyRole(Base):
    __tablename__ = "party_roles"

    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)

    party: Mapped[Party] = relationship(back_populates="roles")


class Organisation(Base):
    """An OP: a party of kind organisation with its legal facts and its place in the nesting."""

    __tablename__ = "organisations"

    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), primary_key=True)
    legal_form: Mapped[str] = mapped_column(String(20))
    registration_number: Mapped[str] = mapped_column(String(60), default="")
    founded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    seat: Mapped[str] = mapped_column(String(200), default="")
    legal_rep_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), nullable=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.party_id"), nullable=True, index=True)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("organisation_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.party_id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    joined_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    office: Mapped[str] = mapped_column(String(60), default="")  # fonction au bureau, "" = simple membre
