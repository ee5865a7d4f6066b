"""Stock and order rules without storage: movement kinds, loss reasons, order states and their
transitions, weighted average cost (CUMP) arithmetic and line amounts.

Quantities here are integer thousandths of the product's base unit (as stored) or Decimals;
amounts are integers in the currency's minor unit, rounded once with ``round_half_up``.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from centre_app.domain.errors import DomainError
from centre_app.domain.money import round_half_up
from centre_app.domain.quantity import MILLI

# Kind of a ledger line; the sign of its quantity says in (+) or out (−).
MOVEMENT_KINDS: dict[str, str] = {
    "reception": "Réception",
    "livraison": "Livraison",
    "transfert_sortie": "Transfert (sortie)",
    "transfert_entree": "Transfert (entrée)",
    "retour": "Retour",
    "perte": "Perte / avarie",
    "ajustement": "Ajustement d'inventaire",
    "annulation": "Annulation (mouvement inverse)",
}
LOSS_REASONS: dict[str, str] = {
    "charancons": "Charançons",
    "humidite": "Humidité / moisissures",
    "ecart_pesee": "Écart de pesée",
    "rongeurs": "Rongeurs",
    "avarie": "Avarie (sacs déchirés, produit abîmé)",
    "vol": "Vol",
    "autre": "Autre",
}
INVENTORY_REASON = "ajustement d'inventaire"
# Where received goods come from (bon de réception).
RECEPTION_ORIGINS: dict[str, str] = {
    "achat": "Achat fournisseur",
    "don": "Don",
    "nature": "Remboursement en nature",
}
# Stock operations numbered MVT (receptions are BR, deliveries BL, inventories INV).
OPERATION_KINDS: dict[str, str] = {
    "transfert": "Transfert entre magasins",
    "perte": "Perte / avarie",
    "retour_client": "Retour de marchandise par un client",
    "retour_fournisseur": "Retour de marchandise au fournisseur",
    "annulation": "Annulation d'un document de stock",
}
DOCUMENT_STATES: dict[str, str] = {"valide": "Validé", "annule": "Annulé"}
INVENTORY_STATES: dict[str, str] = {"ouvert": "En cours de comptage", "valide": "Validé", "abandonne": "Abandonné"}
SUPPLY_STATES: dict[str, str] = {"attendu": "Attendu", "recu": "Reçu", "annule": "Annulé"}

# Orders: the stored states; « soldée » is derived (delivered and the due fully paid).
ORDER_STATES: dict[str, str] = {
    "brouillon": "Brouillon",
    "confirmee": "Confirmée",
    "livree_partiellement": "Livrée partiellement",
    "livree": "Livrée",
    "soldee": "Soldée",
    "annulee": "Annulée",
}
ORDER_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        ("brouillon", "confirmee"),
        ("brouillon", "annulee"),
        ("confirmee", "livree_partiellement"),
        ("confirmee", "livree"),
        ("confirmee", "annulee"),
        ("livree_partiellement", "livree"),
        # a cancelled delivery (bon de livraison annulé) moves the order back
        ("livree_partiellement", "confirmee"),
        ("livree", "livree_partiellement"),
        ("livree", "confirmee"),
    }
)
DELIVERABLE_STATES = frozenset({"confirmee", "livree_partiellement"})


def check_transition(current: str, target: str, number: str) -> None:
    """Refuse a move of the order workflow that is not in ``ORDER_TRANSITIONS``."""
    if current == target:
        return
    if (current, target) not in ORDER_TRANSITIONS:
        raise DomainError(
            "order.bad_transition", number=number, current=ORDER_STATES[current], target=ORDER_STATES[target]
        )


def delivery_state(ordered_milli: list[int], delivered_milli: list[int]) -> str:
    """The order state its deliveries give, line by line (same order in both lists)."""
    if not any(delivered_milli):
        return "confirmee"
    if all(d >= o for o, d in zip(ordered_milli, delivered_milli, strict=True)):
        return "livree"
    return "livree_partiellement"


def display_state(stored: str, due_remaining: int | None) -> str:
    """The state shown to users: a delivered order whose due is fully paid is « soldée »."""
    if stored == "livree" and due_remaining is not None and due_remaining <= 0:
        return "soldee"
    return stored


def out_value(stock_value: int, stock_milli: int, out_milli: int) -> int:
    """Value of ``out_milli`` leaving a stock of ``stock_milli`` worth ``stock_value`` (CUMP, rounded once).

    Taking the whole stock takes its whole value, so a stock that reaches zero is worth zero and a
    value never goes below zero: round(V × q / Q) ≤ V when q < Q.
    """
    if out_milli <= 0:
        raise ValueError("out quantity must be positive")
    if stock_milli <= 0 or out_milli > stock_milli:
        raise ValueError("cannot value more than the stock")
    if out_milli == stock_milli:
        return stock_value
    return round_half_up(Fraction(stock_value * out_milli, stock_milli))


def unit_cost(value: int, quantity_milli: int) -> Fraction | None:
    """Cost of one base unit (kg) as an exact fraction of the minor unit; ``None`` for no stock."""
    if quantity_milli == 0:
        return None
    return Fraction(value * MILLI, quantity_milli)


def value_at_cost(quantity_milli: int, cost_per_base: Fraction | None) -> int:
    """Value of a quantity at a cost per base unit (an adjustment or a return coming in)."""
    if cost_per_base is None:
        return 0
    return round_half_up(Fraction(quantity_milli, MILLI) * cost_per_base)


def line_amount(base_quantity: Decimal, unit_factor: Decimal, unit_price: int) -> int:
    """Amount of a quantity at a price per packaging unit of ``unit_factor`` base units, rounded once.

    ``line_amount(Decimal(600), Decimal(50), 7_500)`` → 90 000 (12 sacs de 50 kg à 7 500 F).
    """
    return round_half_up(Fraction(base_quantity) / Fraction(unit_factor) * unit_price)


def cost_display(cost_per_base: Fraction | None, factor: Decimal = Decimal(1)) -> int | None:
    """A unit cost for humans: per packaging unit of ``factor`` base units, rounded to the franc."""
    if cost_per_base is None:
        return None
    return round_half_up(cost_per_base * Fraction(factor))


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` in parts proportional to non-negative ``weights`` that add up exactly (largest
    remainder); all zeros when the weights are all zero. Used to show a product's value per magasin
    when the CUMP is kept for all magasins together."""
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    shares = [Fraction(total * w, whole) for w in weights]
    floors = [s.numerator // s.denominator for s in shares]
    rest = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (shares[i] - floors[i], -i), reverse=True)
    for i in order[:rest]:
        floors[i] += 1
    return floors
