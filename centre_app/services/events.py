"""The technical event journal: hash-chained, append-only (PRODUCT.md §8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.integrity import GENESIS, canonical_json, chain_hash
from centre_app.models.system import EventEntry
from centre_app.services.context import Actor, now

EVENT_LABELS = {
    "login": "connexion",
    "login.failed": "échec de connexion",
    "login.locked": "compte bloqué",
    "logout": "déconnexion",
    "session.locked": "session verrouillée (inactivité)",
    "session.unlocked": "session déverrouillée",
    "permission.refused": "action refusée",
    "settings.change": "modification des paramètres",
    "user.create": "création d'utilisateur",
    "user.change": "modification d'utilisateur",
    "export": "export",
    "backup": "sauvegarde",
    "restore": "restauration",
    "closure": "clôture",
    "cancellation": "annulation",
    "integrity.defect": "défaut d'intégrité",
    "demo.created": "base de démonstration créée",
    "database.created": "base de données créée",
    "accounting.mapping": "modification des comptes comptables",
    "period.lock": "verrouillage d'un mois",
    "period.unlock": "déverrouillage d'un mois",
    "livestock.override": "livraison de bétail malgré un document expiré",
    "op_contract.transition": "contrat OP : changement d'état",
    "op_contract.obligation": "contrat OP : obligation",
    "op_contract.incident": "contrat OP : incident",
    "op_contract.attachment": "contrat OP : pièce jointe",
    "op_clause.change": "modèle de clause modifié",
    "reprint": "réimpression (duplicata)",
}


def _fields(seq: int, at: datetime, user_id: int | None, username: str, kind: str, detail: str) -> dict[str, Any]:
    return {"seq": seq, "at": at, "user_id": user_id, "username": username, "kind": kind, "detail": detail}


def entry_fields(e: Any) -> dict[str, Any]:
    """The hashed fields of an event (an ORM entry or a Core row)."""
    return _fields(e.seq, e.at, e.user_id, e.username, e.kind, e.detail)


def record_event(session: Session, kind: str, detail: dict[str, Any] | None = None, actor: Actor | None = None) -> int:
    """Append an event to the chain; returns its sequence number."""
    actor = actor if actor is not None else session.info.get("actor")
    last = session.execute(select(EventEntry.seq, EventEntry.hash).order_by(EventEntry.seq.desc()).limit(1)).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = now(session).astimezone(UTC)
    user_id = getattr(actor, "user_id", None)
    username = getattr(actor, "username", "") or ""
    detail_json = canonical_json(detail or {})
    digest = chain_hash(prev, _fields(seq, at, user_id, username, kind, detail_json))
    session.add(
        EventEntry(
            seq=seq,
            at=at,
            user_id=user_id,
            username=username,
            kind=kind,
            detail=detail_json,
            prev_hash=prev,
            hash=digest,
        )
    )
    session.flush()
    return seq


@dataclass(frozen=True)
class EventRow:
    seq: int
    at: datetime
    username: str
    kind: str
    label: str
    detail: str


def list_events(session: Session, limit: int = 200) -> list[EventRow]:
    rows = session.scalars(select(EventEntry).order_by(EventEntry.seq.desc()).limit(limit))
    return [EventRow(e.seq, e.at, e.username, e.kind, EVENT_LABELS.get(e.kind, e.kind), e.detail) for e in rows]
