"""Reading one livestock contract: everything the contract screen and the printed contract need.

:func:`get_contract` returns a :class:`ContractDoc`: both parties with their identity papers, the guarantor
or witness, the animal lines described in words, the débours with who pays them, the tracked documents,
the figures (``domain.livestock.Figures``), what the buyer has paid and what the seller has received
(receipts and bons de paiement vendeur), the amounts in words, the state (« payé partiel » and « soldé »
derived from the payments) and the counter-document of a cancellation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from centre_app.domain import livestock as dom
from centre_app.domain.cash import MEANS
from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_number
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import from_base_milli
from centre_app.domain.words import amount_phrase
from centre_app.models.cash import Allocation, Payment
from centre_app.models.livestock import (
    LivestockCancellation,
    LivestockContract,
    LivestockContractFee,
    LivestockContractLine,
    LivestockDocument,
)
from centre_app.models.livestock_ref import Breed, LivestockCategory, Market, Species
from centre_app.models.parties import Party
from centre_app.services import settings as settings_service
from centre_app.services.context import now, require
from centre_app.services.livestock_payouts import figures_of, paid_amounts
from centre_app.services.livestock_ref import COMMISSION_KINDS
from centre_app.services.parties import ID_TYPES
from centre_app.services.session_cache import cached
from centre_app.services.stock_ledger import held


@dataclass(frozen=True)
class PartyBlock:
    """A party as printed on a contract: identity paper, trader's card, tax numbers."""

    id: int
    code: str
    name: str
    kind: str  # personne / organisation
    sex: str | None
    village: str
    commune: str
    province: str
    phone: str
    id_type: str | None
    id_type_label: str  # « CNIB », « Passeport »…
    id_number: str | None
    identity: str  # « CNIB n° B12345678 » or ""
    trader_card: str  # carte professionnelle de commerçant de bétail
    tax_id: str  # IFU / NIF
    rccm: str


@dataclass(frozen=True)
class ContractLineRow:
    id: int
    position: int
    species_code: str
    species_name: str
    category_id: int
    category_name: str
    breed_id: int | None
    breed_name: str
    sex: str
    sex_label: str
    castrated: bool
    age_years: int | None
    dentition: str
    age_label: str  # « 3 ans (4 dents) »
    coat: str
    marks: str
    body_condition: str
    body_condition_label: str
    estimated_weight: Decimal | None  # kg per head
    heads: int
    unit_price: int
    amount: int
    unit_cost: int  # achat-revente
    cost_amount: int
    described: str  # « Bœuf (castré), zébu peul soudanais, mâle castré, 4 dents, gras, ~280 kg »


@dataclass(frozen=True)
class FeeRow:
    kind: str
    label: str
    amount: int
    payer: str
    payer_label: str
    seller_share: int
    buyer_share: int
    note: str


@dataclass(frozen=True)
class DocumentRow:
    id: int
    kind: str
    label: str
    number: str
    issuer: str
    issued_on: date
    expires_on: date | None
    added_at: datetime
    added_by: str
    frozen: bool  # chained: cannot be removed any more
    expired: bool  # on the delivery date (delivered) or today (not yet delivered)


@dataclass(frozen=True)
class MoneyMove:
    """A receipt of the buyer or a voucher to the seller, as far as it settles this contract."""

    payment_id: int
    number: str
    business_date: date
    amount: int  # allocated to this contract
    means_label: str
    status: str  # valide / annule


@dataclass(frozen=True)
class ContractDoc:
    id: int
    number: str  # "" for a draft
    contract_type: str
    type_label: str
    status: str  # stored: brouillon / conclu / livre / annule
    state: str  # shown: … / paye_partiel / solde
    state_label: str
    contract_date: date
    market_id: int | None
    market_name: str
    place: str
    where: str  # the market's name, or the place
    seller: PartyBlock
    buyer: PartyBlock
    destination_country: str
    guarantor: PartyBlock | None
    guarantor_name: str
    guarantor_quality: str
    guarantor_quality_label: str
    agent_name: str
    payment_terms: str
    payment_terms_label: str
    deposit: int
    balance_due_date: date | None
    explained_language: str
    note: str
    commission_rule_id: int | None
    commission_name: str
    commission_kind: str
    commission_kind_label: str
    commission_payer: str
    commission_payer_label: str
    commission_rate_bp: int
    commission_unit_amount: int
    commission_species: str | None
    commission_text: str  # « 2 % du prix, partagé (vendeur 3 013 F, acheteur 3 012 F) » — plain, for prints
    figures: dom.Figures
    buyer_paid: int
    buyer_remaining: int  # reste dû par l'acheteur
    seller_paid: int
    seller_remaining: int  # still owed to the seller
    seller_payable_now: int  # what a BPV may pay now
    lines: tuple[ContractLineRow, ...]
    fees: tuple[FeeRow, ...]
    documents: tuple[DocumentRow, ...]
    receipts: tuple[MoneyMove, ...]
    payouts: tuple[MoneyMove, ...]
    currency: str
    gross_in_words: str  # « trois cent mille (300 000) francs CFA »
    buyer_total_in_words: str
    net_to_seller_in_words: str
    buyer_due_id: int | None
    seller_due_id: int | None
    created_at: datetime
    created_by: str
    concluded_at: datetime | None
    concluded_by: str
    delivered_on: date | None
    delivered_by: str
    delivery_override: str
    cancelled_at: datetime | None
    cancelled_by: str
    cancel_reason: str
    cancellation_number: str
    hash: str


def party_block(p: Party) -> PartyBlock:
    label = ID_TYPES.get(p.id_type or "", p.id_type or "")
    identity = f"{label} n° {p.id_number}" if p.id_number else ""
    return PartyBlock(
        p.id, p.code, p.name, p.kind, p.sex, p.village, p.commune, p.province, p.phone, p.id_type, label,
        p.id_number, identity, p.trader_card, p.tax_id, p.rccm,
    )  # fmt: skip


def _all_names(session: Session, model: Any) -> dict[Any, str]:
    """Names of a small reference table (species, categories, breeds), read once per transaction."""
    key = model.code if model is Species else model.id
    return cached(
        session, (model.__tablename__,), "names",
        lambda: MappingProxyType(dict(session.execute(select(key, model.name)).tuples().all())),
    )  # fmt: skip


_LINES = (
    select(LivestockContractLine)
    .where(LivestockContractLine.contract_id == bindparam("c"))
    .order_by(LivestockContractLine.position)
)
_FEES = (
    select(LivestockContractFee)
    .where(LivestockContractFee.contract_id == bindparam("c"))
    .order_by(LivestockContractFee.id)
)
_DOCS = select(LivestockDocument).where(LivestockDocument.contract_id == bindparam("c")).order_by(LivestockDocument.id)
_CANCELLATION = select(LivestockCancellation.number).where(LivestockCancellation.contract_id == bindparam("c"))


def _line_rows(
    session: Session, c: LivestockContract, lines: list[LivestockContractLine] | None = None
) -> tuple[ContractLineRow, ...]:
    lines = lines if lines is not None else list(session.scalars(_LINES, {"c": c.id}))
    species = _all_names(session, Species)
    cats = _all_names(session, LivestockCategory)
    breeds = _all_names(session, Breed)
    out = []
    for x in lines:
        weight = from_base_milli(x.estimated_weight) if x.estimated_weight is not None else None
        age = dom.describe_age(x.age_years, x.dentition)
        sex = {"M": "mâle castré" if x.castrated else "mâle", "F": "femelle"}.get(x.sex, "lot mixte")
        parts = [cats.get(x.category_id, ""), breeds.get(x.breed_id or 0, ""), sex, age, x.body_condition]
        if weight is not None:
            parts.append(f"~{format_number(weight)} kg")
        out.append(
            ContractLineRow(
                x.id, x.position, x.species_code, species.get(x.species_code, x.species_code), x.category_id,
                cats.get(x.category_id, ""), x.breed_id, breeds.get(x.breed_id or 0, ""), x.sex, dom.SEXES[x.sex],
                x.castrated, x.age_years, x.dentition, age, x.coat, x.marks, x.body_condition,
                dom.BODY_CONDITIONS.get(x.body_condition, ""), weight, x.heads, x.unit_price, x.amount, x.unit_cost,
                x.cost_amount, ", ".join(p for p in parts if p),
            )
        )  # fmt: skip
    return tuple(out)


_MOVES = (
    select(Payment, Allocation.amount)
    .join(Allocation, Allocation.payment_id == Payment.id)
    .where(Allocation.due_id == bindparam("due"))
    .order_by(Payment.id)
)


def _moves(session: Session, due_id: int | None) -> tuple[MoneyMove, ...]:
    if due_id is None:
        return ()
    return tuple(
        MoneyMove(p.id, p.number, p.business_date, int(a), MEANS.get(p.means, p.means), p.status)
        for p, a in session.execute(_MOVES, {"due": due_id})
    )


def _commission_text(c: LivestockContract, figures: dom.Figures) -> str:
    if not c.commission_kind:
        return "Sans commission"
    if c.commission_kind == "pourcentage":
        how = f"{format_number(Decimal(c.commission_rate_bp) / 100)} % du prix"
    elif c.commission_kind == "par_tete":
        how = f"{format_number(c.commission_unit_amount)} F par tête"
    else:
        how = f"{format_number(c.commission_unit_amount)} F par lot"
    payer = dom.PAYERS.get(c.commission_payer, c.commission_payer).lower()
    if c.commission_payer == "partage":
        payer += (
            f" (vendeur {format_number(figures.commission_seller)} F, "
            f"acheteur {format_number(figures.commission_buyer)} F)"
        )
    return f"{how}, à la charge : {payer}"


def get_contract(session: Session, contract_id: int | None = None, number: str | None = None) -> ContractDoc:
    """A contract by id or by number (« CBV-2026-0001 »)."""
    require(session, Action.READ)
    if contract_id is not None:
        c = session.get(LivestockContract, contract_id)
    else:
        key = (number or "").strip().upper()
        c = session.scalar(select(LivestockContract).where(LivestockContract.number == key))
    if c is None:
        raise DomainError("livestock.not_found", number=number or contract_id)
    return contract_doc(session, c)


def contract_doc(
    session: Session,
    c: LivestockContract,
    *,
    lines: list[LivestockContractLine] | None = None,
    fees: list[LivestockContractFee] | None = None,
    docs: list[LivestockDocument] | None = None,
    fresh: bool = False,
) -> ContractDoc:
    """The :class:`ContractDoc` of a contract row. A service that has just written the contract passes its lines
    (in position order), débours and documents (in the order they were added) instead of reading them back;
    ``fresh``: a draft just saved or a contract just concluded, that no payment and no cancellation can concern."""
    seller, buyer = held(session, Party, c.seller_id), held(session, Party, c.buyer_id)
    assert seller is not None
    assert buyer is not None
    guarantor = held(session, Party, c.guarantor_id) if c.guarantor_id else None
    market = held(session, Market, c.market_id) if c.market_id else None
    figures = figures_of(c)
    buyer_paid, seller_paid = (0, 0) if fresh else paid_amounts(session, c)
    state = dom.display_state(c.status, c.buyer_total, buyer_paid, c.net_to_seller, seller_paid)
    live = c.status in ("conclu", "livre")
    payable = dom.seller_payable(c.contract_type, figures, buyer_paid, seller_paid) if live else 0
    fees = fees if fees is not None else list(session.scalars(_FEES, {"c": c.id}))
    docs = docs if docs is not None else list(session.scalars(_DOCS, {"c": c.id}))
    on = c.delivered_on or now(session).astimezone(UTC).date()
    cancellation = None if fresh else session.scalar(_CANCELLATION, {"c": c.id})
    currency = settings_service.country_info(session, settings_service.get_value(session, "country")).currency
    return ContractDoc(
        c.id, c.number or "", c.contract_type, dom.CONTRACT_TYPES[c.contract_type], c.status, state,
        dom.CONTRACT_STATES[state], c.contract_date, c.market_id, market.name if market else "", c.place,
        market.name if market else c.place, party_block(seller), party_block(buyer), c.destination_country,
        party_block(guarantor) if guarantor else None, c.guarantor_name, c.guarantor_quality,
        dom.GUARANTOR_QUALITIES.get(c.guarantor_quality, ""), c.agent_name, c.payment_terms,
        dom.PAYMENT_TERMS[c.payment_terms], c.deposit, c.balance_due_date, c.explained_language, c.note,
        c.commission_rule_id, c.commission_name, c.commission_kind, COMMISSION_KINDS.get(c.commission_kind, ""),
        c.commission_payer, dom.PAYERS.get(c.commission_payer, ""), c.commission_rate_bp, c.commission_unit_amount,
        c.commission_species, _commission_text(c, figures), figures, buyer_paid,
        c.buyer_total - buyer_paid if live else 0, seller_paid, c.net_to_seller - seller_paid if live else 0,
        payable, _line_rows(session, c, lines),
        tuple(
            FeeRow(f.kind, dom.FEE_KINDS[f.kind], f.amount, f.payer, dom.PAYERS[f.payer], f.seller_share,
                   f.buyer_share, f.note)
            for f in fees
        ),
        tuple(
            DocumentRow(d.id, d.kind, dom.DOCUMENT_KINDS[d.kind], d.number, d.issuer, d.issued_on, d.expires_on,
                        d.added_at, d.added_by, d.hash is not None, d.expires_on is not None and d.expires_on < on)
            for d in docs
        ),
        () if fresh else _moves(session, c.buyer_due_id), () if fresh else _moves(session, c.seller_due_id), currency,
        amount_phrase(c.gross, currency), amount_phrase(c.buyer_total, currency),
        amount_phrase(c.net_to_seller, currency), c.buyer_due_id, c.seller_due_id, c.created_at, c.created_by,
        c.concluded_at, c.concluded_by, c.delivered_on, c.delivered_by, c.delivery_override, c.cancelled_at,
        c.cancelled_by, c.cancel_reason, cancellation or "", c.hash or "",
    )  # fmt: skip
