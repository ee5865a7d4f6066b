"""Livestock contracts after the draft: conclusion, delivery, cancellation, tracked documents.

Workflow (``domain.livestock.TRANSITIONS``): brouillon → conclu → livré → payé partiel → soldé; annulé.
* Conclusion re-validates the draft as of now, numbers it CBV (gapless, per year of the contract date),
  opens the buyer's receivable due (the total he owes: paid by receipts at the caisse) and the seller's
  payable due (his net: paid by bons de paiement vendeur, see ``livestock_payouts``), chains the contract
  with its lines and débours, chains its documents; an achat-revente puts the animals in the centre's stock.
* Delivery is refused while a tracked document has expired on the delivery date, unless a manager
  overrides it with a reason (journaled); an achat-revente takes the animals out of stock at cost.
* Cancellation is a manager's counter-document (ACB) with a reason, refused once delivered or paid.
« Payé partiel » and « soldé » are derived from the payments (``domain.livestock.display_state``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from centre_app.domain import livestock as dom
from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date, format_money
from centre_app.domain.integrity import GENESIS, chain_hash
from centre_app.domain.permissions import Action, allowed
from centre_app.domain.text import tidy
from centre_app.models.livestock import (
    LivestockCancellation,
    LivestockContract,
    LivestockContractFee,
    LivestockContractLine,
    LivestockDocument,
)
from centre_app.services import dues, livestock_stock, numbering, periods
from centre_app.services.context import now, require
from centre_app.services.events import record_event
from centre_app.services.livestock import apply, children, draft_of
from centre_app.services.livestock_queries import ContractDoc, contract_doc, get_contract
from centre_app.services.livestock_rules import DocumentInput, check_document, contract, prepare

_LINES = select(LivestockContractLine).where(LivestockContractLine.contract_id == bindparam("c"))
_FEES = select(LivestockContractFee).where(LivestockContractFee.contract_id == bindparam("c"))
_DOCS = select(LivestockDocument).where(LivestockDocument.contract_id == bindparam("c")).order_by(LivestockDocument.id)
_LAST_CONTRACT = (
    select(LivestockContract.hash)
    .where(LivestockContract.hash.is_not(None))
    .order_by(LivestockContract.chain_pos.desc())
    .limit(1)
)
_LAST_DOCUMENT = (
    select(LivestockDocument.hash)
    .where(LivestockDocument.hash.is_not(None))
    .order_by(LivestockDocument.chain_pos.desc())
    .limit(1)
)
_MAX_CONTRACT_POS = select(func.max(LivestockContract.chain_pos))
_MAX_DOCUMENT_POS = select(func.max(LivestockDocument.chain_pos))
_LAST_CANCELLATION = select(LivestockCancellation.hash).order_by(LivestockCancellation.id.desc()).limit(1)


def utc(moment: datetime) -> datetime:
    """A datetime as hashed: aware, in UTC (stored naive UTC, read back aware)."""
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# --- what the hashes cover (ORM objects at validation, Core rows in `check`) ---------------------------


def line_key(x: Any) -> tuple[Any, ...]:
    return (
        x.position, x.species_code, x.category_id, x.breed_id, x.sex, bool(x.castrated), x.age_years, x.dentition,
        x.coat, x.marks, x.body_condition, x.estimated_weight, x.heads, x.unit_price, x.amount, x.unit_cost,
        x.cost_amount,
    )  # fmt: skip


def fee_key(f: Any) -> tuple[Any, ...]:
    return (f.kind, f.amount, f.payer, f.seller_share, f.buyer_share, f.note)


def contract_fields(c: Any, lines: list[tuple[Any, ...]], fees: list[tuple[Any, ...]]) -> dict[str, Any]:
    """A concluded contract's hash: header, copied commission rule, figures, dues, lines and débours."""
    return {
        "number": c.number, "year": c.year, "seq": c.seq, "contract_type": c.contract_type,
        "contract_date": c.contract_date, "market_id": c.market_id, "place": c.place, "seller_id": c.seller_id,
        "buyer_id": c.buyer_id, "destination_country": c.destination_country, "guarantor_id": c.guarantor_id,
        "guarantor_name": c.guarantor_name, "guarantor_quality": c.guarantor_quality, "agent_name": c.agent_name,
        "payment_terms": c.payment_terms, "deposit": c.deposit, "balance_due_date": c.balance_due_date,
        "explained_language": c.explained_language, "note": c.note, "commission_rule_id": c.commission_rule_id,
        "commission_name": c.commission_name, "commission_kind": c.commission_kind,
        "commission_payer": c.commission_payer, "commission_rate_bp": c.commission_rate_bp,
        "commission_unit_amount": c.commission_unit_amount, "commission_species": c.commission_species,
        "heads": c.heads, "gross": c.gross, "cost": c.cost, "commission": c.commission,
        "commission_seller": c.commission_seller, "commission_buyer": c.commission_buyer, "fees": c.fees,
        "fees_seller": c.fees_seller, "fees_buyer": c.fees_buyer, "net_to_seller": c.net_to_seller,
        "buyer_total": c.buyer_total, "buyer_due_id": c.buyer_due_id, "seller_due_id": c.seller_due_id,
        "concluded_at": utc(c.concluded_at), "concluded_by": c.concluded_by, "chain_pos": c.chain_pos,
        "lines": sorted(lines), "fees_detail": sorted(fees),
    }  # fmt: skip


def document_fields(d: Any) -> dict[str, Any]:
    return {
        "contract_id": d.contract_id, "kind": d.kind, "number": d.number, "issuer": d.issuer,
        "issued_on": d.issued_on, "expires_on": d.expires_on, "added_at": utc(d.added_at), "added_by": d.added_by,
        "chain_pos": d.chain_pos,
    }  # fmt: skip


def cancellation_fields(x: Any) -> dict[str, Any]:
    return {
        "contract_id": x.contract_id, "number": x.number, "year": x.year, "seq": x.seq, "at": utc(x.at),
        "business_date": x.business_date, "reason": x.reason, "user_name": x.user_name,
    }  # fmt: skip


# --- conclusion ----------------------------------------------------------------------------------------


def _summary(lines: list[LivestockContractLine]) -> str:
    """« 3 bovins, 1 ovin » (species codes are the singular French names)."""
    heads: dict[str, int] = {}
    for x in lines:
        heads[x.species_code] = heads.get(x.species_code, 0) + x.heads
    return ", ".join(f"{n} {code}{'s' if n > 1 else ''}" for code, n in heads.items())


def _chain_documents(session: Session, docs: list[LivestockDocument]) -> None:
    if not docs:
        return
    pos = session.scalar(_MAX_DOCUMENT_POS) or 0
    prev = session.scalar(_LAST_DOCUMENT) or GENESIS
    for d in docs:
        pos += 1
        d.chain_pos, d.prev_hash = pos, prev
        d.hash = prev = chain_hash(prev, document_fields(d))
    session.flush()


def conclude_contract(session: Session, contract_id: int, *, override_reason: str = "") -> ContractDoc:
    """Conclude a draft: re-validated as of now, numbered CBV, dues opened, chained and frozen.

    ``override_reason``: a manager's reason to go beyond the buyer's credit limit (``dues.open_due``).
    """
    actor = require(session, Action.EDIT_DOCUMENTS)
    c = contract(session, contract_id)
    if c.status != "brouillon":
        raise DomainError("livestock.not_draft", number=c.number or c.id)
    # Rules, taxes or parties may have changed since the draft was saved: the contract date decides.
    rows = children(session, c.id)  # read once: to re-validate, to compare, to chain the documents
    prepared = prepare(session, draft_of(session, c, rows), actor)
    lines, fees, docs = rows
    same = [line_key(x) for x in prepared.lines] == [line_key(x) for x in lines] and [
        fee_key(f) for f in prepared.fees
    ] == [fee_key(f) for f in fees]
    if same:  # the usual case: only the header is refreshed, the rows stay
        for key, value in prepared.header.items():
            setattr(c, key, value)
    else:
        apply(session, c, prepared, documents=False)
        lines = sorted(session.scalars(_LINES, {"c": c.id}), key=lambda x: x.position)
        fees = sorted(session.scalars(_FEES, {"c": c.id}), key=lambda f: f.id)
    periods.ensure_open(session, c.contract_date)
    moment = now(session).astimezone(UTC)
    seq, number = numbering.next_number(session, "CBV", c.contract_date.year)
    summary = _summary(lines)
    kind = dom.CONTRACT_TYPES[c.contract_type].lower()
    buyer_due_id = dues.open_due(
        session, party_id=c.buyer_id, direction="receivable", source_type="livestock_buyer", source_id=c.id,
        reference=number, label=f"Achat de bétail ({kind}) {number} : {summary}"[:300], amount=c.buyer_total,
        issued_on=c.contract_date, due_date=c.balance_due_date or c.contract_date, override_reason=override_reason,
    )  # fmt: skip
    seller_due_id = dues.open_due(
        session, party_id=c.seller_id, direction="payable", source_type="livestock_seller", source_id=c.id,
        reference=number, label=f"Vente de bétail ({kind}) {number} : net revenant au vendeur, {summary}"[:300],
        amount=c.net_to_seller, issued_on=c.contract_date, due_date=c.balance_due_date or c.contract_date,
    )  # fmt: skip
    # Read the chain's end before touching the row: the conclusion is then one UPDATE (and one audit entry).
    chain_pos = (session.scalar(_MAX_CONTRACT_POS) or 0) + 1
    prev_hash = session.scalar(_LAST_CONTRACT) or GENESIS
    c.buyer_due_id, c.seller_due_id = buyer_due_id, seller_due_id
    c.year, c.seq, c.number = c.contract_date.year, seq, number
    c.concluded_at, c.concluded_by, c.status = moment, actor.full_name, "conclu"
    c.chain_pos, c.prev_hash = chain_pos, prev_hash
    c.hash = chain_hash(c.prev_hash, contract_fields(c, [line_key(x) for x in lines], [fee_key(f) for f in fees]))
    session.flush()
    _chain_documents(session, docs)  # unchanged since read: a conclusion never replaces the documents
    if c.contract_type == "achat_revente":
        livestock_stock.post(session, c, lines, "entree", c.contract_date, number)
    return contract_doc(session, c, lines=lines, fees=fees, docs=docs, fresh=True)  # its dues have just opened


# --- documents -------------------------------------------------------------------------------------------


def add_document(session: Session, contract_id: int, document: DocumentInput) -> int:
    """Track a paper: free on a draft, chained (and then frozen) on a concluded contract; refused once the
    contract is delivered or cancelled. Returns the document's id."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    c = contract(session, contract_id)
    if c.status not in ("brouillon", "conclu"):
        raise DomainError(
            "livestock.documents_closed", number=c.number or c.id, state=dom.CONTRACT_STATES[c.status].lower()
        )
    d = check_document(document)
    row = LivestockDocument(
        contract_id=c.id, kind=d.kind, number=d.number, issuer=d.issuer, issued_on=d.issued_on,
        expires_on=d.expires_on, added_at=now(session), added_by=actor.full_name,
    )  # fmt: skip
    session.add(row)
    session.flush()
    if c.status == "conclu":
        _chain_documents(session, [row])
    return row.id


def remove_document(session: Session, document_id: int) -> None:
    """Only a draft's document may be removed (a concluded contract's documents are frozen)."""
    require(session, Action.EDIT_DOCUMENTS)
    d = session.get(LivestockDocument, document_id)
    if d is None:
        raise DomainError("not_found", entity="Document", key=document_id)
    if d.hash is not None:
        raise DomainError("livestock.document_frozen", document=dom.DOCUMENT_KINDS[d.kind], number=d.number)
    session.delete(d)
    session.flush()


def expired_documents(session: Session, contract_id: int, day: date) -> list[LivestockDocument]:
    return [d for d in session.scalars(_DOCS, {"c": contract_id}) if d.expires_on is not None and d.expires_on < day]


# --- delivery and cancellation ---------------------------------------------------------------------------


def deliver_contract(
    session: Session, contract_id: int, *, delivery_date: date | None = None, override_reason: str = ""
) -> ContractDoc:
    """Hand the animals over. Refused when a tracked document has expired on the delivery date, unless a
    manager gives a reason (journaled as « livestock.override »)."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    c = contract(session, contract_id)
    dom.check_transition(c.status, "livre", c.number or str(c.id))
    today = now(session).astimezone(UTC).date()
    day = delivery_date or today
    if day > today:
        raise DomainError("livestock.future_date", day=format_date(day))
    if day < c.contract_date:
        raise DomainError(
            "livestock.delivery_before_contract", day=format_date(day), contract_date=format_date(c.contract_date)
        )
    periods.ensure_open(session, day)
    expired = expired_documents(session, c.id, day)
    reason = tidy(override_reason)
    if expired:
        first = expired[0]
        if not reason:
            raise DomainError(
                "livestock.document_expired", document=dom.DOCUMENT_KINDS[first.kind], number=first.number,
                expired=format_date(first.expires_on), day=format_date(day),
            )  # fmt: skip
        if not allowed(actor.role, Action.CANCEL_DOCUMENT):
            raise DomainError("livestock.override_needs_manager")
        record_event(
            session, "livestock.override",
            {"contract": c.number, "documents": [f"{d.kind} {d.number} ({d.expires_on})" for d in expired],
             "delivery": day.isoformat(), "reason": reason},
        )  # fmt: skip
    if c.contract_type == "achat_revente":
        lines = sorted(session.scalars(_LINES, {"c": c.id}), key=lambda x: x.position)
        livestock_stock.post(session, c, lines, "sortie", day, c.number or "")
    c.status, c.delivered_on, c.delivered_at, c.delivered_by = "livre", day, now(session), actor.full_name
    c.delivery_override = reason if expired else ""
    session.flush()
    return get_contract(session, c.id)


def cancel_contract(session: Session, contract_id: int, reason: str) -> str:
    """A manager cancels a concluded contract: counter-document ACB with its number and reason, dues
    cancelled, animals of an achat-revente given back. Refused once delivered or when money has moved
    (cancel the receipts and vouchers first). Returns the ACB number."""
    actor = require(session, Action.CANCEL_DOCUMENT)
    c = contract(session, contract_id)
    text = tidy(reason)
    if not text:
        raise DomainError("livestock.reason_required")
    if c.status == "brouillon":
        raise DomainError("livestock.draft_not_cancellable")
    if c.status == "annule":
        existing = session.scalar(select(LivestockCancellation.number).where(LivestockCancellation.contract_id == c.id))
        raise DomainError("livestock.already_cancelled", number=c.number, cancellation=existing or "")
    if c.status != "conclu":
        raise DomainError("livestock.cancel_delivered", number=c.number)
    ids = [i for i in (c.buyer_due_id, c.seller_due_id) if i is not None]
    paid = dues.paid_on_dues(session, ids)
    if any(paid.values()):
        raise DomainError("livestock.cancel_has_payments", number=c.number, paid=format_money(sum(paid.values())))
    for due_id in ids:
        dues.cancel_due(session, due_id, f"Contrat de bétail annulé : {text}")
    moment = now(session).astimezone(UTC)
    day = moment.date()
    periods.ensure_open(session, day)
    seq, number = numbering.next_number(session, "ACB", day.year)
    x = LivestockCancellation(
        contract_id=c.id, year=day.year, seq=seq, number=number, at=moment, business_date=day, reason=text,
        user_id=actor.user_id, user_name=actor.full_name, prev_hash=session.scalar(_LAST_CANCELLATION) or GENESIS,
        hash="",
    )  # fmt: skip
    x.hash = chain_hash(x.prev_hash, cancellation_fields(x))
    session.add(x)
    if c.contract_type == "achat_revente":
        lines = sorted(session.scalars(_LINES, {"c": c.id}), key=lambda x: x.position)
        livestock_stock.post(session, c, lines, "annulation", day, number)
    dom.check_transition(c.status, "annule", c.number or "")
    c.status, c.cancelled_at, c.cancelled_by, c.cancel_reason = "annule", moment, actor.full_name, text
    record_event(session, "cancellation", {"contract": c.number, "counter_document": number, "reason": text})
    session.flush()
    return number
