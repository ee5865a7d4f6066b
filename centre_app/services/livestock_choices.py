"""What the livestock contract form offers to choose from, read in one go: species, their active categories
and breeds (with their ids), the active markets, the active commission rules, and the market taxes per head
of a market on a day (to show the « taxe de marché » as the clerk types the animals).

Read-only: the contract services (``livestock_rules.prepare``) decide again at saving time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.permissions import Action
from centre_app.models.livestock_ref import Breed, CommissionRule, LivestockCategory, Market, Species
from centre_app.services.context import require
from centre_app.services.livestock_ref import market_tax_at

__all__ = ["Choice", "ContractChoices", "RuleChoice", "contract_choices", "market_taxes"]


@dataclass(frozen=True)
class Choice:
    """A category or a breed of a species."""

    id: int
    species_code: str
    name: str


@dataclass(frozen=True)
class RuleChoice:
    """An active commission rule, as the form shows it and as ``domain.livestock.CommissionTerms`` needs it."""

    id: int
    name: str
    kind: str  # par_tete / pourcentage / forfait_lot
    payer: str  # vendeur / acheteur / partage
    amount: int
    rate_bp: int
    species_code: str | None
    valid_from: date


@dataclass(frozen=True)
class ContractChoices:
    species: tuple[tuple[str, str], ...]  # (code, name) in the usual order
    categories: tuple[Choice, ...]
    breeds: tuple[Choice, ...]
    markets: tuple[tuple[int, str], ...]  # active markets (id, name)
    rules: tuple[RuleChoice, ...]


def contract_choices(session: Session) -> ContractChoices:
    require(session, Action.READ)
    species = tuple(session.execute(select(Species.code, Species.name).order_by(Species.sort_order)).tuples())
    categories = tuple(
        Choice(i, code, name)
        for i, code, name in session.execute(
            select(LivestockCategory.id, LivestockCategory.species_code, LivestockCategory.name)
            .where(LivestockCategory.active)
            .order_by(LivestockCategory.id)
        )
    )
    breeds = tuple(
        Choice(i, code, name)
        for i, code, name in session.execute(
            select(Breed.id, Breed.species_code, Breed.name).where(Breed.active).order_by(Breed.id)
        )
    )
    markets = tuple(session.execute(select(Market.id, Market.name).where(Market.active).order_by(Market.name)).tuples())
    rules = tuple(
        RuleChoice(r.id, r.name, r.kind, r.payer, r.amount, r.rate_bp, r.species_code, r.valid_from)
        for r in session.scalars(select(CommissionRule).where(CommissionRule.active).order_by(CommissionRule.name))
    )
    return ContractChoices(species, categories, breeds, markets, rules)


def market_taxes(session: Session, market_id: int, day: date) -> dict[str, int]:
    """Tax per head of every species at that market on that day (0 when none applies)."""
    require(session, Action.READ)
    codes = session.scalars(select(Species.code).order_by(Species.sort_order))
    return {code: market_tax_at(session, market_id, code, day) for code in codes}
