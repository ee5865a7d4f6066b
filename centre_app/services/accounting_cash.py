"""Entry source of the caisse (``accounting.ENTRY_SOURCES``): receipts, vouchers, their cancellations, the
invoices typed at the caisse (manual dues) and the cash differences found at the daily closing.

* A payment books its treasury account against what it settles: each allocation on the account of its due
  (``DUE_ACCOUNTS`` of every source, by ``source_type``), the part left unallocated on « clients_avances »
  (REC: credit on the party's account), « attente_decaissements » (DEC: to be imputed by the accountant) or
  « mandat_vendeur » (BPV). Journal and treasury by means: espèces → CA « caisse_especes »; mobile money →
  MM, the operator's account (« mobile_money.orange_money »…, else « mobile_money »); virement → BQ
  « banque »; chèque → BQ « cheques » received, « banque » paid; compensation → OD « compensation »;
  en nature → OD « reglement_nature » (the reception of the goods books the other side). Fees the centre
  bears: D « frais_monnaie_electronique » (or « frais_bancaires ») / C treasury.
* A cancellation (ANR) is the payment's entry reversed, on the day of the ANR, with its number.
* A manual receivable due (an invoice typed at the caisse, source_type « manual ») is a sale of services:
  VT D « clients » / C « services_vendus »; a manual payable: AC D « attente_decaissements » / C
  « fournisseurs ». Its cancellation is reversed on the day it was cancelled. Dues opened by other modules
  (orders, receptions, contracts) are booked by those modules' sources, never here.
* A closing with a difference: CA D « ecart_caisse_manque » / C « caisse_especes » (or the reverse,
  « ecart_caisse_excedent »), PieceRef the CLO number.

Money that left or entered outside the caisse is not invented: a reception paid cash without a voucher
leaves the supplier's account in credit, for the accountant to see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.accounting import Entry, Leg, make_entry, reversed_entry
from centre_app.domain.charts import operator_key
from centre_app.domain.text import tidy
from centre_app.models.cash import Allocation, CashClosing, Due, Payment, PaymentCancellation
from centre_app.models.parties import Party

DUE_ACCOUNTS: dict[str, str | Callable[[Session, Any], str]] = {
    "order": "clients",
    "manual": "clients",
    "reception": "fournisseurs",
}
MEANS_JOURNAL = {"especes": "CA", "mobile_money": "MM", "virement": "BQ", "cheque": "BQ", "compensation": "OD",
                 "nature": "OD"}  # fmt: skip
UNALLOCATED = {"REC": "clients_avances", "DEC": "attente_decaissements", "BPV": "mandat_vendeur"}
DOC_NAMES = {"REC": "Reçu", "DEC": "Décaissement", "BPV": "Paiement vendeur"}


def treasury_key(means: str, operator: str | None, direction: str) -> str:
    if means == "especes":
        return "caisse_especes"
    if means == "mobile_money":
        return operator_key(operator) if operator else "mobile_money"
    if means == "cheque":
        return "cheques" if direction == "in" else "banque"
    return {"virement": "banque", "compensation": "compensation", "nature": "reglement_nature"}[means]


def _utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date() if moment.tzinfo is not None else moment.date()


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


class _Parties:
    """Party code and name by id, loaded once per export."""

    def __init__(self, session: Session, ids: set[int]) -> None:
        self.rows: dict[int, tuple[str, str]] = {}
        if ids:
            stmt = select(Party.id, Party.code, Party.name).where(Party.id.in_(sorted(ids)))
            self.rows = {i: (c, n) for i, c, n in session.execute(stmt)}

    def of(self, party_id: int | None) -> tuple[str, str]:
        return self.rows.get(party_id, ("", "")) if party_id is not None else ("", "")


def due_key(session: Session, due: Due, resolvers: dict[str, str | Callable[[Session, Any], str]]) -> str:
    resolver = resolvers.get(due.source_type)
    if resolver is None:
        return "clients" if due.direction == "receivable" else "fournisseurs"
    return resolver if isinstance(resolver, str) else resolver(session, due)


def payment_entry(
    session: Session, p: Payment, allocations: list[tuple[Due, int]], parties: _Parties,
    resolvers: dict[str, str | Callable[[Session, Any], str]],
) -> Entry | None:  # fmt: skip
    """The entry of one payment (REC, DEC or BPV) as validated."""
    sign = 1 if p.direction == "in" else -1  # a receipt debits the treasury
    treasury = treasury_key(p.means, p.operator, p.direction)
    code, name = parties.of(p.party_id)
    what = tidy(p.purpose)
    label = f"{DOC_NAMES.get(p.doc_type, p.doc_type)} {p.number} — {p.counterpart_name} : {what}"[:200]
    legs = [Leg(treasury, sign * p.amount)]
    if p.fees and p.fees_borne_by == "centre":
        fees_key = "frais_monnaie_electronique" if p.means == "mobile_money" else "frais_bancaires"
        legs += [Leg(fees_key, p.fees), Leg(treasury, -p.fees)]
    allocated = 0
    for due, share in allocations:
        legs.append(Leg(due_key(session, due, resolvers), -sign * share, code, name))
        allocated += share
    rest = p.amount - allocated
    if rest:
        key = UNALLOCATED.get(p.doc_type, "attente_decaissements")
        legs.append(Leg(key, -sign * rest, *((code, name) if key != "attente_decaissements" else ("", ""))))
    return make_entry(MEANS_JOURNAL[p.means], p.business_date, p.number, p.business_date, label, legs)


def _allocations(session: Session, payment_ids: list[int]) -> dict[int, list[tuple[Due, int]]]:
    out: dict[int, list[tuple[Due, int]]] = defaultdict(list)
    for chunk in range(0, len(payment_ids), 500):
        ids = payment_ids[chunk : chunk + 500]
        stmt = (
            select(Allocation.payment_id, Due, Allocation.amount)
            .join(Due, Due.id == Allocation.due_id)
            .where(Allocation.payment_id.in_(ids))
            .order_by(Allocation.payment_id, Allocation.id)
        )
        for payment_id, due, amount in session.execute(stmt).tuples():
            out[payment_id].append((due, int(amount)))
    return out


def _payment_entries(session: Session, start: date, end: date) -> list[Entry]:
    from centre_app.services.accounting import due_accounts

    resolvers = due_accounts()
    payments = list(
        session.scalars(
            select(Payment).where(Payment.business_date >= start, Payment.business_date < end).order_by(Payment.id)
        )
    )
    cancels = list(
        session.execute(
            select(PaymentCancellation, Payment)
            .join(Payment, Payment.id == PaymentCancellation.payment_id)
            .where(PaymentCancellation.business_date >= start, PaymentCancellation.business_date < end)
            .order_by(PaymentCancellation.id)
        ).tuples()
    )
    every = payments + [p for _c, p in cancels]
    allocations = _allocations(session, sorted({p.id for p in every}))
    parties = _Parties(session, {p.party_id for p in every if p.party_id is not None})
    out: list[Entry] = []
    for p in payments:
        entry = payment_entry(session, p, allocations.get(p.id, []), parties, resolvers)
        if entry is not None:
            out.append(entry)
    for c, p in cancels:
        original = payment_entry(session, p, allocations.get(p.id, []), parties, resolvers)
        if original is not None:
            text = f"Annulation de {p.number} ({p.counterpart_name}) : {tidy(c.reason)}"[:200]
            out.append(reversed_entry(original, c.business_date, c.number, text))
    return out


def _manual_entry(due: Due, parties: _Parties) -> Entry | None:
    code, name = parties.of(due.party_id)
    label = f"{due.reference} — {name} : {tidy(due.label)}"[:200]
    if due.direction == "receivable":
        legs = [Leg("clients", due.amount, code, name), Leg("services_vendus", -due.amount)]
        return make_entry("VT", due.issued_on, due.reference, due.issued_on, label, legs)
    legs = [Leg("attente_decaissements", due.amount), Leg("fournisseurs", -due.amount, code, name)]
    return make_entry("AC", due.issued_on, due.reference, due.issued_on, label, legs)


def _due_entries(session: Session, start: date, end: date) -> list[Entry]:
    issued = list(
        session.scalars(
            select(Due).where(Due.source_type == "manual", Due.issued_on >= start, Due.issued_on < end).order_by(Due.id)
        )
    )
    cancelled = list(
        session.scalars(
            select(Due)
            .where(Due.source_type == "manual", Due.cancelled_at >= _midnight(start), Due.cancelled_at < _midnight(end))
            .order_by(Due.id)
        )
    )
    parties = _Parties(session, {d.party_id for d in issued + cancelled})
    out: list[Entry] = []
    for d in issued:
        entry = _manual_entry(d, parties)
        if entry is not None:
            out.append(entry)
    for d in cancelled:
        entry = _manual_entry(d, parties)
        if entry is not None and d.cancelled_at is not None:
            day = _utc_day(d.cancelled_at)
            out.append(
                reversed_entry(entry, day, d.reference, f"Annulation de {d.reference} : {tidy(d.cancel_reason)}")
            )
    return out


def _closing_entries(session: Session, start: date, end: date) -> list[Entry]:
    out: list[Entry] = []
    stmt = (
        select(CashClosing)
        .where(CashClosing.day >= start, CashClosing.day < end, CashClosing.difference != 0)
        .order_by(CashClosing.day)
    )
    for c in session.scalars(stmt):
        what = "Manquant" if c.difference < 0 else "Excédent"
        label = f"{what} de caisse à la clôture {c.number} : {tidy(c.reason)}"[:200]
        key = "ecart_caisse_manque" if c.difference < 0 else "ecart_caisse_excedent"
        entry = make_entry(
            "CA", c.day, c.number, c.day, label, [Leg("caisse_especes", c.difference), Leg(key, -c.difference)]
        )
        if entry is not None:
            out.append(entry)
    return out


def entries(session: Session, start: date, end: date) -> list[Entry]:
    """The caisse's entries for ``[start, end)``."""
    return (
        _payment_entries(session, start, end)
        + _due_entries(session, start, end)
        + _closing_entries(session, start, end)
    )
