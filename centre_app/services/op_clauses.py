"""Clause templates of OP contracts and the text of each contract.

Templates are versioned: an edit by a manager adds the next version of the clause (journaled), earlier
versions stay. A draft's text is assembled from the current versions each time it is read; at signing
the text is frozen with the contract (``op_contract_texts``, covered by its hash): a later template
change never alters a signed contract.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.integrity import canonical_json
from centre_app.domain.op_clauses import FIELDS, KINDS, ClauseTemplate, ContractFacts, Section, assemble, check_body
from centre_app.domain.op_contracts import FEMININE_FORMS, SERVICE_TYPES
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import from_base_milli
from centre_app.domain.text import tidy
from centre_app.models.op_contracts import (
    OpClauseTemplate,
    OpContract,
    OpContractText,
    OpIndicator,
    OpObligation,
    OpScheduleLine,
    OpSignatory,
)
from centre_app.models.parties import Organisation, Party
from centre_app.services.context import now, require
from centre_app.services.events import record_event
from centre_app.services.op_contract_family import load
from centre_app.services.op_contract_rows import quantity_label
from centre_app.services.organisations import LEGAL_FORMS
from centre_app.services.settings import get_settings

MAX_TITLE, MAX_BODY = 200, 20_000


@dataclass(frozen=True)
class ClauseTemplateRow:
    id: int
    code: str
    kind: str  # contrat / avenant
    kind_label: str
    version: int
    position: int
    title: str
    body: str
    active: bool
    note: str
    created_at: datetime
    created_by: str
    fields: tuple[str, ...]  # the fields the body uses


def _row(t: OpClauseTemplate) -> ClauseTemplateRow:
    return ClauseTemplateRow(
        t.id, t.code, t.kind, KINDS.get(t.kind, t.kind), t.version, t.position, t.title, t.body, t.active, t.note,
        t.created_at, t.created_by, tuple(dict.fromkeys(check_body(t.body))),
    )  # fmt: skip


def _current(session: Session, kind: str | None = None) -> list[OpClauseTemplate]:
    last = (
        select(OpClauseTemplate.code, func.max(OpClauseTemplate.version).label("v"))
        .group_by(OpClauseTemplate.code)
        .subquery()
    )
    stmt = select(OpClauseTemplate).join(
        last, (last.c.code == OpClauseTemplate.code) & (last.c.v == OpClauseTemplate.version)
    )
    if kind is not None:
        stmt = stmt.where(OpClauseTemplate.kind == kind)
    return list(session.scalars(stmt.order_by(OpClauseTemplate.kind, OpClauseTemplate.position, OpClauseTemplate.code)))


def list_templates(session: Session, kind: str | None = None) -> list[ClauseTemplateRow]:
    """The current version of every clause (``kind``: « contrat » or « avenant »), in their order in the text."""
    require(session, Action.READ)
    return [_row(t) for t in _current(session, kind)]


def template_history(session: Session, code: str) -> list[ClauseTemplateRow]:
    """Every version of one clause, the newest first."""
    require(session, Action.READ)
    rows = session.scalars(
        select(OpClauseTemplate).where(OpClauseTemplate.code == code).order_by(OpClauseTemplate.version.desc())
    )
    return [_row(t) for t in rows]


def template_fields() -> dict[str, str]:
    """The fields a clause may use, with what each gives (for the editor's help)."""
    return dict(FIELDS)


def _checked(title: str, body: str) -> tuple[str, str]:
    title, body = tidy(title), body.strip()
    if len(title) > MAX_TITLE:
        raise DomainError("field.too_long", field="Titre", max=MAX_TITLE)
    if not body:
        raise DomainError("field.required", field="Texte de la clause")
    if len(body) > MAX_BODY:
        raise DomainError("field.too_long", field="Texte de la clause", max=MAX_BODY)
    check_body(body)
    return title, body


def update_template(
    session: Session, code: str, *, title: str, body: str, active: bool = True, position: int | None = None,
    note: str = "",
) -> ClauseTemplateRow:  # fmt: skip
    """A manager edits a clause: its next version (title, text, order, in use or not), journaled."""
    actor = require(session, Action.MANAGE_CONTRACTS_AND_PRICES)
    last = session.scalar(
        select(OpClauseTemplate).where(OpClauseTemplate.code == code).order_by(OpClauseTemplate.version.desc()).limit(1)
    )
    if last is None:
        raise DomainError("op_clause.not_found", code=code)
    title, body = _checked(title, body)
    position = last.position if position is None else position
    if (title, body, active, position) == (last.title, last.body, last.active, last.position):
        raise DomainError("op_clause.unchanged", title=last.title or code)
    t = OpClauseTemplate(
        code=code, kind=last.kind, version=last.version + 1, position=position, title=title, body=body,
        active=active, note=tidy(note), created_at=now(session), created_by=actor.full_name,
    )  # fmt: skip
    session.add(t)
    session.flush()
    record_event(session, "op_clause.change", {"code": code, "version": t.version, "note": t.note})
    return _row(t)


def create_template(session: Session, code: str, kind: str, position: int, title: str, body: str) -> ClauseTemplateRow:
    """A manager adds a clause of the office's own (« Confidentialité »…) at ``position`` in the text."""
    actor = require(session, Action.MANAGE_CONTRACTS_AND_PRICES)
    code = tidy(code).lower().replace(" ", "_")
    if not code:
        raise DomainError("field.required", field="Code de la clause")
    if kind not in KINDS:
        raise DomainError("field.invalid", field="Type de document", value=kind)
    if session.scalar(select(OpClauseTemplate.id).where(OpClauseTemplate.code == code).limit(1)):
        raise DomainError("op_clause.code_taken", code=code)
    title, body = _checked(title, body)
    t = OpClauseTemplate(
        code=code, kind=kind, version=1, position=position, title=title, body=body, active=True, note="Nouvelle clause",
        created_at=now(session), created_by=actor.full_name,
    )  # fmt: skip
    session.add(t)
    session.flush()
    record_event(session, "op_clause.change", {"code": code, "version": 1, "note": "création"})
    return _row(t)


# --- the text of a contract ------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _represented(signatories: list[OpSignatory], side: str, feminine: bool) -> str:
    people = [f"{s.name}, {s.capacity}" if s.capacity else s.name for s in signatories if s.side == side]
    if not people:
        return ""
    who = people[0] if len(people) == 1 else ", ".join(people[:-1]) + " et " + people[-1]
    return f", représenté{'e' if feminine else ''} par {who}"


def _centre_designation(session: Session, signatories: list[OpSignatory]) -> str:
    cs = get_settings(session)
    parts = [f"{cs.name} ({cs.acronym})" if cs.acronym and cs.acronym != cs.name else cs.name]
    if cs.legal_form:
        parts.append(_lower_first(cs.legal_form))
    if cs.registration:
        parts.append(f"récépissé n° {cs.registration}")
    seat = ", ".join(p for p in (cs.address, cs.po_box, cs.town) if p)
    if seat:
        parts.append(f"dont le siège est à {seat}")
    if cs.tax_id:
        parts.append(f"IFU n° {cs.tax_id}")
    return ", ".join(parts) + _represented(signatories, "centre", False)


def _op_designation(session: Session, op_id: int, signatories: list[OpSignatory]) -> tuple[str, bool]:
    party = session.get(Party, op_id)
    org = session.get(Organisation, op_id)
    assert party is not None
    feminine = org is not None and org.legal_form in FEMININE_FORMS
    parts = [party.name]
    if org is not None:
        parts.append(_lower_first(LEGAL_FORMS.get(org.legal_form, org.legal_form)))
        if org.registration_number:
            parts.append(f"récépissé n° {org.registration_number}")
        if org.seat:
            parts.append(f"dont le siège est à {org.seat}")
    return ", ".join(parts) + _represented(signatories, "op", feminine), feminine


def _children(session: Session, model: type, contract_id: int) -> list:
    return list(session.scalars(select(model).where(model.contract_id == contract_id).order_by(model.position)))  # type: ignore[attr-defined]


def contract_facts(session: Session, c: OpContract) -> ContractFacts:
    """What the text of ``c`` says, from the contract, its parent (an avenant), the centre and the OP."""
    cs = get_settings(session)
    signatories = _children(session, OpSignatory, c.id)
    op_text, feminine = _op_designation(session, c.op_id, signatories)
    parent = load(session, c.parent_id) if c.parent_id is not None else None
    previous_end = None
    if parent is not None:
        from centre_app.services.op_contract_family import family

        signed = [a for a in family(session, parent).signed_amendments if a.id != c.id]
        before = [a for a in signed if (a.amendment_no or 0) < (c.amendment_no or 10**6)]
        previous_end = before[-1].end_date if before else parent.end_date
    schedule = tuple((x.due_date, x.amount, x.label) for x in _children(session, OpScheduleLine, c.id))
    obligations = tuple(
        (o.side, o.deliverable, quantity_label(from_base_milli(o.quantity) if o.quantity is not None else None, o.unit),
         o.due_date)
        for o in _children(session, OpObligation, c.id)
    )  # fmt: skip
    indicators = tuple(
        (i.name, quantity_label(from_base_milli(i.target), i.unit)) for i in _children(session, OpIndicator, c.id)
    )
    return ContractFacts(
        number=c.number or "", service_label=SERVICE_TYPES.get(c.service_type, c.service_type), object=c.object,
        centre_designation=_centre_designation(session, signatories), op_designation=op_text, op_feminine=feminine,
        effect_date=c.effect_date, end_date=c.end_date, notice_days=c.notice_days, tacit_renewal=c.tacit_renewal,
        amount=c.planned_amount, payment_terms=c.payment_terms, schedule=schedule, obligations=obligations,
        indicators=indicators, advance=c.advance, guarantees=c.guarantees, dispute_forum=c.dispute_forum,
        court=c.court, place=c.place or cs.town, signature_date=c.signature_date, copies=c.copies,
        currency=cs.currency, locale=cs.locale, amendment_no=c.amendment_no or 0,
        parent_number=parent.number or "" if parent else "", parent_object=parent.object if parent else "",
        parent_signature_date=parent.signature_date if parent else None, previous_end_date=previous_end,
    )  # fmt: skip


def _assembled(session: Session, c: OpContract) -> tuple[list[Section], dict[str, int]]:
    templates = _current(session, "avenant" if c.parent_id is not None else "contrat")
    domain_templates = [
        ClauseTemplate(t.code, t.kind, t.position, t.title, t.body, t.version, t.active) for t in templates
    ]
    sections = assemble(domain_templates, contract_facts(session, c))
    return sections, {t.code: t.version for t in templates}


def sections_json(sections: list[Section]) -> str:
    return canonical_json([{"code": s.code, "heading": s.heading, "body": s.body} for s in sections])


def freeze_text(session: Session, c: OpContract) -> OpContractText:
    """Write the text ``c`` is signed with (called by the signing, before the contract is hashed)."""
    sections, versions = _assembled(session, c)
    text = OpContractText(
        contract_id=c.id, sections=sections_json(sections), template_versions=canonical_json(versions)
    )
    session.add(text)
    session.flush()
    return text


def contract_sections(session: Session, contract_id: int) -> list[Section]:
    """The text of a contract or avenant: as signed (frozen), or for a draft as the current templates give it."""
    require(session, Action.READ)
    c = load(session, contract_id)
    frozen = session.get(OpContractText, c.id)
    if frozen is not None:
        return [Section(s["code"], s["heading"], s["body"]) for s in json.loads(frozen.sections)]
    return _assembled(session, c)[0]
