"""Shared fixtures: a migrated, seeded database per test (copied from one template), users per role."""

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

PASSWORD = "secret123"
USERS = {
    Role.ADMIN: ("admin", "Awa Admin"),
    Role.MANAGER: ("gestion", "Gaston Gestionnaire"),
    Role.CLERK: ("caisse", "Issa Caissier"),
    Role.ACCOUNTANT: ("compta", "Clarisse Comptable"),
}


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[Role, Actor]]:
    path = tmp_path_factory.mktemp("template") / "template.db"
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
def db_path(template_db: tuple[Path, dict[Role, Actor]], tmp_path: Path) -> Path:
    path = tmp_path / "centre.db"
    shutil.copyfile(template_db[0], path)
    return path


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
