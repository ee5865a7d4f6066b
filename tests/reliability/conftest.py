"""Fixtures of the reliability tests: a small cash-ready database (centre, users, ten customers)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from invariants import copy_database

from centre_app.domain.permissions import Role
from centre_app.models.migrate import open_database
from centre_app.services import parties
from centre_app.services.context import Actor
from centre_app.services.parties import PartyInput
from tests.pg_server import database_name

CUSTOMERS = (
    "DICKO Aïssata", "BARRY Hamidou", "SIDIBÉ Fatimata", "TAMBOURA Issa", "CISSÉ Mariam",
    "MAÏGA Boureima", "SOW Kadidiatou", "BANDÉ Oumarou", "DIALLO Hawa", "TALL Souleymane",
)  # fmt: skip


@pytest.fixture(scope="session")
def cash_template(
    template_db: tuple[Path, dict[Role, Actor]], tmp_path_factory: pytest.TempPathFactory, clone_db
) -> Path:
    path = clone_db(template_db[0], tmp_path_factory.mktemp("reliability") / "cash.db")
    db = open_database(path)
    try:
        with db.transaction(template_db[1][Role.CLERK]) as s:
            for name in CUSTOMERS:
                parties.create_party(s, PartyInput(name=name, village="Djibo", commune="Djibo"))
    finally:
        db.dispose()
    return path


@pytest.fixture
def cash_db(cash_template: Path, tmp_path: Path, pg_server) -> Iterator[Path]:
    if pg_server is None:
        yield copy_database(cash_template, tmp_path / "centre.db")
        return
    url = pg_server.create(database_name(str(cash_template)))
    yield url
    pg_server.drop(url)
