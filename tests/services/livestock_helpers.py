"""Shared set-up for the livestock contract tests: a market with its taxes, commission rules of every kind
and payer, a seller, a buyer from Côte d'Ivoire, a witness; lines typed as on a market day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from centre_app.models.database import Database
from centre_app.models.livestock_ref import LivestockCategory
from centre_app.services import livestock_ref, parties
from centre_app.services.context import Actor
from centre_app.services.livestock import AnimalLineInput, ContractDraft, FeeInput
from centre_app.services.parties import PartyInput
from tests.services.stock_helpers import DAY, NOON, tx

__all__ = ["DAY", "NOON", "Refs", "animal", "draft", "make_refs", "tx"]

START = date(2026, 1, 1)


@dataclass(frozen=True)
class Refs:
    market: int
    seller: int
    buyer: int
    witness: int
    other_seller: int
    categories: dict[tuple[str, str], int]  # (species, category name) → id
    rules: dict[str, int]


def make_refs(db: Database, manager: Actor) -> Refs:
    """Taxes at Djibo: bovin 1 000, ovin 250, caprin 200 F per head. Rules (name → id):

    ``bovin_tete``: 2 500 F per bovine head, seller; ``ovin_tete``: 500 F per sheep, buyer;
    ``tete_partage``: 1 001 F per head of any species, shared; ``pct_partage``: 2 %, shared;
    ``pct_vendeur``: 2,5 %, seller; ``lot_acheteur``: 5 000 F per lot, buyer.
    """
    with tx(db, manager) as s:
        market = livestock_ref.create_market(s, "Marché à bétail de Djibo", "Djibo", "lundi")
        for species, amount in (("bovin", 1_000), ("ovin", 250), ("caprin", 200)):
            livestock_ref.set_market_tax(s, market, species, amount, START)
        rules = {
            "bovin_tete": livestock_ref.create_commission_rule(
                s, "Bovin, par tête", "par_tete", "vendeur", START, species_code="bovin", amount=2_500
            ),
            "ovin_tete": livestock_ref.create_commission_rule(
                s, "Ovin, par tête", "par_tete", "acheteur", START, species_code="ovin", amount=500
            ),
            "tete_partage": livestock_ref.create_commission_rule(
                s, "Par tête, partagé", "par_tete", "partage", START, amount=1_001
            ),
            "pct_partage": livestock_ref.create_commission_rule(
                s, "2 % du prix, partagé", "pourcentage", "partage", START, rate_bp=200
            ),
            "pct_vendeur": livestock_ref.create_commission_rule(
                s, "2,5 % du prix, vendeur", "pourcentage", "vendeur", START, rate_bp=250
            ),
            "lot_acheteur": livestock_ref.create_commission_rule(
                s, "Forfait par lot", "forfait_lot", "acheteur", START, amount=5_000
            ),
        }
        seller = parties.create_party(
            s, PartyInput(name="DICKO Amadou", sex="M", village="Mentao", commune="Djibo", province="Soum",
                          id_type="CNIB", id_number="B12345678", phone="+226 70 11 22 33")
        ).id  # fmt: skip
        other = parties.create_party(s, PartyInput(name="SIDIBÉ Fatimata", sex="F", village="Gassel")).id
        buyer = parties.create_party(
            s, PartyInput(name="KOFFI Yao", sex="M", roles=("acheteur",), village="Bouaké", province="Gbêkê",
                          id_type="passeport", id_number="CI0456789", trader_card="CCB-CI-0042")
        ).id  # fmt: skip
        witness = parties.create_party(s, PartyInput(name="BARRY Hamidou", sex="M", village="Djibo")).id
        categories = {(c.species_code, c.name): c.id for c in s.scalars(select(LivestockCategory)).all()}
    return Refs(market, seller, buyer, witness, other, categories, rules)


def animal(
    refs: Refs, species: str, category: str, heads: int, price: int, *, sex: str = "M", **kw: object
) -> AnimalLineInput:
    return AnimalLineInput(species, refs.categories[(species, category)], heads, price, sex=sex, **kw)  # type: ignore[arg-type]


def draft(refs: Refs, *lines: AnimalLineInput, kind: str = "mandat", rule: str | None = None,
          fees: tuple[FeeInput, ...] = (), **kw: object) -> ContractDraft:  # fmt: skip
    values: dict[str, object] = {
        "market_id": refs.market, "guarantor_id": refs.witness, "destination_country": "Côte d'Ivoire",
        "explained_language": "fulfuldé", "contract_date": DAY,
    }  # fmt: skip
    values.update(kw)
    return ContractDraft(
        kind, values.pop("seller_id", refs.seller), values.pop("buyer_id", refs.buyer), tuple(lines),  # type: ignore[arg-type]
        commission_rule_id=refs.rules[rule] if rule else None, fees=fees, **values,  # type: ignore[arg-type]
    )  # fmt: skip
