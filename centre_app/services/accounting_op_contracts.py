"""Entry source of the contracts with producer organisations (``accounting.ENTRY_SOURCES``).

A signed contract's échéancier opens one due per line (source « op_schedule »). Each échéance is a service
invoiced to the OP when it falls due, so it is booked on its due date (VT, PieceRef the contract or avenant
number): D « clients » (the OP) / C « services_vendus ». The OP's receipts then credit « clients » through the
caisse's entries (no ``DUE_ACCOUNTS`` entry needed: a receivable due books on « clients » by default), so the
OP's account in 4111 is what it owes on the échéances already due, less what it paid in advance.

A termination cancels the échéances falling after it. An échéance cancelled before (or on) its due date was
never invoiced: no entry at all. One cancelled after its due date (a termination dated in the past) was booked
on its due date and is reversed on the day of the cancellation, so a month already exported never changes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.accounting import Entry, Leg, make_entry, reversed_entry
from centre_app.domain.periods import Period
from centre_app.domain.text import tidy
from centre_app.models.cash import Due
from centre_app.services.accounting_cash import _midnight, _Parties, _utc_day

SOURCE = "op_schedule"


def _invoiced(due: Due) -> bool:
    """Booked on its due date: not cancelled, or cancelled only after that date."""
    return due.cancelled_at is None or _utc_day(due.cancelled_at) > due.due_date


def _entry(due: Due, parties: _Parties) -> Entry | None:
    code, name = parties.of(due.party_id)
    label = f"{due.reference} — {name} : {tidy(due.label)}"[:200]
    legs = [Leg("clients", due.amount, code, name), Leg("services_vendus", -due.amount)]
    return make_entry("VT", due.due_date, due.reference, due.due_date, label, legs)


def entries(session: Session, start: date, end: date) -> list[Entry]:
    """The échéances falling due in ``[start, end)`` and the reversals of those cancelled after falling due."""
    falling = [
        d
        for d in session.scalars(
            select(Due)
            .where(Due.source_type == SOURCE, Due.due_date >= start, Due.due_date < end)
            .order_by(Due.due_date, Due.id)
        )
        if _invoiced(d)
    ]
    # A cancellation in the period can only reverse an échéance due before it (see _invoiced).
    cancelled = [
        d
        for d in session.scalars(
            select(Due)
            .where(
                Due.source_type == SOURCE,
                Due.cancelled_at >= _midnight(start),
                Due.cancelled_at < _midnight(end),
                Due.due_date < end,
            )
            .order_by(Due.cancelled_at, Due.id)
        )
        if _invoiced(d)
    ]
    parties = _Parties(session, {d.party_id for d in falling + cancelled})
    out: list[Entry] = []
    for d in falling:
        entry = _entry(d, parties)
        if entry is not None:
            out.append(entry)
    for d in cancelled:
        entry = _entry(d, parties)
        if entry is not None and d.cancelled_at is not None:
            text = f"Annulation de l'échéance {d.reference} : {tidy(d.cancel_reason)}"[:200]
            out.append(reversed_entry(entry, _utc_day(d.cancelled_at), d.reference, text))
    return out


def monthly_sheets(session: Session, period: Period) -> list[Any]:
    """The workbook's tables (``monthly_report.SHEET_SOURCES``): the contracts in force during the month and the
    échéances invoiced in it (the VT entries above, net of reversals), money in minor units as stored."""
    from centre_app.services import op_contract_queries
    from centre_app.services.monthly_report import Column, Sheet

    contracts = op_contract_queries.list_contracts(session, period=(period.start, period.end))
    in_force = tuple(
        (r.number, r.op_name, r.service_label, r.effect_date, r.end_date, r.planned_amount, r.paid, r.remaining,
         r.state_label)
        for r in sorted(contracts, key=lambda r: r.number)
    )  # fmt: skip
    columns = (
        Column("Contrat"), Column("OP"), Column("Prestation"), Column("Effet", "date"), Column("Fin", "date"),
        Column("Montant prévu", "money", True), Column("Payé", "money", True), Column("Reste", "money", True),
        Column("État"),
    )  # fmt: skip
    falling = entries(session, period.start, period.end)
    invoiced = tuple(
        (e.piece_ref, e.day, line.party_name, e.label, line.debit - line.credit)
        for e in falling
        for line in e.lines
        if line.key == "clients"
    )
    invoice_columns = (
        Column("Contrat"), Column("Date", "date"), Column("OP"), Column("Libellé"), Column("Montant", "money", True),
    )  # fmt: skip
    return [Sheet("Contrats OP", columns, in_force), Sheet("Échéances OP facturées", invoice_columns, invoiced)]
