"""Caisse: allocations over several documents, refusals, cancellation, closing, numbering, tamper detection."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from centre_app.domain.errors import DomainError, message
from centre_app.models.cash import Payment
from centre_app.models.database import Database
from centre_app.services import cash_day, dues, integrity, parties, payments
from centre_app.services.context import Actor, PermissionDenied
from centre_app.services.parties import PartyInput
from centre_app.services.payments import PaymentDraft

DAY = date(2026, 11, 20)
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _tx(db: Database, actor: Actor, at: datetime = NOON):
    class _Ctx:
        def __enter__(self):
            self._cm = db.transaction(actor)
            s = self._cm.__enter__()
            s.info["now"] = at
            return s

        def __exit__(self, *exc):
            return self._cm.__exit__(*exc)

    return _Ctx()


@pytest.fixture
def aissata(db: Database, clerk: Actor) -> int:
    with _tx(db, clerk) as s:
        return parties.create_party(s, PartyInput(name="DICKO Aïssata", village="Mentao")).id


def _three_dues(db: Database, clerk: Actor, party: int) -> list[int]:
    with _tx(db, clerk) as s:
        return [
            dues.open_due(
                s, party_id=party, direction="receivable", source_type="manual", reference=ref, label=label,
                amount=amount, issued_on=DAY - timedelta(days=40), due_date=DAY - timedelta(days=35),
            )
            for ref, label, amount in (
                ("CMD-2026-00001", "12 sacs de tourteau", 120_000),
                ("CMD-2026-00002", "3 sacs de maïs", 52_500),
                ("CBV-2026-0001", "Achat de 2 bœufs", 310_000),
            )
        ]  # fmt: skip


def _pay(s, party: int, amount: int, allocations=(), means="especes", **kw) -> payments.PaymentRow:
    return payments.record_payment(
        s, PaymentDraft("REC", amount, means, "Règlement", party_id=party, allocations=tuple(allocations), **kw)
    )


def test_partial_payments_over_three_documents_keep_every_balance_exact(db, clerk, aissata) -> None:
    a, b, c = _three_dues(db, clerk, aissata)
    with _tx(db, clerk) as s:
        assert dues.party_balance(s, aissata) == 482_500
        first = _pay(s, aissata, 171_250, [(a, 100_000), (b, 52_500), (c, 18_750)])
        second = _pay(s, aissata, 20_000, [(a, 20_000)])
        third = _pay(s, aissata, 300_000, [(c, 291_250)])  # 8 750 left as credit on account
    assert (first.number, second.number, third.number) == ("REC-2026-000001", "REC-2026-000002", "REC-2026-000003")
    with db.reading(clerk) as s:
        assert {d.reference: d.remaining for d in dues.list_dues(s, aissata, open_only=False)} == {
            "CMD-2026-00001": 0, "CMD-2026-00002": 0, "CBV-2026-0001": 0,
        }  # fmt: skip
        assert dues.list_dues(s, aissata) == []
        assert dues.party_balance(s, aissata) == 482_500 - 491_250 == -8_750


def test_allocation_refusals(db, clerk, aissata) -> None:
    a, b, _c = _three_dues(db, clerk, aissata)
    cases = [
        (10_000, [(a, 6_000), (b, 6_000)], "payment.allocations_above_amount"),
        (200_000, [(a, 150_000)], "payment.share_above_remaining"),
        (10_000, [(a, 5_000), (a, 5_000)], "payment.duplicate_allocation"),
        (10_000, [(a, 0)], "payment.bad_share"),
        (10_000, [(999, 10_000)], "payment.due_not_open"),
    ]
    for amount, allocations, code in cases:
        with pytest.raises(DomainError) as err, _tx(db, clerk) as s:
            _pay(s, aissata, amount, allocations)
        assert err.value.code == code, code
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 0


def test_same_transaction_id_twice_is_refused(db, clerk, aissata) -> None:
    with _tx(db, clerk) as s:
        _pay(s, aissata, 5_000, means="mobile_money", operator="Orange Money", transaction_id="pp2611.1234.a5678")
    with pytest.raises(DomainError) as err, _tx(db, clerk) as s:
        _pay(s, aissata, 5_000, means="mobile_money", operator="Orange Money", transaction_id="PP2611.1234.A5678")
    assert err.value.code == "payment.duplicate_transaction"
    assert "REC-2026-000001" in message(err.value)
    with _tx(db, clerk) as s:  # the same reference from another operator is another SMS
        _pay(s, aissata, 5_000, means="mobile_money", operator="Moov Money", transaction_id="PP2611.1234.A5678")


def test_mobile_money_needs_operator_and_transaction(db, clerk, aissata) -> None:
    for kw, code in (
        ({}, "payment.operator_required"),
        ({"operator": "Orange Money"}, "payment.transaction_required"),
        ({"operator": "M-Pesa", "transaction_id": "X1"}, "payment.unknown_operator"),
    ):
        with pytest.raises(DomainError) as err, _tx(db, clerk) as s:
            _pay(s, aissata, 5_000, means="mobile_money", **kw)
        assert err.value.code == code


def test_cancelling_restores_balances_and_keeps_both_numbers(db, clerk, manager, aissata) -> None:
    a, _b, _c = _three_dues(db, clerk, aissata)
    with _tx(db, clerk) as s:
        receipt = _pay(s, aissata, 50_000, [(a, 50_000)])
    with _tx(db, manager) as s:
        counter = payments.cancel_payment(s, receipt.id, "Erreur de tiers")
        with pytest.raises(DomainError) as err:
            payments.cancel_payment(s, receipt.id, "encore")
        assert err.value.code == "payment.already_cancelled"
    assert counter == "ANR-2026-000001"
    with db.reading() as s:
        row = payments.get_payment(s, receipt.id)
        assert (row.number, row.status) == ("REC-2026-000001", "annule")
        assert dues.party_balance(s, aissata) == 482_500
        assert {d.reference: d.remaining for d in dues.list_dues(s, aissata)}["CMD-2026-00001"] == 120_000
    with _tx(db, clerk) as s:  # the next receipt continues the series: the cancelled number stays used
        assert _pay(s, aissata, 1_000).number == "REC-2026-000002"


def test_a_clerk_cannot_cancel(db, clerk, aissata) -> None:
    with _tx(db, clerk) as s:
        receipt = _pay(s, aissata, 1_000)
    with pytest.raises(PermissionDenied), _tx(db, clerk) as s:
        payments.cancel_payment(s, receipt.id, "Je me suis trompé")


def test_a_closed_day_refuses_new_documents(db, clerk, manager, aissata) -> None:
    with _tx(db, clerk) as s:
        _pay(s, aissata, 25_000)
        _pay(s, aissata, 10_000, means="mobile_money", operator="Wave", transaction_id="W1")
        with pytest.raises(DomainError) as err:
            cash_day.close_day(s, DAY, 24_500)
        assert err.value.code == "cash.difference_reason"
        number = cash_day.close_day(s, DAY, 24_500, "Billet de 500 F manquant")
    assert number == "CLO-2026-00001"
    with pytest.raises(DomainError) as err, _tx(db, clerk) as s:
        _pay(s, aissata, 1_000)
    assert err.value.code == "cash.day_closed"
    assert "20/11/2026" in message(err.value)
    with pytest.raises(DomainError) as err, _tx(db, clerk) as s:
        cash_day.close_day(s, DAY, 24_500)
    assert err.value.code == "cash.day_already_closed"
    with db.reading() as s:
        book = cash_day.day_book(s, DAY)
    assert (book.cash_in, book.theoretical_cash, book.counted_cash, book.difference) == (25_000, 25_000, 24_500, -500)
    assert {m: (i, o) for m, i, o in book.totals_by_means} == {
        "especes": (25_000, 0),
        "mobile_money": (10_000, 0),
    }
    with _tx(db, clerk, NOON + timedelta(days=1)) as s:  # the next day opens with the counted cash
        assert cash_day.day_book(s, DAY + timedelta(days=1)).opening_cash == 24_500


def test_numbering_stays_gapless_when_a_validation_fails_midway(db, clerk, aissata) -> None:
    a, _b, _c = _three_dues(db, clerk, aissata)
    with _tx(db, clerk) as s:
        _pay(s, aissata, 1_000)

    class PrinterJam(Exception):
        pass

    with pytest.raises(PrinterJam), _tx(db, clerk) as s:
        _pay(s, aissata, 2_000, [(a, 2_000)])
        raise PrinterJam  # after the number and the allocations were written
    with _tx(db, clerk) as s:
        assert _pay(s, aissata, 3_000).number == "REC-2026-000002"
    with db.reading() as s:
        assert integrity.run_check(s) == []
        assert dues.list_dues(s, aissata)[0].remaining == 120_000


def test_cash_ceiling_warns_and_needs_confirmation(db, clerk, aissata) -> None:
    draft = PaymentDraft("REC", 1_250_000, "especes", "Achat de bœufs", party_id=aissata)
    with pytest.raises(DomainError) as err, _tx(db, clerk) as s:
        payments.record_payment(s, draft)
    assert err.value.code == "payment.ceiling"
    with _tx(db, clerk) as s:
        assert payments.record_payment(s, draft, accept_warnings=True).amount == 1_250_000


def test_credit_limit_refused_then_overridden_by_a_manager(db, clerk, manager) -> None:
    with _tx(db, clerk) as s:
        party = parties.create_party(s, PartyInput(name="BARRY Amadou", credit_limit=100_000)).id
    due = {"party_id": party, "direction": "receivable", "source_type": "manual", "reference": "CMD-2026-00009",
               "label": "Vente à crédit", "amount": 150_000, "issued_on": DAY}  # fmt: skip
    with pytest.raises(DomainError) as err, _tx(db, clerk) as s:
        dues.open_due(s, **due, override_reason="client fidèle")  # a clerk may not override
    assert err.value.code == "credit.limit_exceeded"
    with _tx(db, manager) as s:
        dues.open_due(s, **due, override_reason="Client fidèle, récolte attendue")
        assert dues.party_balance(s, party) == 150_000


def test_ageing_and_statement(db, clerk, aissata) -> None:
    a, _b, _c = _three_dues(db, clerk, aissata)
    with _tx(db, clerk) as s:
        _pay(s, aissata, 20_000, [(a, 20_000)])
    with db.reading() as s:
        assert dues.ageing(s, aissata, DAY) == {"0-30": 0, "31-60": 462_500, "61-90": 0, ">90": 0}
        st = cash_day.statement(s, aissata, date(2026, 10, 1), date(2026, 12, 1))
    assert st.opening_balance == 0
    assert [line.reference for line in st.lines] == [
        "CBV-2026-0001",
        "CMD-2026-00001",
        "CMD-2026-00002",
        "REC-2026-000001",
    ]
    assert st.closing_balance == 462_500


@pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")
def test_check_reports_a_tampered_receipt(db, db_path: Path, clerk, aissata) -> None:
    with _tx(db, clerk) as s:
        _pay(s, aissata, 171_250)
        _pay(s, aissata, 20_000)
    db.dispose()
    con = sqlite3.connect(db_path)
    con.execute("DROP TRIGGER trg_payments_frozen")
    con.execute("UPDATE payments SET amount = 17125 WHERE number = 'REC-2026-000001'")
    con.commit()
    con.close()
    with db.reading() as s:
        defects = integrity.run_check(s)
    assert [d.message for d in defects] == [
        "Caisse : le reçu REC-2026-000001 a été modifié après validation "
        "(son empreinte ne correspond plus à son contenu)."
    ]


def test_triggers_freeze_a_validated_payment(db, clerk, aissata) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    with _tx(db, clerk) as s:
        _pay(s, aissata, 5_000)
    with pytest.raises(IntegrityError, match="immutable"), db.engine.begin() as conn:
        conn.execute(text("UPDATE payments SET amount = 1"))
    with pytest.raises(IntegrityError, match="immutable"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM payments"))
    with db.engine.begin() as conn:  # the workflow status and the reprint counter may still move
        conn.execute(text("UPDATE payments SET reprints = reprints + 1"))
