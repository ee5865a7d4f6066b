"""« Fiche tiers » printed through the services: French content, amounts, signature boxes, stable bytes."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from centre_app.domain.errors import DomainError
from centre_app.models.database import Database
from centre_app.printing.base import Letterhead
from centre_app.printing.party_sheet import PartySheetData, render_party_sheet
from centre_app.resources import resource
from centre_app.services import organisations, parties, printouts
from centre_app.services.context import Actor
from centre_app.services.organisations import OrganisationInput
from centre_app.services.parties import PartyInput

PRINTED_AT = datetime(2026, 11, 22, 14, 5, tzinfo=UTC)

AISSATA = PartyInput(
    name="DICKO Aïssata",
    sex="F",
    roles=("producteur", "acheteur"),
    village="Mentao",
    commune="Djibo",
    province="Soum",
    phone="+226 70 12 34 56",
    phone2="+226 76 98 76 54",
    id_type="CNIB",
    id_number="B12345678",
    tax_id="00012345 X",
    trader_card="CC-SOUM-2024-017",
    credit_limit=250_000,
    notes="Éleveuse de bœufs et de petits ruminants.\nPréfère être appelée le matin (fulfuldé).",
)


def _pages(pdf: bytes) -> list[str]:
    """Text of each page, with babel's special spaces and every run of white space made one plain space."""
    reader = PdfReader(io.BytesIO(pdf))
    return [
        re.sub(r"\s+", " ", page.extract_text().replace("\u202f", " ").replace("\u00a0", " ")) for page in reader.pages
    ]


def _create_aissata(db: Database, clerk: Actor) -> int:
    with db.transaction(clerk) as s:
        pid = parties.create_party(s, AISSATA).id
        op = organisations.create_organisation(
            s, PartyInput(name="Groupement Benkadi de Djibo", roles=("op",)), OrganisationInput("groupement")
        ).id
        organisations.add_member(s, op, pid, date(2024, 3, 1), "présidente")
    return pid


def _sheet(db: Database, clerk: Actor, pid: int) -> bytes:
    with db.reading(clerk) as s:
        s.info["now"] = PRINTED_AT
        return printouts.party_sheet_pdf(s, pid)


def test_party_sheet_has_every_field_in_french(db: Database, clerk: Actor) -> None:
    pid = _create_aissata(db, clerk)
    pdf = _sheet(db, clerk, pid)
    assert pdf.startswith(b"%PDF-")
    pages = _pages(pdf)
    assert len(pages) == 1
    text = pages[0]
    with db.reading(clerk) as s:
        code = parties.get_party(s, pid).code
    expected = [
        "Centre de test de Djibo",
        "Fiche tiers",
        f"DICKO Aïssata – {code}",
        code,
        "Actif",
        "Personne physique",
        "Féminin",
        "CNIB n° B12345678",
        "Producteur / éleveur",
        "Acheteur / commerçant",
        "Mentao",
        "Soum",
        "+226 70 12 34 56",
        "+226 76 98 76 54",
        "IFU 00012345 X",
        "Carte de commerçant CC-SOUM-2024-017",
        "Plafond de crédit 250 000 F CFA",
        "Groupement Benkadi de Djibo",
        "Éleveuse de bœufs et de petits ruminants.",
        "Préfère être appelée le matin (fulfuldé).",
        "Date d’enregistrement",
        "Pièce d’identité",
        "Organisations d’appartenance",
        "Je soussigné(e), DICKO Aïssata, certifie l’exactitude des informations ci-dessus",
        "Signature du tiers",
        "Empreinte digitale",
        "Pour le centre",
        "Nom, signature et cachet",
        "Fait à Djibo, le 22 novembre 2026",
        "Imprimé le 22/11/2026 14:05",
        f"Fiche tiers n° {code}",
        "Page 1 / 1",
    ]
    missing = [e for e in expected if e not in text]
    assert missing == [], text


def test_party_sheet_every_character_has_a_glyph(db: Database, clerk: Actor) -> None:
    pid = _create_aissata(db, clerk)
    reader = PdfReader(io.BytesIO(_sheet(db, clerk, pid)))
    text = "".join(page.extract_text() for page in reader.pages)
    face = TTFont("probe", str(resource("fonts", "DejaVuSans.ttf"))).face
    assert "\u202f" in text  # the amount keeps babel's narrow no-break spaces somewhere (footer or table)
    assert [ch for ch in set(text) if ch not in "\n" and ord(ch) not in face.charToGlyph] == []


def test_party_sheet_is_deterministic(db: Database, clerk: Actor) -> None:
    pid = _create_aissata(db, clerk)
    first = _sheet(db, clerk, pid)
    assert _sheet(db, clerk, pid) == first
    info = PdfReader(io.BytesIO(first)).metadata
    assert info is not None
    assert info["/CreationDate"].startswith("D:20261122140500")


def test_organisation_sheet_without_optional_fields(db: Database, clerk: Actor) -> None:
    with db.transaction(clerk) as s:
        op = organisations.create_organisation(
            s, PartyInput(name="Union des éleveurs du Soum", roles=("op",)), OrganisationInput("union")
        ).id
    text = _pages(_sheet(db, clerk, op))[0]
    for expected in (
        "Raison sociale Union des éleveurs du Soum",
        "Organisation",
        "Plafond de crédit Aucun",
        "Aucune",
        "représentant(e) de l’organisation Union des éleveurs du Soum, certifie l’exactitude",
        "Signature du représentant",
    ):
        assert expected in text
    assert "Sexe" not in text


def test_printing_needs_a_user(db: Database, clerk: Actor) -> None:
    pid = _create_aissata(db, clerk)
    with pytest.raises(DomainError) as err, db.reading() as s:
        printouts.party_sheet_pdf(s, pid)
    assert err.value.code == "auth.no_actor"


def test_render_party_sheet_directly_with_a_logo_and_odd_text() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 110, 60)).save(buffer, format="PNG")
    letterhead = Letterhead(
        name="Centre de services agro-pastoral de Djibo",
        acronym="CSAP-D",
        town="Djibo",
        logo_png=buffer.getvalue(),
    )
    data = PartySheetData(
        code="T-00042",
        name="OUÉDRAOGO <Œuvre> & Fils\u200b",  # markup characters and a zero-width space must not break anything
        kind="Personne physique",
        roles=("Fournisseur",),
        credit_limit=1_250_500,
        notes="Ligne 1\r\nLigne 2\tavec tabulation",
    )
    pdf = render_party_sheet(data, letterhead, PRINTED_AT)
    text = _pages(pdf)[0]
    assert "OUÉDRAOGO <Œuvre> & Fils" in text
    assert "1 250 500 F CFA" in text
    assert "Ligne 1 Ligne 2 avec tabulation" in text
    assert "Centre de services agro-pastoral de Djibo (CSAP-D)" in text
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
    assert render_party_sheet(data, letterhead, PRINTED_AT) == pdf


def test_a_broken_logo_is_left_out_not_fatal() -> None:
    letterhead = Letterhead(name="Centre de test de Djibo", logo_png=b"not a png at all")
    data = PartySheetData(code="T-00043", name="BARRY Hamidou", kind="Personne physique", roles=("Producteur",))
    pdf = render_party_sheet(data, letterhead, PRINTED_AT)
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 0
    assert "BARRY Hamidou" in _pages(pdf)[0]
