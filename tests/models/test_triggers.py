"""Database-level protection: the journal and the audit log refuse UPDATE and DELETE."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from centre_app.models.database import Database


@pytest.mark.parametrize("table", ["event_journal", "audit_log"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET username = 'pirate'", "DELETE FROM {t}"])
def test_append_only_tables_refuse_changes(db: Database, table: str, statement: str) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() > 0
    with pytest.raises(IntegrityError, match="immutable"), db.engine.begin() as conn:
        conn.execute(text(statement.format(t=table)))


def test_money_column_refuses_float(db: Database, clerk) -> None:
    from centre_app.models.system import CountryProfile

    with db.transaction(clerk) as s:
        s.get(CountryProfile, "BF").cash_ceiling = 1_000_000.5
        with pytest.raises(StatementError, match="minor units"):
            s.flush()
        s.rollback()
