"""What must hold in a cash database after any crash or concurrent run: `check`, plus no half document.

``check`` already recomputes every chain (a payment's hash covers its allocations) and every numbering
series; the rules here cross tables: allocations within amounts and dues, cancellation status both
ways, the journal and audit rows written with each document.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from centre_app.models.database import Database
from centre_app.models.migrate import open_database
from centre_app.services import integrity
from centre_app.services.context import SYSTEM

# Each query returns the offending rows; its label says what is broken.
HALF_DOCUMENT_QUERIES = {
    "allocations above the payment amount": """
        SELECT p.number FROM payments p JOIN allocations a ON a.payment_id = p.id
        GROUP BY p.id HAVING sum(a.amount) > p.amount""",
    "allocation to a missing due": """
        SELECT a.id FROM allocations a LEFT JOIN dues d ON d.id = a.due_id WHERE d.id IS NULL""",
    "allocation of a missing payment": """
        SELECT a.id FROM allocations a LEFT JOIN payments p ON p.id = a.payment_id WHERE p.id IS NULL""",
    "due paid beyond its amount": """
        SELECT d.reference FROM dues d JOIN allocations a ON a.due_id = d.id
        JOIN payments p ON p.id = a.payment_id AND p.status = 'valide'
        GROUP BY d.id HAVING sum(a.amount) > d.amount""",
    "cancelled payment without its cancellation": """
        SELECT p.number FROM payments p LEFT JOIN payment_cancellations c ON c.payment_id = p.id
        WHERE p.status <> 'valide' AND c.id IS NULL""",
    "cancellation of a payment still valid or missing": """
        SELECT c.number FROM payment_cancellations c LEFT JOIN payments p ON p.id = c.payment_id
        WHERE p.id IS NULL OR p.status <> 'annule'""",
    "cancellation without its journal event": """
        SELECT c.number FROM payment_cancellations c WHERE NOT EXISTS (
            SELECT 1 FROM event_journal e WHERE e.kind = 'cancellation'
            AND json_extract(e.detail, '$.counter_document') = c.number)""",
    "closing without its journal event": """
        SELECT c.number FROM cash_closings c WHERE NOT EXISTS (
            SELECT 1 FROM event_journal e WHERE e.kind = 'closure'
            AND json_extract(e.detail, '$.number') = c.number)""",
    "payment without its audit entry": """
        SELECT p.number FROM payments p WHERE NOT EXISTS (
            SELECT 1 FROM audit_log l WHERE l.entity = 'payments' AND l.action = 'insert'
            AND l.entity_id = CAST(p.id AS TEXT))""",
    "payment chain link missing (empty hash)": "SELECT number FROM payments WHERE hash = '' OR prev_hash = ''",
}


def _for_dialect(sql: str, dialect: str) -> str:
    """The queries are written for SQLite; PostgreSQL reads a JSON field with ``->>``."""
    if dialect != "postgresql":
        return sql
    return re.sub(r"json_extract\((\w+\.\w+), '\$\.(\w+)'\)", r"(\1::json ->> '\2')", sql)


def half_documents(session: Session) -> list[str]:
    out = []
    dialect = session.get_bind().dialect.name
    for label, sql in HALF_DOCUMENT_QUERIES.items():
        rows = [str(r[0]) for r in session.execute(text(_for_dialect(sql, dialect))).all()]
        if rows:
            out.append(f"{label}: {', '.join(rows[:5])}")
    return out


def missing_numbers(session: Session, numbers: set[str]) -> list[str]:
    """Which of these references are not in the database: document numbers (payments, cancellations,
    closings) or ``due:<id>``."""
    found: set[str] = set()
    for table in ("payments", "payment_cancellations", "cash_closings"):
        found.update(session.scalars(text(f"SELECT number FROM {table}")))
    found.update(f"due:{i}" for i in session.scalars(text("SELECT id FROM dues")))
    return sorted(n for n in numbers if n not in found)


def problems(db: Database, committed: set[str] | None = None) -> list[str]:
    """Everything wrong with an open database, in words (an empty list: sound)."""
    with db.reading(SYSTEM) as s:
        found = [f"check: {d.message}" for d in integrity.run_check(s)]
        found += half_documents(s)
        found += [f"committed but lost: {n}" for n in missing_numbers(s, committed or set())]
    return found


def problems_in_file(path: Path, committed: set[str] | None = None) -> list[str]:
    db = open_database(path, create=False)
    try:
        return problems(db, committed)
    finally:
        db.dispose()


def copy_database(src: Path, dst: Path) -> Path:
    """A consistent copy of a database file (SQLite backup API: the WAL is included)."""
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()
    return dst
