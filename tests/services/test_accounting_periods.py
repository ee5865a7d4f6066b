"""Month locks: no document dated (or cancelled) in a locked month, French refusals, nothing saved; unlock by a
manager with a reason; both journaled; a cancellation made later leaves the locked month untouched."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from centre_app.domain.errors import DomainError, message
from centre_app.domain.periods import Period
from centre_app.models.cash import Due, Payment
from centre_app.models.database import Database
from centre_app.models.stock import Reception
from centre_app.models.system import EventEntry
from centre_app.services import (
    accounting,
    accounting_export,
    cash_day,
    dues,
    payments,
    periods,
    stock,
)
from centre_app.services.context import Actor, PermissionDenied
from centre_app.services.payments import PaymentDraft
from centre_app.services.stock import ReceptionDraft
from tests.services.stock_helpers import Refs, line, make_refs, tx

MARCH_10 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
APRIL_5 = datetime(2026, 4, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def refs(db: Database, manager: Actor) -> Refs:
    return make_refs(db, manager)


@pytest.fixture
def locked_march(db: Database, clerk: Actor, accountant: Actor, refs: Refs) -> str:
    """A receipt of 10 March, then March locked by the accountant on 5 April; returns the receipt number."""
    with tx(db, clerk, MARCH_10) as s:
        number = payments.record_payment(s, PaymentDraft("REC", 25_000, "especes", "Avance", party_id=refs.customer))
    with tx(db, accountant, APRIL_5) as s:
        row = periods.lock_month(s, "2026-03")
    assert (row.action, row.month, row.user_name) == ("lock", date(2026, 3, 1), "Clarisse Comptable")
    return number.number


def _count(db: Database, actor: Actor, model: type) -> int:
    with db.reading(actor) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _refused(db: Database, actor: Actor, action, model: type) -> str:
    before = _count(db, actor, model)
    with pytest.raises(DomainError) as err, tx(db, actor, APRIL_5) as s:
        action(s)
    assert _count(db, actor, model) == before  # nothing saved
    return message(err.value)


def test_documents_dated_in_a_locked_month_are_refused_in_french(db, clerk, manager, refs, locked_march) -> None:
    text = _refused(
        db, clerk,
        lambda s: payments.record_payment(
            s, PaymentDraft("REC", 10_000, "especes", "Avance", party_id=refs.customer, business_date=date(2026, 3, 31))
        ),
        Payment,
    )  # fmt: skip
    assert text.startswith("Le mois de mars 2026 est verrouillé")
    assert "05/04/2026" in text
    assert "gestionnaire peut le déverrouiller" in text
    text = _refused(
        db, clerk,
        lambda s: stock.record_reception(
            s, ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", 5, price=7_500),), supplier_id=refs.supplier,
                              business_date=date(2026, 3, 31))
        ),
        Reception,
    )  # fmt: skip
    assert "mars 2026 est verrouillé" in text
    text = _refused(
        db, clerk,
        lambda s: dues.open_due(
            s, party_id=refs.customer, direction="receivable", source_type="manual", reference="FAC-1", label="x",
            amount=1_000, issued_on=date(2026, 3, 20),
        ),
        Due,
    )  # fmt: skip
    assert "mars 2026 est verrouillé" in text
    with pytest.raises(DomainError) as closing, tx(db, clerk, APRIL_5) as s:
        cash_day.close_day(s, date(2026, 3, 31), 0)
    assert "mars 2026 est verrouillé" in message(closing.value)
    # April stays open: a document of today is accepted.
    with tx(db, clerk, APRIL_5) as s:
        payments.record_payment(s, PaymentDraft("REC", 10_000, "especes", "Avance", party_id=refs.customer))


def test_a_later_cancellation_does_not_move_the_locked_month(
    db, clerk, manager, accountant, refs, locked_march
) -> None:
    with tx(db, manager, APRIL_5) as s:
        p = payments.get_payment(s, number=locked_march)
        anr = payments.cancel_payment(s, p.id, "Reçu fait en double")
        assert periods.verify_lock(s, "2026-03")  # March regenerates exactly as it was locked
    with db.reading(accountant) as s:
        s.info["now"] = APRIL_5
        april = accounting.month_entries(s, Period.month(2026, 4))
    assert {x.piece_ref for x in april.lines} == {anr}


def test_locks_refused_when_not_finished_twice_or_without_the_right(db, clerk, accountant, locked_march) -> None:
    with pytest.raises(DomainError) as err, tx(db, accountant, APRIL_5) as s:
        periods.lock_month(s, "2026-04")
    assert message(err.value) == (
        "Le mois d'avril 2026 n'est pas terminé : il ne pourra être verrouillé qu'à partir du 01/05/2026."
    )
    with pytest.raises(DomainError) as again, tx(db, accountant, APRIL_5) as s:
        periods.lock_month(s, "2026-03")
    assert message(again.value) == "Le mois de mars 2026 est déjà verrouillé."
    with pytest.raises(PermissionDenied), tx(db, clerk, APRIL_5) as s:
        periods.lock_month(s, "2026-02")
    with pytest.raises(PermissionDenied), tx(db, accountant, APRIL_5) as s:
        periods.unlock_month(s, "2026-03", "Correction")  # the accountant may lock, only a manager unlocks


def test_manager_unlocks_with_a_reason_and_both_are_journaled(db, clerk, manager, refs, locked_march) -> None:
    with pytest.raises(DomainError) as err, tx(db, manager, APRIL_5) as s:
        periods.unlock_month(s, "2026-03", "   ")
    assert message(err.value) == "Le motif du déverrouillage est obligatoire."
    with tx(db, manager, APRIL_5) as s:
        row = periods.unlock_month(s, "2026-03", "Reçu du 31 mars oublié")
        assert (row.action_label, row.reason) == ("Déverrouillage", "Reçu du 31 mars oublié")
        assert not periods.is_locked(s, "2026-03")
    with tx(db, clerk, APRIL_5) as s:
        payments.record_payment(
            s, PaymentDraft("REC", 10_000, "especes", "Avance", party_id=refs.customer, business_date=date(2026, 3, 31))
        )
    with db.reading(manager) as s:
        kinds = [e.kind for e in s.scalars(select(EventEntry).order_by(EventEntry.seq))]
        history = periods.lock_history(s, "2026-03")
    assert kinds.count("period.lock") == 1
    assert kinds.count("period.unlock") == 1
    assert [h.action for h in history] == ["unlock", "lock"]


def test_export_can_lock_and_keeps_the_digest(db, accountant, locked_march) -> None:
    with tx(db, accountant, APRIL_5) as s:
        done = accounting_export.export_entries(s, "2026-03", lock=True)
        assert (done.was_locked, done.locked_now) == (True, False)
        assert periods.lock_history(s, "2026-03")[0].digest == done.digest
        feb = accounting_export.export_entries(s, "2026-02", "cp1252", lock=True)
        assert (feb.was_locked, feb.locked_now, feb.lines) == (False, True, 0)
        assert periods.locked_months(s) == [date(2026, 2, 1), date(2026, 3, 1)]
