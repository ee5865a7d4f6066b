"""DDL for database-level protection of validated rows (second line after the services).

The rules are written once, as SQLite triggers (the statements the migrations have always run, kept
byte for byte so that office files of every version upgrade the same way). ``execute`` runs them as
they are on SQLite and translates each one to PostgreSQL: a PL/pgSQL function holding the condition
(PostgreSQL refuses subqueries in a trigger's WHEN) and a ``BEFORE … FOR EACH ROW`` trigger calling it.
The error keeps the text « immutable: … » and the SQLSTATE 23000 (integrity constraint violation), so
both engines raise ``sqlalchemy.exc.IntegrityError`` with the same message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_CREATE = re.compile(
    r"CREATE TRIGGER (?P<name>\w+) BEFORE (?P<event>INSERT|UPDATE|DELETE) ON (?P<table>\w+) "
    r"(?:WHEN (?P<when>.+?) )?BEGIN SELECT RAISE\(ABORT, '(?P<message>[^']*)'\); END",
    re.DOTALL,
)
_DROP = re.compile(r"DROP TRIGGER IF EXISTS (?P<name>\w+)")
_ROW_COLUMN = r"\b(?:NEW|OLD)\.\w+"


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


def postgresql_condition(when: str) -> str:
    """A SQLite trigger condition in PostgreSQL: ``a IS NOT b`` is ``IS DISTINCT FROM``, ``1`` is TRUE."""
    cond = re.sub(rf"({_ROW_COLUMN}) IS NOT ({_ROW_COLUMN})", r"\1 IS DISTINCT FROM \2", when)
    cond = re.sub(rf"({_ROW_COLUMN}) IS ({_ROW_COLUMN})", r"\1 IS NOT DISTINCT FROM \2", cond)
    cond = re.sub(r"^1 AND ", "TRUE AND ", cond.strip()).replace("AND (1)", "AND (TRUE)")
    return "TRUE" if cond == "1" else cond


def to_postgresql(ddl: str) -> list[str]:
    """The PostgreSQL statements doing what the SQLite trigger statement ``ddl`` does (ValueError if unknown)."""
    dropped = _DROP.fullmatch(ddl.strip())
    if dropped:  # the function owns its trigger: CASCADE removes both
        return [f"DROP FUNCTION IF EXISTS {dropped['name']}() CASCADE"]
    m = _CREATE.fullmatch(ddl.strip())
    if m is None:
        raise ValueError(f"trigger statement not understood for PostgreSQL: {ddl[:120]}")
    name, event, table = m["name"], m["event"], m["table"]
    returned = "OLD" if event == "DELETE" else "NEW"
    raise_error = f"RAISE EXCEPTION USING ERRCODE = '23000', MESSAGE = '{m['message']}';"
    body = raise_error if m["when"] is None else f"IF {postgresql_condition(m['when'])} THEN {raise_error} END IF;"
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$ "
        f"BEGIN {body} RETURN {returned}; END $fn$",
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def statements(ddl: Iterable[str], dialect: str) -> list[str]:
    """``ddl`` (SQLite trigger statements) for ``dialect``: unchanged on SQLite, translated on PostgreSQL."""
    if dialect == "sqlite":
        return list(ddl)
    if dialect != "postgresql":
        raise ValueError(f"no trigger DDL for the {dialect} dialect")
    return [pg for statement in ddl for pg in to_postgresql(statement)]


def execute(ddl: str) -> None:
    """Run one trigger statement inside a migration, in the dialect of its connection."""
    from alembic import op

    for statement in statements([ddl], op.get_bind().dialect.name):
        op.execute(statement)
