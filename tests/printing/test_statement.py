"""« Relevé de compte »: 60 movements on two pages, header on each, closing wording, credit limit, ageing."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import UTC, date, datetime, timedelta

from pypdf import PdfReader

from centre_app.printing.base import Letterhead
from centre_app.printing.statement import StatementData, StatementLine, render_statement

PRINTED_AT = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
LETTERHEAD = Letterhead(name="Centre de services agro-pastoral de Djibo", acronym="CSAP", town="Djibo")
HEADER = "Date Pièce Libellé Débit Crédit Solde"


def _lines(count: int, opening: int) -> tuple[StatementLine, ...]:
    """Orders (debit) and payments (credit) through October 2026, with the running balance."""
    lines = []
    balance = opening
    for i in range(count):
        day = date(2026, 10, 1) + timedelta(days=i * 31 // count)
        if i % 3 == 2:
            reference, label, debit, credit = f"REC-2026-{200 + i:06d}", "Règlement en espèces", 0, 20_000 + i * 100
        else:
            reference, label, debit, credit = f"CMD-2026-{300 + i:05d}", "Sacs de tourteau", 12_500 + i * 50, 0
        balance += debit - credit
        lines.append(StatementLine(day, reference, label, debit, credit, balance))
    return tuple(lines)


OPENING = 85_000
LINES = _lines(60, OPENING)
STATEMENT = StatementData(
    party_name="DICKO Aïssata",
    party_code="T-00082",
    party_village="Mentao",
    party_phone="+226 70 12 34 56",
    start=date(2026, 10, 1),
    end=date(2026, 11, 1),
    opening_balance=OPENING,
    lines=LINES,
    closing_balance=LINES[-1].balance,
    credit_limit=150_000,
    ageing=(("0-30", 120_000), ("31-60", 0), ("61-90", 5_000), (">90", 0)),
    currency="XOF",
)


def _pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [
        re.sub(r"\s+", " ", page.extract_text().replace("\u202f", " ").replace("\u00a0", " ")) for page in reader.pages
    ]


def _money(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def test_sixty_lines_on_two_pages_with_the_header_repeated() -> None:
    assert STATEMENT.closing_balance == 182_000
    pages = _pages(render_statement(STATEMENT, LETTERHEAD, PRINTED_AT))
    assert len(pages) == 2
    for number, page in enumerate(pages, start=1):
        assert HEADER in page
        assert "Relevé de compte n° T-00082 Imprimé le 02/11/2026 08:30" in page
        assert page.endswith(f"Page {number} / 2 ")
    assert "Relevé de compte n° T-00082" in pages[1].split(HEADER)[0]  # the running title on page 2
    text = " ".join(pages)
    for line in LINES:
        assert text.count(line.reference) == 1
    first = LINES[0]
    assert f"01/10/2026 {first.reference} Sacs de tourteau {_money(first.debit)} {_money(first.balance)}" in text
    payment = LINES[2]
    assert f"{payment.reference} Règlement en espèces {_money(payment.credit)} {_money(payment.balance)}" in text


def test_header_period_opening_and_closing() -> None:
    text = " ".join(_pages(render_statement(STATEMENT, LETTERHEAD, PRINTED_AT)))
    debits = sum(line.debit for line in LINES)
    credits = sum(line.credit for line in LINES)
    expected = [
        "Relevé de compte",
        "DICKO Aïssata – T-00082 – du 01/10/2026 au 31/10/2026",
        "Client DICKO Aïssata",
        "Code T-00082",
        "Village / secteur Mentao",
        "Téléphone +226 70 12 34 56",
        "Période du 01/10/2026 au 31/10/2026",
        "Plafond de crédit 150 000 F CFA",
        "Montants en F CFA",
        "01/10/2026 Solde d’ouverture 85 000",
        f"Totaux de la période {_money(debits)} {_money(credits)} 182 000",
        "Solde d’ouverture au 01/10/2026 85 000 F CFA",
        f"Total des débits {_money(debits)} F CFA",
        f"Total des crédits {_money(credits)} F CFA",
        "Solde dû par le client au 31/10/2026 182 000 F CFA",
    ]
    missing = [e for e in expected if e not in text]
    assert missing == [], text
    assert "Solde en faveur du client" not in text


def test_credit_limit_warning_when_exceeded() -> None:
    text = " ".join(_pages(render_statement(STATEMENT, LETTERHEAD, PRINTED_AT)))
    assert (
        "Attention : le solde dû (182 000 F CFA) dépasse le plafond de crédit autorisé (150 000 F CFA) "
        "de 32 000 F CFA." in text
    )
    within = dataclasses.replace(STATEMENT, credit_limit=182_000)
    assert "Attention" not in " ".join(_pages(render_statement(within, LETTERHEAD, PRINTED_AT)))
    none = dataclasses.replace(STATEMENT, credit_limit=None)
    text = " ".join(_pages(render_statement(none, LETTERHEAD, PRINTED_AT)))
    assert "Plafond de crédit Aucun" in text
    assert "Attention" not in text


def test_ageing_table() -> None:
    text = " ".join(_pages(render_statement(STATEMENT, LETTERHEAD, PRINTED_AT)))
    assert "Ancienneté des sommes dues au 31/10/2026" in text
    assert "0–30 jours 31–60 jours 61–90 jours Plus de 90 jours Total" in text
    assert "120 000 F CFA 0 F CFA 5 000 F CFA 0 F CFA 125 000 F CFA" in text


def test_balance_in_favour_of_the_client_and_no_movement() -> None:
    credit = dataclasses.replace(STATEMENT, opening_balance=-5_000, lines=(), closing_balance=-5_000, ageing=())
    pages = _pages(render_statement(credit, LETTERHEAD, PRINTED_AT))
    assert len(pages) == 1
    text = pages[0]
    assert "Solde en faveur du client au 31/10/2026 5 000 F CFA" in text
    assert "Aucun mouvement sur la période." in text
    assert "Solde dû par le client" not in text
    assert "Attention" not in text
    assert "Ancienneté" not in text
    settled = dataclasses.replace(credit, opening_balance=0, closing_balance=0)
    assert "Compte soldé au 31/10/2026 0 F CFA" in _pages(render_statement(settled, LETTERHEAD, PRINTED_AT))[0]


def test_same_input_same_bytes() -> None:
    first = render_statement(STATEMENT, LETTERHEAD, PRINTED_AT)
    assert render_statement(STATEMENT, LETTERHEAD, PRINTED_AT) == first
    info = PdfReader(io.BytesIO(first)).metadata
    assert info is not None
    assert info["/CreationDate"].startswith("D:20261102083000")
