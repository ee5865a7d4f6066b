"""Caisse printouts: receipts and vouchers (A4, A5, 80 mm), statements, day books — DTOs to PDF bytes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.cash import MEANS, receipt_figures
from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import Action
from centre_app.models.cash import Allocation, Payment
from centre_app.models.parties import Party
from centre_app.printing.day_book import DayBookData, DayBookLine, render_day_book
from centre_app.printing.receipt import ReceiptData, ReceiptLine, render_receipt
from centre_app.printing.statement import StatementData, StatementLine, render_statement
from centre_app.services import cash_day, dues
from centre_app.services.context import now, require
from centre_app.services.payments import allocations_of, cancellation_of
from centre_app.services.printouts import letterhead

PAPERS = ("A4", "A5", "80mm")


def receipt_data(session: Session, payment_id: int, copy: int = 0) -> ReceiptData:
    p = session.get(Payment, payment_id)
    if p is None:
        raise DomainError("payment.not_found", number=payment_id)
    party = session.get(Party, p.party_id) if p.party_id else None
    lines = []
    for due, share in allocations_of(session, p.id):
        # Paid before = valid payments on this due made before this one (by validation order).
        before = sum(
            a
            for (a,) in session.execute(
                select(Allocation.amount)
                .join(Payment, Payment.id == Allocation.payment_id)
                .where(Allocation.due_id == due.id, Payment.status == "valide", Payment.id < p.id)
            )
        )
        lines.append(ReceiptLine(due.reference, due.label, due.amount, before, share, due.amount - before - share))
    figures = receipt_figures(((ln.total, ln.paid_before, ln.paid_now) for ln in lines), p.amount)
    cancel = cancellation_of(session, p.id)
    return ReceiptData(
        doc_type=p.doc_type, number=p.number, at=p.at, counterpart_name=p.counterpart_name,
        counterpart_code=party.code if party else "", counterpart_phone=party.phone if party else "",
        amount=p.amount, currency=p.currency, means_label=MEANS[p.means], operator=p.operator,
        transaction_id=p.transaction_id, payer_number=p.payer_number, fees=p.fees, in_kind=p.in_kind,
        purpose=p.purpose, lines=tuple(lines), document_total=figures.document_total,
        paid_before=figures.paid_before, paid_now=figures.paid_now, remaining=figures.remaining,
        cashier_name=p.cashier_name, copy_number=copy, cancelled=cancel is not None,
        cancellation_number=cancel.number if cancel else None, cancellation_reason=cancel.reason if cancel else "",
        cancelled_at=cancel.at if cancel else None,
    )  # fmt: skip


def receipt_pdf(session: Session, payment_id: int, paper: str = "A4", copy: int = 0) -> bytes:
    """The original (copy 0) or a DUPLICATA n° copy; register the reprint first with payments.register_reprint."""
    require(session, Action.READ)
    if paper not in PAPERS:
        raise DomainError("field.invalid", field="Format", value=paper)
    data = receipt_data(session, payment_id, copy)
    return render_receipt(data, letterhead(session), paper=paper, printed_at=now(session))


def statement_pdf(session: Session, party_id: int, start: date, end: date) -> bytes:
    require(session, Action.READ)
    st = cash_day.statement(session, party_id, start, end)
    today = now(session).date()
    data = StatementData(
        party_name=st.party_name, party_code=st.party_code, party_village=st.party_village,
        party_phone=st.party_phone, start=st.start, end=st.end, opening_balance=st.opening_balance,
        lines=tuple(StatementLine(ln.day, ln.reference, ln.label, ln.debit, ln.credit, ln.balance) for ln in st.lines),
        closing_balance=st.closing_balance, credit_limit=st.credit_limit,
        ageing=tuple(dues.ageing(session, party_id, min(today, end)).items()),
        currency=letterhead(session).currency,
    )  # fmt: skip
    return render_statement(data, letterhead(session), printed_at=now(session))


def day_book_pdf(session: Session, day: date) -> bytes:
    require(session, Action.READ)
    book = cash_day.day_book(session, day)
    data = DayBookData(
        day=book.day,
        lines=tuple(
            DayBookLine(
                ln.at, ln.number, ln.counterpart, ln.purpose, MEANS[ln.means], ln.cash_in, ln.cash_out, ln.status
            )
            for ln in book.lines
        ),
        totals_by_means=tuple((MEANS[m], i, o) for m, i, o in book.totals_by_means),
        opening_cash=book.opening_cash, cash_in=book.cash_in, cash_out=book.cash_out,
        theoretical_cash=book.theoretical_cash, counted_cash=book.counted_cash, difference=book.difference,
        reason=book.reason, closing_number=book.closing_number, closed_by=book.closed_by,
        currency=letterhead(session).currency,
    )  # fmt: skip
    return render_day_book(data, letterhead(session), printed_at=now(session))
