"""Drafts of OP contracts and of their avenants: what the form gives, its checks, create / update / delete.

A draft (brouillon) is free: edited and deleted at will, no number. Anyone who may enter documents
prepares it; a manager signs it (``op_contracts.sign_contract``), which numbers and freezes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.money import check_amount
from centre_app.domain.op_contracts import (
    DISPUTE_FORUMS,
    LIVE_STATES,
    MAX_COPIES,
    MAX_NOTICE_DAYS,
    MIN_COPIES,
    SERVICE_TYPES,
    SIDES,
    STATES,
)
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import check_base, parse_quantity, to_base_milli
from centre_app.domain.text import tidy
from centre_app.models.op_contracts import (
    OpAttachment,
    OpAttachmentBlob,
    OpContract,
    OpIndicator,
    OpObligation,
    OpScheduleLine,
    OpSignatory,
)
from centre_app.models.parties import Membership, Organisation, Party
from centre_app.services.context import now, require
from centre_app.services.op_contract_family import display_number, family, load, today_of
from centre_app.services.op_contract_queries import get_contract
from centre_app.services.op_contract_rows import ContractDoc
from centre_app.services.op_contract_workflow import refuse
from centre_app.services.settings import get_settings


@dataclass(frozen=True)
class SignatoryInput:
    side: str  # centre / op
    name: str
    capacity: str = ""


@dataclass(frozen=True)
class ScheduleInput:
    due_date: date
    amount: int
    label: str = ""


@dataclass(frozen=True)
class ObligationInput:
    side: str  # centre / op
    deliverable: str
    due_date: date | None = None
    quantity: Decimal | int | str | None = None  # in ``unit`` (« 200 » sacs de 50 kg)
    unit: str = ""


@dataclass(frozen=True)
class IndicatorInput:
    name: str
    target: Decimal | int | str
    unit: str = ""


@dataclass(frozen=True)
class ContractDraft:
    """What the contract form provides."""

    op_id: int
    service_type: str
    object: str
    effect_date: date
    end_date: date
    planned_amount: int
    notice_days: int = 30
    tacit_renewal: bool = False
    payment_terms: str = ""
    advance: int = 0
    guarantees: str = ""
    dispute_forum: str = "tribunal"  # tribunal / ccja
    court: str = ""  # default « Tribunal de grande instance de <ville du centre> »
    place: str = ""  # « Fait à … »; the centre's town by default
    copies: int = 2
    note: str = ""
    signatories: tuple[SignatoryInput, ...] = field(default=())
    schedule: tuple[ScheduleInput, ...] = field(default=())
    obligations: tuple[ObligationInput, ...] = field(default=())
    indicators: tuple[IndicatorInput, ...] = field(default=())


@dataclass(frozen=True)
class AmendmentDraft:
    """An avenant: what it changes (new end date, added amount with its schedule, new obligations…)."""

    object: str
    effect_date: date
    end_date: date | None = None  # the contract's new end date; None keeps the current one
    amount: int = 0  # added to the contract's amount (its schedule lines must total it)
    payment_terms: str = ""
    place: str = ""
    copies: int = 2
    note: str = ""
    signatories: tuple[SignatoryInput, ...] = field(default=())
    schedule: tuple[ScheduleInput, ...] = field(default=())
    obligations: tuple[ObligationInput, ...] = field(default=())
    indicators: tuple[IndicatorInput, ...] = field(default=())


def _text(value: str, name: str, max_len: int, *, required: bool = False) -> str:
    text = tidy(value)
    if required and not text:
        raise DomainError("field.required", field=name)
    if len(text) > max_len:
        raise DomainError("field.too_long", field=name, max=max_len)
    return text


def _quantity(value: Decimal | int | str | None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        q = check_base(parse_quantity(value))
    elif isinstance(value, int) and not isinstance(value, bool):
        q = check_base(Decimal(value))
    else:
        q = check_base(value)  # type: ignore[arg-type]  # refuses floats, negatives and anything else
    return to_base_milli(q)


def _check_parts(
    end: date, signatories: tuple[SignatoryInput, ...], schedule: tuple[ScheduleInput, ...],
    obligations: tuple[ObligationInput, ...], indicators: tuple[IndicatorInput, ...],
) -> None:  # fmt: skip
    for s in signatories:
        if s.side not in SIDES:
            raise DomainError("field.invalid", field="Partie signataire", value=s.side)
        _text(s.name, "Nom du signataire", 200, required=True)
        _text(s.capacity, "Qualité du signataire", 200)
    for x in schedule:
        check_amount(x.amount, allow_negative=False)
        if x.amount <= 0:
            raise DomainError("money.not_positive")
        _text(x.label, "Libellé de l'échéance", 200)
    for o in obligations:
        if o.side not in SIDES:
            raise DomainError("field.invalid", field="Responsable de l'obligation", value=o.side)
        _text(o.deliverable, "Livrable", 300, required=True)
        _text(o.unit, "Unité", 60)
        _quantity(o.quantity)
        if o.due_date is not None and o.due_date > end:
            raise DomainError("op_obligation.after_end", deliverable=tidy(o.deliverable))
    for i in indicators:
        _text(i.name, "Indicateur", 200, required=True)
        _text(i.unit, "Unité de l'indicateur", 60)
        if _quantity(i.target) is None:
            raise DomainError("field.required", field=f"Objectif de « {tidy(i.name)} »")


def _replace_parts(
    session: Session, c: OpContract, signatories: tuple[SignatoryInput, ...], schedule: tuple[ScheduleInput, ...],
    obligations: tuple[ObligationInput, ...], indicators: tuple[IndicatorInput, ...],
) -> None:  # fmt: skip
    for model in (OpSignatory, OpScheduleLine, OpObligation, OpIndicator):
        for old in session.scalars(select(model).where(model.contract_id == c.id)):  # type: ignore[attr-defined]
            session.delete(old)
    session.flush()
    session.add_all(
        OpSignatory(contract_id=c.id, position=i, side=s.side, name=tidy(s.name), capacity=tidy(s.capacity))
        for i, s in enumerate(signatories, start=1)
    )
    ordered = sorted(schedule, key=lambda x: x.due_date)
    session.add_all(
        OpScheduleLine(contract_id=c.id, position=i, due_date=x.due_date, amount=x.amount, label=tidy(x.label))
        for i, x in enumerate(ordered, start=1)
    )
    session.add_all(
        OpObligation(
            contract_id=c.id, position=i, side=o.side, deliverable=tidy(o.deliverable),
            quantity=_quantity(o.quantity), unit=tidy(o.unit), due_date=o.due_date, status="a_faire",
            notes="", updated_by="",
        )
        for i, o in enumerate(obligations, start=1)
    )  # fmt: skip
    session.add_all(
        OpIndicator(contract_id=c.id, position=i, name=tidy(x.name), unit=tidy(x.unit),
                    target=_quantity(x.target) or 0)
        for i, x in enumerate(indicators, start=1)
    )  # fmt: skip
    session.flush()


def _apply(session: Session, c: OpContract, d: ContractDraft) -> None:
    org = session.get(Organisation, d.op_id)
    if org is None:
        party = session.get(Party, d.op_id)
        raise DomainError("org.not_an_organisation", name=party.name if party else d.op_id)
    if d.service_type not in SERVICE_TYPES:
        raise DomainError("op_contract.bad_type", value=d.service_type)
    if d.end_date <= d.effect_date:
        raise DomainError("op_contract.end_before_effect")
    if not 0 <= d.notice_days <= MAX_NOTICE_DAYS:
        raise DomainError("op_contract.bad_notice", max=MAX_NOTICE_DAYS)
    check_amount(d.planned_amount, allow_negative=False)
    check_amount(d.advance, allow_negative=False)
    if d.advance > d.planned_amount:
        raise DomainError("op_contract.advance_above_amount")
    if not MIN_COPIES <= d.copies <= MAX_COPIES:
        raise DomainError("op_contract.bad_copies", min=MIN_COPIES, max=MAX_COPIES)
    if d.dispute_forum not in DISPUTE_FORUMS:
        raise DomainError("field.invalid", field="Règlement des litiges", value=d.dispute_forum)
    _check_parts(d.end_date, d.signatories, d.schedule, d.obligations, d.indicators)
    town = get_settings(session).town
    c.op_id, c.service_type = d.op_id, d.service_type
    c.object = _text(d.object, "Objet", 1000, required=True)
    c.effect_date, c.end_date, c.notice_days, c.tacit_renewal = (
        d.effect_date,
        d.end_date,
        d.notice_days,
        d.tacit_renewal,
    )
    c.planned_amount, c.advance = d.planned_amount, d.advance
    c.payment_terms = _text(d.payment_terms, "Modalités de paiement", 1000)
    c.guarantees = _text(d.guarantees, "Garanties", 1000)
    c.dispute_forum = d.dispute_forum
    c.court = _text(d.court, "Juridiction", 200) or (f"Tribunal de grande instance de {town}" if town else "")
    c.place = _text(d.place, "Lieu de signature", 100) or town
    c.copies, c.note = d.copies, _text(d.note, "Note", 1000)
    session.flush()
    _replace_parts(session, c, d.signatories, d.schedule, d.obligations, d.indicators)


def _draft(session: Session, contract_id: int, *, amendment: bool) -> OpContract:
    c = load(session, contract_id)
    if c.status != "brouillon":
        refuse("op_contract.not_draft", number=display_number(c))
    if (c.parent_id is not None) != amendment:
        raise DomainError("op_contract.not_found", number=contract_id)
    return c


def create_contract(session: Session, draft: ContractDraft) -> ContractDoc:
    """Save a draft contract (brouillon)."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    c = OpContract(
        status="brouillon", created_at=now(session), created_by=actor.username, signed_by="", status_reason="",
        due_override="", op_id=draft.op_id, service_type=draft.service_type, object="", effect_date=draft.effect_date,
        end_date=draft.end_date, planned_amount=0,
    )  # fmt: skip
    session.add(c)
    _apply(session, c, draft)
    return get_contract(session, c.id)


def update_contract(session: Session, contract_id: int, draft: ContractDraft) -> ContractDoc:
    require(session, Action.EDIT_DOCUMENTS)
    c = _draft(session, contract_id, amendment=False)
    _apply(session, c, draft)
    return get_contract(session, c.id)


def delete_draft(session: Session, contract_id: int) -> None:
    """A draft (contract or avenant) is deleted outright, with its parts and attachments."""
    require(session, Action.EDIT_DOCUMENTS)
    c = load(session, contract_id)
    if c.status != "brouillon":
        refuse("op_contract.not_draft", number=display_number(c))
    if session.scalar(select(OpContract.id).where(OpContract.parent_id == c.id).limit(1)):
        raise DomainError("op_contract.has_amendments", number=display_number(c))
    _replace_parts(session, c, (), (), (), ())
    for a in list(session.scalars(select(OpAttachment).where(OpAttachment.contract_id == c.id))):
        blob_id = a.blob_id
        session.delete(a)
        session.flush()
        session.execute(delete(OpAttachmentBlob).where(OpAttachmentBlob.id == blob_id))
    session.delete(c)
    session.flush()


def _apply_amendment(session: Session, a: OpContract, parent: OpContract, d: AmendmentDraft) -> None:
    current_end = family(session, parent).end_date()
    end = d.end_date or current_end
    if d.effect_date < parent.effect_date:
        raise DomainError("op_amendment.effect_before_contract", number=display_number(parent))
    if end <= d.effect_date:
        raise DomainError("op_contract.end_before_effect")
    check_amount(d.amount, allow_negative=False)
    if not MIN_COPIES <= d.copies <= MAX_COPIES:
        raise DomainError("op_contract.bad_copies", min=MIN_COPIES, max=MAX_COPIES)
    _check_parts(end, d.signatories, d.schedule, d.obligations, d.indicators)
    a.object = _text(d.object, "Objet de l'avenant", 1000, required=True)
    a.effect_date, a.end_date, a.planned_amount, a.changes_end = d.effect_date, end, d.amount, d.end_date is not None
    a.payment_terms = _text(d.payment_terms, "Modalités de paiement", 1000)
    a.place = _text(d.place, "Lieu de signature", 100) or parent.place
    a.copies, a.note = d.copies, _text(d.note, "Note", 1000)
    session.flush()
    _replace_parts(session, a, d.signatories, d.schedule, d.obligations, d.indicators)


def create_amendment(session: Session, contract_id: int, draft: AmendmentDraft) -> ContractDoc:
    """Prepare an avenant to a signed contract that is still alive (signé, en cours, suspendu or échu)."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    parent = load(session, contract_id)
    if parent.parent_id is not None:
        raise DomainError("op_amendment.of_amendment")
    state = family(session, parent).state(today_of(session))
    if parent.hash is None or state not in LIVE_STATES:
        refuse("op_amendment.parent_not_live", number=display_number(parent), state=STATES[state])
    a = OpContract(
        parent_id=parent.id, status="brouillon", created_at=now(session), created_by=actor.username, signed_by="",
        status_reason="", due_override="", op_id=parent.op_id, service_type=parent.service_type, object="",
        effect_date=draft.effect_date, end_date=parent.end_date, notice_days=parent.notice_days,
        tacit_renewal=parent.tacit_renewal, planned_amount=0, advance=0, guarantees="",
        dispute_forum=parent.dispute_forum, court=parent.court, place=parent.place,
    )  # fmt: skip
    session.add(a)
    _apply_amendment(session, a, parent, draft)
    return get_contract(session, a.id)


def update_amendment(session: Session, amendment_id: int, draft: AmendmentDraft) -> ContractDoc:
    require(session, Action.EDIT_DOCUMENTS)
    a = _draft(session, amendment_id, amendment=True)
    _apply_amendment(session, a, load(session, a.parent_id), draft)  # type: ignore[arg-type]
    return get_contract(session, a.id)


def default_signatories(session: Session, op_id: int) -> tuple[SignatoryInput, ...]:
    """Who usually signs: the centre's first signatory (settings, « Nom, qualité ») and the OP's legal
    representative with the office they hold in its bureau."""
    require(session, Action.READ)
    out: list[SignatoryInput] = []
    centre = get_settings(session).signatories
    if centre:
        name, _, capacity = centre[0].partition(",")
        out.append(SignatoryInput("centre", name.strip(), capacity.strip()))
    org = session.get(Organisation, op_id)
    if org is not None and org.legal_rep_id is not None:
        rep = session.get(Party, org.legal_rep_id)
        office = session.scalar(
            select(Membership.office).where(Membership.organisation_id == op_id, Membership.member_id == rep.id)
        ) if rep else None  # fmt: skip
        if rep is not None:
            out.append(SignatoryInput("op", rep.name, office or "représentant(e) légal(e)"))
    return tuple(out)
