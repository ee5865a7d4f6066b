"""Livestock sales contracts (PRODUCT.md §4): the drafts.

A draft (brouillon) is saved only when every field is valid (``livestock_rules.prepare``), then freely
changed or deleted. Conclusion, delivery, cancellation and documents of a concluded contract are in
``livestock_workflow``; the seller's payout in ``livestock_payouts``; reading in ``livestock_queries``.
The form's inputs are defined in ``livestock_rules`` and re-exported here.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import Action
from centre_app.models.livestock import (
    LivestockContract,
    LivestockContractFee,
    LivestockContractLine,
    LivestockDocument,
)
from centre_app.services.context import now, require
from centre_app.services.livestock_queries import ContractDoc, contract_doc
from centre_app.services.livestock_rules import (
    AnimalLineInput,
    ContractDraft,
    DocumentInput,
    FeeInput,
    Prepared,
    contract,
    prepare,
)
from centre_app.services.session_cache import hold

__all__ = [
    "AnimalLineInput", "ContractDraft", "DocumentInput", "FeeInput", "apply", "contract", "create_contract",
    "delete_draft", "draft_of", "update_contract",
]  # fmt: skip


_LINES = select(LivestockContractLine).where(LivestockContractLine.contract_id == bindparam("c"))
_FEES = select(LivestockContractFee).where(LivestockContractFee.contract_id == bindparam("c"))
_DOCS = select(LivestockDocument).where(LivestockDocument.contract_id == bindparam("c"))


def apply(
    session: Session, c: LivestockContract, prepared: Prepared, *, documents: bool = True, fresh: bool = False
) -> list[LivestockDocument]:
    """Write a validated draft over a draft contract (lines, débours and, unless told, documents replaced);
    returns the documents written. ``fresh``: the contract was just created, it has nothing to replace."""
    for key, value in prepared.header.items():
        setattr(c, key, value)
    if not fresh:
        _delete_children(session, c.id, documents=documents)
    for x in prepared.lines:
        x.contract_id = c.id
    for f in prepared.fees:
        f.contract_id = c.id
    session.add_all([*prepared.lines, *prepared.fees])
    added: list[LivestockDocument] = []
    if documents:
        actor_name = session.info["actor"].full_name
        added = [
            LivestockDocument(
                contract_id=c.id, kind=d.kind, number=d.number, issuer=d.issuer, issued_on=d.issued_on,
                expires_on=d.expires_on, added_at=now(session), added_by=actor_name,
            )
            for d in prepared.documents
        ]  # fmt: skip
        session.add_all(added)
    session.flush()
    return added


def _draft_only(c: LivestockContract) -> None:
    if c.status != "brouillon":
        raise DomainError("livestock.not_draft", number=c.number or c.id)


def create_contract(session: Session, draft: ContractDraft) -> ContractDoc:
    """Save a new draft (brouillon): no number yet, freely changed until concluded."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    prepared = prepare(session, draft, actor)
    c = LivestockContract(
        status="brouillon", created_at=now(session), created_by=actor.username, concluded_by="", delivered_by="",
        delivery_override="", cancelled_by="", cancel_reason="", **prepared.header,
    )  # fmt: skip
    session.add(c)
    session.flush()
    docs = apply(session, c, prepared, fresh=True)
    hold(session, c)
    return contract_doc(session, c, lines=prepared.lines, fees=prepared.fees, docs=docs, fresh=True)


def update_contract(session: Session, contract_id: int, draft: ContractDraft) -> ContractDoc:
    """Change a draft; a concluded contract is refused (it is cancelled by a manager, never edited)."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    c = contract(session, contract_id)
    _draft_only(c)
    prepared = prepare(session, draft, actor)
    docs = apply(session, c, prepared)
    return contract_doc(session, c, lines=prepared.lines, fees=prepared.fees, docs=docs, fresh=True)  # a draft


def delete_draft(session: Session, contract_id: int) -> None:
    """Drafts are free: deleted outright with their lines, débours and documents."""
    require(session, Action.EDIT_DOCUMENTS)
    c = contract(session, contract_id)
    _draft_only(c)
    _delete_children(session, c.id, documents=True)
    session.delete(c)
    session.flush()


def children(
    session: Session, contract_id: int
) -> tuple[list[LivestockContractLine], list[LivestockContractFee], list[LivestockDocument]]:
    """A contract's lines (by position), débours and documents (by id)."""
    return (
        sorted(session.scalars(_LINES, {"c": contract_id}), key=lambda x: x.position),
        sorted(session.scalars(_FEES, {"c": contract_id}), key=lambda f: f.id),
        sorted(session.scalars(_DOCS, {"c": contract_id}), key=lambda d: d.id),
    )


def _delete_children(session: Session, contract_id: int, *, documents: bool) -> None:
    """One by one, so that every deletion is audited (a bulk DELETE would bypass the audit hook)."""
    for old in [*session.scalars(_LINES, {"c": contract_id}), *session.scalars(_FEES, {"c": contract_id})]:
        session.delete(old)
    if documents:
        for d in session.scalars(_DOCS, {"c": contract_id}):
            session.delete(d)
    session.flush()


def draft_of(
    session: Session,
    c: LivestockContract,
    rows: tuple[list[LivestockContractLine], list[LivestockContractFee], list[LivestockDocument]] | None = None,
) -> ContractDraft:
    """A stored contract back as the form's input (to re-validate it at conclusion, or to copy it). ``rows``:
    its lines (by position), débours and documents (by id) when the caller has already read them."""
    if rows is None:
        rows = children(session, c.id)
    lines, fees, docs = rows
    return ContractDraft(
        c.contract_type, c.seller_id, c.buyer_id,
        tuple(
            AnimalLineInput(
                x.species_code, x.category_id, x.heads, x.unit_price, x.breed_id, x.sex, x.castrated, x.age_years,
                x.dentition, x.coat, x.marks, x.body_condition,
                None if x.estimated_weight is None else Decimal(x.estimated_weight) / 1000, x.unit_cost,
            )
            for x in lines
        ),
        c.contract_date, c.market_id, c.place, c.destination_country, c.guarantor_id,
        "" if c.guarantor_id else c.guarantor_name, c.guarantor_quality, c.agent_name, c.payment_terms, c.deposit,
        c.balance_due_date, c.commission_rule_id,
        tuple(FeeInput(f.kind, f.payer, None if f.kind == "taxe_marche" else f.amount, f.note) for f in fees),
        tuple(DocumentInput(d.kind, d.number, d.issuer, d.issued_on, d.expires_on) for d in docs),
        c.explained_language, c.note,
    )  # fmt: skip
