"""Livestock contracts: what the contract form provides (inputs) and its validation.

:func:`prepare` checks every field of a draft, in the order of the form, with a French refusal naming the
first faulty one, and computes the figures (``domain.livestock.compute``): the market tax comes from the
market × species table on the contract date, the commission rule is copied. Nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date
from decimal import Decimal

from sqlalchemy.orm import Session

from centre_app.domain import livestock as dom
from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date, format_money
from centre_app.domain.money import check_amount
from centre_app.domain.quantity import parse_quantity, to_base_milli
from centre_app.domain.text import tidy
from centre_app.models.livestock import LivestockContract, LivestockContractFee, LivestockContractLine
from centre_app.models.livestock_ref import Breed, CommissionRule, LivestockCategory, Market, Species
from centre_app.models.parties import Party
from centre_app.services.context import Actor, now
from centre_app.services.livestock_ref import market_tax_at
from centre_app.services.stock_ledger import held

MAX_LINES = 200
MAX_HEADS = 10_000
MAX_WEIGHT_KG = 2_000


@dataclass(frozen=True)
class AnimalLineInput:
    """One animal (``heads`` = 1) or a homogeneous lot. ``unit_cost`` only for an achat-revente."""

    species_code: str
    category_id: int
    heads: int
    unit_price: int  # per head, minor units
    breed_id: int | None = None
    sex: str = ""  # M / F; "" only for a mixed lot
    castrated: bool = False
    age_years: int | None = None
    dentition: str = ""  # domain.livestock.DENTITIONS
    coat: str = ""  # robe / signalement
    marks: str = ""  # marque / boucle
    body_condition: str = ""  # maigre / moyen / gras
    estimated_weight: Decimal | int | str | None = None  # kg per head, as typed (« 280 », « 32,5 »)
    unit_cost: int = 0


@dataclass(frozen=True)
class FeeInput:
    """A débours: who pays it. The market tax comes from the table (leave ``amount`` empty)."""

    kind: str  # domain.livestock.FEE_KINDS
    payer: str  # vendeur / acheteur / partage
    amount: int | None = None
    note: str = ""


@dataclass(frozen=True)
class DocumentInput:
    kind: str  # domain.livestock.DOCUMENT_KINDS
    number: str
    issuer: str
    issued_on: date
    expires_on: date | None = None


@dataclass(frozen=True)
class ContractDraft:
    """What the contract form provides. ``agent_name`` defaults to the user; ``contract_date`` to today."""

    contract_type: str  # mandat / vente_directe / achat_revente
    seller_id: int
    buyer_id: int
    lines: tuple[AnimalLineInput, ...]
    contract_date: date | None = None
    market_id: int | None = None
    place: str = ""
    destination_country: str = ""
    guarantor_id: int | None = None
    guarantor_name: str = ""
    guarantor_quality: str = ""  # garant / temoin (témoin by default when a guarantor is given)
    agent_name: str = ""
    payment_terms: str = "comptant"  # comptant / acompte_solde
    deposit: int = 0
    balance_due_date: date | None = None
    commission_rule_id: int | None = None
    fees: tuple[FeeInput, ...] = ()
    documents: tuple[DocumentInput, ...] = field(default=())
    explained_language: str = "français"
    note: str = ""


@dataclass
class Prepared:
    header: dict[str, object]
    lines: list[LivestockContractLine]
    fees: list[LivestockContractFee]
    documents: list[DocumentInput]
    figures: dom.Figures


def text_field(value: str | None, label: str, size: int, *, required: bool = False) -> str:
    out = tidy(value)
    if required and not out:
        raise DomainError("field.required", field=label)
    if len(out) > size:
        raise DomainError("field.too_long", field=label, max=size)
    return out


def _party(session: Session, party_id: int, label: str) -> Party:
    p = held(session, Party, party_id)
    if p is None:
        raise DomainError("not_found", entity=label, key=party_id)
    if not p.active:
        raise DomainError("livestock.party_inactive", name=p.name)
    return p


def _money(value: object, position: int) -> int:
    try:
        return check_amount(value, allow_negative=False)
    except DomainError:
        raise DomainError("livestock.line_price", position=position) from None


def _weight(value: Decimal | int | str | None, position: int) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        kg = parse_quantity(value) if isinstance(value, str) else Decimal(value)
        if isinstance(value, bool) or not 0 < kg <= MAX_WEIGHT_KG:
            raise DomainError("quantity.invalid", value=value)
        return to_base_milli(kg)
    except (DomainError, ArithmeticError, TypeError, ValueError):
        raise DomainError("livestock.line_weight", position=position, value=value) from None


def _line(session: Session, x: AnimalLineInput, position: int, resale: bool) -> LivestockContractLine:
    species = held(session, Species, x.species_code)
    if species is None:
        raise DomainError("not_found", entity="Espèce", key=x.species_code)
    category = held(session, LivestockCategory, x.category_id)
    if category is None or category.species_code != species.code or not category.active:
        raise DomainError("livestock.line_category", position=position, species=species.code)
    if x.breed_id is not None:
        breed = held(session, Breed, x.breed_id)
        if breed is None or breed.species_code != species.code:
            raise DomainError("livestock.line_breed", position=position, species=species.code)
    if isinstance(x.heads, bool) or not isinstance(x.heads, int) or not 1 <= x.heads <= MAX_HEADS:
        raise DomainError("livestock.line_heads", position=position, value=x.heads)
    sex = (x.sex or "").strip().upper()
    if sex not in dom.SEXES:
        raise DomainError("livestock.line_sex", position=position, value=x.sex)
    if not sex and x.heads == 1:
        raise DomainError("livestock.line_sex_required", position=position)
    if x.castrated and sex != "M":
        raise DomainError("livestock.line_castrated", position=position)
    if x.age_years is not None and (
        isinstance(x.age_years, bool) or not isinstance(x.age_years, int) or not 0 <= x.age_years <= 40
    ):
        raise DomainError("livestock.line_age", position=position, value=x.age_years)
    if x.dentition and x.dentition not in dom.DENTITIONS:
        raise DomainError("livestock.line_dentition", position=position, value=x.dentition)
    if x.body_condition and x.body_condition not in dom.BODY_CONDITIONS:
        raise DomainError("livestock.line_condition", position=position, value=x.body_condition)
    price = _money(x.unit_price, position)
    if price <= 0:
        raise DomainError("livestock.line_price", position=position)
    cost = _money(x.unit_cost, position)
    if resale and cost <= 0:
        raise DomainError("livestock.line_cost_required", position=position)
    if not resale and cost:
        raise DomainError("livestock.line_cost_not_resale", position=position)
    return LivestockContractLine(
        position=position, species_code=species.code, category_id=category.id, breed_id=x.breed_id, sex=sex,
        castrated=bool(x.castrated), age_years=x.age_years, dentition=x.dentition,
        coat=text_field(x.coat, f"Robe / signalement (ligne {position})", 200),
        marks=text_field(x.marks, f"Marque / boucle (ligne {position})", 200), body_condition=x.body_condition,
        estimated_weight=_weight(x.estimated_weight, position), heads=x.heads, unit_price=price,
        amount=x.heads * price, unit_cost=cost, cost_amount=x.heads * cost,
    )  # fmt: skip


def _commission(
    session: Session, rule_id: int | None, day: date
) -> tuple[dom.CommissionTerms | None, dict[str, object]]:
    if rule_id is None:
        return None, {
            "commission_rule_id": None, "commission_name": "", "commission_kind": "", "commission_payer": "",
            "commission_rate_bp": 0, "commission_unit_amount": 0, "commission_species": None,
        }  # fmt: skip
    rule = held(session, CommissionRule, rule_id)
    if rule is None:
        raise DomainError("not_found", entity="Règle de commission", key=rule_id)
    if not rule.active:
        raise DomainError("livestock.rule_inactive", rule=rule.name)
    if rule.valid_from > day:
        raise DomainError("livestock.rule_not_yet_valid", rule=rule.name, valid_from=format_date(rule.valid_from))
    terms = dom.CommissionTerms(rule.kind, rule.payer, rule.amount, rule.rate_bp, rule.species_code, rule.name)
    return terms, {
        "commission_rule_id": rule.id, "commission_name": rule.name, "commission_kind": rule.kind,
        "commission_payer": rule.payer, "commission_rate_bp": rule.rate_bp, "commission_unit_amount": rule.amount,
        "commission_species": rule.species_code,
    }  # fmt: skip


def market_tax(session: Session, market_id: int, day: date, lines: list[LivestockContractLine]) -> int:
    """Taxe de marché of the lines: Σ heads × tax per head of their species at that market on that day."""
    return sum(x.heads * market_tax_at(session, market_id, x.species_code, day) for x in lines)


def _fees(
    session: Session, fees: tuple[FeeInput, ...], market: Market | None, day: date, lines: list[LivestockContractLine]
) -> list[LivestockContractFee]:
    out, seen = [], set()
    for f in fees:
        if f.kind not in dom.FEE_KINDS:
            raise DomainError("field.invalid", field="Débours", value=f.kind)
        label = dom.FEE_KINDS[f.kind]
        if f.kind in seen:
            raise DomainError("livestock.fee_duplicate", fee=label)
        seen.add(f.kind)
        if f.payer not in dom.PAYERS:
            raise DomainError("field.invalid", field=f"Payeur ({label})", value=f.payer)
        if f.kind == "taxe_marche":
            if market is None:
                raise DomainError("livestock.market_tax_no_market")
            amount = market_tax(session, market.id, day, lines)
            if amount <= 0:
                raise DomainError("livestock.market_tax_none", market=market.name, day=format_date(day))
            if f.amount is not None and f.amount != amount:
                raise DomainError(
                    "livestock.market_tax_fixed", expected=format_money(amount), typed=_shown(f.amount)
                )  # fmt: skip
        else:
            if f.amount is None or isinstance(f.amount, bool) or not isinstance(f.amount, int) or f.amount <= 0:
                raise DomainError("livestock.fee_amount", fee=label)
            amount = f.amount
        seller, buyer = dom.split_share(amount, f.payer)
        note = text_field(f.note, f"Note ({label})", 200)
        out.append(LivestockContractFee(kind=f.kind, amount=amount, payer=f.payer, seller_share=seller,
                                        buyer_share=buyer, note=note))  # fmt: skip
    return out


def _shown(value: object) -> str:
    return format_money(value) if isinstance(value, int) and not isinstance(value, bool) else str(value)


def check_document(d: DocumentInput) -> DocumentInput:
    if d.kind not in dom.DOCUMENT_KINDS:
        raise DomainError("field.invalid", field="Type de document", value=d.kind)
    label = dom.DOCUMENT_KINDS[d.kind]
    number = text_field(d.number, f"Numéro ({label})", 60, required=True)
    issuer = text_field(d.issuer, f"Émetteur ({label})", 200, required=True)
    if not isinstance(d.issued_on, date):
        raise DomainError("field.required", field=f"Date de délivrance ({label})")
    if d.expires_on is not None and d.expires_on < d.issued_on:
        raise DomainError("livestock.document_dates", document=label, number=number)
    return DocumentInput(d.kind, number, issuer, d.issued_on, d.expires_on)


def prepare(session: Session, draft: ContractDraft, actor: Actor) -> Prepared:
    """Validate every field of a draft and compute its figures; nothing is written."""
    if draft.contract_type not in dom.CONTRACT_TYPES:
        raise DomainError("field.invalid", field="Type de contrat", value=draft.contract_type)
    today = now(session).astimezone(UTC).date()
    day = draft.contract_date or today
    if day > today:
        raise DomainError("livestock.future_date", day=format_date(day))
    seller = _party(session, draft.seller_id, "Vendeur")
    buyer = _party(session, draft.buyer_id, "Acheteur")
    if seller.id == buyer.id:
        raise DomainError("livestock.same_party")
    market = None
    if draft.market_id is not None:
        market = held(session, Market, draft.market_id)
        if market is None:
            raise DomainError("not_found", entity="Marché", key=draft.market_id)
        if not market.active:
            raise DomainError("livestock.market_inactive", market=market.name)
    place = text_field(draft.place, "Lieu", 200)
    if market is None and not place:
        raise DomainError("livestock.place_required")
    guarantor_name = text_field(draft.guarantor_name, "Garant / témoin", 200)
    if draft.guarantor_id is not None:
        g = _party(session, draft.guarantor_id, "Garant / témoin")
        if g.id in (seller.id, buyer.id):
            raise DomainError("livestock.guarantor_is_party")
        guarantor_name = g.name
    quality = draft.guarantor_quality or ("temoin" if guarantor_name else "")
    if quality and quality not in dom.GUARANTOR_QUALITIES:
        raise DomainError("field.invalid", field="Qualité du garant / témoin", value=quality)
    if draft.payment_terms not in dom.PAYMENT_TERMS:
        raise DomainError("field.invalid", field="Modalités de paiement", value=draft.payment_terms)
    check_amount(draft.deposit, allow_negative=False)
    if draft.payment_terms == "comptant" and (draft.deposit or draft.balance_due_date is not None):
        raise DomainError("livestock.deposit_cash")
    if draft.payment_terms == "acompte_solde":
        if draft.deposit <= 0:
            raise DomainError("livestock.deposit_required")
        if draft.balance_due_date is None or draft.balance_due_date < day:
            raise DomainError("livestock.balance_date_required")
    language = text_field(draft.explained_language, "Langue d'explication", 40)
    if not language:
        raise DomainError("livestock.language_required")
    if not draft.lines:
        raise DomainError("livestock.no_lines")
    if len(draft.lines) > MAX_LINES:
        raise DomainError("livestock.too_many_lines", max=MAX_LINES)
    resale = draft.contract_type == "achat_revente"
    lines = [_line(session, x, pos, resale) for pos, x in enumerate(draft.lines, start=1)]
    terms, commission = _commission(session, draft.commission_rule_id, day)
    fees = _fees(session, draft.fees, market, day, lines)
    documents = [check_document(d) for d in draft.documents]
    amounts = [dom.LineAmounts(x.species_code, x.heads, x.unit_price, x.unit_cost) for x in lines]
    figures = dom.compute(draft.contract_type, amounts, terms, [dom.FeeAmount(f.kind, f.amount, f.payer) for f in fees])
    if draft.deposit >= figures.buyer_total and draft.deposit:
        raise DomainError(
            "livestock.deposit_above_total", deposit=format_money(draft.deposit),
            total=format_money(figures.buyer_total),
        )  # fmt: skip
    header: dict[str, object] = {
        "contract_type": draft.contract_type, "contract_date": day, "market_id": market.id if market else None,
        "place": place, "seller_id": seller.id, "buyer_id": buyer.id,
        "destination_country": text_field(draft.destination_country, "Pays de destination", 60),
        "guarantor_id": draft.guarantor_id, "guarantor_name": guarantor_name, "guarantor_quality": quality,
        "agent_name": text_field(draft.agent_name, "Agent", 200) or actor.full_name,
        "payment_terms": draft.payment_terms, "deposit": draft.deposit, "balance_due_date": draft.balance_due_date,
        "explained_language": language, "note": text_field(draft.note, "Note", 500), **commission,
        "heads": figures.heads, "gross": figures.gross, "cost": figures.cost, "commission": figures.commission,
        "commission_seller": figures.commission_seller, "commission_buyer": figures.commission_buyer,
        "fees": figures.fees, "fees_seller": figures.fees_seller, "fees_buyer": figures.fees_buyer,
        "net_to_seller": figures.net_to_seller, "buyer_total": figures.buyer_total,
    }  # fmt: skip
    return Prepared(header, lines, fees, documents, figures)


def contract(session: Session, contract_id: int) -> LivestockContract:
    """The contract row, or the French refusal « introuvable »."""
    c = held(session, LivestockContract, contract_id)
    if c is None:
        raise DomainError("livestock.not_found", number=contract_id)
    return c
