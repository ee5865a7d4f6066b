"""`check` on a PostgreSQL server: what replaces SQLite's ``PRAGMA integrity_check`` and ``foreign_key_check``.

- The file check has no equivalent to run from the application: the server guarantees its own files
  (checksums, WAL) and ``pg_amcheck`` is an administrator's tool. ``notes`` says so in the French output.
- Foreign keys are enforced by the server, but a superuser can switch their triggers off
  (``session_replication_role = replica``, ``DISABLE TRIGGER ALL``): every foreign key of the models is
  checked here by a query (rows whose parent is missing), as SQLite's ``foreign_key_check`` does.
- The protection triggers of validated documents (models/triggers.py) must be enabled: a disabled one
  is reported (a dropped one shows up as soon as a protected row is changed, through its hash).
"""

from __future__ import annotations

from sqlalchemy import and_, exists, not_, select, text
from sqlalchemy.orm import Session

from centre_app.models.tables import metadata

MAX_LISTED = 20


def notes(session: Session) -> list[str]:
    """What `check` could not do on this engine, in French (nothing on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return []
    return [
        "Base PostgreSQL : le contrôle des fichiers de la base (PRAGMA integrity_check de SQLite) est sans objet "
        "sur un serveur, qui protège lui-même ses fichiers (l'administrateur du serveur dispose de pg_amcheck) ; "
        "clés étrangères et déclencheurs de protection vérifiés par requêtes."
    ]


def foreign_key_defects(session: Session) -> list[tuple[str, object, str]]:
    """(table, id, parent table) of every row that refers to a missing row, as ``PRAGMA foreign_key_check``."""
    found: list[tuple[str, object, str]] = []
    for table in metadata.sorted_tables:
        key = next(iter(table.primary_key.columns))
        for fk in table.foreign_key_constraints:
            parent = fk.referred_table.alias("parent")
            pairs = list(zip(fk.columns, fk.elements, strict=True))
            present = and_(*(c.isnot(None) for c, _e in pairs))
            joined = and_(*(parent.c[e.column.name] == c for c, e in pairs))
            stmt = select(key).where(present, not_(exists().where(joined))).limit(MAX_LISTED)
            found += [(table.name, row_id, fk.referred_table.name) for row_id in session.scalars(stmt)]
            if len(found) >= MAX_LISTED:
                return found
    return found


def disabled_triggers(session: Session) -> list[tuple[str, str]]:
    """(table, trigger) of the protection triggers switched off."""
    rows = session.execute(
        text(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND t.tgname LIKE 'trg\\_%' AND t.tgenabled = 'D' ORDER BY 1, 2"
        )
    )
    return [(r[0], r[1]) for r in rows]
