"""Following a signed OP contract: obligations done (or reopened) with notes, quarterly measures of the
indicators, the incidents log, and attachments (scanned PDF kept in the database, so backed up with it).

An obligation's definition is frozen with the contract; its follow-up (status, date done, notes) is not.
Measures and incidents are append-only: a correction is a later measure of the same quarter.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from centre_app.domain.backups import format_size
from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date
from centre_app.domain.op_contracts import INCIDENT_KINDS, LIVE_STATES, STATES, quarter_bounds, quarter_label
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import check_base, parse_quantity, to_base_milli
from centre_app.domain.text import tidy
from centre_app.models.op_contracts import (
    OpAttachment,
    OpAttachmentBlob,
    OpContract,
    OpIncident,
    OpIndicator,
    OpIndicatorMeasure,
    OpObligation,
)
from centre_app.services.context import now, require
from centre_app.services.events import record_event
from centre_app.services.op_contract_family import display_number, family, load, today_of
from centre_app.services.op_contract_queries import get_contract, indicator_rows
from centre_app.services.op_contract_rows import AttachmentRow, ContractDoc, IndicatorRow
from centre_app.services.op_contract_workflow import refresh_family, refuse

MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024  # a scanned contract of a few pages; the database is backed up whole


def _followed(session: Session, contract_id: int) -> tuple[OpContract, OpContract]:
    """(contract or avenant, its contract): signed, and the contract still alive."""
    c = load(session, contract_id)
    parent = load(session, c.parent_id) if c.parent_id is not None else c
    state = family(session, parent).state(today_of(session))
    if c.hash is None or state not in LIVE_STATES:
        refuse("op_contract.not_followed", number=display_number(parent), state=STATES[state])
    return c, parent


def _obligation(session: Session, obligation_id: int) -> tuple[OpObligation, OpContract]:
    o = session.get(OpObligation, obligation_id)
    if o is None:
        raise DomainError("not_found", entity="Obligation", key=obligation_id)
    return o, _followed(session, o.contract_id)[1]


def _notes(o: OpObligation, note: str, who: str, day: date) -> None:
    text = tidy(note)
    if text:
        line = f"{format_date(day)} – {who} : {text}"
        o.notes = f"{o.notes}\n{line}".strip() if o.notes else line
        if len(o.notes) > 2000:
            raise DomainError("field.too_long", field="Notes", max=2000)


def set_obligation_done(
    session: Session, obligation_id: int, *, done_on: date | None = None, note: str = ""
) -> ContractDoc:
    """Mark an obligation « fait » on ``done_on`` (today by default, never in the future), with a note."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    o, parent = _obligation(session, obligation_id)
    today = today_of(session)
    day = done_on or today
    if day > today:
        raise DomainError("op_obligation.done_in_future", date=format_date(day))
    if o.status == "fait":
        raise DomainError("op_obligation.already_done", deliverable=o.deliverable, date=format_date(o.done_on or day))
    o.status, o.done_on, o.updated_at, o.updated_by = "fait", day, now(session), actor.full_name
    _notes(o, note, actor.full_name, today)
    session.flush()
    record_event(session, "op_contract.obligation", {"contract": display_number(parent), "obligation": o.id,
                                                     "status": "fait", "on": day.isoformat()})  # fmt: skip
    refresh_family(session, family(session, parent), today)
    return get_contract(session, parent.id)


def reopen_obligation(session: Session, obligation_id: int, reason: str) -> ContractDoc:
    """A manager sets an obligation back to « à faire » (marked done by mistake), with a reason kept in its notes."""
    actor = require(session, Action.MANAGE_CONTRACTS_AND_PRICES)
    o, parent = _obligation(session, obligation_id)
    if not tidy(reason):
        raise DomainError("op_contract.reason_required", what="la réouverture de l'obligation")
    if o.status != "fait":
        raise DomainError("op_obligation.not_done", deliverable=o.deliverable)
    o.status, o.done_on, o.updated_at, o.updated_by = "a_faire", None, now(session), actor.full_name
    _notes(o, f"rouverte : {reason}", actor.full_name, today_of(session))
    session.flush()
    record_event(session, "op_contract.obligation", {"contract": display_number(parent), "obligation": o.id,
                                                     "status": "a_faire", "reason": tidy(reason)})  # fmt: skip
    return get_contract(session, parent.id)


def add_obligation_note(session: Session, obligation_id: int, note: str) -> ContractDoc:
    actor = require(session, Action.EDIT_DOCUMENTS)
    o, parent = _obligation(session, obligation_id)
    if not tidy(note):
        raise DomainError("field.required", field="Note")
    _notes(o, note, actor.full_name, today_of(session))
    o.updated_at, o.updated_by = now(session), actor.full_name
    session.flush()
    return get_contract(session, parent.id)


def record_measure(
    session: Session, indicator_id: int, year: int, quarter: int, value: Decimal | int | str, note: str = ""
) -> IndicatorRow:
    """The value measured for an indicator over a quarter (a new entry for the same quarter corrects it);
    returns the indicator with its measures."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    i = session.get(OpIndicator, indicator_id)
    if i is None:
        raise DomainError("not_found", entity="Indicateur", key=indicator_id)
    _c, parent = _followed(session, i.contract_id)
    start, end = quarter_bounds(year, quarter)
    today = today_of(session)
    if start > today:
        raise DomainError("op_indicator.future_quarter", quarter=quarter_label(year, quarter))
    if end <= parent.effect_date:
        raise DomainError("op_indicator.before_contract", quarter=quarter_label(year, quarter))
    qty = check_base(parse_quantity(value) if isinstance(value, str) else Decimal(value))
    if len(tidy(note)) > 500:
        raise DomainError("field.too_long", field="Note", max=500)
    session.add(
        OpIndicatorMeasure(indicator_id=i.id, year=year, quarter=quarter, value=to_base_milli(qty), note=tidy(note),
                           recorded_at=now(session), recorded_by=actor.full_name)
    )  # fmt: skip
    session.flush()
    return next(row for row in indicator_rows(session, [i.contract_id]) if row.id == i.id)


def record_incident(
    session: Session, contract_id: int, *, occurred_on: date, kind: str, description: str, action_taken: str = ""
) -> ContractDoc:
    """Add an entry to the incidents log of a signed contract (append-only)."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    c = load(session, contract_id)
    if c.hash is None:
        refuse("op_contract.not_followed", number=display_number(c), state=STATES[c.status])
    if kind not in INCIDENT_KINDS:
        raise DomainError("field.invalid", field="Type d'incident", value=kind)
    if occurred_on > today_of(session):
        raise DomainError("op_incident.in_future", date=format_date(occurred_on))
    text = tidy(description)
    if not text:
        raise DomainError("field.required", field="Description de l'incident")
    if len(text) > 2000 or len(tidy(action_taken)) > 2000:
        raise DomainError("field.too_long", field="Description de l'incident", max=2000)
    session.add(
        OpIncident(contract_id=c.id, occurred_on=occurred_on, kind=kind, description=text,
                   action_taken=tidy(action_taken), recorded_at=now(session), recorded_by=actor.full_name)
    )  # fmt: skip
    session.flush()
    record_event(session, "op_contract.incident", {"contract": display_number(c), "kind": kind})
    return get_contract(session, c.parent_id or c.id)


def add_attachment(session: Session, contract_id: int, filename: str, content: bytes, title: str = "") -> AttachmentRow:
    """Join a scanned PDF to a contract or avenant (any state); kept in the database, so backed up with it."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    c = load(session, contract_id)
    name = tidy(filename).replace("\\", "/").rsplit("/", 1)[-1]
    if not name:
        raise DomainError("field.required", field="Nom du fichier")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise DomainError(
            "op_attachment.too_large", name=name, size=format_size(len(content)), max=format_size(MAX_ATTACHMENT_BYTES)
        )
    if not content.startswith(b"%PDF-"):
        raise DomainError("op_attachment.not_pdf", name=name)
    blob = OpAttachmentBlob(content=content)
    session.add(blob)
    session.flush()
    digest = hashlib.sha256(content).hexdigest()
    a = OpAttachment(
        contract_id=c.id, title=tidy(title)[:200] or name, filename=name[:255], size=len(content), sha256=digest,
        blob_id=blob.id, added_at=now(session), added_by=actor.full_name,
    )  # fmt: skip
    session.add(a)
    session.flush()
    record_event(session, "op_contract.attachment", {"contract": display_number(c), "file": name, "sha256": digest})
    return AttachmentRow(a.id, a.title, a.filename, a.size, format_size(a.size), digest, a.added_at, a.added_by)


def remove_attachment(session: Session, attachment_id: int) -> None:
    """Only a draft's attachments may be removed; a signed contract keeps its own."""
    require(session, Action.EDIT_DOCUMENTS)
    a = session.get(OpAttachment, attachment_id)
    if a is None:
        raise DomainError("not_found", entity="Pièce jointe", key=attachment_id)
    c = load(session, a.contract_id)
    if c.hash is not None:
        refuse("op_attachment.frozen", number=display_number(c))
    blob = session.get(OpAttachmentBlob, a.blob_id)
    session.delete(a)
    session.flush()
    if blob is not None:
        session.delete(blob)
        session.flush()


__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "add_attachment",
    "add_obligation_note",
    "record_incident",
    "record_measure",
    "remove_attachment",
    "reopen_obligation",
    "set_obligation_done",
]
