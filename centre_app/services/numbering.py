"""Gapless numbering: the next number is taken inside the validating transaction.

The series row is bumped with an UPDATE, so a concurrent validation waits for the row (SQLite:
the write lock of BEGIN IMMEDIATE; PostgreSQL: the row lock) and a rollback gives the number back.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.numbering import DOC_TYPES, format_number
from centre_app.models.system import NumberSeries
from centre_app.services import settings as settings_service


def next_number(session: Session, doc_type: str, year: int) -> tuple[int, str]:
    """Allocate the next number of ``doc_type`` for ``year``: (sequence, formatted number)."""
    if doc_type not in DOC_TYPES:
        raise DomainError("numbering.unknown_type", doc_type=doc_type)
    table = NumberSeries.__table__
    seq = session.execute(
        update(table)
        .where(table.c.doc_type == doc_type, table.c.year == year)
        .values(last_number=table.c.last_number + 1)
        .returning(table.c.last_number)
    ).scalar()
    if seq is None:
        session.execute(insert(table).values(doc_type=doc_type, year=year, last_number=1))
        seq = 1
    return seq, format_number(number_format(session, doc_type), year, seq)


def number_format(session: Session, doc_type: str) -> str:
    custom = settings_service.get_value(session, f"numbering.{doc_type}")
    return custom if isinstance(custom, str) and custom else DOC_TYPES[doc_type].default_format


def last_number(session: Session, doc_type: str, year: int) -> int:
    value = session.scalar(
        select(NumberSeries.last_number).where(NumberSeries.doc_type == doc_type, NumberSeries.year == year)
    )
    return value or 0
