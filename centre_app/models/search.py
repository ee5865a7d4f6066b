"""Case-insensitive « contains » for the lists' search boxes, at the cost of one ``LIKE`` per column.

SQLAlchemy's ``icontains`` writes ``lower(col) LIKE lower(?)``; on SQLite ``LIKE`` already ignores the case
of ASCII letters (and ``lower()`` changes nothing else), so ``lower()`` only doubles the cost of a scan: over
60 000 receipts, a keystroke's count goes from ~90 to ~40 ms (PRODUCT.md §15: filter as you type < 100 ms).
PostgreSQL's ``LIKE`` minds the case: there it is ``ILIKE``. Wildcards typed by the user are escaped.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

ESCAPE = "/"


class _ContainsCI(FunctionElement[bool]):
    type = Boolean()
    inherit_cache = True
    name = "contains_ci"


def _escaped(word: str) -> str:
    return word.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def contains_ci(column: Any, word: str) -> ColumnElement[bool]:
    """``column`` contains ``word``, whatever the case (ASCII letters on SQLite, all letters on PostgreSQL)."""
    return _ContainsCI(column, literal(f"%{_escaped(word)}%"))


@compiles(_ContainsCI)
def _like(element: _ContainsCI, compiler: Any, **kw: Any) -> str:
    column, pattern = list(element.clauses)
    return f"({compiler.process(column, **kw)} LIKE {compiler.process(pattern, **kw)} ESCAPE '{ESCAPE}')"


@compiles(_ContainsCI, "postgresql")
def _ilike(element: _ContainsCI, compiler: Any, **kw: Any) -> str:
    column, pattern = list(element.clauses)
    return f"({compiler.process(column, **kw)} ILIKE {compiler.process(pattern, **kw)} ESCAPE '{ESCAPE}')"
