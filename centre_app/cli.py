"""Command line (PRODUCT.md §12): same services as the application, no Qt unless it opens the GUI.

Errors are printed in French on stderr with a non-zero exit code; a traceback only with --debug.
This module only parses: each command is imported when it runs (cli_commands.py, cli_postgresql.py), so that
opening the application loads nothing heavy before its login dialog (PRODUCT.md §15, start-up).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from centre_app import __version__
from centre_app.cli_french import french_argparse, os_error_text
from centre_app.domain.errors import DomainError, message
from centre_app.models.locations import is_url

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
    printing.add_argument("kind", choices=PRINT_KINDS, help="type de document")
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
    migrate = sub.add_parser(
        "migrate-to", help="copier la base d'un bureau (fichier SQLite) dans une base PostgreSQL vide, puis vérifier"
    )
    migrate.add_argument("--db", dest="db_sub", required=True, help="base à copier (fichier SQLite)")
    migrate.add_argument("--to", required=True, help="base PostgreSQL vide : postgresql://utilisateur@serveur/base")
    return p


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » (format attendu : AAAA-MM-JJ)") from None


PRINT_KINDS = ("receipt", "order", "delivery", "stock-card", "op-contract", "livestock-contract")


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    """A command of cli_commands, imported when it is run."""

    def run_command(args: argparse.Namespace) -> int:
        from centre_app import cli_commands

        return getattr(cli_commands, name)(args)  # type: ignore[no-any-return]

    return run_command


def _migrate_to(args: argparse.Namespace) -> int:
    from centre_app import cli_postgresql

    return cli_postgresql.cmd_migrate_to(args)


def cmd_open(args: argparse.Namespace) -> int:
    from centre_app import app

    target: str | Path = args.db if args.db and is_url(args.db) else Path(args.db) if args.db else default_db_path()
    return app.main(target)


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_open,
    **{name: _command(f"cmd_{name}") for name in ("demo", "check", "print", "backup", "restore", "import", "export")},
    "report": _command("cmd_report"),
    "migrate-to": _migrate_to,
}


def run(argv: Sequence[str] | None = None) -> int:
    with french_argparse():
        parser = build_parser()
        args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except DomainError as exc:
        return _refused(message(exc), args.debug)
    except OSError as exc:  # a path given on the command line cannot be read or written
        return _refused(os_error_text(exc), args.debug)
    except Exception as exc:
        if _operational(exc):
            if "locked" in str(exc) or "busy" in str(exc) or "lock timeout" in str(exc):
                print("Erreur : la base de données est occupée par un autre poste ; réessayez.", file=sys.stderr)
            else:
                print(f"Erreur de base de données : {exc.__class__.__name__}. Relancez avec --debug.", file=sys.stderr)
        else:  # the last line of defence: a French message, never a raw traceback
            print(
                f"Erreur inattendue ({exc.__class__.__name__}). Rien n'a été enregistré pour cette opération. "
                "Relancez avec --debug pour le détail technique.",
                file=sys.stderr,
            )
        if args.debug:
            traceback.print_exc()
        return EXIT_UNEXPECTED


def _refused(text: str, debug: bool) -> int:
    from centre_app.domain.formatting import ascii_safe

    print(f"Erreur : {ascii_safe(text)}", file=sys.stderr)
    if debug:
        traceback.print_exc()
    return EXIT_REFUSED


def _operational(exc: Exception) -> bool:
    """A database error (locked, busy, unreadable) from sqlite3 or SQLAlchemy — which is only loaded when a
    command used the database."""
    if isinstance(exc, sqlite3.OperationalError):
        return True
    sqlalchemy_errors = sys.modules.get("sqlalchemy.exc")
    return sqlalchemy_errors is not None and isinstance(exc, sqlalchemy_errors.OperationalError)


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
