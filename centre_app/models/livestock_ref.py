"""Livestock reference tables: species, categories, breeds, markets, market taxes, commission rules."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from centre_app.models.base import Base, MoneyType


class Species(Base):
    __tablename__ = "species"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class LivestockCategory(Base):
    __tablename__ = "livestock_categories"
    __table_args__ = (UniqueConstraint("species_code", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    species_code: Mapped[str] = mapped_column(ForeignKey("species.code"))
    name: Mapped[str] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Breed(Base):
    __tablename__ = "breeds"
    __table_args__ = (UniqueConstraint("species_code", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    species_code: Mapped[str] = mapped_column(ForeignKey("species.code"))
    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Market(Base):
    __tablename__ = "markets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    commune: Mapped[str] = mapped_column(String(100), default="")
    market_day: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class MarketTax(Base):
    """Taxe de marché per head: market × species, valid from a date."""

    __tablename__ = "market_taxes"
    __table_args__ = (UniqueConstraint("market_id", "species_code", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id"))
    species_code: Mapped[str] = mapped_column(ForeignKey("species.code"))
    amount: Mapped[int] = mapped_column(MoneyType)
    valid_from: Mapped[date] = mapped_column(Date)


class CommissionRule(Base):
    """How the centre's commission is computed: per head (by species), % of price, or flat per lot."""

    __tablename__ = "commission_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # par_tete / pourcentage / forfait_lot
    species_code: Mapped[str | None] = mapped_column(ForeignKey("species.code"), nullable=True)
    amount: Mapped[int] = mapped_column(MoneyType, default=0)  # per head or per lot
    rate_bp: Mapped[int] = mapped_column(Integer, default=0)  # percent in basis points (250 = 2,5 %)
    payer: Mapped[str] = mapped_column(String(20))  # vendeur / acheteur / partage
    valid_from: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
