"""Livestock reference tables: species, categories, breeds, markets, market taxes, commission rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, bindparam, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.money import check_amount
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import parse_quantity
from centre_app.domain.text import tidy
from centre_app.models.livestock_ref import Breed, CommissionRule, LivestockCategory, Market, MarketTax, Species
from centre_app.services.catalog import VALIDITY_STATES, validity_states
from centre_app.services.context import require
from centre_app.services.session_cache import cached

DENTITION = ("dents de lait", "2 dents", "4 dents", "6 dents", "8 dents (bouche faite)")
BODY_CONDITION = ("maigre", "moyen", "gras")
COMMISSION_KINDS = {"par_tete": "Par tête", "pourcentage": "Pourcentage du prix", "forfait_lot": "Forfait par lot"}
PAYERS = {"vendeur": "Vendeur", "acheteur": "Acheteur", "partage": "Partagé"}


@dataclass(frozen=True)
class SpeciesRow:
    code: str
    name: str
    categories: tuple[str, ...]
    breeds: tuple[str, ...]


@dataclass(frozen=True)
class MarketRow:
    id: int
    name: str
    commune: str
    market_day: str


@dataclass(frozen=True)
class CommissionRuleRow:
    id: int
    name: str
    kind: str
    species_code: str | None
    amount: int
    rate_bp: int
    payer: str
    valid_from: date
    species_name: str = ""  # empty: every species


@dataclass(frozen=True)
class MarketTaxRow:
    id: int
    market_id: int
    market: str
    species_code: str
    species: str
    amount: int
    valid_from: date
    state: str  # VALIDITY_STATES key on the day asked
    state_label: str


def list_species(session: Session) -> list[SpeciesRow]:
    out = []
    for sp in session.scalars(select(Species).order_by(Species.sort_order)):
        cats = session.scalars(
            select(LivestockCategory.name)
            .where(LivestockCategory.species_code == sp.code, LivestockCategory.active)
            .order_by(LivestockCategory.id)
        )
        breeds = session.scalars(
            select(Breed.name).where(Breed.species_code == sp.code, Breed.active).order_by(Breed.id)
        )
        out.append(SpeciesRow(sp.code, sp.name, tuple(cats), tuple(breeds)))
    return out


def add_breed(session: Session, species_code: str, name: str) -> None:
    require(session, Action.EDIT_MASTER_DATA)
    species = session.get(Species, species_code)
    if species is None:
        raise DomainError("not_found", entity="Espèce", key=species_code)
    if not tidy(name):
        raise DomainError("field.required", field="Race")
    same = select(Breed.id).where(Breed.species_code == species_code, Breed.name == tidy(name))
    if session.scalar(same) is not None:
        raise DomainError("breed.duplicate", name=tidy(name), species=species.name)
    session.add(Breed(species_code=species_code, name=tidy(name), active=True))
    session.flush()


def create_market(session: Session, name: str, commune: str = "", market_day: str = "") -> int:
    require(session, Action.EDIT_MASTER_DATA)
    if not tidy(name):
        raise DomainError("field.required", field="Nom du marché")
    if session.scalar(select(Market.id).where(Market.name == tidy(name))) is not None:
        raise DomainError("market.duplicate_name", name=tidy(name))
    m = Market(name=tidy(name), commune=tidy(commune), market_day=tidy(market_day), active=True)
    session.add(m)
    session.flush()
    return m.id


def list_markets(session: Session) -> list[MarketRow]:
    return [
        MarketRow(m.id, m.name, m.commune, m.market_day) for m in session.scalars(select(Market).order_by(Market.name))
    ]


def set_market_tax(session: Session, market_id: int, species_code: str, amount: int, valid_from: date) -> None:
    require(session, Action.MANAGE_CONTRACTS_AND_PRICES)
    check_amount(amount, allow_negative=False)
    if session.get(Market, market_id) is None:
        raise DomainError("not_found", entity="Marché", key=market_id)
    if session.get(Species, species_code) is None:
        raise DomainError("not_found", entity="Espèce", key=species_code)
    existing = session.scalar(
        select(MarketTax).where(
            MarketTax.market_id == market_id, MarketTax.species_code == species_code, MarketTax.valid_from == valid_from
        )
    )
    if existing is not None:  # same day: the new amount replaces the one typed earlier, as for prices
        existing.amount = amount
    else:
        session.add(MarketTax(market_id=market_id, species_code=species_code, amount=amount, valid_from=valid_from))
    session.flush()


def list_market_taxes(session: Session, on: date | None = None) -> list[MarketTaxRow]:
    """Every market tax with its history, each marked in force, replaced or to come on ``on`` (today by default)."""
    found = list(
        session.execute(
            select(MarketTax, Market.name, Species.name)
            .join(Market, Market.id == MarketTax.market_id)
            .join(Species, Species.code == MarketTax.species_code)
            .order_by(Market.name, Species.sort_order, MarketTax.valid_from)
        )
    )
    states = validity_states([((t.market_id, t.species_code), t.valid_from) for t, *_ in found], on or date.today())
    return [
        MarketTaxRow(t.id, t.market_id, m, t.species_code, sp, t.amount, t.valid_from, state, VALIDITY_STATES[state])
        for (t, m, sp), state in zip(found, states, strict=True)
    ]


def percent_to_bp(text: str) -> int:
    """A percentage as typed (« 2,5 », « 2.5 % ») in basis points (250): above 0, at most 100, 2 decimals."""
    raw = text.strip().removesuffix("%").strip()
    try:
        bp = parse_quantity(raw) * 100
    except DomainError:
        raise DomainError("commission.bad_rate", value=text.strip()) from None
    if bp != bp.to_integral_value() or not 0 < bp <= 10_000:
        raise DomainError("commission.bad_rate", value=text.strip())
    return int(bp)


def market_tax_at(session: Session, market_id: int, species_code: str, on: date) -> int:
    """Tax per head at a market for a species on a date (0 when none is set)."""
    params = {"m": market_id, "s": species_code, "on": on}
    return cached(session, _TAXES, ("tax", market_id, species_code, on), lambda: session.scalar(_TAX, params) or 0)


_TAX = (
    select(MarketTax.amount)
    .where(MarketTax.market_id == bindparam("m"), MarketTax.species_code == bindparam("s"),
           MarketTax.valid_from <= bindparam("on", type_=Date))
    .order_by(MarketTax.valid_from.desc())
    .limit(1)
)  # fmt: skip
_TAXES = (MarketTax.__tablename__,)


def create_commission_rule(
    session: Session,
    name: str,
    kind: str,
    payer: str,
    valid_from: date,
    *,
    species_code: str | None = None,
    amount: int = 0,
    rate_bp: int = 0,
) -> int:
    require(session, Action.MANAGE_CONTRACTS_AND_PRICES)
    if not tidy(name):
        raise DomainError("field.required", field="Nom de la règle")
    if kind not in COMMISSION_KINDS:
        raise DomainError("field.invalid", field="Type de commission", value=kind)
    if payer not in PAYERS:
        raise DomainError("field.invalid", field="Payeur", value=payer)
    check_amount(amount, allow_negative=False)
    if kind == "pourcentage" and not 0 < rate_bp <= 10_000:
        raise DomainError("field.invalid", field="Taux", value=rate_bp / 100)
    if kind != "pourcentage" and amount <= 0:
        raise DomainError("money.not_positive")
    rule = CommissionRule(
        name=tidy(name), kind=kind, species_code=species_code, amount=amount, rate_bp=rate_bp, payer=payer,
        valid_from=valid_from, active=True,
    )  # fmt: skip
    session.add(rule)
    session.flush()
    return rule.id


def list_commission_rules(session: Session) -> list[CommissionRuleRow]:
    names = dict(session.execute(select(Species.code, Species.name)).tuples().all())
    rules = session.scalars(select(CommissionRule).order_by(CommissionRule.id))
    return [_rule_row(r, names.get(r.species_code or "", "")) for r in rules]


def _rule_row(r: CommissionRule, species_name: str) -> CommissionRuleRow:
    return CommissionRuleRow(
        r.id, r.name, r.kind, r.species_code, r.amount, r.rate_bp, r.payer, r.valid_from, species_name
    )  # fmt: skip
