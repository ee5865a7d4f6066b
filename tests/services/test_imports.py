"""Imports of parties and products: CSV (UTF-8, BOM, Windows-1252) and XLSX, all rows or none."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.services import catalog, imports, parties
from centre_app.services.context import Actor, PermissionDenied

PARTY_HEADER = (
    "Nom;Type;Rôles;Sexe;Village;Commune;Province;Téléphone;Pièce (type);Pièce (numéro);IFU;RCCM;"
    "Plafond de crédit;Notes"
)
PARTIES_CSV = f"""{PARTY_HEADER}
Aïssata Dicko;personne;producteur, acheteur;F;Mentao;Djibo;Soum;70 12 34 56;CNIB;b1234567;;;250 000;Éleveuse de Mentao
Groupement Laafi;organisation;OP;;Lörgo;Djibo;Soum;;;;00012345A;BF-DJB-2020-B-12;;
Boureima Tamboura;;Éleveur;homme;Sow;Djibo;Soum;76543210;carte d'électeur;E-778;;;;
"""
PRODUCTS_CSV = """Code;Désignation;Catégorie;Unité de base;Conditionnements;Seuil d'alerte
TOURT;Tourteau de coton;aliment bétail;kg;SAC50:sac de 50 kg:sacs de 50 kg:50|T:tonne:tonnes:1000;2 500
LECHE;Pierre à lécher;Aliment bétail;bloc:bloc:blocs;;20
FONIO;Fonio;céréale;;SAC100:sac de 100 kg:sacs de 100 kg:100;
"""


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _names(db: Database, actor: Actor) -> list[str]:
    with db.reading(actor) as s:
        return sorted(p.name for p in parties.list_parties(s))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_parties_from_csv_in_every_encoding(db: Database, clerk: Actor, tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path, "tiers.csv", PARTIES_CSV, encoding)
    with db.transaction(clerk) as s:
        report = imports.import_parties(s, path)
    assert (report.kind, report.count, report.codes) == ("parties", 3, ("T-00001", "T-00002", "T-00003"))
    with db.reading(clerk) as s:
        rows = {p.name: parties.get_party(s, p.id).data for p in parties.list_parties(s)}
    aissata = rows["Aïssata Dicko"]
    assert aissata.roles == ("acheteur", "producteur")
    assert (aissata.sex, aissata.village, aissata.phone) == ("F", "Mentao", "70 12 34 56")
    assert (aissata.id_type, aissata.id_number) == ("CNIB", "B1234567")
    assert aissata.credit_limit == 250_000
    assert aissata.notes == "Éleveuse de Mentao"
    laafi = rows["Groupement Laafi"]
    assert (laafi.kind, laafi.roles, laafi.tax_id, laafi.rccm) == (
        "organisation",
        ("op",),
        "00012345A",
        "BF-DJB-2020-B-12",
    )
    boureima = rows["Boureima Tamboura"]
    assert (boureima.kind, boureima.roles, boureima.sex) == ("personne", ("producteur",), "M")
    assert (boureima.id_type, boureima.id_number) == ("electeur", "E-778")


def test_parties_from_xlsx(db: Database, clerk: Actor, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["nom", "telephone", "plafond de credit", "village"])  # any order, accents optional
    ws.append(["Hawa Barry", 70112233, 150000, "Gassel"])
    ws.append([None, None, None, None])  # empty rows are skipped
    ws.append(["Salif Sow", "", None, "Béléhédé"])
    path = tmp_path / "tiers.xlsx"
    wb.save(path)
    with db.transaction(clerk) as s:
        assert imports.import_parties(s, path).count == 2
    with db.reading(clerk) as s:
        hawa = next(p for p in parties.list_parties(s) if p.name == "Hawa Barry")
        detail = parties.get_party(s, hawa.id).data
    assert (detail.phone, detail.credit_limit, detail.village) == ("70112233", 150_000, "Gassel")


def test_every_faulty_row_is_reported_and_nothing_is_imported(db: Database, clerk: Actor, tmp_path: Path) -> None:
    with db.transaction(clerk) as s:
        parties.create_party(s, parties.PartyInput(name="Déjà là", id_type="CNIB", id_number="B999"))
    text = f"""{PARTY_HEADER}
Correct Un;;;;;;;;;;;;;
;;;;;;;;;;;;;
Sans Nom Mais Village;;;;Kelbo;;;;;;;;;
Mauvais Sexe;;;X;;;;;;;;;;
Mauvais Rôle;;;;;;;;;;;;;
Orga Sexée;organisation;;F;;;;;;;;;;
Téléphone Faux;;;;;;;abc;;;;;;
Même Pièce;;;;;;;;CNIB;A1;;;;
Même Pièce Encore;;;;;;;;CNIB;a1;;;;
Pièce Connue;;;;;;;;CNIB;B999;;;;
Plafond Décimal;;;;;;;;;;;;12,5;
Rôle Inconnu;;sorcier;;;;;;;;;;;
"""
    text = text.replace("Sans Nom Mais Village;", ";")
    path = _write(tmp_path, "tiers.csv", text)
    with db.transaction(clerk) as s, pytest.raises(imports.ImportRefused) as refused:
        imports.import_parties(s, path)
    problems = dict(refused.value.problems)
    assert sorted(problems) == [4, 5, 7, 8, 10, 11, 12, 13]
    assert problems[4] == "Le champ « Nom / raison sociale » est obligatoire."
    assert problems[5] == "Le sexe doit être F ou M."
    assert problems[7] == "Le sexe ne s'indique que pour une personne."
    assert "abc" in problems[8]
    assert problems[10] == "La pièce CNIB n° A1 figure déjà à la ligne 9 du fichier."
    assert "déjà enregistrée pour « Déjà là »" in problems[11]
    assert "n'est pas un nombre entier de francs" in problems[12]
    assert "« sorcier » n'est pas une valeur possible pour « rôles »" in problems[13]
    text = message(refused.value)
    assert text.startswith("Rien n'a été importé : 8 ligne(s) à corriger.")
    assert "  ligne 13 : " in text
    assert _names(db, clerk) == ["Déjà là"]  # not even the correct rows


def test_file_level_refusals(db: Database, clerk: Actor, tmp_path: Path) -> None:
    cases = {
        _write(tmp_path, "a.csv", "Nom;Couleur\nX;bleu\n"): "Colonne inconnue « Couleur »",
        _write(tmp_path, "b.csv", "Village;Commune\nSow;Djibo\n"): "La colonne obligatoire « nom » est absente",
        _write(tmp_path, "c.csv", "Nom;nom\nX;Y\n"): "La colonne « nom » apparaît deux fois",
        _write(tmp_path, "d.csv", "Nom\n\n;\n"): "ne contient aucune ligne",
        _write(tmp_path, "e.txt", "Nom\nX\n"): "Format de fichier non pris en charge (.txt)",
        _write(tmp_path, "f.xlsx", "pas un classeur"): "classeur Excel illisible",
        tmp_path / "absent.csv": "n'existe pas",
    }
    for path, expected in cases.items():
        with db.transaction(clerk) as s, pytest.raises(DomainError) as refused:
            imports.import_parties(s, path)
        assert expected in message(refused.value), path.name


def test_import_needs_the_right_to_edit_reference_data(db: Database, accountant: Actor, tmp_path: Path) -> None:
    path = _write(tmp_path, "tiers.csv", PARTIES_CSV)
    with db.transaction(accountant) as s, pytest.raises(PermissionDenied):
        imports.import_parties(s, path)


def test_products_from_csv(db: Database, clerk: Actor, tmp_path: Path) -> None:
    path = _write(tmp_path, "produits.csv", PRODUCTS_CSV)
    with db.transaction(clerk) as s:
        report = imports.import_products(s, path)
    assert report.codes == ("TOURT", "LECHE", "FONIO")
    with db.reading(clerk) as s:
        tourt = catalog.product_by_code(s, "tourt")
        bloc = catalog.product_by_code(s, "LECHE")
        fonio = catalog.product_by_code(s, "FONIO")
    assert (tourt.category, tourt.alert_threshold) == ("aliment", Decimal(2500))
    assert [(u.code, u.factor) for u in tourt.units.units] == [("SAC50", Decimal(50)), ("T", Decimal(1000))]
    assert tourt.units.describe(Decimal(600)).replace("\u00a0", " ") == "12 sacs de 50 kg (600 kg)"
    assert (bloc.base_unit, bloc.units.base_plural, bloc.alert_threshold) == ("bloc", "blocs", Decimal(20))
    assert (fonio.category, fonio.base_unit) == ("cereale", "kg")


def test_products_refusals_name_each_line(db: Database, clerk: Actor, tmp_path: Path) -> None:
    text = """code;designation;categorie;conditionnements;seuil
MIL;Mil local;céréale;;
NEUF;Produit neuf;céréale;SAC:sac;
NEUF;Produit neuf bis;céréale;;
AUTRE;Autre;légume;;
ZERO;Zéro;céréale;SAC:sac:sacs:0;
NEG;Négatif;céréale;;-5
;Sans code;céréale;;
DOUBLE;Double unité;céréale;T:tonne:tonnes:1000|T:tonne:tonnes:1000;
"""
    path = _write(tmp_path, "produits.csv", text)
    with db.transaction(clerk) as s, pytest.raises(imports.ImportRefused) as refused:
        imports.import_products(s, path)
    problems = dict(refused.value.problems)
    assert problems[2] == "Le code produit « MIL » existe déjà."  # seeded reference data
    assert "Conditionnement « SAC:sac » mal écrit" in problems[3]
    assert problems[4] == "Le code produit « NEUF » figure déjà à la ligne 3 du fichier."
    assert "« légume » n'est pas une valeur possible pour « catégorie »" in problems[5]
    assert "céréale, aliment bétail, autre intrant" in problems[5]
    assert "Facteur « 0 » invalide" in problems[6]
    assert "négative" in problems[7]
    assert problems[8] == "Le champ « Code » est obligatoire."
    assert problems[9] == "Le produit a déjà une unité « T »."
    with db.reading(clerk) as s:
        assert all(p.code != "ZERO" for p in catalog.list_products(s))
