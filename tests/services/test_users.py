"""Login, lockout after five failures, roles and the permission matrix of PRODUCT.md §10."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from centre_app.domain.errors import DomainError, message
from centre_app.domain.permissions import PERMISSIONS, Action, Role, allowed, refusal_reason
from centre_app.models.base import utcnow
from centre_app.models.database import Database
from centre_app.models.system import EventEntry
from centre_app.services import users
from centre_app.services.context import Actor, PermissionDenied, require
from centre_app.services.workspace import Workspace
from tests.conftest import PASSWORD


def _login(db: Database, username: str, password: str, at=None):
    with db.transaction(None) as s:
        if at is not None:
            s.info["now"] = at
        return users.login(s, username, password)


def test_login_success_journaled(db: Database) -> None:
    outcome = _login(db, "caisse", PASSWORD)
    assert outcome.error is None
    assert outcome.actor is not None
    assert outcome.actor.role is Role.CLERK
    with db.reading() as s:
        assert s.scalar(select(EventEntry.kind).order_by(EventEntry.seq.desc()).limit(1)) == "login"


def test_wrong_password_six_times_locks_the_account(db: Database) -> None:
    for _ in range(4):
        assert _login(db, "caisse", "mauvais").error.code == "auth.bad_credentials"
    fifth = _login(db, "caisse", "mauvais")
    assert fifth.error.code == "auth.locked"
    assert "Compte bloqué" in message(fifth.error)
    # The sixth try, even with the right password, is refused while locked.
    sixth = _login(db, "caisse", PASSWORD)
    assert sixth.actor is None
    assert sixth.error.code == "auth.locked"
    # Fifteen minutes later the account opens again.
    later = _login(db, "caisse", PASSWORD, at=utcnow() + timedelta(minutes=16))
    assert later.error is None


def test_unknown_user_gets_the_same_message(db: Database) -> None:
    assert _login(db, "personne", "x").error.code == "auth.bad_credentials"


def test_admin_unlocks(db: Database, admin: Actor) -> None:
    for _ in range(5):
        _login(db, "caisse", "mauvais")
    with db.transaction(admin) as s:
        uid = next(u.id for u in users.list_users(s) if u.username == "caisse")
        users.unlock_user(s, uid)
    assert _login(db, "caisse", PASSWORD).error is None


def test_passwords_are_scrypt_hashed(db: Database) -> None:
    from centre_app.models.system import User

    with db.reading() as s:
        stored = s.scalar(select(User.password_hash).where(User.username == "caisse"))
    assert stored.startswith("scrypt$")
    assert PASSWORD not in stored


@pytest.mark.parametrize(
    ("role", "action", "expected"),
    [
        (Role.CLERK, Action.EDIT_DOCUMENTS, True),
        (Role.CLERK, Action.CANCEL_DOCUMENT, False),
        (Role.CLERK, Action.MANAGE_CONTRACTS_AND_PRICES, False),
        (Role.CLERK, Action.EXPORT, False),
        (Role.CLERK, Action.ADMINISTER, False),
        (Role.MANAGER, Action.CANCEL_DOCUMENT, True),
        (Role.MANAGER, Action.MANAGE_CONTRACTS_AND_PRICES, True),
        (Role.MANAGER, Action.EXPORT, True),
        (Role.MANAGER, Action.ADMINISTER, False),
        (Role.ACCOUNTANT, Action.EDIT_DOCUMENTS, False),
        (Role.ACCOUNTANT, Action.EXPORT, True),
        (Role.ACCOUNTANT, Action.CANCEL_DOCUMENT, False),
        (Role.ADMIN, Action.ADMINISTER, True),
        (Role.ADMIN, Action.CANCEL_DOCUMENT, True),
    ],
)
def test_permission_matrix(role: Role, action: Action, expected: bool) -> None:
    assert allowed(role, action) is expected
    assert (refusal_reason(role, action) is None) is expected


def test_everyone_reads() -> None:
    assert all(Action.READ in actions for actions in PERMISSIONS.values())


@pytest.mark.parametrize("role", [Role.CLERK, Role.MANAGER, Role.ACCOUNTANT])
def test_only_admin_creates_users(db: Database, actors: dict[Role, Actor], role: Role) -> None:
    with pytest.raises(PermissionDenied) as err, db.transaction(actors[role]) as s:
        users.create_user(s, "nouveau", "Nouvel Agent", Role.CLERK, "motdepasse")
    assert "ne permet pas de gérer les utilisateurs" in message(err.value)


def test_refusal_is_journaled_even_though_the_action_rolled_back(db: Database, clerk: Actor) -> None:
    ws = Workspace(db, clerk)
    with pytest.raises(PermissionDenied):
        ws.run(lambda s: users.create_user(s, "nouveau", "Nouvel Agent", Role.CLERK, "motdepasse"))
    with db.reading() as s:
        last = s.scalars(select(EventEntry).order_by(EventEntry.seq.desc()).limit(1)).one()
        assert last.kind == "permission.refused"
        assert last.username == "caisse"
        assert not [u for u in users.list_users(s) if u.username == "nouveau"]


def test_user_creation_refusals(db: Database, admin: Actor) -> None:
    cases = [
        (("caisse", "Autre", Role.CLERK, "motdepasse"), "auth.username_taken"),
        (("court", "Mot Court", Role.CLERK, "abc"), "auth.weak_password"),
        (("", "Sans Nom", Role.CLERK, "motdepasse"), "field.required"),
    ]
    for args, code in cases:
        with pytest.raises(DomainError) as err, db.transaction(admin) as s:
            users.create_user(s, *args)
        assert err.value.code == code


def test_last_admin_cannot_be_deactivated(db: Database, admin: Actor) -> None:
    with pytest.raises(DomainError) as err, db.transaction(admin) as s:
        users.set_active(s, admin.user_id, False)
    assert err.value.code == "auth.last_admin"


def test_require_without_actor(db: Database) -> None:
    with pytest.raises(DomainError) as err, db.transaction(None) as s:
        require(s, Action.READ)
    assert err.value.code == "auth.no_actor"
