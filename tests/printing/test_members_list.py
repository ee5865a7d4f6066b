"""« Liste des membres » of an OP with 65 members: every member printed once, header row on each page, totals."""

from __future__ import annotations

import base64
import io
import re
from datetime import UTC, date, datetime
from itertools import product

from PIL import Image
from pypdf import PdfReader

from centre_app.models.database import Database
from centre_app.services import organisations, parties, printouts, settings
from centre_app.services.context import Actor
from centre_app.services.organisations import OrganisationInput
from centre_app.services.parties import PartyInput

PRINTED_AT = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
SURNAMES = ("DICKO", "BARRY", "SAWADOGO", "OUÉDRAOGO", "DIALLO", "TAMBOURA", "CISSÉ", "MAÏGA", "BOLY", "TRAORÉ")
WOMEN = ("Aïssata", "Fatoumata", "Djénéba", "Hadjaratou", "Salimata")
MEN = ("Amadou", "Boureima", "Hamidou", "Ousmane", "Séydou")
OFFICES = ("présidente", "secrétaire", "trésorier", "commissaire aux comptes")
VILLAGES = ("Mentao", "Djibo", "Lörgo", "Pobé-Mengao", "Kourfayel")


def _members() -> list[PartyInput]:
    women = [f"{s} {f}" for s, f in product(SURNAMES, WOMEN)]
    men = [f"{s} {f}" for s, f in product(SURNAMES, MEN)]
    people: list[PartyInput] = []
    for i in range(65):
        woman = i % 2 == 0  # 33 women, 32 men
        name = women[i // 2] if woman else men[i // 2]
        people.append(PartyInput(name=name, sex="F" if woman else "M", village=VILLAGES[i % len(VILLAGES)]))
    return people


def _pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [
        re.sub(r"\s+", " ", page.extract_text().replace("\u202f", " ").replace("\u00a0", " ")) for page in reader.pages
    ]


def _logo_b64() -> str:
    buffer = io.BytesIO()
    image = Image.new("RGB", (160, 160), (255, 255, 255))
    for x in range(20, 140):
        for y in range(60, 100):
            image.putpixel((x, y), (34, 120, 60))
            image.putpixel((y, x), (34, 120, 60))
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _benkadi(db: Database, admin: Actor, clerk: Actor) -> tuple[int, list[PartyInput]]:
    with db.transaction(admin) as s:
        settings.update_settings(
            s,
            {
                "centre.acronym": "CSAP",
                "centre.legal_form": "Association",
                "centre.registration": "Récépissé n° 2015-112/MATD/RSHL/PSUM",
                "centre.address": "Secteur 3, route de Dori",
                "centre.po_box": "45 Djibo",
                "centre.phone": "+226 24 56 01 23",
                "centre.email": "contact@csap-djibo.bf",
                "centre.tax_id": "00045678 K",
                "centre.rccm": "BF-DJB-2016-B-0042",
                "centre.logo_png_b64": _logo_b64(),
            },
        )
    people = _members()
    with db.transaction(clerk) as s:
        union = organisations.create_organisation(
            s, PartyInput(name="Union des groupements d’éleveurs du Soum", roles=("op",)), OrganisationInput("union")
        ).id
        ids = [parties.create_party(s, p).id for p in people]
        op = organisations.create_organisation(
            s,
            PartyInput(name="Groupement Benkadi de Djibo", roles=("op",)),
            OrganisationInput(
                "groupement",
                registration_number="N° 2019-045/RSHL/PSUM/DPAAH",
                founded_on=date(2019, 3, 14),
                seat="Djibo, secteur 4",
                legal_rep_id=ids[0],
                parent_id=union,
            ),
        ).id
        for i, member in enumerate(ids):
            office = OFFICES[i] if i < len(OFFICES) else ""
            organisations.add_member(s, op, member, date(2019 + i % 6, 1 + i % 12, 1 + i % 28), office)
    return op, people


def _print(db: Database, clerk: Actor, op: int) -> bytes:
    with db.reading(clerk) as s:
        s.info["now"] = PRINTED_AT
        return printouts.members_list_pdf(s, op)


def test_members_list_of_65_members(db: Database, admin: Actor, clerk: Actor) -> None:
    op, people = _benkadi(db, admin, clerk)
    pdf = _print(db, clerk, op)
    pages = _pages(pdf)
    total = len(pages)
    assert total == 2
    assert "Page 1 / 2" in pages[0] and "Page 2 / 2" in pages[1]
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} / {total}" in text
        # letterhead, running footer and the repeated header row on every page
        assert "Centre de test de Djibo (CSAP)" in text
        assert "Liste des membres n° " in text
        assert "Imprimé le 22/11/2026 09:30" in text
        for column in ("N°", "Nom et prénom(s)", "Sexe", "Village", "Fonction au bureau", "Date d’adhésion"):
            assert column in text, (number, column)  # the header row repeats on every page
    first = pages[0]
    for expected in (
        "Liste des membres",
        "Groupement Benkadi de Djibo",
        "Groupement",
        "N° 2019-045/RSHL/PSUM/DPAAH",
        "14/03/2019",
        "Djibo, secteur 4",
        "Représentant légal DICKO Aïssata",
        "Union des groupements d’éleveurs du Soum",
        "Association – Récépissé n° 2015-112/MATD/RSHL/PSUM",
        "Secteur 3, route de Dori – BP 45 Djibo – Djibo",
        "Tél. : +226 24 56 01 23 – Courriel : contact@csap-djibo.bf",
        "IFU : 00045678 K – RCCM : BF-DJB-2016-B-0042",
        "1 DICKO Aïssata F Mentao Présidente 01/01/2019",
        "2 DICKO Amadou M Djibo Secrétaire 02/02/2020",
        "3 DICKO Fatoumata F Lörgo Trésorier 03/03/2021",
        "4 DICKO Boureima M Pobé-Mengao Commissaire aux comptes 04/04/2022",
    ):
        assert expected in first, expected
    everything = " ".join(pages)
    rows = re.findall(r" (\d{1,2}) ([A-ZÉÏ]{3,} [A-Z][a-zéï]+) ([FM]) ", everything)
    assert [int(number) for number, _name, _sex in rows] == list(range(1, 66))
    assert sorted(name for _number, name, _sex in rows) == sorted(p.name for p in people)
    assert sum(1 for *_rest, sex in rows if sex == "F") == 33
    last = pages[-1]
    for expected in (
        "Effectif : 65 membres, dont 33 femmes et 32 hommes.",
        "Arrêtée la présente liste au nombre de soixante-cinq (65) membres.",
        "Le représentant légal de l’OP",
        "Empreinte digitale",
        "Pour le centre",
        "Fait à Djibo, le 22 novembre 2026",
    ):
        assert expected in last, expected
    reader = PdfReader(io.BytesIO(pdf))
    assert all(len(page.images) == 1 for page in reader.pages)  # the logo on every page


def test_members_list_is_deterministic(db: Database, admin: Actor, clerk: Actor) -> None:
    op, _people = _benkadi(db, admin, clerk)
    assert _print(db, clerk, op) == _print(db, clerk, op)


def test_members_list_of_an_op_without_members(db: Database, clerk: Actor) -> None:
    with db.transaction(clerk) as s:
        op = organisations.create_organisation(
            s, PartyInput(name="Groupe de confiance Wendkouni", roles=("op",)), OrganisationInput("groupe_confiance")
        ).id
    (text,) = _pages(_print(db, clerk, op))
    for expected in (
        "Groupe de confiance Wendkouni",
        "Aucun membre enregistré.",
        "Effectif : 0 membre, dont 0 femme et 0 homme.",
        "au nombre de zéro (0) membre.",
        "Page 1 / 1",
    ):
        assert expected in text, expected
