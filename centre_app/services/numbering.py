"""Gapless numbering: the next number is taken inside the validating transaction.

The series row is bumped with an UPDATE, so a concurrent validation waits for the row (SQLite:
the write lock of BEGIN IMMEDIATE; PostgreSQL: the row lock, held until commit) and a rollback gives
the number back. The first number of a series (a new year) creates its row with
``INSERT … ON CONFLICT DO NOTHING`` and then bumps it like any other: two clerks opening the same
year at once on PostgreSQL both end on the row lock (the second insert waits for the first and does
nothing), so neither can take number 1 twice. On PostgreSQL every write transaction is also serialized
by the write lock (models/database.py); the row lock keeps the series gapless even without it.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.numbering import DOC_TYPES, format_number
from centre_app.models.system import NumberSeries
from centre_app.services import settings as settings_service

_SERIES = NumberSeries.__table__
_BUMP = (
    update(_SERIES)
    .where(_SERIES.c.doc_type == bindparam("series_type"), _SERIES.c.year == bindparam("series_year"))
    .values(last_number=_SERIES.c.last_number + 1)
    .returning(_SERIES.c.last_number)
)
# The same ON CONFLICT clause runs on SQLite (3.24+) and PostgreSQL.
_CREATE = text(
    "INSERT INTO number_series (doc_type, year, last_number) VALUES (:doc_type, :year, 0) "
    "ON CONFLICT (doc_type, year) DO NOTHING"
)


def next_number(session: Session, doc_type: str, year: int) -> tuple[int, str]:
    """Allocate the next number of ``doc_type`` for ``year``: (sequence, formatted number)."""
    if doc_type not in DOC_TYPES:
        raise DomainError("numbering.unknown_type", doc_type=doc_type)
    seq = session.execute(_BUMP, {"series_type": doc_type, "series_year": year}).scalar()
    if seq is None:
        session.execute(_CREATE, {"doc_type": doc_type, "year": year})
        seq = session.execute(_BUMP, {"series_type": doc_type, "series_year": year}).scalar_one()
    return seq, format_number(number_format(session, doc_type), year, seq)


def number_format(session: Session, doc_type: str) -> str:
    custom = settings_service.get_value(session, f"numbering.{doc_type}")
    return custom if isinstance(custom, str) and custom else DOC_TYPES[doc_type].default_format


def last_number(session: Session, doc_type: str, year: int) -> int:
    value = session.scalar(
        select(NumberSeries.last_number).where(NumberSeries.doc_type == doc_type, NumberSeries.year == year)
    )
    return value or 0
