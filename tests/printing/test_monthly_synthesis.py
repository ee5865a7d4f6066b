"""The synthèse mensuelle PDF: on the demo database it shows the month's title and the same figures as
``monthly_report.monthly_data`` (receipts, debts, stock); the CLI writes it; an empty month still prints; a clerk
is refused and a bad month is refused in French."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from centre_app.cli import run
from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_money
from centre_app.domain.periods import Period
from centre_app.models.database import Database
from centre_app.models.migrate import open_database
from centre_app.printing.monthly_synthesis import render_monthly_synthesis
from centre_app.services import monthly_report, monthly_synthesis
from centre_app.services.context import SYSTEM, Actor, PermissionDenied
from centre_app.services.printouts import letterhead

MONTH = "2026-10"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, fresh_db) -> Iterator[tuple[Path, Database]]:
    path = fresh_db(tmp_path_factory.mktemp("synthesis") / "demo.db")  # a server database with --postgresql
    assert run(["demo", "--db", str(path), "--until", "2026-11-01"]) == 0
    db = open_database(path, create=False)
    yield path, db
    db.dispose()


def _text(content: bytes) -> str:
    """The PDF's text with the no-break spaces babel and the tables use turned into plain spaces."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _plain(value: str) -> str:
    return value.replace("\u202f", " ").replace("\u00a0", " ")


def test_pdf_agrees_with_monthly_data(demo: tuple[Path, Database]) -> None:
    with demo[1].reading(SYSTEM) as s:
        data = monthly_report.monthly_data(s, MONTH)
        synthesis = monthly_synthesis.synthesis_data(s, MONTH)
        content = monthly_report.monthly_pdf(s, MONTH)
    assert content.startswith(b"%PDF")
    pages = len(PdfReader(io.BytesIO(content)).pages)
    assert 2 <= pages <= 4
    text = _text(content)
    assert "Synthèse mensuelle — octobre 2026" in text
    received = sum(m.received for m in data.by_means)
    assert received > 0
    assert synthesis.receipts_total == received
    assert _plain(format_money(received, data.currency, data.locale, symbol=False)) in text
    debts = sum(x.remaining for x in data.debts)
    stock_value = sum(x.value for x in data.stock)
    for figure in (debts, stock_value):
        assert _plain(format_money(figure, data.currency, data.locale, symbol=False)) in text
    for heading in ("Chiffres clés", "Ventes par activité sur douze mois", "Bétail vendu par espèce",
                    "Créances clients par ancienneté", "Contrats OP", "septembre 2026", "octobre 2025"):  # fmt: skip
        assert heading in text
    # the key figures compare with the previous month, taken from that month's own data
    with demo[1].reading(SYSTEM) as s:
        september = monthly_report.monthly_data(s, "2026-09")
    total_sept = sum(m.received for m in september.by_means)
    row = next(k for k in synthesis.key_figures if k.label == "Total des encaissements")
    assert row.values == (received, total_sept, 0)
    assert len(synthesis.bars) == 12
    assert synthesis.bars[-1].month == Period.parse_month(MONTH).start


def test_cli_writes_the_pdf(demo: tuple[Path, Database], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    assert run(["report", "monthly", "--db", str(demo[0]), "--month", MONTH, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "Synthèse mensuelle 2026-10" in capsys.readouterr().out
    assert "Synthèse mensuelle — octobre 2026" in _text(out.read_bytes())


def test_same_input_same_bytes(demo: tuple[Path, Database]) -> None:
    with demo[1].reading(SYSTEM) as s:
        data = monthly_synthesis.synthesis_data(s, MONTH)
        head = letterhead(s)
    moment = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    assert render_monthly_synthesis(data, head, moment) == render_monthly_synthesis(data, head, moment)


def test_empty_month_prints(db: Database, manager: Actor) -> None:
    with db.reading(manager) as s:
        content = monthly_report.monthly_pdf(s, "2026-03")
    text = _text(content)
    assert "Synthèse mensuelle — mars 2026" in text
    assert "Aucune vente livrée dans le mois." in text
    assert "Aucune créance client en fin de mois." in text


def test_refusals(db: Database, clerk: Actor, manager: Actor) -> None:
    with db.reading(clerk) as s, pytest.raises(PermissionDenied):
        monthly_report.monthly_pdf(s, MONTH)
    with db.reading(manager) as s, pytest.raises(DomainError) as err:
        monthly_report.monthly_pdf(s, "2026-13")
    assert "2026-13" in message(err.value)
