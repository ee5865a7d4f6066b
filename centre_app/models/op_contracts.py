"""Contracts with producer organisations (COP) and their avenants: signatories, schedule lines (each opens
a due when signed), obligations of each party, performance indicators with quarterly measures, incidents,
attachments (scanned PDF kept in the database), state history, the frozen text of a signed contract and
the versioned clause templates it is written from. Signed rows are frozen by triggers (migration 0005).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from centre_app.models import audit_hook
from centre_app.models.base import Base, MilliQuantity, MoneyType, UTCDateTime


class OpContract(Base):
    """A contract (``parent_id`` None, numbered COP at signing) or an avenant (numbered under its parent).

    Everything but the workflow columns is hashed and frozen once signed.
    """

    __tablename__ = "op_contracts"
    __table_args__ = (
        UniqueConstraint("year", "seq"),
        UniqueConstraint("parent_id", "amendment_no"),
        Index("ix_op_contracts_op", "op_id"),
        Index("ix_op_contracts_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("op_contracts.id"), nullable=True, index=True)
    amendment_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    number: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    service_type: Mapped[str] = mapped_column(String(30))  # domain.op_contracts.SERVICE_TYPES
    op_id: Mapped[int] = mapped_column(ForeignKey("organisations.party_id"))
    object: Mapped[str] = mapped_column(String(1000))
    effect_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)  # an avenant: the contract's end date once it is signed
    changes_end: Mapped[bool] = mapped_column(Boolean, default=False)  # an avenant that sets a new end date
    notice_days: Mapped[int] = mapped_column(Integer, default=30)
    tacit_renewal: Mapped[bool] = mapped_column(Boolean, default=False)
    planned_amount: Mapped[int] = mapped_column(MoneyType)  # an avenant: the amount it adds
    advance: Mapped[int] = mapped_column(MoneyType, default=0)
    payment_terms: Mapped[str] = mapped_column(String(1000), default="")
    guarantees: Mapped[str] = mapped_column(String(1000), default="")
    dispute_forum: Mapped[str] = mapped_column(String(10), default="tribunal")  # tribunal / ccja
    court: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(100), default="")  # « Fait à … »
    copies: Mapped[int] = mapped_column(Integer, default=2)
    note: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    signature_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    signed_by: Mapped[str] = mapped_column(String(200), default="")
    due_override: Mapped[str] = mapped_column(String(300), default="")  # credit limit passed by the manager
    chain_pos: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Mutable after signing (not hashed): the workflow.
    status: Mapped[str] = mapped_column(String(12), default="brouillon")
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    terminated_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status_reason: Mapped[str] = mapped_column(String(500), default="")  # last suspension / termination reason


class OpContractText(Base):
    """The exact text a contract was signed with (canonical JSON of its sections): written once, hashed."""

    __tablename__ = "op_contract_texts"

    contract_id: Mapped[int] = mapped_column(ForeignKey("op_contracts.id"), primary_key=True)
    sections: Mapped[str] = mapped_column(Text)  # [{"code", "heading", "body"}, …]
    template_versions: Mapped[str] = mapped_column(String(2000))  # {"objet": 3, …}


class OpSignatory(Base):
    __tablename__ = "op_signatories"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("op_contracts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(10))  # centre / op
    name: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[str] = mapped_column(String(200))  # « Président », « Gestionnaire »


class OpScheduleLine(Base):
    """A dated payment of the échéancier; the due it opens at signing is settled by receipts."""

    __tablename__ = "op_schedule_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("op_contracts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(MoneyType)
    label: Mapped[str] = mapped_column(String(200), default="")
    due_id: Mapped[int | None] = mapped_column(ForeignKey("dues.id"), nullable=True, index=True)


class OpObligation(Base):
    """What a party undertakes; the definition freezes at signing, the follow-up (status, notes) moves."""

    __tablename__ = "op_obligations"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("op_contracts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(10))  # centre / op
    deliverable: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int | None] = mapped_column(MilliQuantity, nullable=True)  # thousandths of ``unit``
    unit: Mapped[str] = mapped_column(String(60), default="")
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(10), default="a_faire")  # a_faire / fait (en retard: computed)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(String(2000), default="")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_by: Mapped[str] = mapped_column(String(200), default="")


class OpIndicator(Base):
    __tablename__ = "op_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("op_contracts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(60), default="")
    target: Mapped[int] = mapped_column(MilliQuantity)  # thousandths


class OpIndicatorMeasure(Base):
    """A measured value for a quarter (append-only: a correction is a later measure of the same quarter)."""

    __tablename__ = "op_indicator_measures"
    __table_args__ = (Index("ix_op_indicator_measures_quarter", "indicator_id", "year", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("op_indicators.id"))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(MilliQuantity)
    note: Mapped[str] = mapped_column(String(500), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(200))


class OpIncident(Base):
    """The incidents log of a contract (append-only)."""

    __tablename__ = "op_incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("op_contracts.id"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))  # domain.op_contracts.INCIDENT_KINDS
    description: Mapped[str] = mapped_column(String(2000))
    action_taken: Mapped[str] = mapped_column(String(2000), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(200))


class OpTransition(Base):
    """The state history of a contract (append-only; each is also in the event journal)."""

    __tablename__ = "op_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("op_contracts.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    from_state: Mapped[str] = mapped_column(String(12))
    to_state: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(500), default="")
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)  # moved by the dates or the payments
    user_name: Mapped[str] = mapped_column(String(200))


class OpAttachment(Base):
    """A scanned PDF joined to a contract; its bytes are in :class:`OpAttachmentBlob` (backed up with the base)."""

    __tablename__ = "op_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("op_contracts.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    blob_id: Mapped[int] = mapped_column(ForeignKey("op_attachment_blobs.id"), unique=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    added_by: Mapped[str] = mapped_column(String(200))


class OpAttachmentBlob(Base):
    __tablename__ = "op_attachment_blobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class OpClauseTemplate(Base):
    """One version of a clause template (append-only: an edit adds the next version)."""

    __tablename__ = "op_clause_templates"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))  # contrat / avenant
    version: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(200))


# The scanned bytes are not copied into the audit log (the attachment row, with its SHA-256, is).
audit_hook.NOT_AUDITED.add(OpAttachmentBlob.__tablename__)
