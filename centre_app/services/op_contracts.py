"""Signing, suspending, resuming and terminating OP contracts (a manager's acts), and signing avenants.

Signing a contract checks it is complete, gives it its COP number (an avenant: « COP-2026-0003/A1 »,
numbered under its contract), opens one receivable due per schedule line (the caisse settles them with
receipts), freezes its text from the current clause templates, chains and hashes it; the triggers of
migration 0005 then keep it as signed. Drafts are in ``op_contract_drafts``; reading in
``op_contract_queries``; the follow-up (obligations, measures, incidents, attachments) in ``op_contract_follow``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date, format_money
from centre_app.domain.integrity import chain_hash
from centre_app.domain.op_contracts import LIVE_STATES, SIDES, STATES, amendment_number
from centre_app.domain.permissions import Action
from centre_app.domain.text import tidy
from centre_app.models.op_contracts import OpContract, OpScheduleLine, OpSignatory
from centre_app.models.parties import Party
from centre_app.services import dues, numbering, periods
from centre_app.services.context import require
from centre_app.services.op_clauses import freeze_text
from centre_app.services.op_contract_family import display_number, family, load
from centre_app.services.op_contract_queries import get_contract
from centre_app.services.op_contract_rows import ContractDoc
from centre_app.services.op_contract_workflow import (
    contract_fields,
    contract_parts,
    moment_and_day,
    move,
    parts_of,
    refresh_family,
    refuse,
)
from centre_app.services.stock import last_hash, last_hash_query

_LAST = last_hash_query(OpContract.hash, OpContract.hash.is_not(None), OpContract.chain_pos)
_MAX_CHAIN = select(func.max(OpContract.chain_pos))


def _check_signable(session: Session, c: OpContract, day: date) -> list[OpScheduleLine]:
    number = display_number(c)
    sides = set(session.scalars(select(OpSignatory.side).where(OpSignatory.contract_id == c.id)))
    for side, label in SIDES.items():
        if side not in sides:
            raise DomainError("op_contract.signatory_missing", side=label, number=number)
    lines = list(
        session.scalars(
            select(OpScheduleLine).where(OpScheduleLine.contract_id == c.id).order_by(OpScheduleLine.position)
        )
    )
    total = sum(x.amount for x in lines)
    if total != c.planned_amount:
        raise DomainError(
            "op_contract.schedule_total", total=format_money(total), amount=format_money(c.planned_amount),
            number=number,
        )  # fmt: skip
    party = session.get(Party, c.op_id)
    if party is None or not party.active:
        raise DomainError("op_contract.op_inactive", name=party.name if party else c.op_id)
    if c.end_date <= c.effect_date:
        raise DomainError("op_contract.end_before_effect")
    if c.parent_id is not None:
        parent = load(session, c.parent_id)
        if parent.signature_date and day < parent.signature_date:
            raise DomainError("op_contract.signature_before", date=format_date(parent.signature_date), number=number)
    return lines


def sign_contract(
    session: Session, contract_id: int, *, signature_date: date | None = None, override_reason: str = ""
) -> ContractDoc:
    """A manager signs a draft contract or avenant: number, dues per schedule line, frozen text, chain.

    ``signature_date`` is the day written on the contract (today by default, never in the future);
    ``override_reason`` lets the manager pass the OP's credit limit when the schedule exceeds it.
    """
    actor = require(session, Action.MANAGE_CONTRACTS_AND_PRICES)
    c = load(session, contract_id)
    if c.status != "brouillon":
        refuse("op_contract.not_draft", number=display_number(c))
    moment, today = moment_and_day(session)
    day = signature_date or today
    if day > today:
        raise DomainError("op_contract.signature_in_future", date=format_date(day))
    periods.ensure_open(session, day)
    lines = _check_signable(session, c, day)
    parent = None
    if c.parent_id is not None:
        parent = load(session, c.parent_id)
        f = family(session, parent)
        if parent.hash is None or f.state(today) not in LIVE_STATES:
            refuse("op_amendment.parent_not_live", number=display_number(parent), state=STATES[f.state(today)])
        c.amendment_no = len(f.signed_amendments) + 1
        if not c.changes_end:  # the end in force when it is signed, not when it was drafted
            c.end_date = f.end_date()
        c.number = amendment_number(parent.number or "", c.amendment_no)
    else:
        c.year = day.year
        c.seq, c.number = numbering.next_number(session, "COP", day.year)
    c.signature_date, c.signed_at, c.signed_by = day, moment, actor.full_name
    c.due_override = tidy(override_reason)
    for i, x in enumerate(lines, start=1):
        label = f"Contrat {c.number}, échéance {i}/{len(lines)}" + (f" : {x.label}" if x.label else "")
        x.due_id = dues.open_due(
            session, party_id=c.op_id, direction="receivable", source_type="op_schedule", source_id=x.id,
            reference=c.number, label=label[:300], amount=x.amount, issued_on=day, due_date=x.due_date,
            override_reason=c.due_override,
        )  # fmt: skip
    session.flush()
    freeze_text(session, c)
    # The parts freeze as soon as the contract carries its hash: everything above is flushed first.
    c.chain_pos = (session.scalar(_MAX_CHAIN) or 0) + 1
    c.prev_hash = last_hash(session, _LAST)
    c.hash = chain_hash(c.prev_hash, contract_fields(c, parts_of(contract_parts(session, c.id), c.id)))
    session.flush()
    move(session, c, "signe", reason=f"Signé le {format_date(day)}")
    refresh_family(session, family(session, parent or c), today)
    return get_contract(session, c.id)


def _parent_contract(session: Session, contract_id: int) -> OpContract:
    c = load(session, contract_id)
    if c.parent_id is not None:
        refuse("op_contract.amendment_no_workflow", number=display_number(c))
    return c


def _reason(reason: str, what: str) -> str:
    text = tidy(reason)
    if not text:
        raise DomainError("op_contract.reason_required", what=what)
    if len(text) > 500:
        raise DomainError("field.too_long", field="Motif", max=500)
    return text


def _up_to_date(session: Session, c: OpContract) -> date:
    """Store the state of today first, so that a manager's move starts from the real state."""
    _moment, today = moment_and_day(session)
    refresh_family(session, family(session, c), today)
    return today


def suspend_contract(session: Session, contract_id: int, reason: str) -> ContractDoc:
    """A manager suspends a contract in progress (force majeure, serious breach…), with a reason."""
    require(session, Action.MANAGE_CONTRACTS_AND_PRICES)
    c = _parent_contract(session, contract_id)
    text = _reason(reason, "la suspension")
    _up_to_date(session, c)
    move(session, c, "suspendu", reason=text)
    c.status_reason = text
    return get_contract(session, c.id)


def resume_contract(session: Session, contract_id: int, reason: str = "") -> ContractDoc:
    """A manager resumes a suspended contract; it then takes the state its dates and payments give."""
    require(session, Action.MANAGE_CONTRACTS_AND_PRICES)
    c = _parent_contract(session, contract_id)
    move(session, c, "en_cours", reason=tidy(reason) or "Reprise de l'exécution")
    c.status_reason = ""
    _up_to_date(session, c)
    return get_contract(session, c.id)


def terminate_contract(
    session: Session, contract_id: int, reason: str, *, terminated_on: date | None = None
) -> ContractDoc:
    """A manager terminates (résilie) a signed contract, with a reason. Schedule lines falling after the
    termination date and not paid at all are cancelled (their dues with them); what fell due before stays owed."""
    require(session, Action.MANAGE_CONTRACTS_AND_PRICES)
    c = _parent_contract(session, contract_id)
    text = _reason(reason, "la résiliation")
    today = _up_to_date(session, c)
    day = terminated_on or today
    if day > today:
        raise DomainError("op_contract.termination_in_future", date=format_date(day))
    if c.signature_date and day < c.signature_date:
        raise DomainError("op_contract.termination_before_signature", date=format_date(c.signature_date))
    periods.ensure_open(session, day)
    move(session, c, "resilie", reason=text)
    c.terminated_on, c.status_reason = day, text
    f = family(session, c)
    for x in f.lines:
        if x.due_id and x.due_date > day and f.line_paid(x) == 0 and x.due_id not in f.cancelled:
            dues.cancel_due(session, x.due_id, f"Contrat {c.number} résilié le {format_date(day)} : {text}")
    session.flush()
    return get_contract(session, c.id)
