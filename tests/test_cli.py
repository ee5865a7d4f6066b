"""The command line contract (PRODUCT.md §12): demo, check, French errors, exit codes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from centre_app import __version__
from centre_app.cli import run

pytestmark = pytest.mark.sqlite_only(reason="the demo file, compared and tampered with sqlite3 (test_postgresql.py)")

UNTIL = "2026-11-01"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert run(["demo", "--db", str(path), "--until", UNTIL]) == 0
    return path


def _copy(src: Path, dst: Path) -> Path:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    return dst


def test_demo_then_check_is_clean(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--db", str(demo_db)]) == 0
    assert "aucun défaut" in capsys.readouterr().out


def test_demo_has_the_centre_and_its_parties(demo_db: Path) -> None:
    con = sqlite3.connect(demo_db)
    try:
        n_parties = con.execute("SELECT count(*) FROM parties").fetchone()[0]
        n_ops = con.execute("SELECT count(*) FROM organisations").fetchone()[0]
        communes = {r[0] for r in con.execute("SELECT DISTINCT commune FROM parties")}
        users = {r[0] for r in con.execute("SELECT username FROM users")}
    finally:
        con.close()
    assert 300 <= n_parties <= 340
    assert n_ops >= 20
    assert {"Djibo", "Aribinda", "Baraboulé", "Tongomayel", "Kelbo", "Diguel", "Pobé-Mengao", "Nassoumbou"} <= communes
    assert users == {"admin", "gestion", "caisse", "compta"}


def test_demo_is_deterministic(demo_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "again.db"
    assert run(["demo", "--db", str(other), "--until", UNTIL]) == 0
    query = "SELECT code, name, village, id_number FROM parties ORDER BY id"
    a, b = sqlite3.connect(demo_db), sqlite3.connect(other)
    try:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
    finally:
        a.close()
        b.close()


def test_demo_refuses_to_overwrite(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["demo", "--db", str(demo_db)]) == 2
    assert "existe déjà" in capsys.readouterr().err


def test_tampered_event_is_named(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _copy(demo_db, tmp_path / "tampered.db")
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER trg_event_journal_no_update")
    con.execute('UPDATE event_journal SET detail = \'{"username":"pirate"}\' WHERE seq = 3')
    con.commit()
    con.close()
    assert run(["check", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "l'événement n° 3" in err
    assert "modifié après validation" in err


def test_deleted_event_is_named(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _copy(demo_db, tmp_path / "deleted.db")
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER trg_event_journal_no_delete")
    con.execute("DELETE FROM event_journal WHERE seq = 2")
    con.commit()
    con.close()
    assert run(["check", "--db", str(db)]) == 1
    assert "l'événement n° 3" in capsys.readouterr().err  # the chain breaks just before the next one


def test_broken_foreign_key_is_reported(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _copy(demo_db, tmp_path / "fk.db")
    con = sqlite3.connect(db)  # foreign keys are off on this raw connection, as in a careless manual edit
    con.execute("UPDATE memberships SET member_id = 999999 WHERE id = 1")
    con.commit()
    con.close()
    assert run(["check", "--db", str(db)]) == 1
    assert "memberships" in capsys.readouterr().err


def test_check_on_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--db", str(tmp_path / "absent.db")]) == 2
    err = capsys.readouterr().err
    assert "n'existe pas" in err
    assert "Traceback" not in err


def test_bad_arguments_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        run(["demo", "--scale", "enorme", "--db", "x.db"])
    assert exc.value.code == 2
    assert "choix invalide" in capsys.readouterr().err


def test_version_and_module_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "centre_app", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == f"centre-app {__version__}"


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_demo_has_a_year_of_cash(demo_db: Path) -> None:
    con = sqlite3.connect(demo_db)
    try:
        receipts = con.execute("SELECT count(*) FROM payments WHERE doc_type = 'REC'").fetchone()[0]
        closings = con.execute("SELECT count(*) FROM cash_closings").fetchone()[0]
        mobile = con.execute("SELECT count(*) FROM payments WHERE means = 'mobile_money'").fetchone()[0]
    finally:
        con.close()
    assert receipts > 300
    assert closings > 250  # every working day of the year
    assert mobile > 50


SMALL_DEMO_CONTENT = {  # seed 1, until 2026-11-01: what the small demo has always made (demo_scale.SMALL)
    "SELECT count(*) FROM parties": 336,
    "SELECT count(*) FROM livestock_contracts": 192,
    "SELECT count(*) FROM livestock_contract_lines": 327,
    "SELECT count(*) FROM stock_movements": 1388,
    "SELECT count(*) FROM orders": 329,
    "SELECT count(*) FROM deliveries": 634,
    "SELECT count(*) FROM payments": 1673,
    "SELECT count(*) FROM payments WHERE doc_type = 'REC'": 1291,
    "SELECT count(*) FROM op_contracts": 22,
    "SELECT count(*) FROM cash_closings": 313,
    "SELECT sum(amount) FROM payments": 830_281_490,
    "SELECT sum(value) FROM stock_movements": 10_067_736,
}


def test_the_small_demo_is_the_same_centre_for_a_seed(demo_db: Path) -> None:
    """Scales and the speed work on the services must not change the small demo (tests build on it)."""
    con = sqlite3.connect(demo_db)
    try:
        found = {sql: con.execute(sql).fetchone()[0] for sql in SMALL_DEMO_CONTENT}
    finally:
        con.close()
    assert found == SMALL_DEMO_CONTENT


def test_print_receipt_makes_numbered_duplicates(demo_db: Path, tmp_path: Path, capsys) -> None:
    db = _copy(demo_db, tmp_path / "print.db")
    out = tmp_path / "recu.pdf"
    assert run(["print", "receipt", "REC-2026-000001", "--db", str(db), "--out", str(out)]) == 0
    text = _pdf_text(out)
    assert "REC-2026-000001" in text
    assert "DUPLICATA n° 1" in text
    assert "Arrêté le présent reçu à la somme de" in text
    assert run(["print", "receipt", "rec-2026-000001", "--db", str(db), "--out", str(out), "--paper", "80mm"]) == 0
    assert "DUPLICATA n° 2" in _pdf_text(out)
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT reprints FROM payments WHERE number = 'REC-2026-000001'").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM event_journal WHERE kind = 'reprint'").fetchone()[0] == 2
    finally:
        con.close()
    assert run(["check", "--db", str(db)]) == 0


def test_print_unknown_receipt_in_french(demo_db: Path, tmp_path: Path, capsys) -> None:
    assert run(["print", "receipt", "REC-1999-000001", "--db", str(demo_db), "--out", str(tmp_path / "x.pdf")]) == 2
    assert "Pièce de caisse introuvable : REC-1999-000001" in capsys.readouterr().err


def test_print_order_and_delivery(demo_db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "commande.pdf"
    assert run(["print", "order", "cmd-2026-00001", "--db", str(demo_db), "--out", str(out)]) == 0
    assert "Document cmd-2026-00001 écrit dans" in capsys.readouterr().out
    text = _pdf_text(out)
    assert "BON DE COMMANDE" in text
    assert "CMD-2026-00001" in text
    assert "Arrêtée la présente commande à la somme de" in text
    out = tmp_path / "livraison.pdf"
    assert run(["print", "delivery", "BL-2026-00001", "--db", str(demo_db), "--out", str(out)]) == 0
    text = _pdf_text(out)
    assert "BON DE LIVRAISON" in text
    assert "Livré ce jour" in text
    assert "Reçu par (client)" in text


@pytest.mark.parametrize(
    ("kind", "number", "expected"),
    [
        ("order", "CMD-1999-00001", "Commande introuvable : CMD-1999-00001."),
        ("delivery", "BL-1999-00001", "Bon de livraison introuvable : BL-1999-00001."),
        ("stock-card", "NOPE", "Produit introuvable (NOPE)."),
    ],
)
def test_print_unknown_stock_documents_in_french(demo_db: Path, tmp_path: Path, capsys, kind, number, expected) -> None:
    out = tmp_path / "x.pdf"
    assert run(["print", kind, number, "--db", str(demo_db), "--out", str(out)]) == 2
    assert expected in capsys.readouterr().err
    assert not out.exists()


def test_print_stock_card(demo_db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "fiche.pdf"
    args = ["print", "stock-card", "TOURTEAU", "--warehouse", "centre", "--from", "2026-01-01", "--to", "2026-10-31"]
    assert run([*args, "--db", str(demo_db), "--out", str(out)]) == 0
    text = _pdf_text(out)
    assert "FICHE DE STOCK" in text
    assert "Tourteau de coton – Magasin du centre – du 01/01/2026 au 31/10/2026" in text
    assert "Report de la page précédente" in text  # a year of movements runs over several pages
    out = tmp_path / "toute.pdf"
    assert run(["print", "stock-card", "MAIS", "--db", str(demo_db), "--out", str(out)]) == 0  # this year, all
    assert "Tous les magasins" in _pdf_text(out)
    bad = ["print", "stock-card", "MAIS", "--warehouse", "XX", "--db", str(demo_db), "--out", str(out)]
    assert run(bad) == 2
    assert "Magasin introuvable (XX)." in capsys.readouterr().err


def test_demo_has_a_year_of_stock(demo_db: Path) -> None:
    con = sqlite3.connect(demo_db)
    try:
        movements = con.execute("SELECT count(*) FROM stock_movements").fetchone()[0]
        kinds = {r[0] for r in con.execute("SELECT DISTINCT kind FROM stock_movements")}
        orders = con.execute("SELECT count(*) FROM orders WHERE number IS NOT NULL").fetchone()[0]
        partial = con.execute(
            "SELECT count(*) FROM (SELECT order_id FROM deliveries GROUP BY order_id HAVING count(*) > 1)"
        ).fetchone()[0]
        paid = con.execute(
            "SELECT count(DISTINCT a.due_id) FROM allocations a JOIN dues d ON d.id = a.due_id "
            "WHERE d.source_type = 'order'"
        ).fetchone()[0]
        inventories = con.execute("SELECT count(*) FROM inventories WHERE status = 'valide'").fetchone()[0]
        never_negative = con.execute(
            "SELECT count(*) FROM (SELECT product_id, warehouse_id FROM stock_month_totals "
            "GROUP BY product_id, warehouse_id HAVING sum(quantity) < 0)"
        ).fetchone()[0]
    finally:
        con.close()
    assert movements > 1000
    assert {"reception", "livraison", "transfert_sortie", "transfert_entree", "perte", "ajustement"} <= kinds
    assert orders >= 250
    assert partial > 20  # orders delivered in several parts
    assert paid > 200
    assert inventories >= 12  # one per magasin and per quarter
    assert never_negative == 0


def test_export_entries_and_lock_the_month(demo_db: Path, tmp_path: Path, capsys) -> None:
    db = _copy(demo_db, tmp_path / "export.db")
    out = tmp_path / "ecritures-2026-10.csv"
    args = ["export", "entries", "--db", str(db), "--month", "2026-10", "--out", str(out)]
    assert run([*args, "--encoding", "cp1252", "--lock"]) == 0
    said = capsys.readouterr().out
    assert "Écritures d'octobre 2026 :" in said
    assert "(Windows-1252)" in said
    assert "Le mois d'octobre 2026 est maintenant verrouillé" in said
    lines = out.read_bytes().decode("cp1252").split("\r\n")
    assert lines[0].startswith("JournalCode;JournalLib;EcritureNum;EcritureDate;CompteNum;CompteLib;")
    assert all(len(x.split(";")) == 18 for x in lines if x)
    assert run(args) == 0  # UTF-8 with BOM by default; the month stays locked
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "était déjà verrouillé" in capsys.readouterr().out
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT action FROM period_locks").fetchall() == [("lock",)]
        kinds = [r[0] for r in con.execute("SELECT kind FROM event_journal WHERE kind IN ('export', 'period.lock')")]
    finally:
        con.close()
    assert kinds == ["period.lock", "export", "export"]
    assert run(["check", "--db", str(db)]) == 0


def test_export_refusals_in_french(demo_db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "e.csv"
    base = ["export", "entries", "--db", str(demo_db), "--out", str(out)]
    assert run([*base, "--month", "2026-13"]) == 2
    assert "Mois invalide : « 2026-13 »" in capsys.readouterr().err
    assert run(["export", "entries", "--db", str(demo_db), "--month", "2026-10", "--out", str(tmp_path / "e.txt")]) == 2
    assert "doit avoir l'extension .csv" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run([*base, "--month", "2026-10", "--encoding", "latin-9"])
    assert "choix invalide" in capsys.readouterr().err
    assert not out.exists()


def test_report_monthly_workbook_and_pdf(demo_db: Path, tmp_path: Path, capsys) -> None:
    import openpyxl

    out = tmp_path / "synthese-2026-10.xlsx"
    assert run(["report", "monthly", "--db", str(demo_db), "--month", "2026-10", "--out", str(out)]) == 0
    assert "Synthèse mensuelle 2026-10 écrite dans" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert {"Écritures", "Balance", "Encaissements", "Ventes par produit", "Stock fin de mois",
            "Créances (ancienneté)"} <= set(wb.sheetnames)  # fmt: skip
    pdf = tmp_path / "synthese.pdf"
    assert run(["report", "monthly", "--db", str(demo_db), "--month", "2026-10", "--out", str(pdf)]) == 0
    assert "Synthèse mensuelle 2026-10 écrite dans" in capsys.readouterr().out
    assert pdf.read_bytes().startswith(b"%PDF")
    assert run(["report", "monthly", "--db", str(demo_db), "--month", "2026-10", "--out", str(tmp_path / "x.ods")]) == 2
    assert "Utilisez un fichier .xlsx ou .pdf" in capsys.readouterr().err


def test_demo_has_a_year_of_livestock(demo_db: Path) -> None:
    con = sqlite3.connect(demo_db)
    try:
        states = dict(con.execute("SELECT status, count(*) FROM livestock_contracts GROUP BY status").fetchall())
        types = {r[0] for r in con.execute("SELECT DISTINCT contract_type FROM livestock_contracts")}
        countries = {r[0] for r in con.execute("SELECT DISTINCT destination_country FROM livestock_contracts")}
        species = {r[0] for r in con.execute("SELECT DISTINCT species_code FROM livestock_contract_lines")}
        payouts = con.execute("SELECT count(*) FROM payments WHERE doc_type = 'BPV'").fetchone()[0]
        unpaid = con.execute(
            "SELECT count(*) FROM dues d WHERE d.source_type = 'livestock_buyer' AND d.cancelled_at IS NULL AND "
            "d.amount > (SELECT coalesce(sum(a.amount), 0) FROM allocations a JOIN payments p ON p.id = a.payment_id "
            "AND p.status = 'valide' WHERE a.due_id = d.id)"
        ).fetchone()[0]
    finally:
        con.close()
    assert 170 <= sum(states.values()) <= 240
    assert states.get("annule", 0) >= 1
    assert types == {"mandat", "vente_directe", "achat_revente"}
    assert {"Ghana", "Côte d'Ivoire", "Togo", "Nigeria", "Burkina Faso"} <= countries
    assert {"bovin", "ovin", "caprin"} <= species
    assert payouts > 150  # mandats paid out to the éleveurs through bons de paiement vendeur
    assert unpaid > 0  # some buyers still owe a balance


def test_print_livestock_contract(demo_db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "contrat-betail.pdf"
    assert run(["print", "livestock-contract", "cbv-2026-0001", "--db", str(demo_db), "--out", str(out)]) == 0
    assert "Document cbv-2026-0001 écrit dans" in capsys.readouterr().out
    text = _pdf_text(out)
    assert "Contrat de vente de bétail" in text
    assert "CBV-2026-0001" in text
    assert "lu et expliqué en langue" in text
    assert "Pour le Centre" in text
    missing = tmp_path / "x.pdf"
    assert run(["print", "livestock-contract", "CBV-1999-0001", "--db", str(demo_db), "--out", str(missing)]) == 2
    assert "Contrat de vente de bétail introuvable : CBV-1999-0001." in capsys.readouterr().err
    assert not missing.exists()


def test_the_exit_code_of_a_defect_is_the_same_in_both_modules() -> None:
    from centre_app import cli, cli_commands

    assert cli_commands.EXIT_DEFECT == cli.EXIT_DEFECT


def test_every_printable_kind_has_its_printer() -> None:
    from centre_app import cli, cli_commands

    assert set(cli.PRINT_KINDS) == set(cli_commands.PRINTERS)
