"""Passwords are never written anywhere but as a scrypt hash: not in the logs (even SQL logged at DEBUG with its
parameters), not in the event journal, not in the audit log, not even in the bytes of the database file.

One exception is accepted: a password typed by mistake into the *name* field is a parameter of the user
look-up, so SQL logging (off unless a developer turns it on: SQLAlchemy keeps its loggers at WARNING) would
show it. It still never reaches the journal, the audit log, the file or the application's own log lines.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from centre_app.domain.permissions import Role
from centre_app.models.migrate import open_database
from centre_app.services import users
from centre_app.services.context import Actor
from centre_app.services.workspace import Workspace
from tests.conftest import PASSWORD

WRONG = "Mauvais-Mot-2026"
NEW_USER = "Nouveau#Secret77"
RESET = "Reinit!Secret88"
OWN = "Perso%Secret55"
MISTYPED = "Egare#Secret99"  # typed into the user name field by mistake
SECRETS = (PASSWORD, WRONG, NEW_USER, RESET, OWN, MISTYPED)


def _dump(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        out = []
        for table in ("event_journal", "audit_log", "users"):
            out += [repr(row) for row in con.execute(f"SELECT * FROM {table}")]
        return "\n".join(out)
    finally:
        con.close()


def test_sql_is_not_logged_by_default() -> None:
    import sqlalchemy  # noqa: F401 (its import sets the level of its loggers)

    assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)


@pytest.mark.sqlite_only(reason="reads the bytes of the database file")
def test_passwords_appear_nowhere(db_path: Path, actors: dict[Role, Actor], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")  # SQL and its parameters
    db = open_database(db_path)
    try:
        ws = Workspace(db)
        assert ws.run(lambda s: users.login(s, "caisse", PASSWORD)).actor is not None
        assert ws.run(lambda s: users.login(s, "caisse", WRONG)).error is not None
        assert ws.run(lambda s: users.login(s, MISTYPED, PASSWORD)).error is not None
        ws.actor = actors[Role.ADMIN]
        created = ws.run(lambda s: users.create_user(s, "nouveau", "Nouvel Agent", Role.CLERK, NEW_USER))
        ws.run(lambda s: users.set_password(s, created.id, RESET))
        ws.actor = ws.run(lambda s: users.login(s, "nouveau", RESET)).actor
        assert ws.actor is not None
        ws.run(lambda s: users.set_password(s, created.id, OWN))  # a user changes their own
        outcome = ws.run(lambda s: users.unlock_session(s, actors[Role.CLERK], "caisse", WRONG))
        assert outcome.error is not None
        assert ws.run(lambda s: users.unlock_session(s, actors[Role.CLERK], "caisse", PASSWORD)).actor is not None
        assert ws.run(lambda s: users.login(s, "nouveau", OWN)).actor is not None
    finally:
        db.dispose()
    assert any("SELECT" in r.getMessage() for r in caplog.records)  # the SQL was really logged
    logged = caplog.text + "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    app_logged = "\n".join(
        f"{r.getMessage()} {r.args!r}" for r in caplog.records if not r.name.startswith("sqlalchemy")
    )
    stored = _dump(db_path)
    assert "login.failed" in stored
    assert "user.change" in stored
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))  # with -wal / -journal
    for secret in SECRETS:
        assert secret.lower() not in app_logged.lower()
        if secret != MISTYPED:
            assert secret.lower() not in logged.lower()
        assert secret not in stored
        assert secret.lower() not in stored.lower()
        assert secret.encode() not in raw
