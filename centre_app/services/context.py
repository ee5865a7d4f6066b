"""Who is acting, and the permission check every service calls first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import ACTION_LABELS, ROLE_LABELS, Action, Role, allowed
from centre_app.models.base import utcnow


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    full_name: str
    role: Role


# The command line's own identity for maintenance commands (demo, check): not a login.
SYSTEM = Actor(user_id=None, username="systeme", full_name="Système", role=Role.ADMIN)


class PermissionDenied(DomainError):
    """A refusal for lack of rights: the edge journals it in a transaction of its own."""


def actor_of(session: Session) -> Actor:
    actor = session.info.get("actor")
    if not isinstance(actor, Actor):
        raise DomainError("auth.no_actor")
    return actor


def require(session: Session, action: Action) -> Actor:
    actor = actor_of(session)
    if not allowed(actor.role, action):
        raise PermissionDenied(
            "permission.denied", role=ROLE_LABELS[actor.role], action=ACTION_LABELS[action], action_code=str(action)
        )
    return actor


def now(session: Session) -> datetime:
    """The clock services use; tests may pin it with ``session.info["now"]``."""
    pinned = session.info.get("now")
    return pinned if pinned is not None else utcnow()
