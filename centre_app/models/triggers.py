"""DDL for database-level protection of validated rows (second line after the services).

SQLite triggers; on PostgreSQL the same rules are enforced by the services and by
equivalent PL/pgSQL triggers (added with the PostgreSQL work).
"""

from __future__ import annotations


def append_only(table: str) -> list[str]:
    """Rows of ``table`` can be inserted, never updated nor deleted."""
    return [
        f"CREATE TRIGGER trg_{table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'immutable: {table} rows cannot be updated'); END",
        f"CREATE TRIGGER trg_{table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'immutable: {table} rows cannot be deleted'); END",
    ]


def frozen_when_validated(table: str, frozen_columns: list[str], validated: str = "OLD.hash IS NOT NULL") -> list[str]:
    """Once ``validated`` holds, ``frozen_columns`` never change and the row is never deleted.

    Columns outside the list (a workflow status, a cached balance) may still move.
    """
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in frozen_columns)
    return [
        f"CREATE TRIGGER trg_{table}_frozen BEFORE UPDATE ON {table} "
        f"WHEN {validated} AND ({changed}) "
        f"BEGIN SELECT RAISE(ABORT, 'immutable: validated {table} row'); END",
        f"CREATE TRIGGER trg_{table}_no_delete BEFORE DELETE ON {table} WHEN {validated} "
        f"BEGIN SELECT RAISE(ABORT, 'immutable: validated {table} row cannot be deleted'); END",
    ]


def drop(table: str, names: list[str]) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS trg_{table}_{n}" for n in names]
