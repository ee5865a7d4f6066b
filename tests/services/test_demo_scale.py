"""The demo's scales (PRODUCT.md §13, §15): the large centre is sized for ten busy years (checked on its
configuration, and on two weeks generated through the services, which `check` finds clean), the command
line reports its progress in French and never leaves a half-made database behind."""

from __future__ import annotations

import io
import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from statistics import mean

import pytest
from sqlalchemy import text

from centre_app import cli_demo
from centre_app.cli import run
from centre_app.domain.errors import DomainError, message
from centre_app.models.migrate import open_database
from centre_app.services import integrity
from centre_app.services.context import SYSTEM
from centre_app.services.demo import create_demo
from centre_app.services.demo_scale import LARGE, SMALL, periods, scale_of

WORKING_DAYS = 313  # Monday to Saturday
SHORT_DAYS = 14
UNTIL = date(2026, 3, 2)


def test_large_is_ten_years_of_the_busy_centre() -> None:
    assert (LARGE.days, LARGE.parties, LARGE.years) == (3650, 3000, 10)
    assert len(periods(UNTIL - timedelta(days=LARGE.days), UNTIL)) == 10
    # Markets: Djibo on Monday, Baraboulé, Tongomayel and Aribinda on other working days (Kelbo is on Sunday).
    contracts = 365 / 7 * (mean(LARGE.monday_contracts) + 3 * mean(LARGE.market_contracts))
    assert 2_000 * 0.9 <= contracts <= 2_000 * 1.1
    orders_tried = WORKING_DAYS * sum(chance for chance, _first, _spread in LARGE.order_slots)
    assert 3_000 <= orders_tried <= 3_000 * 1.25  # some are refused at confirmation (credit limits)
    assert LARGE.op_contracts_per_year * LARGE.years == 400
    for first, _spread in ((f, s) for _c, f, s in LARGE.order_slots):
        assert first + _spread < 11 * 60  # every order is taken before the 11 o'clock deliveries


def test_small_keeps_the_generators_values() -> None:
    assert (SMALL.days, SMALL.parties, SMALL.organisations, SMALL.op_contracts_per_year) == (365, 300, 24, 20)
    assert SMALL.order_slots == ((0.9, 8 * 60, 90), (0.25, 10 * 60, 60))
    assert SMALL.inflation_bp == 0 and SMALL.price_factor_bp(date(2020, 1, 1), date(2026, 1, 1)) == 10_000


def test_years_and_prices_of_a_long_demo() -> None:
    assert scale_of("large", 3).days == 1095
    assert scale_of("small").days == 365
    end = date(2026, 11, 1)
    assert LARGE.price_factor_bp(end - timedelta(days=1), end) == 10_000  # the §13 prices are today's
    assert 8_300 <= LARGE.price_factor_bp(end - timedelta(days=3650), end) <= 8_400  # 2 % a year before
    with pytest.raises(DomainError) as refused:
        scale_of("large", 0)
    assert message(refused.value) == "La démonstration couvre de 1 à 30 ans (demandé : 0)."


def test_progress_line_in_french_with_the_time_left() -> None:
    ticks = iter([0.0, 60.0, 90.0])
    progress = cli_demo.DemoProgress(2, out=io.StringIO(), clock=lambda: next(ticks))
    assert progress.line("tiers", 100, 300) == "tiers : 33 %"
    assert progress.line("Année 2025", 1, 365) == "Année 2025 (1/2) : 0 %"
    # 60 s for a fifth of the period: four more minutes
    assert progress.line("Année 2025", 146, 365) == "Année 2025 (1/2) : 40 % — reste ~4 min"
    assert progress.line("Année 2026", 1, 365).startswith("Année 2026 (2/2) : 0 % — reste ~")
    assert [cli_demo.duration_text(s) for s in (7, 200, 3_900)] == ["5 s", "3 min", "1 h 05"]


def test_an_interrupted_demo_leaves_no_file(tmp_path: Path, monkeypatch, capsys) -> None:
    def broken(session, **_kw):  # type: ignore[no-untyped-def]
        session.execute(text("CREATE TABLE probe (x INTEGER)"))  # something was written, then Ctrl+C
        session.commit()
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_demo, "create_demo", broken)
    path = tmp_path / "demo.db"
    with pytest.raises(KeyboardInterrupt):
        cli_demo.run_demo(path, "large", 1, date(2026, 11, 1), 1)
    assert not path.exists() and not Path(f"{path}-wal").exists()
    assert "a été supprimé" in capsys.readouterr().err


def test_years_out_of_range_are_refused_in_french(tmp_path: Path, capsys) -> None:
    assert run(["demo", "--db", str(tmp_path / "x.db"), "--scale", "large", "--years", "40"]) == 2
    assert "de 1 à 30 ans" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


# --- two weeks of the large centre, through the services ---------------------------------------------------


@pytest.fixture(scope="module")
def short_large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two weeks at the large scale's daily volumes (fewer parties, to keep the test short)."""
    path = tmp_path_factory.mktemp("large") / "large.db"
    db = open_database(path)
    try:
        session = db.write_factory()
        session.info["actor"] = SYSTEM
        scale = replace(LARGE, parties=600, organisations=30, days=SHORT_DAYS)
        create_demo(session, scale=scale, seed=3, until=UNTIL, checkpoint=session.commit)
        session.commit()
        session.close()
    finally:
        db.dispose()
    return path


def _count(path: Path, sql: str) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def test_a_short_large_run_passes_the_integrity_check(short_large: Path) -> None:
    db = open_database(short_large, create=False)
    try:
        with db.reading(SYSTEM) as session:
            assert integrity.run_check(session) == []
    finally:
        db.dispose()


def test_a_short_large_run_has_the_daily_volumes_of_ten_busy_years(short_large: Path) -> None:
    share = SHORT_DAYS / 365  # of a year's volumes
    contracts = _count(short_large, "SELECT count(*) FROM livestock_contracts")
    lines = _count(short_large, "SELECT count(*) FROM livestock_contract_lines")
    orders = _count(short_large, "SELECT count(*) FROM orders WHERE number IS NOT NULL")
    receipts = _count(short_large, "SELECT count(*) FROM payments WHERE doc_type = 'REC'")
    movements = _count(short_large, "SELECT count(*) FROM stock_movements")
    assert 2_000 * share * 0.75 <= contracts <= 2_000 * share * 1.25
    assert 2.6 <= lines / contracts <= 3.4  # 60 000 animal lines for 20 000 contracts
    assert 3_000 * share * 0.7 <= orders <= 3_000 * share * 1.3
    assert 6_000 * share * 0.6 <= receipts <= 6_000 * share * 1.4
    # The first weeks deliver less (orders wait for their date, partial deliveries follow): a lower bound only;
    # a whole year of the large demo posts about 20 000 movements.
    assert movements >= 20_000 * share * 0.35
    assert _count(short_large, "SELECT count(*) FROM cash_closings") == 12  # every working day closed
