"""Livestock sales contracts (CBV): header, animal lines, débours, tracked documents, cancellations (ACB) and
the centre's own livestock stock (achat-revente). Frozen by triggers once concluded (migration 0004)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from centre_app.models import audit_hook
from centre_app.models.base import Base, MilliQuantity, MoneyType, UTCDateTime


class LivestockContract(Base):
    """Contrat de vente de bétail. A draft is free; conclusion numbers, hashes and freezes it.

    The figures (heads … buyer_total) are computed by ``domain.livestock.compute`` and stored frozen; the
    commission rule is copied so that a later change of the rule does not move a concluded contract.
    """

    __tablename__ = "livestock_contracts"
    __table_args__ = (
        UniqueConstraint("year", "seq"),
        Index("ix_livestock_contracts_seller", "seller_id"),
        Index("ix_livestock_contracts_buyer", "buyer_id"),
        Index("ix_livestock_contracts_date", "contract_date"),
        Index("ix_livestock_contracts_status", "status"),
        Index("ix_livestock_contracts_status_date", "status", "contract_date"),  # a month's concluded (0007)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    number: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    contract_type: Mapped[str] = mapped_column(String(16))  # domain.livestock.CONTRACT_TYPES
    contract_date: Mapped[date] = mapped_column(Date)
    market_id: Mapped[int | None] = mapped_column(ForeignKey("markets.id"), nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    seller_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    destination_country: Mapped[str] = mapped_column(String(60), default="")
    guarantor_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), nullable=True)
    guarantor_name: Mapped[str] = mapped_column(String(200), default="")
    guarantor_quality: Mapped[str] = mapped_column(String(10), default="")  # garant / temoin
    agent_name: Mapped[str] = mapped_column(String(200))
    payment_terms: Mapped[str] = mapped_column(String(16))  # comptant / acompte_solde
    deposit: Mapped[int] = mapped_column(MoneyType, default=0)
    balance_due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    explained_language: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(String(500), default="")
    # The commission rule as applied (copied).
    commission_rule_id: Mapped[int | None] = mapped_column(ForeignKey("commission_rules.id"), nullable=True)
    commission_name: Mapped[str] = mapped_column(String(100), default="")
    commission_kind: Mapped[str] = mapped_column(String(20), default="")
    commission_payer: Mapped[str] = mapped_column(String(20), default="")
    commission_rate_bp: Mapped[int] = mapped_column(Integer, default=0)
    commission_unit_amount: Mapped[int] = mapped_column(MoneyType, default=0)
    commission_species: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # Figures (domain.livestock.Figures).
    heads: Mapped[int] = mapped_column(Integer, default=0)
    gross: Mapped[int] = mapped_column(MoneyType, default=0)
    cost: Mapped[int] = mapped_column(MoneyType, default=0)
    commission: Mapped[int] = mapped_column(MoneyType, default=0)
    commission_seller: Mapped[int] = mapped_column(MoneyType, default=0)
    commission_buyer: Mapped[int] = mapped_column(MoneyType, default=0)
    fees: Mapped[int] = mapped_column(MoneyType, default=0)
    fees_seller: Mapped[int] = mapped_column(MoneyType, default=0)
    fees_buyer: Mapped[int] = mapped_column(MoneyType, default=0)
    net_to_seller: Mapped[int] = mapped_column(MoneyType, default=0)
    buyer_total: Mapped[int] = mapped_column(MoneyType, default=0)
    buyer_due_id: Mapped[int | None] = mapped_column(ForeignKey("dues.id"), nullable=True)
    seller_due_id: Mapped[int | None] = mapped_column(ForeignKey("dues.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    concluded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    concluded_by: Mapped[str] = mapped_column(String(200), default="")
    chain_pos: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)  # order of conclusion
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Mutable after conclusion (not hashed), each set once: workflow state, delivery, cancellation.
    status: Mapped[str] = mapped_column(String(12), default="brouillon")
    delivered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    delivered_by: Mapped[str] = mapped_column(String(200), default="")
    delivery_override: Mapped[str] = mapped_column(String(500), default="")  # manager's reason (expired paper)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled_by: Mapped[str] = mapped_column(String(200), default="")
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")


class LivestockContractLine(Base):
    """One animal or a homogeneous lot."""

    __tablename__ = "livestock_contract_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("livestock_contracts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    species_code: Mapped[str] = mapped_column(ForeignKey("species.code"))
    category_id: Mapped[int] = mapped_column(ForeignKey("livestock_categories.id"))
    breed_id: Mapped[int | None] = mapped_column(ForeignKey("breeds.id"), nullable=True)
    sex: Mapped[str] = mapped_column(String(1), default="")  # M / F / "" (mixed lot)
    castrated: Mapped[bool] = mapped_column(Boolean, default=False)
    age_years: Mapped[int | None] = mapped_column(Integer, nullable=True)
    dentition: Mapped[str] = mapped_column(String(30), default="")
    coat: Mapped[str] = mapped_column(String(200), default="")  # robe / signalement
    marks: Mapped[str] = mapped_column(String(200), default="")  # marque / boucle
    body_condition: Mapped[str] = mapped_column(String(10), default="")  # maigre / moyen / gras
    estimated_weight: Mapped[int | None] = mapped_column(MilliQuantity, nullable=True)  # per head, grams
    heads: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(MoneyType)
    amount: Mapped[int] = mapped_column(MoneyType)
    unit_cost: Mapped[int] = mapped_column(MoneyType, default=0)  # achat-revente: purchase price per head
    cost_amount: Mapped[int] = mapped_column(MoneyType, default=0)


class LivestockContractFee(Base):
    """A débours and who pays it (a shared one is split by ``domain.livestock.split_share``)."""

    __tablename__ = "livestock_contract_fees"
    __table_args__ = (UniqueConstraint("contract_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("livestock_contracts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # domain.livestock.FEE_KINDS
    amount: Mapped[int] = mapped_column(MoneyType)
    payer: Mapped[str] = mapped_column(String(10))
    seller_share: Mapped[int] = mapped_column(MoneyType)
    buyer_share: Mapped[int] = mapped_column(MoneyType)
    note: Mapped[str] = mapped_column(String(200), default="")


class LivestockDocument(Base):
    """A paper tracked for a contract (certificat sanitaire, laissez-passer…). Free on a draft; chained and
    frozen when its contract is concluded, or when it is added to a concluded contract."""

    __tablename__ = "livestock_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("livestock_contracts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # domain.livestock.DOCUMENT_KINDS
    number: Mapped[str] = mapped_column(String(60))
    issuer: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    added_by: Mapped[str] = mapped_column(String(200))
    chain_pos: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class LivestockCancellation(Base):
    """The counter-document (ACB) of a cancelled contract: its own number, the manager's reason, chained."""

    __tablename__ = "livestock_cancellations"
    __table_args__ = (UniqueConstraint("year", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("livestock_contracts.id"), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    business_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    user_name: Mapped[str] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class LivestockStockMove(Base):
    """The centre's own animals (achat-revente): heads and value at cost in (+) or out (−), chained, never
    changed. Animals on hand = Σ heads; margin of a contract = sale − cost."""

    __tablename__ = "livestock_stock_moves"
    __table_args__ = (Index("ix_livestock_stock_moves_species", "species_code", "business_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("livestock_contracts.id"), index=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("livestock_contract_lines.id"))
    number: Mapped[str] = mapped_column(String(40))  # the contract's (or its cancellation's) number
    kind: Mapped[str] = mapped_column(String(12))  # domain.livestock.STOCK_KINDS
    species_code: Mapped[str] = mapped_column(ForeignKey("species.code"))
    category_id: Mapped[int] = mapped_column(ForeignKey("livestock_categories.id"))
    heads: Mapped[int] = mapped_column(Integer)  # signed
    value: Mapped[int] = mapped_column(MoneyType)  # signed, at cost
    business_date: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_name: Mapped[str] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


# The livestock stock ledger carries its author and is never updated.
audit_hook.NOT_AUDITED.add(LivestockStockMove.__tablename__)
