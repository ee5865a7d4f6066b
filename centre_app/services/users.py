"""Users, login with lockout, roles (PRODUCT.md §10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_datetime
from centre_app.domain.passwords import MIN_LENGTH, hash_password, verify_password
from centre_app.domain.permissions import ROLE_LABELS, Action, Role
from centre_app.models.system import User
from centre_app.services.context import Actor, actor_of, now, require
from centre_app.services.events import record_event

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    full_name: str
    role: Role
    role_label: str
    active: bool
    locked: bool
    locked_until: datetime | None = None  # end of the lockout while ``locked``


@dataclass(frozen=True)
class LoginOutcome:
    """Login writes (failure counters, journal) even when refused: the caller commits, then raises."""

    actor: Actor | None
    error: DomainError | None


def _actor(user: User) -> Actor:
    return Actor(user_id=user.id, username=user.username, full_name=user.full_name, role=Role(user.role))


def has_users(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def create_user(session: Session, username: str, full_name: str, role: Role | str, password: str) -> UserRow:
    """Create a user. The very first user (setup wizard) needs no login; later ones need an administrator."""
    if has_users(session):
        require(session, Action.ADMINISTER)
    username = username.strip().lower()
    if not username:
        raise DomainError("field.required", field="Nom d'utilisateur")
    if not full_name.strip():
        raise DomainError("field.required", field="Nom complet")
    try:
        role = Role(role)
    except ValueError:
        raise DomainError("field.invalid", field="Rôle", value=role) from None
    if len(password) < MIN_LENGTH:
        raise DomainError("auth.weak_password", min=MIN_LENGTH)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise DomainError("auth.username_taken", username=username)
    user = User(
        username=username,
        full_name=full_name.strip(),
        role=str(role),
        password_hash=hash_password(password),
        failed_attempts=0,
        active=True,
        created_at=now(session),
    )
    session.add(user)
    session.flush()
    record_event(session, "user.create", {"username": username, "role": str(role)})
    return _row(session, user)


def _row(session: Session, u: User) -> UserRow:
    locked = u.locked_until is not None and u.locked_until > now(session)
    return UserRow(
        u.id,
        u.username,
        u.full_name,
        Role(u.role),
        ROLE_LABELS[Role(u.role)],
        u.active,
        locked,
        u.locked_until if locked else None,
    )


def list_users(session: Session) -> list[UserRow]:
    return [_row(session, u) for u in session.scalars(select(User).order_by(User.username))]


def get_user(session: Session, user_id: int) -> UserRow:
    user = session.get(User, user_id)
    if user is None:
        raise DomainError("not_found", entity="Utilisateur", key=user_id)
    return _row(session, user)


def login(session: Session, username: str, password: str, *, event: str = "login") -> LoginOutcome:
    """Check a password; counts failures and locks the account after five for fifteen minutes.

    A success is journaled as ``event`` (« login », or « session.unlocked » when a locked screen is reopened).
    """
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    moment = now(session)
    if user is None:
        # Not the text typed: a password typed into the name field must never reach the unalterable journal.
        record_event(session, "login.failed", {"unknown_user": True})
        return LoginOutcome(None, DomainError("auth.bad_credentials"))
    if not user.active:
        return LoginOutcome(None, DomainError("auth.inactive"))
    if user.locked_until is not None and user.locked_until > moment:
        record_event(session, "login.failed", {"username": user.username, "locked": True}, actor=_actor(user))
        return LoginOutcome(
            None, DomainError("auth.locked", attempts=MAX_FAILURES, until=format_datetime(user.locked_until))
        )
    if not verify_password(password, user.password_hash):
        user.failed_attempts += 1
        if user.failed_attempts >= MAX_FAILURES:
            user.locked_until = moment + LOCKOUT
            user.failed_attempts = 0
            record_event(session, "login.locked", {"username": user.username}, actor=_actor(user))
            return LoginOutcome(
                None, DomainError("auth.locked", attempts=MAX_FAILURES, until=format_datetime(user.locked_until))
            )
        record_event(session, "login.failed", {"username": user.username}, actor=_actor(user))
        return LoginOutcome(None, DomainError("auth.bad_credentials"))
    if user.failed_attempts or user.locked_until is not None:
        user.failed_attempts = 0
        user.locked_until = None
    record_event(session, event, {"username": user.username}, actor=_actor(user))
    return LoginOutcome(_actor(user), None)


def lock_session(session: Session, minutes: int) -> None:
    """Journal that the logged-in user's screen was locked after ``minutes`` without a key or mouse action."""
    actor = actor_of(session)
    record_event(session, "session.locked", {"username": actor.username, "minutes": minutes})


def unlock_session(session: Session, locked: Actor, username: str, password: str) -> LoginOutcome:
    """Reopen a locked screen: the password is asked again (failures count towards the lockout as at login).

    The same user continues (« session.unlocked »); another user logs in (« login ») and the locked user's
    session ends (« logout »): the application then rebuilds its window for the new user's role.
    """
    same = username.strip().lower() == locked.username
    outcome = login(session, username, password, event="session.unlocked" if same else "login")
    if outcome.actor is not None and outcome.actor.user_id != locked.user_id:
        record_event(session, "logout", {"username": locked.username, "by": outcome.actor.username}, actor=locked)
    return outcome


def unlock_user(session: Session, user_id: int) -> None:
    require(session, Action.ADMINISTER)
    user = session.get(User, user_id)
    if user is None:
        raise DomainError("not_found", entity="Utilisateur", key=user_id)
    user.failed_attempts = 0
    user.locked_until = None
    record_event(session, "user.change", {"username": user.username, "unlocked": True})


def set_password(session: Session, user_id: int, password: str) -> None:
    """An administrator resets a password, or a user changes their own."""
    actor = session.info.get("actor")
    if getattr(actor, "user_id", None) != user_id:
        require(session, Action.ADMINISTER)
    if len(password) < MIN_LENGTH:
        raise DomainError("auth.weak_password", min=MIN_LENGTH)
    user = session.get(User, user_id)
    if user is None:
        raise DomainError("not_found", entity="Utilisateur", key=user_id)
    user.password_hash = hash_password(password)
    record_event(session, "user.change", {"username": user.username, "password": True})


def set_active(session: Session, user_id: int, active: bool) -> None:
    require(session, Action.ADMINISTER)
    user = session.get(User, user_id)
    if user is None:
        raise DomainError("not_found", entity="Utilisateur", key=user_id)
    if not active and user.role == Role.ADMIN:
        others = session.scalar(
            select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active, User.id != user_id)
        )
        if not others:
            raise DomainError("auth.last_admin")
    user.active = active
    record_event(session, "user.change", {"username": user.username, "active": active})
