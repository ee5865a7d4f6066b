"""« Brouillard de caisse »: the day's pieces with a cancelled one marked, totals per means, the cash count."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import UTC, date, datetime

from pypdf import PdfReader

from centre_app.printing.base import Letterhead
from centre_app.printing.day_book import DayBookData, DayBookLine, render_day_book

PRINTED_AT = datetime(2026, 11, 22, 18, 15, tzinfo=UTC)
LETTERHEAD = Letterhead(name="Centre de services agro-pastoral de Djibo", acronym="CSAP", town="Djibo")
HEADER = "Heure Pièce Tiers Objet Moyen Entrée Sortie"


def _at(hour: int, minute: int) -> datetime:
    return datetime(2026, 11, 22, hour, minute, tzinfo=UTC)


LINES = (
    DayBookLine(_at(8, 12), "REC-2026-000120", "DICKO Aïssata", "Règlement CMD-2026-00012", "Espèces", 60_000, 0, ""),
    DayBookLine(_at(9, 40), "REC-2026-000121", "BARRY Hamidou", "Commission", "Orange Money", 25_000, 0, ""),
    DayBookLine(_at(10, 5), "REC-2026-000122", "SAWADOGO Boureima", "Son de blé", "Espèces", 37_500, 0, "annulé"),
    DayBookLine(_at(11, 30), "DEC-2026-000031", "Station Total", "Gasoil (40 l)", "Espèces", 0, 34_000, ""),
    DayBookLine(_at(15, 20), "BPV-2026-000017", "BARRY Hamidou", "Net vendeur", "Espèces", 0, 950_000, ""),
    DayBookLine(_at(16, 40), "ANR-2026-000004", "SAWADOGO Boureima", "Annulation", "Espèces", 0, 37_500, "annulation"),
)
CLOSED = DayBookData(
    day=date(2026, 11, 22),
    lines=LINES,
    totals_by_means=(("Espèces", 97_500, 1_021_500), ("Orange Money", 25_000, 0)),
    opening_cash=1_250_000,
    cash_in=97_500,  # the cancelled receipt came in, its reversal went out
    cash_out=1_021_500,
    theoretical_cash=326_000,
    counted_cash=325_500,
    difference=-500,
    reason="Pièce de 500 F rendue en trop",
    closing_number="CLO-2026-000321",
    closed_by="Issa Caissier",
    currency="XOF",
)
OPEN = dataclasses.replace(CLOSED, counted_cash=None, difference=None, reason="", closing_number=None, closed_by="")


def _pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [
        re.sub(r"\s+", " ", page.extract_text().replace("\u202f", " ").replace("\u00a0", " ")) for page in reader.pages
    ]


def test_closed_day_book() -> None:
    pages = _pages(render_day_book(CLOSED, LETTERHEAD, PRINTED_AT))
    assert len(pages) == 1
    text = pages[0]
    expected = [
        "Brouillard de caisse du 22 novembre 2026",
        "Clôture n° CLO-2026-000321",
        "6 pièces, dont 1 annulée – montants en F CFA.",
        HEADER,
        "08:12 REC-2026-000120 DICKO Aïssata Règlement CMD-2026-00012 Espèces 60 000",
        "09:40 REC-2026-000121 BARRY Hamidou Commission Orange Money 25 000",
        "10:05 REC-2026-000122 (annulé) SAWADOGO Boureima Son de blé Espèces 37 500",
        "11:30 DEC-2026-000031 Station Total Gasoil (40 l) Espèces 34 000",
        "15:20 BPV-2026-000017 BARRY Hamidou Net vendeur Espèces 950 000",
        "16:40 ANR-2026-000004 (annulation) SAWADOGO Boureima Annulation Espèces 37 500",
        "Les pièces annulées (fond rose) restent au brouillard avec leur numéro ; leur annulation figure à sa date",
        "Totaux par moyen de paiement",
        "Moyen de paiement Entrées Sorties Net",
        "Espèces 97 500 F CFA 1 021 500 F CFA -924 000 F CFA",
        "Orange Money 25 000 F CFA 0 F CFA 25 000 F CFA",
        "Total 122 500 F CFA 1 021 500 F CFA -899 000 F CFA",
        "Arrêté de caisse (espèces)",
        "Solde d’ouverture 1 250 000 F CFA",
        "Entrées espèces 97 500 F CFA",
        "Sorties espèces 1 021 500 F CFA",
        "Solde théorique 326 000 F CFA",
        "Espèces comptées 325 500 F CFA",
        "Écart (compté - théorique) -500 F CFA (manquant de caisse)",
        "Motif de l’écart Pièce de 500 F rendue en trop",
        "Journée clôturée par Issa Caissier – Clôture n° CLO-2026-000321.",
        "Fait à Djibo, le 22 novembre 2026",
        "Le caissier",
        "Le gestionnaire",
        "Brouillard de caisse du 22 novembre 2026 Imprimé le 22/11/2026 18:15",
        "Page 1 / 1",
    ]
    missing = [e for e in expected if e not in text]
    assert missing == [], text
    assert "non clôturée" not in text


def test_cancelled_line_is_shaded() -> None:
    pdf = render_day_book(CLOSED, LETTERHEAD, PRINTED_AT)
    plain = render_day_book(
        dataclasses.replace(CLOSED, lines=(*LINES[:2], dataclasses.replace(LINES[2], status=""), *LINES[3:])),
        LETTERHEAD,
        PRINTED_AT,
    )
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    plain_content = PdfReader(io.BytesIO(plain)).pages[0].get_contents()
    assert content is not None and plain_content is not None
    pink = b".984314 .890196 .890196 rg"  # #FBE3E3
    assert pink in content.get_data()
    assert pink not in plain_content.get_data()
    assert "(annulé)" not in _pages(plain)[0]


def test_open_day_and_surplus() -> None:
    text = _pages(render_day_book(OPEN, LETTERHEAD, PRINTED_AT))[0]
    for expected in (
        "Journée non clôturée",
        "Espèces comptées Non compté",
        "Écart (compté - théorique) —",
        "Motif de l’écart —",
        "Journée non clôturée : les chiffres peuvent encore changer.",
        "Nom et signature",
    ):
        assert expected in text
    assert "Clôture n°" not in text
    surplus = dataclasses.replace(CLOSED, counted_cash=327_000, difference=1_000, reason="")
    assert "+1 000 F CFA (excédent de caisse)" in _pages(render_day_book(surplus, LETTERHEAD, PRINTED_AT))[0]
    exact = dataclasses.replace(CLOSED, counted_cash=326_000, difference=0, reason="")
    assert "0 F CFA (aucun écart)" in _pages(render_day_book(exact, LETTERHEAD, PRINTED_AT))[0]


def test_a_busy_day_runs_over_pages_with_the_header_repeated() -> None:
    lines = tuple(
        DayBookLine(
            _at(7 + n // 10, n % 60), f"REC-2026-{n:06d}", "DIALLO Ousmane", "Vente de mil", "Espèces", 5_000, 0, ""
        )
        for n in range(1, 91)
    )
    busy = dataclasses.replace(CLOSED, lines=lines)
    pages = _pages(render_day_book(busy, LETTERHEAD, PRINTED_AT))
    assert len(pages) >= 2
    assert all(HEADER in page for page in pages)
    text = " ".join(pages)
    assert all(text.count(f"REC-2026-{n:06d}") == 1 for n in range(1, 91))
    assert "90 pièces – montants en F CFA." in text


def test_empty_day() -> None:
    empty = dataclasses.replace(OPEN, lines=(), totals_by_means=(), cash_in=0, cash_out=0, theoretical_cash=1_250_000)
    text = _pages(render_day_book(empty, LETTERHEAD, PRINTED_AT))[0]
    assert "Aucune opération ce jour." in text
    assert "0 pièce – montants en F CFA." in text
    assert "Total 0 F CFA 0 F CFA 0 F CFA" in text


def test_same_input_same_bytes() -> None:
    first = render_day_book(CLOSED, LETTERHEAD, PRINTED_AT)
    assert render_day_book(CLOSED, LETTERHEAD, PRINTED_AT) == first
    info = PdfReader(io.BytesIO(first)).metadata
    assert info is not None
    assert info["/CreationDate"].startswith("D:20261122181500")
