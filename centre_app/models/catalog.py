"""Products with packaging units, price lists with validity dates, magasins."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from centre_app.models.base import Base, MilliQuantity, MoneyType


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    category: Mapped[str] = mapped_column(String(20))  # cereale / aliment / intrant
    name: Mapped[str] = mapped_column(String(200))
    base_unit: Mapped[str] = mapped_column(String(20))  # code, e.g. kg
    base_unit_name: Mapped[str] = mapped_column(String(40))
    base_unit_plural: Mapped[str] = mapped_column(String(40))
    alert_threshold: Mapped[int] = mapped_column(MilliQuantity, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    units: Mapped[list[PackagingUnit]] = relationship(
        back_populates="product", cascade="all, delete-orphan", lazy="selectin", order_by="PackagingUnit.id"
    )


class PackagingUnit(Base):
    __tablename__ = "packaging_units"
    __table_args__ = (UniqueConstraint("product_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(40))
    plural: Mapped[str] = mapped_column(String(40))
    factor: Mapped[int] = mapped_column(MilliQuantity)  # base units per packaging unit, in thousandths
    calibrated_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # local measures

    product: Mapped[Product] = relationship(back_populates="units")


class PriceList(Base):
    __tablename__ = "price_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # normal / social
    eligibility: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Price(Base):
    """Price of one packaging unit (or base unit) of a product in a list, valid from a date."""

    __tablename__ = "prices"
    __table_args__ = (
        UniqueConstraint("price_list_id", "product_id", "unit", "valid_from"),
        Index("ix_prices_lookup", "price_list_id", "product_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    price_list_id: Mapped[int] = mapped_column(ForeignKey("price_lists.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    unit: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(MoneyType)
    valid_from: Mapped[date] = mapped_column(Date)


class Warehouse(Base):
    __tablename__ = "warehouses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # centre / banque_cereales
    village: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
