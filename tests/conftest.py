"""Shared fixtures: a migrated, seeded database per test (copied from one template), users per role.

``pytest --postgresql`` (or CENTRE_TEST_PG=1) runs the same tests on a throwaway PostgreSQL server
(tests/pg_server.py): ``db_path`` is then the URL of a fresh database copied from the template, and
tests marked ``sqlite_only`` (they read the SQLite file itself) are skipped; ``postgresql_only`` tests
run only there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from centre_app.domain.permissions import Role
from centre_app.models.database import Database
from centre_app.models.migrate import open_database
from centre_app.services.context import SYSTEM, Actor
from centre_app.services.setup import SetupInput, initialize_centre
from centre_app.services.users import create_user
from centre_app.services.workspace import Workspace
from tests.pg_server import PgServer, database_name

PASSWORD = "secret123"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--postgresql", action="store_true", help="run the suite on a throwaway PostgreSQL server")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): the test reads or breaks the SQLite file itself")
    config.addinivalue_line("markers", "postgresql_only: the test needs a PostgreSQL server (pytest --postgresql)")


def on_postgresql(config: pytest.Config) -> bool:
    return bool(config.getoption("--postgresql") or os.environ.get("CENTRE_TEST_PG") == "1")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    pg = on_postgresql(config)
    for item in items:
        only = item.get_closest_marker("sqlite_only")
        if pg and only is not None:
            reason = only.kwargs.get("reason") or (only.args[0] if only.args else "SQLite file")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))
        if not pg and item.get_closest_marker("postgresql_only") is not None:
            item.add_marker(pytest.mark.skip(reason="PostgreSQL only (pytest --postgresql)"))


@pytest.fixture(scope="session")
def pg_server(request: pytest.FixtureRequest) -> Iterator[PgServer | None]:
    """The PostgreSQL server of this run, or None on SQLite."""
    if not on_postgresql(request.config):
        yield None
        return
    server = PgServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def clone_db(pg_server: PgServer | None) -> Callable[[Path | str, Path], Path]:
    """``clone_db(source, path)``: a copy of the database ``source`` at ``path`` (SQLite), or a new
    PostgreSQL database made from it (its URL, typed as the path is for the callers)."""

    def clone(source: Path | str, path: Path) -> Path:
        if pg_server is None:
            shutil.copyfile(source, path)
            return path
        return pg_server.create(template=database_name(str(source)))  # type: ignore[return-value]

    return clone


@pytest.fixture(scope="session")
def fresh_db(pg_server: PgServer | None) -> Callable[[Path], Path]:
    """``fresh_db(path)``: where to create a new database, ``path`` (SQLite) or an empty PostgreSQL database."""

    def fresh(path: Path) -> Path:
        return path if pg_server is None else pg_server.create()  # type: ignore[return-value]

    return fresh


USERS = {
    Role.ADMIN: ("admin", "Awa Admin"),
    Role.MANAGER: ("gestion", "Gaston Gestionnaire"),
    Role.CLERK: ("caisse", "Issa Caissier"),
    Role.ACCOUNTANT: ("compta", "Clarisse Comptable"),
}


@pytest.fixture(scope="session")
def template_db(
    tmp_path_factory: pytest.TempPathFactory, fresh_db: Callable[[Path], Path]
) -> tuple[Path, dict[Role, Actor]]:
    path = fresh_db(tmp_path_factory.mktemp("template") / "template.db")
    db = open_database(path)
    actors: dict[Role, Actor] = {}
    with db.transaction(SYSTEM) as s:
        admin = initialize_centre(
            s,
            SetupInput(
                centre_name="Centre de test de Djibo",
                country="BF",
                admin_username=USERS[Role.ADMIN][0],
                admin_full_name=USERS[Role.ADMIN][1],
                admin_password=PASSWORD,
                town="Djibo",
            ),
        )
        actors[Role.ADMIN] = Actor(admin.id, admin.username, admin.full_name, Role.ADMIN)
        s.info["actor"] = actors[Role.ADMIN]
        for role in (Role.MANAGER, Role.CLERK, Role.ACCOUNTANT):
            row = create_user(s, USERS[role][0], USERS[role][1], role, PASSWORD)
            actors[role] = Actor(row.id, row.username, row.full_name, role)
    db.dispose()
    return path, actors


@pytest.fixture
def db_path(
    template_db: tuple[Path, dict[Role, Actor]],
    tmp_path: Path,
    clone_db: Callable[[Path | str, Path], Path],
    pg_server: PgServer | None,
) -> Iterator[Path]:
    if pg_server is None:
        yield clone_db(template_db[0], tmp_path / "centre.db")
        return
    url = pg_server.create(database_name(str(template_db[0])), frozen=True)  # the template is never written again
    yield url  # type: ignore[misc]
    pg_server.drop(url)


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.dispose()


@pytest.fixture
def actors(template_db: tuple[Path, dict[Role, Actor]]) -> dict[Role, Actor]:
    return template_db[1]


@pytest.fixture
def admin(actors: dict[Role, Actor]) -> Actor:
    return actors[Role.ADMIN]


@pytest.fixture
def manager(actors: dict[Role, Actor]) -> Actor:
    return actors[Role.MANAGER]


@pytest.fixture
def clerk(actors: dict[Role, Actor]) -> Actor:
    return actors[Role.CLERK]


@pytest.fixture
def accountant(actors: dict[Role, Actor]) -> Actor:
    return actors[Role.ACCOUNTANT]


@pytest.fixture
def tx(db: Database) -> Callable[[Actor], AbstractContextManager[Session]]:
    """``with tx(clerk) as s: ...`` — one committed transaction as that user."""
    return db.transaction


@pytest.fixture
def workspace(db: Database, clerk: Actor) -> Workspace:
    return Workspace(db, clerk)
