"""The backup, restore and import commands (PRODUCT.md §12): French output and errors, exit codes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from centre_app.cli import EXIT_REFUSED, run

pytestmark = pytest.mark.sqlite_only(reason="zip backups of the SQLite file (PostgreSQL: tests/test_postgresql.py)")


def _count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def key(tmp_path: Path) -> Path:
    folder = tmp_path / "cle"
    folder.mkdir()
    return folder


def test_backup_then_restore(db_path: Path, key: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["backup", "--db", str(db_path), "--to", str(key)]) == 0
    out = capsys.readouterr().out
    [made] = key.glob("centre-*.zip")
    assert f"Sauvegarde écrite : {made}" in out
    assert "Vérifiée : intégrité du fichier, clés, chaînes et numérotation sans défaut" in out

    parties_csv = tmp_path / "tiers.csv"
    parties_csv.write_text("nom;village\nAmadou Dicko;Mentao\n", encoding="utf-8")
    assert run(["import", "parties", str(parties_csv), "--db", str(db_path)]) == 0
    assert _count(db_path, "parties") == 1
    capsys.readouterr()

    assert run(["restore", str(made), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert f"Base {db_path} restaurée depuis {made}" in out
    [kept] = db_path.parent.glob("centre.avant-restauration-*.db")
    assert f"L'ancienne base est conservée : {kept}" in out
    assert _count(db_path, "parties") == 0
    assert _count(kept, "parties") == 1
    assert run(["check", "--db", str(db_path)]) == 0
    con = sqlite3.connect(db_path)
    kinds = [r[0] for r in con.execute("SELECT kind FROM event_journal ORDER BY seq DESC LIMIT 1")]
    con.close()
    assert kinds == ["restore"]


def test_backup_into_a_missing_folder(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["backup", "--db", str(db_path), "--to", str(tmp_path / "E")]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "est introuvable : branchez la clé USB" in err
    assert "Traceback" not in err


def test_restore_refusals(db_path: Path, key: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["restore", str(tmp_path / "absent.zip"), "--db", str(db_path)]) == EXIT_REFUSED
    assert "Le fichier de sauvegarde" in capsys.readouterr().err
    assert run(["backup", "--db", str(db_path), "--to", str(key)]) == 0
    [made] = key.glob("*.zip")
    made.write_bytes(made.read_bytes()[:2000])
    before = db_path.read_bytes()
    assert run(["restore", str(made), "--db", str(db_path)]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "est endommagée ou incomplète" in err
    assert "Traceback" not in err
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*avant-restauration*"))


def test_import_reports_every_faulty_line(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tiers.csv"
    path.write_text("Nom;Sexe;Téléphone\nAwa Sow;F;70000000\n;M;\nHama Ly;Z;\n", encoding="cp1252")
    assert run(["import", "parties", str(path), "--db", str(db_path)]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "Rien n'a été importé : 2 ligne(s) à corriger." in err
    assert "ligne 3 : Le champ « Nom / raison sociale » est obligatoire." in err
    assert "ligne 4 : Le sexe doit être F ou M." in err
    assert _count(db_path, "parties") == 0


def test_import_products(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "produits.csv"
    path.write_text(
        "\ufeffcode;désignation;catégorie;conditionnements\n"
        "SON;Son de blé local;aliment bétail;SAC40:sac de 40 kg:sacs de 40 kg:40\n"
        "NIEBE2;Niébé blanc;céréale;\n",
        encoding="utf-8",
    )
    before = _count(db_path, "products")
    assert run(["import", "products", str(path), "--db", str(db_path)]) == 0
    assert "2 produit(s) importé(s)" in capsys.readouterr().out
    assert _count(db_path, "products") == before + 2


def test_import_arguments_in_french(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        run(["import", "animaux", "x.csv", "--db", str(db_path)])
    assert exc.value.code == EXIT_REFUSED
    assert "choix invalide" in capsys.readouterr().err
    assert run(["import", "parties", "absent.csv", "--db", str(db_path)]) == EXIT_REFUSED
    assert "Le fichier absent.csv n'existe pas." in capsys.readouterr().err
