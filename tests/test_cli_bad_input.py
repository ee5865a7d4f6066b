"""Every command given what it cannot use (bad dates and months, unknown choices and numbers, missing or wrong
files, an output it cannot write): exit code 2, a French sentence on stderr — argparse's own refusals included —
no traceback, and nothing written: the database keeps every row (event journal included) and no file appears."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from centre_app.cli import run
from centre_app.domain.permissions import Role
from centre_app.models.migrate import open_database
from centre_app.services import parties, payments
from centre_app.services.context import Actor
from centre_app.services.parties import PartyInput
from centre_app.services.payments import PaymentDraft

pytestmark = pytest.mark.sqlite_only(reason="refusals about database files and paths")

ENGLISH = re.compile(r"usage:|\binvalid\b|choose from|\brequired\b|error:|\bexpected\b|unrecognized|Errno|No such")


@pytest.fixture(scope="module")
def office_db(template_db: tuple[Path, dict[Role, Actor]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test centre with one validated receipt (REC-…-000001)."""
    path = tmp_path_factory.mktemp("cli_bad") / "centre.db"
    shutil.copyfile(template_db[0], path)
    db = open_database(path)
    try:
        with db.transaction(template_db[1][Role.CLERK]) as s:
            party = parties.create_party(s, PartyInput(name="DICKO Aïssata", village="Mentao"))
            receipt = payments.record_payment(s, PaymentDraft("REC", 5_000, "especes", "Avance", party_id=party.id))
    finally:
        db.dispose()
    assert receipt.number.endswith("-000001")
    return path


@pytest.fixture
def place(office_db: Path, tmp_path: Path) -> dict[str, str]:
    db = tmp_path / "centre.db"
    shutil.copyfile(office_db, db)
    (tmp_path / "notes.txt").write_text("pas une base de données ni une sauvegarde\n", encoding="utf-8")
    (tmp_path / "dossier").mkdir()
    con = sqlite3.connect(db)
    receipt = con.execute("SELECT number FROM payments").fetchone()[0]
    con.close()
    return {"db": str(db), "tmp": str(tmp_path), "receipt": receipt}


CASES = {
    # demo
    "demo: impossible date": ("demo --db {tmp}/demo.db --until 2026-13-01", "date invalide « 2026-13-01 »"),
    "demo: seed not a number": ("demo --db {tmp}/demo.db --seed abc", "argument --seed : valeur invalide : 'abc'"),
    "demo: unknown scale": ("demo --db {tmp}/demo.db --scale enorme", "choix invalide : 'enorme'"),
    "demo: negative scale": ("demo --db {tmp}/demo.db --scale -1", "choix invalide : '-1'"),
    "demo: no database given": ("demo", "arguments obligatoires manquants : --db"),
    "demo: database exists": ("demo --db {db}", "existe déjà"),
    # check
    "check: missing database": ("check --db {tmp}/absente.db", "n'existe pas"),
    "check: a folder": ("check --db {tmp}/dossier", "est un dossier"),
    "check: a text file": ("check --db {tmp}/notes.txt", "n'est pas une base de données"),
    # print
    "print: unknown kind": ("print facture X --db {db} --out {tmp}/x.pdf", "choix invalide : 'facture'"),
    "print: unknown paper": ("print receipt {receipt} --db {db} --out {tmp}/x.pdf --paper A3", "choix invalide : 'A3'"),
    "print: bad --from": ("print stock-card TOURTEAU --db {db} --out {tmp}/x.pdf --from 2026-02-30", "date invalide"),
    "print: unknown receipt": ("print receipt REC-2026-999999 --db {db} --out {tmp}/x.pdf", "introuvable"),
    "print: unknown product": ("print stock-card INCONNU --db {db} --out {tmp}/x.pdf", "Produit introuvable"),
    "print: unknown warehouse": (
        "print stock-card TOURTEAU --warehouse NULLEPART --db {db} --out {tmp}/x.pdf", "Magasin introuvable"),
    "print: period backwards": (
        "print stock-card TOURTEAU --from 2026-05-01 --to 2026-02-01 --db {db} --out {tmp}/x.pdf", "Période invalide"),
    "print: output not a PDF": ("print receipt {receipt} --db {db} --out {tmp}/x.docx", ".pdf"),
    "print: output under a file": (
        "print receipt {receipt} --db {db} --out {tmp}/notes.txt/x.pdf", "impossible d'utiliser"),
    "print: missing database": ("print receipt {receipt} --db {tmp}/absente.db --out {tmp}/x.pdf", "n'existe pas"),
    "print: no number": ("print receipt --db {db} --out {tmp}/x.pdf", "arguments obligatoires manquants : number"),
    # backup and restore
    "backup: missing folder": ("backup --db {db} --to {tmp}/cle-usb", "introuvable"),
    "backup: folder is a file": ("backup --db {db} --to {tmp}/notes.txt", "introuvable"),
    "backup: missing database": ("backup --db {tmp}/absente.db --to {tmp}/dossier", "n'existe pas"),
    "restore: missing backup": ("restore {tmp}/absente.zip --db {tmp}/restauree.db", "n'existe pas"),
    "restore: not a backup": ("restore {tmp}/notes.txt --db {tmp}/restauree.db", "endommagée ou incomplète"),
    # import
    "import: missing file": ("import parties {tmp}/absent.csv --db {db}", "n'existe pas"),
    "import: unsupported file": ("import parties {tmp}/notes.txt --db {db}", "Format de fichier non pris en charge"),
    "import: unknown kind": ("import animaux {tmp}/notes.txt --db {db}", "choix invalide : 'animaux'"),
    # exports and reports
    "export: month 13": ("export entries --db {db} --month 2026-13 --out {tmp}/e.csv", "Mois invalide"),
    "export: month not a month": ("export entries --db {db} --month novembre --out {tmp}/e.csv", "Mois invalide"),
    "export: unknown encoding": (
        "export entries --db {db} --month 2026-11 --out {tmp}/e.csv --encoding latin9", "choix invalide : 'latin9'"),
    "export: output not CSV": ("export entries --db {db} --month 2026-11 --out {tmp}/e.txt", ".csv"),
    "report: month 13": ("report monthly --db {db} --month 2026-13 --out {tmp}/r.xlsx", "Mois invalide"),
    "report: unsupported output": ("report monthly --db {db} --month 2026-11 --out {tmp}/r.docx", ".docx"),
    # the command itself
    "unknown command": ("imprimer --db {db}", "choix invalide : 'imprimer'"),
    "unknown option": ("check --db {db} --vite", "arguments inconnus : --vite"),
}  # fmt: skip


def _state(place: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    con = sqlite3.connect(place["db"])
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()
    files = sorted(
        str(p.relative_to(place["tmp"]))
        for p in Path(place["tmp"]).rglob("*")
        if not p.name.startswith("centre.db-")  # SQLite's own -wal / -shm beside the database
    )
    return counts, files


def _run(argv: list[str]) -> int:
    try:
        return run(argv)
    except SystemExit as stop:  # argparse refusals
        return int(stop.code or 0)


@pytest.mark.parametrize(("command", "expected"), list(CASES.values()), ids=list(CASES))
def test_refused_in_french_and_nothing_written(
    place: dict[str, str], capsys: pytest.CaptureFixture[str], command: str, expected: str
) -> None:
    before = _state(place)
    argv = [part.format(**place) for part in command.split()]
    code = _run(argv)
    _out, err = capsys.readouterr()
    assert code == 2, err
    assert "Erreur : " in err
    assert expected in err
    assert "Traceback" not in err
    assert not ENGLISH.search(err), f"English in: {err}"
    assert _state(place) == before


def test_help_is_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["print", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage : centre-app print")
    assert "afficher cette aide et quitter" in out
    assert "show this help" not in out


def test_argparse_is_english_again_after_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """The French catalogue is only in place while the command line parses (pytest uses argparse too)."""
    import argparse

    _run(["--vite"])
    capsys.readouterr()
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
