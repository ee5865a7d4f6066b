"""OP contracts in the accounting: each échéance is invoiced (VT: D clients / C services vendus) on its due date,
the OP's receipts credit its client account, a termination dated in the past reverses what it cancels after it
fell due, and the month stays balanced; the workbook lists the contracts in force and the échéances invoiced."""

from __future__ import annotations

from datetime import date

import pytest

from centre_app.domain.periods import Period
from centre_app.models.database import Database
from centre_app.services import accounting, accounting_op_contracts, monthly_report, payments
from centre_app.services import op_contract_drafts as drafts
from centre_app.services import op_contracts as workflow
from centre_app.services.context import Actor
from centre_app.services.op_contract_queries import get_contract
from centre_app.services.payments import PaymentDraft
from tests.services.op_contract_helpers import at, draft, make_op, tx


@pytest.fixture
def signed(db: Database, clerk: Actor, manager: Actor) -> tuple[int, int, str]:
    op = make_op(db, clerk)
    with tx(db, clerk) as s:
        cid = drafts.create_contract(s, draft(op)).id
    with tx(db, manager) as s:
        number = workflow.sign_contract(s, cid).number
    return op, cid, number


def _month(db: Database, accountant: Actor, month: str, moment: date) -> accounting.MonthEntries:
    with tx(db, accountant, at(moment)) as s:
        return accounting.month_entries(s, Period.parse_month(month))


def _op_lines(m: accounting.MonthEntries, piece: str) -> list[tuple[str, str, int, int]]:
    return [(x.journal_code, x.account, x.debit, x.credit) for x in m.lines if x.piece_ref == piece]


def test_each_echeance_is_invoiced_on_its_due_date(
    db: Database, accountant: Actor, signed: tuple[int, int, str]
) -> None:
    _op, _cid, number = signed
    assert _op_lines(_month(db, accountant, "2026-03", date(2026, 11, 1)), number) == []  # signing books nothing
    april = _month(db, accountant, "2026-04", date(2026, 11, 1))
    assert _op_lines(april, number) == [("VT", "4111", 150_000, 0), ("VT", "7061", 0, 150_000)]
    line = next(x for x in april.lines if x.piece_ref == number and x.account == "4111")
    assert line.aux_name == "Groupement Wendkouni de Mentao" and line.aux_code
    assert line.entry_date == date(2026, 4, 1) and "Avance au démarrage" in line.label
    july = _month(db, accountant, "2026-07", date(2026, 11, 1))
    assert _op_lines(july, number) == [("VT", "4111", 225_000, 0), ("VT", "7061", 0, 225_000)]
    for m in (april, july):
        assert m.debit == m.credit
        assert all(j.debit == j.credit for j in m.journals)


def test_the_ops_receipt_settles_its_client_account(
    db: Database, clerk: Actor, accountant: Actor, signed: tuple[int, int, str]
) -> None:
    op, cid, number = signed
    with tx(db, clerk, at(date(2026, 4, 10))) as s:
        due = get_contract(s, cid).schedule[0].due_id
        receipt = payments.record_payment(
            s, PaymentDraft("REC", 150_000, "especes", "Avance du contrat", party_id=op,
                            allocations=((due, 150_000),), business_date=date(2026, 4, 10)),
        ).number  # fmt: skip
    april = _month(db, accountant, "2026-04", date(2026, 11, 1))
    assert _op_lines(april, receipt) == [("CA", "5711", 150_000, 0), ("CA", "4111", 0, 150_000)]
    client = next(b for b in april.balance if b.account == "4111")
    revenue = next(b for b in april.balance if b.account == "7061")
    assert client.balance == 0 and revenue.credit == 150_000  # invoiced and paid in the month
    assert _op_lines(april, number)


def test_a_termination_dated_in_the_past_reverses_what_had_fallen_due(
    db: Database, manager: Actor, accountant: Actor, signed: tuple[int, int, str]
) -> None:
    _op, cid, number = signed
    with tx(db, manager, at(date(2026, 8, 14))) as s:
        workflow.terminate_contract(s, cid, "L'OP a cessé ses activités", terminated_on=date(2026, 6, 1))
    # July's échéance had fallen due before the termination was recorded: booked in July, reversed in August.
    july = _month(db, accountant, "2026-07", date(2026, 11, 1))
    assert _op_lines(july, number) == [("VT", "4111", 225_000, 0), ("VT", "7061", 0, 225_000)]
    august = _month(db, accountant, "2026-08", date(2026, 11, 1))
    assert _op_lines(august, number) == [("VT", "4111", 0, 225_000), ("VT", "7061", 225_000, 0)]
    assert "Annulation" in next(x.label for x in august.lines if x.piece_ref == number)
    # October's was cancelled before it fell due: never invoiced.
    assert _op_lines(_month(db, accountant, "2026-10", date(2026, 11, 1)), number) == []


def test_workbook_lists_contracts_in_force_and_echeances_invoiced(
    db: Database, accountant: Actor, signed: tuple[int, int, str]
) -> None:
    _op, _cid, number = signed
    with tx(db, accountant, at(date(2026, 11, 1))) as s:
        data = monthly_report.monthly_data(s, "2026-07")
        direct = accounting_op_contracts.entries(s, date(2026, 7, 1), date(2026, 8, 1))
    sheets = {sheet.title: sheet for sheet in data.sections}
    assert [r[0] for r in sheets["Contrats OP"].rows] == [number]
    assert sheets["Contrats OP"].rows[0][5] == 600_000
    invoiced = sheets["Échéances OP facturées"].rows
    assert [(r[0], r[1], r[4]) for r in invoiced] == [(number, date(2026, 7, 1), 225_000)]
    assert sum(r[4] for r in invoiced) == sum(e.debit for e in direct)
