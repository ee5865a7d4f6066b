"""Livestock sales contracts without storage (PRODUCT.md §4): kinds, states and their transitions, the
arithmetic of a contract and who may be paid what.

Amounts are integers in the currency's minor unit (1 franc for XOF). Rounding happens once, with
``round_half_up``:

* percentage commission: ``round_half_up(gross × rate_bp / 10 000)`` on the whole gross price, never
  line by line (2 % of 301 250 F = 6 025 F);
* a share « partagé » (commission or débours): the seller bears half rounded half up, the buyer the rest,
  so the two halves always add up to the amount (1 001 F → seller 501 F, buyer 500 F).

Money flow (mandat de vente and vente directe): the buyer pays the centre the price plus his share of the
commission and of the débours (``buyer_total``); the centre pays the seller the price minus his share
(``net_to_seller``). Only the commission is the centre's revenue; the gross price belongs to the seller and
the débours are costs advanced for the parties. In an achat-revente the centre buys the animals at cost
(``net_to_seller`` = cost minus the seller's débours), they enter its stock, and it resells them: the sale
is its revenue and the margin is sale − cost; no commission applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from centre_app.domain.errors import DomainError
from centre_app.domain.money import round_half_up

CONTRACT_TYPES: dict[str, str] = {
    "mandat": "Mandat de vente",
    "vente_directe": "Vente directe",
    "achat_revente": "Achat-revente",
}
# Stored states are brouillon, conclu, livre and annule; « payé partiel » and « soldé » are derived from the
# payments (receipts of the buyer, bons de paiement vendeur) of a delivered contract.
CONTRACT_STATES: dict[str, str] = {
    "brouillon": "Brouillon",
    "conclu": "Conclu",
    "livre": "Livré",
    "paye_partiel": "Payé partiellement",
    "solde": "Soldé",
    "annule": "Annulé",
}
TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        ("brouillon", "conclu"),
        ("conclu", "livre"),
        ("conclu", "annule"),
        ("livre", "paye_partiel"),
        ("livre", "solde"),
        ("paye_partiel", "solde"),
    }
)
PAYMENT_TERMS: dict[str, str] = {"comptant": "Comptant", "acompte_solde": "Acompte + solde à échéance"}
PAYERS: dict[str, str] = {"vendeur": "Vendeur", "acheteur": "Acheteur", "partage": "Partagé"}
FEE_KINDS: dict[str, str] = {
    "taxe_marche": "Taxe de marché",
    "vaccination": "Vaccination",
    "certificat": "Certificat",
    "convoyage": "Convoyage",
    "gardiennage": "Gardiennage",
    "frais_route": "Frais de route",
}
DOCUMENT_KINDS: dict[str, str] = {
    "certificat_sanitaire": "Certificat sanitaire / de vaccination",
    "laissez_passer": "Laissez-passer zoosanitaire",
    "certificat_origine": "Certificat d'origine",
    "ticket_marche": "Ticket de marché",
}
SEXES: dict[str, str] = {"M": "Mâle", "F": "Femelle", "": "Mixte (lot)"}
DENTITIONS: tuple[str, ...] = ("dents de lait", "2 dents", "4 dents", "6 dents", "8 dents (bouche faite)")
BODY_CONDITIONS: dict[str, str] = {"maigre": "Maigre", "moyen": "Moyen", "gras": "Gras"}
GUARANTOR_QUALITIES: dict[str, str] = {"garant": "Garant", "temoin": "Témoin"}
# Suggestions for the screens; the fields themselves are free text.
LANGUAGES: tuple[str, ...] = ("français", "fulfuldé", "mooré", "dioula", "songhaï", "tamasheq", "haoussa")
DESTINATIONS: tuple[str, ...] = (
    "Burkina Faso", "Côte d'Ivoire", "Ghana", "Togo", "Nigeria", "Bénin", "Niger", "Mali",
)  # fmt: skip
STOCK_KINDS: dict[str, str] = {"entree": "Entrée (achat)", "sortie": "Sortie (livraison)", "annulation": "Annulation"}


@dataclass(frozen=True)
class LineAmounts:
    """What the arithmetic needs of a line: species, head count, price and cost per head."""

    species_code: str
    heads: int
    unit_price: int
    unit_cost: int = 0

    @property
    def amount(self) -> int:
        return self.heads * self.unit_price

    @property
    def cost(self) -> int:
        return self.heads * self.unit_cost


@dataclass(frozen=True)
class CommissionTerms:
    """A commission rule as applied to a contract (a copy: later changes of the rule do not move it)."""

    kind: str  # par_tete / pourcentage / forfait_lot
    payer: str  # vendeur / acheteur / partage
    amount: int = 0  # per head or per lot
    rate_bp: int = 0  # basis points: 250 = 2,5 %
    species_code: str | None = None  # par_tete rule limited to one species
    name: str = ""


@dataclass(frozen=True)
class FeeAmount:
    kind: str
    amount: int
    payer: str


@dataclass(frozen=True)
class Figures:
    """Every amount of a contract, to the franc."""

    heads: int
    gross: int  # total brut: Σ heads × price per head
    cost: int  # achat-revente: Σ heads × cost per head (0 otherwise)
    commission: int
    commission_seller: int
    commission_buyer: int
    fees: int  # débours
    fees_seller: int
    fees_buyer: int
    net_to_seller: int  # net à payer au vendeur
    buyer_total: int  # total dû par l'acheteur
    centre_revenue: int  # commission (mandat, vente directe) or the sale (achat-revente)
    margin: int  # commission, or sale − cost


def split_share(amount: int, payer: str) -> tuple[int, int]:
    """(seller's part, buyer's part) of an amount; « partagé »: the seller's half is rounded half up."""
    if payer == "vendeur":
        return amount, 0
    if payer == "acheteur":
        return 0, amount
    if payer == "partage":
        seller = round_half_up(Fraction(amount, 2))
        return seller, amount - seller
    raise DomainError("field.invalid", field="Payeur", value=payer)


def commission_amount(terms: CommissionTerms, lines: Iterable[LineAmounts]) -> int:
    """Par tête: amount × heads; pourcentage: rate of the gross, rounded once; forfait: amount × lots (lines)."""
    rows = list(lines)
    if terms.kind == "par_tete":
        for position, x in enumerate(rows, start=1):
            if terms.species_code is not None and x.species_code != terms.species_code:
                raise DomainError(
                    "livestock.commission_species", rule=terms.name or "par tête", position=position,
                    species=terms.species_code,
                )  # fmt: skip
        return terms.amount * sum(x.heads for x in rows)
    if terms.kind == "pourcentage":
        return round_half_up(Fraction(sum(x.amount for x in rows) * terms.rate_bp, 10_000))
    if terms.kind == "forfait_lot":
        return terms.amount * len(rows)
    raise DomainError("field.invalid", field="Type de commission", value=terms.kind)


def compute(
    contract_type: str, lines: Iterable[LineAmounts], commission: CommissionTerms | None, fees: Iterable[FeeAmount]
) -> Figures:
    """The figures of a contract; refuses what cannot be concluded (nothing left for the seller…)."""
    if contract_type not in CONTRACT_TYPES:
        raise DomainError("field.invalid", field="Type de contrat", value=contract_type)
    rows = list(lines)
    if not rows:
        raise DomainError("livestock.no_lines")
    gross = sum(x.amount for x in rows)
    cost = sum(x.cost for x in rows) if contract_type == "achat_revente" else 0
    if contract_type == "achat_revente" and commission is not None:
        raise DomainError("livestock.commission_in_resale")
    total_commission = commission_amount(commission, rows) if commission is not None else 0
    c_seller, c_buyer = split_share(total_commission, commission.payer) if commission is not None else (0, 0)
    f_seller = f_buyer = 0
    for fee in fees:
        s, b = split_share(fee.amount, fee.payer)
        f_seller, f_buyer = f_seller + s, f_buyer + b
    if contract_type == "achat_revente":
        net, buyer_total, revenue, margin = cost - f_seller, gross + f_buyer, gross, gross - cost
    else:
        net = gross - c_seller - f_seller
        buyer_total, revenue, margin = gross + c_buyer + f_buyer, total_commission, total_commission
    if net <= 0:
        raise DomainError("livestock.net_not_positive")
    return Figures(
        sum(x.heads for x in rows), gross, cost, total_commission, c_seller, c_buyer, f_seller + f_buyer, f_seller,
        f_buyer, net, buyer_total, revenue, margin,
    )  # fmt: skip


def seller_payable(contract_type: str, figures: Figures, buyer_paid: int, seller_paid: int) -> int:
    """What the seller may still be paid now (bon de paiement vendeur).

    Achat-revente: the centre pays its own purchase, up to the net. Mandat and vente directe: the centre
    never advances the seller's money. The buyer's payments first cover what he owes the centre (his share
    of the commission and of the débours); the rest is the price of the animals, from which the seller's
    commission and débours are kept; the seller may be paid that, at most the net, minus what he has had.
    """
    if contract_type == "achat_revente":
        available = figures.net_to_seller
    else:
        towards_price = max(0, buyer_paid - figures.commission_buyer - figures.fees_buyer)
        available = min(figures.net_to_seller, max(0, towards_price - figures.commission_seller - figures.fees_seller))
    return max(0, available - seller_paid)


def display_state(stored: str, buyer_total: int, buyer_paid: int, net_to_seller: int, seller_paid: int) -> str:
    """The state shown: a delivered contract is « payé partiellement » once money has moved, « soldé » when
    the buyer has paid everything and the seller has received his net."""
    if stored != "livre":
        return stored
    if buyer_paid >= buyer_total and seller_paid >= net_to_seller:
        return "solde"
    if buyer_paid > 0 or seller_paid > 0:
        return "paye_partiel"
    return "livre"


def check_transition(current: str, target: str, number: str) -> None:
    if (current, target) not in TRANSITIONS:
        raise DomainError(
            "livestock.bad_transition", number=number, current=CONTRACT_STATES[current],
            target=CONTRACT_STATES[target],
        )  # fmt: skip


def describe_age(age_years: int | None, dentition: str) -> str:
    """« 3 ans », « 4 dents », « 3 ans (4 dents) » or « »."""
    parts = []
    if age_years is not None:
        parts.append(f"{age_years} an{'s' if age_years > 1 else ''}")
    if dentition:
        parts.append(f"({dentition})" if parts else dentition)
    return " ".join(parts)
