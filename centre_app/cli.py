"""Command line (PRODUCT.md §12): same services as the application, no Qt unless it opens the GUI.

Errors are printed in French on stderr with a non-zero exit code; a traceback only with --debug.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from centre_app import __version__, cli_postgresql
from centre_app.cli_french import french_argparse, os_error_text
from centre_app.cli_postgresql import db_target
from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import ascii_safe
from centre_app.models.database import display_name, is_url
from centre_app.models.migrate import open_database
from centre_app.services import integrity
from centre_app.services.context import SYSTEM
from centre_app.services.events import record_event

EXIT_DEFECT = 1
EXIT_REFUSED = 2
EXIT_UNEXPECTED = 3


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse with its refusals in French (the office reads them): its texts come from cli_french while
    ``run`` builds and parses; a refusal exits 2 with « Erreur : … » on stderr."""

    def error(self, message_text: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_REFUSED, f"Erreur : {message_text}\n")


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("CentreServices", appauthor=False)) / "centre.db"


def build_parser() -> argparse.ArgumentParser:
    p = FrenchArgumentParser(prog="centre-app", description="Centre de services agro-pastoral")
    p.add_argument("--version", action="version", version=f"centre-app {__version__}", help="afficher la version")
    p.add_argument("--debug", action="store_true", help="afficher le détail technique des erreurs")
    p.add_argument("--db", help="chemin de la base de données (par défaut : dossier de données de l'utilisateur)")
    sub = p.add_subparsers(dest="command", metavar="COMMANDE")

    demo = sub.add_parser("demo", help="créer une base de démonstration réaliste")
    demo.add_argument("--db", dest="db_sub", required=True, help="fichier de la base à créer")
    demo.add_argument("--scale", choices=("small", "large"), default="small")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--until", type=_iso_day, default=None, help="dernier jour des données (AAAA-MM-JJ)")
    demo.add_argument("--years", type=int, default=None, help="nombre d'années (par défaut : 1 en small, 10 en large)")

    check = sub.add_parser("check", help="vérifier l'intégrité : fichier, clés, chaînes, numérotation")
    check.add_argument("--db", dest="db_sub", required=True)

    printing = sub.add_parser("print", help="imprimer un document validé en PDF")
    printing.add_argument("kind", choices=tuple(PRINTERS), help="type de document")
    printing.add_argument("number", help="numéro du document (ex. REC-2026-000123)")
    printing.add_argument("--db", dest="db_sub", required=True)
    printing.add_argument("--out", required=True, help="fichier PDF à écrire")
    printing.add_argument("--paper", choices=("A4", "A5", "80mm"), default="A4", help="format (reçus)")
    printing.add_argument("--warehouse", help="code du magasin (fiche de stock ; par défaut : tous les magasins)")
    printing.add_argument("--from", dest="start", type=_iso_day, help="premier jour AAAA-MM-JJ (fiche de stock)")
    printing.add_argument("--to", dest="end", type=_iso_day, help="dernier jour inclus AAAA-MM-JJ (fiche de stock)")

    backup = sub.add_parser("backup", help="sauvegarder la base (copie cohérente, vérifiée, compressée)")
    backup.add_argument("--db", dest="db_sub", required=True)
    backup.add_argument("--to", required=True, help="dossier de sauvegarde (clé USB, second disque)")

    restore = sub.add_parser("restore", help="restaurer une sauvegarde vérifiée (l'ancienne base est conservée)")
    restore.add_argument("file", help="fichier de sauvegarde centre-AAAAMMJJ-HHMMSS.zip")
    restore.add_argument("--db", dest="db_sub", required=True, help="base à remplacer (application fermée)")

    importing = sub.add_parser("import", help="importer des tiers ou des produits depuis un fichier XLSX ou CSV")
    importing.add_argument("kind", choices=("parties", "products"), help="parties (tiers) ou products (produits)")
    importing.add_argument("file", help="fichier .xlsx ou .csv (séparateur « ; »), titres de colonnes en français")
    importing.add_argument("--db", dest="db_sub", required=True)

    exporting = sub.add_parser("export", help="exporter les écritures comptables d'un mois (format FEC, CSV « ; »)")
    exporting.add_argument("kind", choices=("entries",), help="entries (écritures)")
    exporting.add_argument("--db", dest="db_sub", required=True)
    exporting.add_argument("--month", required=True, help="mois AAAA-MM")
    exporting.add_argument("--out", required=True, help="fichier .csv à écrire")
    exporting.add_argument("--encoding", choices=("utf-8-sig", "cp1252"), default="utf-8-sig",
                           help="utf-8-sig (UTF-8 avec BOM, par défaut) ou cp1252 (Windows-1252)")  # fmt: skip
    exporting.add_argument("--lock", action="store_true", help="verrouiller le mois après l'export")

    report = sub.add_parser("report", help="synthèse mensuelle : classeur XLSX (ou PDF)")
    report.add_argument("kind", choices=("monthly",), help="monthly (synthèse du mois)")
    report.add_argument("--db", dest="db_sub", required=True)
    report.add_argument("--month", required=True, help="mois AAAA-MM")
    report.add_argument("--out", required=True, help="fichier .xlsx (ou .pdf) à écrire")
    cli_postgresql.add_commands(sub)
    return p


def cmd_demo(args: argparse.Namespace) -> int:
    from centre_app import cli_demo

    if is_url(args.db_sub):  # an empty PostgreSQL database
        print(cli_postgresql.run_demo(args.db_sub, args.scale, args.seed, args.until, args.years))
        return 0
    path = Path(args.db_sub)
    made = cli_demo.run_demo(path, args.scale, args.seed, args.until, args.years)  # one commit per year
    print(cli_demo.summary(path, made))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    path = display_name(args.db_sub)
    db = open_database(db_target(args.db_sub), create=False)
    try:
        with db.reading(SYSTEM) as session:
            defects = integrity.run_check(session)
            notes = integrity.engine_notes(session)
        if defects:
            with db.transaction(SYSTEM) as session:
                record_event(session, "integrity.defect", {"defects": [d.message for d in defects[:10]]})
    finally:
        db.dispose()
    for note in notes:
        print(ascii_safe(note))
    if not defects:
        print(f"Vérification terminée : aucun défaut dans {path}.")
        return 0
    print(f"Vérification terminée : {len(defects)} défaut(s) dans {path}.", file=sys.stderr)
    for d in defects:
        print(f"  - {ascii_safe(d.message)}", file=sys.stderr)
    return EXIT_DEFECT


def _print_receipt(session: Session, number: str, paper: str) -> bytes:
    from centre_app.services import cash_printouts, payments

    payment = payments.get_payment(session, number=number)
    # Every print after the original is a counted, journaled DUPLICATA.
    copy = payments.register_reprint(session, payment.id)
    return cash_printouts.receipt_pdf(session, payment.id, paper, copy)


def _print_order(session: Session, number: str, paper: str) -> bytes:
    from centre_app.services import stock_printouts

    return stock_printouts.order_pdf_by_number(session, number)


def _print_delivery(session: Session, number: str, paper: str) -> bytes:
    from centre_app.services import stock_printouts

    return stock_printouts.delivery_pdf_by_number(session, number)


def _print_stock_card(
    session: Session, code: str, paper: str, *, warehouse: str | None = None, start: date | None = None,
    end: date | None = None,
) -> bytes:  # fmt: skip
    """The fiche de stock of product CODE; from 1 January of the current year to today by default."""
    from centre_app.services import stock_printouts
    from centre_app.services.context import now

    last = end or now(session).date()
    first = start or date(last.year, 1, 1)
    return stock_printouts.stock_card_pdf_by_code(session, code, warehouse, first, last + timedelta(days=1))


def _print_op_contract(session: Session, number: str, paper: str) -> bytes:
    from centre_app.services import op_contract_printouts

    return op_contract_printouts.contract_pdf_by_number(session, number)


def _print_livestock_contract(session: Session, number: str, paper: str) -> bytes:
    from centre_app.services import livestock_printouts

    return livestock_printouts.contract_pdf_by_number(session, number)


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » (format attendu : AAAA-MM-JJ)") from None


PRINTERS: dict[str, Callable[..., bytes]] = {
    "receipt": _print_receipt,
    "order": _print_order,
    "delivery": _print_delivery,
    "stock-card": _print_stock_card,
    "op-contract": _print_op_contract,
    "livestock-contract": _print_livestock_contract,
}


def _print_options(args: argparse.Namespace) -> dict[str, object]:
    """The options only the fiche de stock takes (magasin and period)."""
    if args.kind != "stock-card":
        return {}
    return {"warehouse": args.warehouse, "start": args.start, "end": args.end}


def cmd_print(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise DomainError("cli.out_not_pdf", path=str(out))
    db = open_database(db_target(args.db_sub), create=False)
    try:
        with db.transaction(SYSTEM) as session:
            pdf = PRINTERS[args.kind](session, args.number, args.paper, **_print_options(args))
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(pdf)  # inside the transaction: no reprint is counted if the file cannot be written
    finally:
        db.dispose()
    print(f"Document {args.number} écrit dans {out}.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    if is_url(args.db_sub):  # pg_dump
        return cli_postgresql.cmd_backup(args)
    from centre_app.domain.backups import format_size
    from centre_app.services import backup

    db = open_database(db_target(args.db_sub), create=False)
    try:
        info = backup.backup_now(db, Path(args.to), automatic=False)
    finally:
        db.dispose()
    print(f"Sauvegarde écrite : {info.path} ({ascii_safe(format_size(info.file_size))}).")
    print(
        "Vérifiée : intégrité du fichier, clés, chaînes et numérotation sans défaut ; "
        f"empreinte SHA-256 {info.sha256} relue après écriture."
    )
    if info.removed:
        print(f"Rotation : {len(info.removed)} sauvegarde(s) ancienne(s) supprimée(s) : {', '.join(info.removed)}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    if is_url(args.db_sub):  # pg_restore
        return cli_postgresql.cmd_restore(args)
    from centre_app.domain.formatting import format_datetime
    from centre_app.services import backup

    source, target = Path(args.file), Path(args.db_sub)
    kept = backup.restore(source, target)
    made = backup.read_manifest(source).created_at
    print(f"Base {target} restaurée depuis {source} (sauvegarde du {ascii_safe(format_datetime(made))}).")
    if kept is not None:
        print(f"L'ancienne base est conservée : {kept}")
    else:
        print("Aucune base n'existait à cet emplacement : rien à conserver.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from centre_app.services import imports

    db = open_database(db_target(args.db_sub), create=False)
    try:
        with db.transaction(SYSTEM) as session:
            report = imports.IMPORTERS[args.kind](session, Path(args.file))
    finally:
        db.dispose()
    what = "tiers" if args.kind == "parties" else "produit(s)"
    span = f" ({report.codes[0]} à {report.codes[-1]})" if len(report.codes) > 1 else ""
    print(f"{report.count} {what} importé(s) depuis {args.file}{span}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from centre_app.domain.accounting import ENCODINGS, of_month
    from centre_app.domain.formatting import format_money, format_month
    from centre_app.services import accounting_export

    out = Path(args.out)
    if out.suffix.lower() != ".csv":
        raise DomainError("accounting.out_not_csv", path=str(out))
    db = open_database(db_target(args.db_sub), create=False)
    try:
        with db.transaction(SYSTEM) as session:
            result = accounting_export.export_entries(session, args.month, args.encoding, lock=args.lock)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(result.content)  # inside the transaction: no lock without its file
    finally:
        db.dispose()
    month = of_month(format_month(date.fromisoformat(f"{result.month}-01")))
    print(
        f"Écritures {month} : {result.entries} écriture(s), {result.lines} ligne(s), débit = crédit = "
        f"{ascii_safe(format_money(result.debit))}, écrites dans {out} ({ENCODINGS[result.encoding]})."
    )
    if result.replaced:
        shown = " ".join(f"« {c} » (U+{ord(c):04X})" for c in result.replaced)
        print(f"Caractères absents de Windows-1252, remplacés (ex. ŋ → ng, espace fine → espace) : {ascii_safe(shown)}")
    if result.locked_now:
        print(f"Le mois {month} est maintenant verrouillé : plus aucun document ne peut y être daté.")
    elif result.was_locked:
        print(f"Le mois {month} était déjà verrouillé.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from centre_app.services import monthly_report, monthly_workbook

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise DomainError("report.bad_format", suffix=suffix or "?")
    db = open_database(db_target(args.db_sub), create=False)
    try:
        with db.transaction(SYSTEM) as session:
            if suffix == ".xlsx":
                content = monthly_workbook.monthly_workbook(session, args.month)
            else:
                content = monthly_report.monthly_pdf(session, args.month)
            record_event(session, "export", {"kind": "synthese", "month": args.month, "format": suffix[1:]})
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(content)
    finally:
        db.dispose()
    print(f"Synthèse mensuelle {args.month} écrite dans {out}.")
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from centre_app import app

    return app.main(db_target(args.db) if args.db else default_db_path())


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_open,
    "demo": cmd_demo,
    "check": cmd_check,
    "print": cmd_print,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "import": cmd_import,
    "export": cmd_export,
    "report": cmd_report,
    "migrate-to": cli_postgresql.cmd_migrate_to,
}


def run(argv: Sequence[str] | None = None) -> int:
    with french_argparse():
        parser = build_parser()
        args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except DomainError as exc:
        print(f"Erreur : {ascii_safe(message(exc))}", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return EXIT_REFUSED
    except (OperationalError, sqlite3.OperationalError) as exc:
        if "locked" in str(exc) or "busy" in str(exc) or "lock timeout" in str(exc):
            print("Erreur : la base de données est occupée par un autre poste ; réessayez.", file=sys.stderr)
        else:
            print(f"Erreur de base de données : {exc.__class__.__name__}. Relancez avec --debug.", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return EXIT_UNEXPECTED
    except OSError as exc:  # a path given on the command line cannot be read or written
        print(f"Erreur : {ascii_safe(os_error_text(exc))}", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return EXIT_REFUSED
    except Exception as exc:  # the last line of defence: a French message, never a raw traceback
        print(
            f"Erreur inattendue ({exc.__class__.__name__}). Rien n'a été enregistré pour cette opération. "
            "Relancez avec --debug pour le détail technique.",
            file=sys.stderr,
        )
        if args.debug:
            traceback.print_exc()
        return EXIT_UNEXPECTED


def demo_and_open(argv: Sequence[str]) -> int:
    """`python run.py app`: make sure the demo database exists in the data folder, then open it."""
    path = Path(argv[0]) if argv else default_db_path().with_name("demo.db")
    if not path.exists():
        print(f"Création de la base de démonstration {path}…")
        rc = run(["demo", "--db", str(path)])
        if rc != 0:
            return rc
    return run(["--db", str(path)])


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
