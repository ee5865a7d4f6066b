"""The session lock's service side: the timeout setting (0–240 minutes, administrator only, refused in French
otherwise) and the journal of locks and unlocks (same user, another user, wrong password counted)."""

from __future__ import annotations

import json

import pytest

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.services import events, settings, users
from centre_app.services.context import Actor, PermissionDenied
from tests.conftest import PASSWORD

KEY = "security.session_timeout_minutes"


def test_the_default_is_fifteen_minutes(db: Database, clerk: Actor) -> None:
    with db.reading(clerk) as s:
        assert settings.get_settings(s).session_timeout_minutes == 15


@pytest.mark.parametrize("minutes", [0, 1, 45, 240])
def test_the_administrator_sets_the_timeout(db: Database, admin: Actor, minutes: int) -> None:
    with db.transaction(admin) as s:
        settings.update_settings(s, {KEY: minutes})
    with db.reading(admin) as s:
        assert settings.get_settings(s).session_timeout_minutes == minutes


@pytest.mark.parametrize("value", [-1, 241, 1000, 2.5, "15", True, None])
def test_a_bad_timeout_is_refused_in_french_and_nothing_changes(db: Database, admin: Actor, value: object) -> None:
    with pytest.raises(DomainError) as refused, db.transaction(admin) as s:
        settings.update_settings(s, {KEY: value, "centre.town": "Autre ville"})
    assert message(refused.value) == (
        f"Délai de verrouillage invalide : « {value} ». Indiquez un nombre entier de minutes entre 0 (jamais) et 240."
    )
    with db.reading(admin) as s:
        centre = settings.get_settings(s)
    assert (centre.session_timeout_minutes, centre.town) == (15, "Djibo")


def test_only_the_administrator_changes_it(db: Database, manager: Actor) -> None:
    with pytest.raises(PermissionDenied), db.transaction(manager) as s:
        settings.update_settings(s, {KEY: 60})


def _last(db: Database, n: int) -> list[tuple[str, str, dict[str, object]]]:
    with db.reading() as s:
        rows = events.list_events(s, limit=n)
    return [(e.kind, e.username, json.loads(e.detail)) for e in reversed(rows)]


def test_lock_and_unlock_by_the_same_user(db: Database, clerk: Actor) -> None:
    with db.transaction(clerk) as s:
        users.lock_session(s, 15)
    with db.transaction(clerk) as s:
        assert users.unlock_session(s, clerk, "caisse", "faux").error is not None
    with db.transaction(clerk) as s:
        outcome = users.unlock_session(s, clerk, " Caisse ", PASSWORD)
    assert outcome.actor == clerk
    assert _last(db, 3) == [
        ("session.locked", "caisse", {"minutes": 15, "username": "caisse"}),
        ("login.failed", "caisse", {"username": "caisse"}),
        ("session.unlocked", "caisse", {"username": "caisse"}),
    ]
    assert events.EVENT_LABELS["session.locked"] == "session verrouillée (inactivité)"


def test_another_user_ends_the_locked_session(db: Database, clerk: Actor, manager: Actor) -> None:
    with db.transaction(clerk) as s:
        outcome = users.unlock_session(s, clerk, "gestion", PASSWORD)
    assert outcome.actor == manager
    assert _last(db, 2) == [
        ("login", "gestion", {"username": "gestion"}),
        ("logout", "caisse", {"by": "gestion", "username": "caisse"}),
    ]


def test_wrong_passwords_at_the_lock_screen_lock_the_account(db: Database, clerk: Actor) -> None:
    for _ in range(users.MAX_FAILURES):
        with db.transaction(clerk) as s:
            users.unlock_session(s, clerk, "caisse", "faux")
    with db.transaction(clerk) as s:
        outcome = users.unlock_session(s, clerk, "caisse", PASSWORD)
    assert outcome.actor is None
    assert outcome.error is not None
    assert "Compte bloqué" in message(outcome.error)


def test_an_unknown_name_is_not_journaled(db: Database) -> None:
    """What was typed in the name field may be a password typed in the wrong place."""
    with db.transaction() as s:
        users.login(s, "MotDePasse123", PASSWORD)
    assert _last(db, 1) == [("login.failed", "", {"unknown_user": True})]
