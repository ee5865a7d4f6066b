"""The commands of ``centre-app`` (check, print, backup, restore, import, export, report, demo), imported by
cli.py when one is run: opening the application imports neither them nor SQLAlchemy before its login dialog
(PRODUCT.md §15, start-up)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from centre_app import cli_postgresql
from centre_app.cli_postgresql import db_target
from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import ascii_safe
from centre_app.models.database import display_name, is_url
from centre_app.models.migrate import open_database
from centre_app.services import integrity
from centre_app.services.context import SYSTEM
from centre_app.services.events import record_event

EXIT_DEFECT = 1  # cli.EXIT_DEFECT: a defect found by check


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
