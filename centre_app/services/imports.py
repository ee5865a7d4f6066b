"""Import parties or products from a spreadsheet (PRODUCT.md §12): all rows or none.

Files: CSV separated by « ; » (UTF-8 with or without BOM, else Windows-1252, as Excel saves it), or
XLSX (first sheet). The first line holds the column titles, in French; case, accents, spaces and
punctuation do not matter (« Pièce (numéro) » = « piece numero »); columns may come in any order and
only the required ones must be present. Line numbers in messages are those of the spreadsheet
(titles on line 1).

Parties (tiers) — required: **nom**.
  nom (or « raison sociale »), type (personne | organisation; personne when empty), rôles (producteur,
  acheteur, fournisseur, op, partenaire — several separated by commas; producteur when empty),
  sexe (F | M), village, commune, province, téléphone, téléphone 2, pièce (type) (CNIB, NINA, électeur,
  passeport, consulaire, autre), pièce (numéro), IFU, RCCM, carte professionnelle, plafond de crédit
  (in francs, « 250 000 »), notes.

Products — required: **code**, **désignation**, **catégorie**.
  code, désignation, catégorie (céréale | aliment bétail | autre intrant), unité de base (kg when empty,
  or « code:nom:pluriel » such as « bloc:bloc:blocs »), conditionnements (« SAC50:sac de 50 kg:sacs de
  50 kg:50|T:tonne:tonnes:1000 »: code, name, plural, base units per package), seuil d'alerte (in the
  base unit).

Every row is first validated with the services' own rules (``parties.clean_input``, identity numbers
and product codes unique in the file and in the database); if any row is wrong, nothing is imported
and every faulty row is reported with its line number. Otherwise the rows are created through the
services in the caller's transaction.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError, message
from centre_app.domain.money import parse_amount
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import check_base, parse_quantity
from centre_app.domain.text import search_key, tidy
from centre_app.models.catalog import Product
from centre_app.models.parties import Party
from centre_app.services import catalog, parties
from centre_app.services import settings as settings_service
from centre_app.services.context import require

# column key -> (title shown in messages, other accepted spellings)
PARTY_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("nom", ("nom raison sociale", "raison sociale", "nom et prenom", "nom prenom")),
    "kind": ("type", ("type de tiers",)),
    "roles": ("rôles", ("role",)),
    "sex": ("sexe", ()),
    "village": ("village", ()),
    "commune": ("commune", ()),
    "province": ("province", ()),
    "phone": ("téléphone", ("tel", "telephone 1")),
    "phone2": ("téléphone 2", ("tel 2",)),
    "id_type": ("pièce (type)", ("type de piece", "type piece")),
    "id_number": ("pièce (numéro)", ("numero de piece", "n de piece", "piece n", "numero piece")),
    "tax_id": ("IFU", ("nif", "ifu nif")),
    "rccm": ("RCCM", ()),
    "trader_card": ("carte professionnelle", ("carte de commercant",)),
    "credit_limit": ("plafond de crédit", ("plafond",)),
    "notes": ("notes", ("note", "observations")),
}
PRODUCT_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "code": ("code", ("code produit",)),
    "name": ("désignation", ("designation produit", "produit", "nom")),
    "category": ("catégorie", ()),
    "base_unit": ("unité de base", ("unite",)),
    "units": ("conditionnements", ("conditionnement", "unites de conditionnement")),
    "threshold": ("seuil d'alerte", ("seuil",)),
}
KINDS = {
    "personne": "personne",
    "personne physique": "personne",
    "organisation": "organisation",
    "morale": "organisation",
}
SEXES = {"f": "F", "femme": "F", "feminin": "F", "m": "M", "h": "M", "homme": "M", "masculin": "M"}


@dataclass(frozen=True)
class SheetRow:
    line: int  # as numbered by the spreadsheet (titles on line 1)
    values: dict[str, str]  # column key -> text as typed (trimmed)


@dataclass(frozen=True)
class ImportReport:
    kind: str  # parties / products
    count: int
    codes: tuple[str, ...]  # codes given to the created rows, in file order


class ImportRefused(DomainError):
    """Faulty rows: nothing was imported. ``problems`` lists (line, French message) for each."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        details = "\n".join(f"  ligne {line} : {text}" for line, text in problems)
        super().__init__("import.invalid_rows", count=len(problems), details=details)
        self.problems = problems


# --- reading the file --------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", search_key(text)).strip()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        exact = Decimal(repr(value))
        return str(int(exact)) if exact == exact.to_integral_value() else str(exact).replace(".", ",")
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    try:
        if raw.startswith(codecs.BOM_UTF8):
            text = raw[len(codecs.BOM_UTF8) :].decode("utf-8")
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252")  # Excel « CSV (séparateur : point-virgule) » on Windows
    except UnicodeDecodeError as error:
        raise DomainError("import.unreadable", path=str(path), reason="encodage inconnu") from error
    first = text.split("\n", 1)[0]
    delimiter = next((d for d in (";", "\t", ",") if d in first), ";")
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_xlsx(path: Path) -> list[list[str]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise DomainError("import.unreadable", path=str(path), reason="classeur Excel illisible") from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_sheet(
    path: Path | str, columns: dict[str, tuple[str, tuple[str, ...]]], required: tuple[str, ...]
) -> list[SheetRow]:
    """The non-empty rows of a CSV or XLSX file, by column key; refuses unknown or missing columns."""
    path = Path(path)
    if not path.is_file():
        raise DomainError("import.missing_file", path=str(path))
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DomainError("import.bad_format", suffix=suffix or "?")
    rows = _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    if not rows:
        raise DomainError("import.empty", path=str(path))
    spellings = {_norm(title): key for key, (title, others) in columns.items() for title in (title, key, *others)}
    keys: list[str | None] = []
    for title in rows[0]:
        if not title:
            keys.append(None)
            continue
        key = spellings.get(_norm(title))
        if key is None:
            expected = ", ".join(t for t, _o in columns.values())
            raise DomainError("import.unknown_column", column=title, expected=expected)
        if key in keys:
            raise DomainError("import.duplicate_column", column=title)
        keys.append(key)
    for key in required:
        if key not in keys:
            raise DomainError("import.missing_column", column=columns[key][0])
    out = []
    for line, cells in enumerate(rows[1:], start=2):
        values = {k: c for k, c in zip(keys, cells, strict=False) if k is not None}
        if any(values.values()):
            out.append(SheetRow(line, values))
    if not out:
        raise DomainError("import.empty", path=str(path))
    return out


def _choice(value: str, choices: dict[str, str], column: str, default: str, expected: str = "") -> str:
    if not value:
        return default
    found = choices.get(_norm(value))
    if found is None:
        expected = expected or ", ".join(dict.fromkeys(choices.values()))
        raise DomainError("import.bad_choice", value=value, column=column, expected=expected)
    return found


def _validate_all(rows: list[SheetRow], check: Callable[[SheetRow], Any]) -> list[Any]:
    """Run ``check`` on every row; raise ImportRefused listing every faulty row, else return the results."""
    results, problems = [], []
    for row in rows:
        try:
            results.append(check(row))
        except DomainError as error:
            problems.append((row.line, message(error)))
    if problems:
        raise ImportRefused(problems)
    return results


# --- parties -----------------------------------------------------------------------------------------------


def _labels(table: dict[str, str]) -> dict[str, str]:
    """Codes and French labels, normalised, to the code (« Carte d'électeur » → electeur)."""
    out = {}
    for code, label in table.items():
        out[_norm(code)] = code
        out[_norm(label)] = code
        out[_norm(label.split("/")[0])] = code
    return out


ROLE_NAMES = {**_labels(parties.ROLES), "eleveur": "producteur", "commercant": "acheteur", "organisation": "op"}
ID_TYPE_NAMES = {**_labels(parties.ID_TYPES), "carte electeur": "electeur"}


def _party_input(values: dict[str, str], currency: str) -> parties.PartyInput:
    kind = _choice(values.get("kind", ""), KINDS, "type", "personne")
    roles = tuple(
        _choice(r.strip(), ROLE_NAMES, "rôles", "") for r in re.split(r"[,|+;]", values.get("roles", "")) if r.strip()
    )
    sex = values.get("sex", "")
    id_type = values.get("id_type", "")
    limit = values.get("credit_limit", "")
    return parties.PartyInput(
        name=values.get("name", ""),
        kind=kind,
        roles=roles or ("producteur",),
        sex=SEXES.get(_norm(sex), sex) or None,
        village=values.get("village", ""),
        commune=values.get("commune", ""),
        province=values.get("province", ""),
        phone=values.get("phone", ""),
        phone2=values.get("phone2", ""),
        id_type=ID_TYPE_NAMES.get(_norm(id_type), id_type) or None,
        id_number=values.get("id_number", "") or None,
        tax_id=values.get("tax_id", ""),
        rccm=values.get("rccm", ""),
        trader_card=values.get("trader_card", ""),
        credit_limit=parse_amount(limit, currency) if limit else None,
        notes=values.get("notes", ""),
    )


def import_parties(session: Session, path: Path | str) -> ImportReport:
    """Create every party of the file, or none (ImportRefused names each faulty line)."""
    require(session, Action.EDIT_MASTER_DATA)
    rows = read_sheet(path, PARTY_COLUMNS, required=("name",))
    currency = settings_service.get_settings(session).currency
    seen: dict[tuple[str | None, str], int] = {}
    # One query instead of one per row: the identity papers already on record.
    known = {
        (t, n): (name, code)
        for t, n, name, code in session.execute(
            select(Party.id_type, Party.id_number, Party.name, Party.code).where(Party.id_number.is_not(None))
        )
    }

    def check(row: SheetRow) -> parties.PartyInput:
        data = parties.clean_input(_party_input(row.values, currency))
        if data.id_number:
            key = (data.id_type, data.id_number)
            if key in seen:
                raise DomainError(
                    "import.duplicate_identity_in_file",
                    id_type=parties.ID_TYPES[data.id_type or "autre"], id_number=data.id_number, line=seen[key],
                )  # fmt: skip
            seen[key] = row.line
            if key in known:  # the rule of parties.create_party, checked for every row before any is created
                other, code = known[key]
                raise DomainError(
                    "party.duplicate_identity",
                    id_type=parties.ID_TYPES[data.id_type or "autre"], id_number=data.id_number, other=other, code=code,
                )  # fmt: skip
        return data

    inputs = _validate_all(rows, check)
    codes = tuple(parties.create_party(session, data).code for data in inputs)
    return ImportReport("parties", len(codes), codes)


# --- products ----------------------------------------------------------------------------------------------

CATEGORY_NAMES = {**_labels(catalog.CATEGORIES), "aliment": "aliment", "intrant": "intrant"}


def _units(text: str) -> tuple[catalog.UnitInput, ...]:
    units = []
    for part in (p.strip() for p in text.split("|")):
        if not part:
            continue
        fields = [f.strip() for f in part.split(":")]
        if len(fields) != 4 or not all(fields):
            raise DomainError("import.bad_packaging", value=part)
        code, name, plural, factor = fields
        units.append(catalog.UnitInput(code.upper(), name, plural, catalog.parse_factor(factor)))
    return tuple(units)


def _product_input(values: dict[str, str]) -> catalog.ProductInput:
    base = [f.strip() for f in (values.get("base_unit") or "kg").split(":")]
    if len(base) == 1:
        base = [base[0], base[0], base[0]]
    if len(base) != 3 or not all(base):
        raise DomainError("field.invalid", field="Unité de base", value=values.get("base_unit"))
    threshold = values.get("threshold", "")
    return catalog.ProductInput(
        code=tidy(values.get("code")).upper(),
        name=tidy(values.get("name")),
        category=_choice(
            values.get("category", ""), CATEGORY_NAMES, "catégorie", "", "céréale, aliment bétail, autre intrant"
        ),
        base_unit=base[0],
        base_unit_name=base[1],
        base_unit_plural=base[2],
        alert_threshold=check_base(parse_quantity(threshold)) if threshold else Decimal(0),
        units=_units(values.get("units", "")),
    )


def import_products(session: Session, path: Path | str) -> ImportReport:
    """Create every product of the file, or none (ImportRefused names each faulty line)."""
    require(session, Action.EDIT_MASTER_DATA)
    rows = read_sheet(path, PRODUCT_COLUMNS, required=("code", "name", "category"))
    seen: dict[str, int] = {}
    known = set(session.scalars(select(Product.code)))

    def check(row: SheetRow) -> catalog.ProductInput:
        code = tidy(row.values.get("code")).upper()
        if code in seen:  # noted before the other checks: a faulty row still holds its code
            raise DomainError("import.duplicate_code_in_file", code=code, line=seen[code])
        if code:
            seen[code] = row.line
        data = _product_input(row.values)
        catalog._validate(data)  # the service's own rule
        if code in known:
            raise DomainError("product.duplicate_code", code=code)
        return data

    inputs = _validate_all(rows, check)
    codes = tuple(catalog.create_product(session, data).code for data in inputs)
    return ImportReport("products", len(codes), codes)


IMPORTERS: dict[str, Callable[[Session, Path | str], ImportReport]] = {
    "parties": import_parties,
    "products": import_products,
}
