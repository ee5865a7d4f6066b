"""The command line on a PostgreSQL server (PRODUCT.md §14): ``--db postgresql://…`` and ``migrate-to``.

Every command takes ``--db`` as a file path or as a server URL (``postgresql://utilisateur@serveur/base``;
a password in the URL is never printed). What differs on a server lives here: the demo in an empty
server database, ``backup``/``restore`` through ``pg_dump``/``pg_restore``, and ``migrate-to``, which
copies an office's SQLite file into an empty server database and proves the copy identical.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import ascii_safe
from centre_app.models.database import display_name, is_url
from centre_app.models.migrate import open_database
from centre_app.services.context import SYSTEM


def db_target(text: str) -> str | Path:
    """``--db`` as given: a server URL stays text (``Path`` would fold its ``//``), a file becomes a path."""
    return text if is_url(text) else Path(text)


def cmd_migrate_to(args: argparse.Namespace) -> int:
    from centre_app.services.pg_migration import migrate_to

    started = time.perf_counter()
    report = migrate_to(
        str(db_target(args.db_sub)), args.to, progress=lambda text: print(ascii_safe(text), file=sys.stderr)
    )
    for line in report.lines():
        print(ascii_safe(line), file=sys.stdout if report.ok else sys.stderr)
    if not report.ok:
        print(
            "Copie NON conforme : n'utilisez pas la base PostgreSQL ; la base d'origine est intacte.", file=sys.stderr
        )
        return 1
    seconds = time.perf_counter() - started
    print(f"Copie conforme en {seconds:.1f} s : les bureaux peuvent utiliser --db {display_name(args.to)}.")
    return 0


def run_demo(url: str, scale: str, seed: int, until: date | None, years: int | None) -> str:
    """The demo in an empty server database, in one transaction (nothing stays if it stops)."""
    from centre_app.cli_demo import DemoProgress
    from centre_app.models.parties import Party
    from centre_app.services.demo import create_demo
    from centre_app.services.demo_scale import periods, scale_of

    size = scale_of(scale, years)
    end = until or date.today()
    progress = DemoProgress(len(periods(date.fromordinal(end.toordinal() - size.days), end)))
    started = time.perf_counter()
    db = open_database(url)
    try:
        with db.transaction(SYSTEM) as session:
            if session.scalar(select(func.count()).select_from(Party)):
                raise DomainError("cli.demo_exists", path=display_name(url))
            report = create_demo(session, scale=size, seed=seed, until=end, progress=progress)
    finally:
        db.dispose()
        print(file=sys.stderr)  # end the progress line
    return (
        f"Base de démonstration créée : {display_name(url)} ({report.parties} tiers dont {report.organisations} OP, "
        f"{report.users} utilisateurs) en {time.perf_counter() - started:.1f} s."
    )


def cmd_backup(args: argparse.Namespace) -> int:
    from centre_app.domain.backups import format_size
    from centre_app.services import backup

    db = open_database(args.db_sub, create=False)
    try:
        info = backup.backup_now(db, Path(args.to), automatic=False)  # pg_dump on a server
    finally:
        db.dispose()
    print(f"Sauvegarde écrite : {info.path} ({ascii_safe(format_size(info.file_size))}, pg_dump).")
    print(f"Vérifiée : relue en entier par pg_restore ; empreinte SHA-256 {info.sha256}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from centre_app.services.pg_backup import restore_postgresql

    kept = restore_postgresql(Path(args.file), args.db_sub)
    print(f"Base {display_name(args.db_sub)} restaurée depuis {args.file} (pg_restore).")
    print(f"L'ancien contenu est conservé : {kept}")
    return 0
