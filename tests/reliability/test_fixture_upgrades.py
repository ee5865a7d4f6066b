"""Databases made by earlier schema versions (tests/fixtures/schema_*.db) upgrade to head without loss.

Each fixture is copied, opened with ``open_database`` (safety copy, upgrade to head), then: every
row of every table is still there, values read through today's services are the ones written then,
`check` finds nothing, a user logs in and a new receipt continues the series.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from invariants import half_documents
from sqlalchemy import text
from sqlalchemy.orm import Session
from workload import current_day

from centre_app.models.migrate import current_revision, head_revision, known_revisions, open_database
from centre_app.services import (
    cash_day,
    catalog,
    dues,
    integrity,
    orders,
    organisations,
    parties,
    payments,
    settings,
    stock_reports,
    users,
)
from centre_app.services.context import SYSTEM
from centre_app.services.payments import PaymentDraft

pytestmark = pytest.mark.sqlite_only(reason="upgrades SQLite files made by earlier versions")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PASSWORD = "fixture123"


def _revision_of(path: Path) -> str:
    return path.stem.removeprefix("schema_")


ALL = sorted(FIXTURES.glob("schema_*.db"))


def _party(s: Session, name: str) -> int:
    return parties.list_parties(s, name)[0].id


def _price(s: Session, product: str, price_list: str, unit: str, on: date) -> int:
    lists = {pl.code: pl.id for pl in catalog.list_price_lists(s)}
    return catalog.price_at(s, lists[price_list], catalog.product_by_code(s, product).id, unit, on)


def _members(s: Session, name: str) -> list[tuple[str, str]]:
    detail = organisations.get_organisation(s, _party(s, name))
    return sorted((m.name, m.office) for m in detail.members)


# (first revision that has it, what the office reads today, the value written at that time)
VALUES: list[tuple[str, Callable[[Session], Any], Any]] = [
    ("0001", lambda s: settings.get_settings(s).name, "Centre de services agro-pastoral du Soum"),
    ("0001", lambda s: settings.get_settings(s).country.code, "BF"),
    ("0001", lambda s: parties.get_party(s, _party(s, "MAÏGA")).data.village, "Béléhédé"),
    ("0001", lambda s: parties.get_party(s, _party(s, "BARRY")).data.credit_limit, 150_000),
    (
        "0001",
        lambda s: _members(s, "Wendkouni"),
        [
            ("BARRY Hamidou", "Trésorier"),
            ("DICKO Aïssata", "Présidente"),
            ("SIDIBÉ Fatimata", "Secrétaire"),
            ("TAMBOURA Issa", ""),
        ],
    ),
    ("0001", lambda s: _price(s, "MIL", "NORMAL", "SAC100", date(2026, 3, 1)), 18_000),
    ("0001", lambda s: _price(s, "MIL", "NORMAL", "SAC100", date(2026, 7, 1)), 19_750),
    ("0001", lambda s: _price(s, "PIERRE", "NORMAL", "BLOC5", date(2026, 7, 1)), 2_500),
    ("0002", lambda s: payments.get_payment(s, number="REC-2026-000001").amount, 150_000),
    ("0002", lambda s: payments.get_payment(s, number="REC-2026-000002").transaction_id, "PP260302.1012.A41234"),
    ("0002", lambda s: payments.get_payment(s, number="REC-2026-000003").status, "annule"),
    ("0002", lambda s: dues.party_balance(s, _party(s, "DICKO")), 174_000 - 154_000),
    ("0002", lambda s: cash_day.day_book(s, date(2026, 3, 2)).difference, -500),
    ("0002", lambda s: cash_day.day_book(s, date(2026, 3, 3)).opening_cash, 142_000),
    ("0003", lambda s: _on_hand(s, "TOURTEAU", "CENTRE"), (Decimal(925), 40 * 7_500 * 925 // 2_000)),
    ("0003", lambda s: _on_hand(s, "MIL", "ARB"), (Decimal(498), 16_250 * 498 // 100)),
    ("0003", lambda s: _order(s, "CMD-2026-00001"), ("livree", 230_000, 50_000)),
    ("0003", lambda s: _order(s, "CMD-2026-00002"), ("confirmee", 20_000, 0)),
    ("0004", lambda s: _livestock(s, "CBV-2026-0001"), ("solde", 1_028_750, 1_012_249, "Passeport n° CI0456789")),
    ("0004", lambda s: _livestock(s, "CBV-2026-0002"), ("paye_partiel", 594_637, 200_000, "")),
    ("0004", lambda s: _livestock(s, "CBV-2026-0004")[0], "livre"),
    ("0004", lambda s: _livestock(s, "CBV-2026-0005")[0], "annule"),
    ("0004", lambda s: [(r.species_code, r.heads, r.value) for r in _animals(s)], [("caprin", 5, 150_000)]),
    ("0005", lambda s: _op_contract(s, "COP-2026-0001"), ("en_cours", 510_000, 150_000, ("COP-2026-0001/A1",))),
    ("0005", lambda s: _op_contract(s, "COP-2026-0002")[0], "resilie"),
    ("0005", lambda s: _op_clause(s, "COP-2026-0001"), "prestation de services de commercialisation de bétail"),
]


def _op_contract(s: Session, number: str) -> tuple[Any, ...]:
    from centre_app.services.op_contract_queries import get_contract

    doc = get_contract(s, number=number)
    return doc.stored_state, doc.row.planned_amount, doc.row.paid, tuple(a.number for a in doc.amendments)


def _op_clause(s: Session, number: str) -> str:
    """The signed text keeps the wording of its time (the « objet » template was edited after signing)."""
    from centre_app.services.op_clauses import contract_sections
    from centre_app.services.op_contract_queries import get_contract

    body = contract_sections(s, get_contract(s, number=number).id)[1].body
    return body[body.index("prestation") : body.index(" :")]


def _livestock(s: Session, number: str) -> tuple[Any, ...]:
    from centre_app.services.livestock_queries import get_contract

    s.info["actor"] = SYSTEM
    c = get_contract(s, number=number)
    return c.state, c.figures.buyer_total, c.buyer_paid if c.state != "solde" else c.seller_paid, c.buyer.identity


def _animals(s: Session) -> list[Any]:
    from centre_app.services.livestock_stock import animals_on_hand

    s.info["actor"] = SYSTEM
    return animals_on_hand(s)


def _on_hand(s: Session, product: str, magasin: str) -> tuple[Decimal, int]:
    s.info["actor"] = SYSTEM
    [row] = [
        r
        for r in stock_reports.stock_on_hand(s, date(2026, 3, 31))
        if (r.product_code, r.warehouse_code) == (product, magasin)
    ]
    return row.quantity, row.value


def _order(s: Session, number: str) -> tuple[str, int, int]:
    s.info["actor"] = SYSTEM
    o = orders.get_order(s, number=number)
    return o.state, o.total, o.paid


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t != "alembic_version"}
    finally:
        con.close()


def test_every_earlier_schema_revision_has_a_fixture_made_by_it() -> None:
    """The rule of tests/fixtures/README.md: a schema change is tested on a file of the previous version."""
    have = {_revision_of(p) for p in ALL}
    older = known_revisions() - {head_revision()}
    assert older <= have, f"no fixture made by revision(s) {sorted(older - have)}: see tests/fixtures/README.md"
    for path in ALL:
        assert path.stat().st_size < 1_000_000, f"{path.name} is too big for a fixture"
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == _revision_of(path)
        finally:
            con.close()


@pytest.mark.parametrize("fixture", ALL, ids=[p.stem for p in ALL])
def test_an_older_database_upgrades_without_loss(fixture: Path, tmp_path: Path) -> None:
    revision = _revision_of(fixture)
    before = _counts(fixture)
    path = shutil.copyfile(fixture, tmp_path / "office.db")
    db = open_database(path)
    try:
        assert current_revision(db) == head_revision()
        safety = list(tmp_path.glob("office.avant-mise-a-jour-*.db"))
        assert len(safety) == (0 if revision == head_revision() else 1)
        with db.reading() as s:
            for table, count in before.items():
                assert s.scalar(text(f'SELECT count(*) FROM "{table}"')) == count, table
            for since, read, expected in VALUES:
                if since <= revision:
                    assert read(s) == expected
            assert integrity.run_check(s) == []
            assert half_documents(s) == []
            day = current_day(s)
            receipts = s.scalar(text("SELECT count(*) FROM payments WHERE doc_type = 'REC' AND year = :y"), {"y": 2026})
        with db.transaction() as s:
            clerk = users.login(s, "caisse", PASSWORD).actor
        assert clerk is not None
        with db.transaction(clerk) as s:
            s.info["now"] = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
            draft = PaymentDraft("REC", 12_500, "especes", "Vente au comptant", counterpart_name="Client de passage")
            assert payments.record_payment(s, draft).number == f"REC-2026-{receipts + 1:06d}"
        with db.reading() as s:
            assert integrity.run_check(s) == []
    finally:
        db.dispose()
