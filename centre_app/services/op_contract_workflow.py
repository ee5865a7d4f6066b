"""The workflow of OP contracts: every move recorded (history + event journal), refusals journaled, the
moves the dates and payments make (``refresh_states``), and what a signed contract's hash covers.

Workflow refusals (a move the workflow forbids, a signed document someone tries to edit) are
:class:`TransitionRefused`: like a permission refusal, the edge (``Workspace.run``) journals them in a
transaction of their own, since the refused transaction is rolled back.
"""

from __future__ import annotations

from datetime import UTC, date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.op_contracts import STATES, check_transition
from centre_app.domain.permissions import Action
from centre_app.models.op_contracts import (
    OpContract,
    OpContractText,
    OpIndicator,
    OpObligation,
    OpScheduleLine,
    OpSignatory,
)
from centre_app.models.op_contracts import OpTransition as Transition
from centre_app.services.context import PermissionDenied, actor_of, now, require
from centre_app.services.events import record_event
from centre_app.services.op_contract_family import Family, display_number, families, today_of
from centre_app.services.stock import utc

AUTOMATIC = "Changement automatique (dates, paiements ou obligations)"


class TransitionRefused(PermissionDenied):
    """A move the workflow of OP contracts refuses; journaled by the edge like a permission refusal."""


def refuse(code: str, **params: Any) -> None:
    raise TransitionRefused(code, action_code=f"op_contract:{code}:{params.get('number', '')}", **params)


def move(session: Session, c: OpContract, target: str, *, reason: str = "", automatic: bool = False) -> None:
    """Change the state of ``c`` (checked against the workflow), keep it in its history, journal it."""
    current = c.status
    if current == target:
        refuse("op_contract.already", number=display_number(c), state=STATES[target])
    try:
        check_transition(current, target, display_number(c))
    except DomainError as refusal:
        refuse(refusal.code, **refusal.params)
    actor = actor_of(session)
    moment = now(session)
    c.status, c.status_changed_at = target, moment
    session.add(
        Transition(
            contract_id=c.id, at=moment, from_state=current, to_state=target, reason=reason, automatic=automatic,
            user_name=actor.full_name,
        )
    )  # fmt: skip
    record_event(
        session, "op_contract.transition",
        {"contract": display_number(c), "from": current, "to": target, "reason": reason, "automatic": automatic},
    )  # fmt: skip
    session.flush()


def refresh_family(session: Session, f: Family, today: date) -> str | None:
    """Store the state the dates and payments give a contract; returns the new state if it moved."""
    c = f.contract
    target = f.state(today)
    if target == c.status:
        return None
    move(session, c, target, reason=AUTOMATIC, automatic=True)
    return target


def refresh_states(session: Session) -> list[tuple[str, str, str]]:
    """Bring every live contract to the state of today (« en cours » from the effect date, « échu » after the
    end date without tacit renewal, « soldé » once paid and done). Returns (number, from, to) per move.

    Anyone may run it (opening the contracts page does): it only records what the dates and the caisse say.
    """
    require(session, Action.READ)
    today = today_of(session)
    contracts = session.scalars(
        select(OpContract).where(OpContract.parent_id.is_(None), OpContract.status.in_(("signe", "en_cours", "echu")))
    )
    out = []
    for f in families(session, list(contracts)):
        before = f.contract.status
        after = refresh_family(session, f, today)
        if after:
            out.append((display_number(f.contract), STATES[before], STATES[after]))
    return out


def contract_fields(c: Any, parts: dict[str, list[tuple[Any, ...]]]) -> dict[str, Any]:
    """What a signed contract's (or avenant's) hash covers: the header, its signatories, schedule lines
    (with their dues), obligations and indicators as defined, and the text it was signed with."""
    return {
        "parent_id": c.parent_id, "amendment_no": c.amendment_no, "year": c.year, "seq": c.seq, "number": c.number,
        "service_type": c.service_type, "op_id": c.op_id, "object": c.object, "effect_date": c.effect_date,
        "end_date": c.end_date, "changes_end": bool(c.changes_end), "notice_days": c.notice_days,
        "tacit_renewal": bool(c.tacit_renewal),
        "planned_amount": c.planned_amount, "advance": c.advance, "payment_terms": c.payment_terms,
        "guarantees": c.guarantees, "dispute_forum": c.dispute_forum, "court": c.court, "place": c.place,
        "copies": c.copies, "note": c.note, "created_at": utc(c.created_at), "created_by": c.created_by,
        "signature_date": c.signature_date, "signed_at": utc(c.signed_at), "signed_by": c.signed_by,
        "due_override": c.due_override, "chain_pos": c.chain_pos,
        **{key: sorted(rows) for key, rows in parts.items()},
    }  # fmt: skip


# The parts of a contract its hash covers, as (table, columns) — one tuple per row, the contract id first.
PARTS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "signatories": (OpSignatory, ("position", "side", "name", "capacity")),
    "schedule": (OpScheduleLine, ("position", "due_date", "amount", "label", "due_id")),
    "obligations": (OpObligation, ("position", "side", "deliverable", "quantity", "unit", "due_date")),
    "indicators": (OpIndicator, ("position", "name", "unit", "target")),
    "text": (OpContractText, ("sections", "template_versions")),
}


def contract_parts(session: Session, contract_id: int | None = None) -> dict[int, dict[str, list[tuple[Any, ...]]]]:
    """The hashed parts of one contract (or of all, for `check`), per contract id."""
    out: dict[int, dict[str, list[tuple[Any, ...]]]] = {}
    for key, (model, columns) in PARTS.items():
        t = model.__table__
        stmt = select(t.c.contract_id, *(t.c[col] for col in columns))
        if contract_id is not None:
            stmt = stmt.where(t.c.contract_id == contract_id)
        for row in session.execute(stmt):
            out.setdefault(row[0], {k: [] for k in PARTS})[key].append(tuple(row[1:]))
    return out


def parts_of(parts: dict[int, dict[str, list[tuple[Any, ...]]]], contract_id: int) -> dict[str, list[tuple[Any, ...]]]:
    return parts.get(contract_id) or {k: [] for k in PARTS}


def moment_and_day(session: Session) -> tuple[Any, date]:
    moment = now(session).astimezone(UTC)
    return moment, moment.date()
