"""Reads kept for a transaction (services/session_cache.py) always answer what the database would: a write of
the session is seen at once, a rolled-back savepoint takes its write away, another transaction reads anew."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from centre_app.domain.errors import DomainError
from centre_app.models.accounting import PeriodLock
from centre_app.models.database import Database
from centre_app.services import settings as settings_service
from centre_app.services import stock
from centre_app.services import stock_ledger as ledger
from centre_app.services.context import Actor
from centre_app.services.periods import ensure_open, lock_state
from centre_app.services.stock import LineInput, ReceptionDraft
from tests.services.stock_helpers import DAY, make_refs, tx

MONTH = date(2026, 2, 1)


def _lock(s, month: date) -> PeriodLock:  # type: ignore[no-untyped-def]
    row = PeriodLock(month=month, action="lock", at=datetime(2026, 3, 1, tzinfo=UTC), user_name="Test", reason="",
                     digest="", totals="")  # fmt: skip
    s.add(row)
    return row


def test_a_setting_changed_in_the_transaction_is_read_at_once(db: Database, admin: Actor) -> None:
    with db.transaction(admin) as s:
        assert settings_service.get_value(s, "centre.po_box") in (None, "")
        settings_service.update_settings(s, {"centre.po_box": "BP 12 Djibo"})
        assert settings_service.get_value(s, "centre.po_box") == "BP 12 Djibo"
        assert settings_service.get_settings(s).po_box == "BP 12 Djibo"


def test_a_month_lock_pending_or_flushed_is_seen_and_a_rolled_back_one_is_not(db: Database, admin: Actor) -> None:
    with db.transaction(admin) as s:
        ensure_open(s, date(2026, 2, 10))  # read (and kept) while the month is open
        nested = s.begin_nested()
        _lock(s, MONTH)  # pending: not flushed yet
        assert lock_state(s, date(2026, 2, 10)) is not None
        with pytest.raises(DomainError) as refused:
            ensure_open(s, date(2026, 2, 10))
        assert refused.value.code == "period.locked"
        nested.rollback()
        assert lock_state(s, date(2026, 2, 10)) is None
        ensure_open(s, date(2026, 2, 10))


def test_another_transaction_reads_anew(db: Database, admin: Actor) -> None:
    with db.transaction(admin) as s:
        assert lock_state(s, date(2026, 2, 10)) is None
    with db.transaction(admin) as s:
        _lock(s, MONTH)
    with db.transaction(admin) as s:
        assert lock_state(s, date(2026, 2, 10)) is not None


def test_the_ledger_figures_follow_every_movement_and_every_rollback(db: Database, manager: Actor) -> None:
    refs = make_refs(db, manager)
    maize = refs.products["MAIS"]
    with tx(db, manager) as s:
        assert ledger.totals(s, maize, refs.centre) == (0, 0)
        assert ledger.available(s, maize, refs.centre, DAY) == 0
        draft = ReceptionDraft(refs.centre, (LineInput(maize, 10, "SAC100", 15_000),), supplier_id=refs.supplier)
        stock.record_reception(s, draft)
        assert ledger.totals(s, maize, refs.centre) == (1_000_000, 150_000)
        assert ledger.totals(s, maize) == (1_000_000, 150_000)
        nested = s.begin_nested()
        stock.record_reception(s, draft)
        assert ledger.available(s, maize, refs.centre, DAY) == 2_000_000
        nested.rollback()
        assert ledger.totals(s, maize, refs.centre) == (1_000_000, 150_000)
        assert ledger.available(s, maize, refs.centre, DAY) == 1_000_000
    with tx(db, manager) as s:
        assert ledger.totals(s, maize) == (1_000_000, 150_000)
