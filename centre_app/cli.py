"""Command line (PRODUCT.md §12): same services as the application, no Qt unless it opens the GUI.

Errors are printed in French on stderr with a non-zero exit code; a traceback only with --debug.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from centre_app import __version__
from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import ascii_safe
from centre_app.models.migrate import open_database
from centre_app.services import integrity
from centre_app.services.context import SYSTEM
from centre_app.services.demo import create_demo
from centre_app.services.events import record_event

EXIT_DEFECT = 1
EXIT_REFUSED = 2
EXIT_UNEXPECTED = 3


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse with its refusals in French (the office reads them)."""

    def error(self, message_text: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        text = (
            message_text.replace("the following arguments are required", "arguments obligatoires manquants")
            .replace("unrecognized arguments", "arguments inconnus")
            .replace("invalid choice", "choix invalide")
            .replace("expected one argument", "une valeur est attendue")
            .replace("argument", "argument")
        )
        self.exit(EXIT_REFUSED, f"Erreur : {text}\n")


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("CentreServices", appauthor=False)) / "centre.db"


def build_parser() -> argparse.ArgumentParser:
    p = FrenchArgumentParser(prog="centre-app", description="Centre de services agro-pastoral")
    p.add_argument("--version", action="version", version=f"centre-app {__version__}")
    p.add_argument("--debug", action="store_true", help="afficher le détail technique des erreurs")
    p.add_argument("--db", help="chemin de la base de données (par défaut : dossier de données de l'utilisateur)")
    sub = p.add_subparsers(dest="command", metavar="COMMANDE")

    demo = sub.add_parser("demo", help="créer une base de démonstration réaliste")
    demo.add_argument("--db", dest="db_sub", required=True, help="fichier de la base à créer")
    demo.add_argument("--scale", choices=("small", "large"), default="small")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--until", type=date.fromisoformat, default=None, help="dernier jour des données (AAAA-MM-JJ)")

    check = sub.add_parser("check", help="vérifier l'intégrité : fichier, clés, chaînes, numérotation")
    check.add_argument("--db", dest="db_sub", required=True)

    printing = sub.add_parser("print", help="imprimer un document validé en PDF")
    printing.add_argument("kind", choices=tuple(PRINTERS), help="type de document")
    printing.add_argument("number", help="numéro du document (ex. REC-2026-000123)")
    printing.add_argument("--db", dest="db_sub", required=True)
    printing.add_argument("--out", required=True, help="fichier PDF à écrire")
    printing.add_argument("--paper", choices=("A4", "A5", "80mm"), default="A4", help="format (reçus)")

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
    return p


def _progress(stage: str, done: int, total: int) -> None:
    print(f"\r  {stage} : {done}/{total}", end="", file=sys.stderr, flush=True)


def cmd_demo(args: argparse.Namespace) -> int:
    path = Path(args.db_sub)
    if path.exists() and path.stat().st_size > 0:
        raise DomainError("cli.demo_exists", path=str(path))
    started = time.perf_counter()
    db = open_database(path)
    try:
        with db.transaction(SYSTEM) as session:
            report = create_demo(session, scale=args.scale, seed=args.seed, until=args.until, progress=_progress)
    finally:
        db.dispose()
        print(file=sys.stderr)  # end the progress line
    print(
        f"Base de démonstration créée : {path} ({report.parties} tiers dont {report.organisations} OP, "
        f"{report.users} utilisateurs) en {time.perf_counter() - started:.1f} s."
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.db_sub)
    db = open_database(path, create=False)
    try:
        with db.reading(SYSTEM) as session:
            defects = integrity.run_check(session)
        if defects:
            with db.transaction(SYSTEM) as session:
                record_event(session, "integrity.defect", {"defects": [d.message for d in defects[:10]]})
    finally:
        db.dispose()
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


PRINTERS: dict[str, Callable[[Session, str, str], bytes]] = {"receipt": _print_receipt}


def cmd_print(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise DomainError("cli.out_not_pdf", path=str(out))
    db = open_database(Path(args.db_sub), create=False)
    try:
        with db.transaction(SYSTEM) as session:
            pdf = PRINTERS[args.kind](session, args.number, args.paper)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(pdf)  # inside the transaction: no reprint is counted if the file cannot be written
    finally:
        db.dispose()
    print(f"Document {args.number} écrit dans {out}.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from centre_app.domain.backups import format_size
    from centre_app.services import backup

    db = open_database(Path(args.db_sub), create=False)
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

    db = open_database(Path(args.db_sub), create=False)
    try:
        with db.transaction(SYSTEM) as session:
            report = imports.IMPORTERS[args.kind](session, Path(args.file))
    finally:
        db.dispose()
    what = "tiers" if args.kind == "parties" else "produit(s)"
    span = f" ({report.codes[0]} à {report.codes[-1]})" if len(report.codes) > 1 else ""
    print(f"{report.count} {what} importé(s) depuis {args.file}{span}.")
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from centre_app import app

    return app.main(Path(args.db) if args.db else default_db_path())


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_open,
    "demo": cmd_demo,
    "check": cmd_check,
    "print": cmd_print,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "import": cmd_import,
}


def run(argv: Sequence[str] | None = None) -> int:
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
        if "locked" in str(exc) or "busy" in str(exc):
            print("Erreur : la base de données est occupée par un autre poste ; réessayez.", file=sys.stderr)
        else:
            print(f"Erreur de base de données : {exc.__class__.__name__}. Relancez avec --debug.", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return EXIT_UNEXPECTED
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
