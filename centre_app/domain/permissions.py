"""Roles and what each may do (PRODUCT.md §10). Checked in the services, mirrored in the UI."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "agent"
    MANAGER = "gestionnaire"
    ACCOUNTANT = "comptable"
    ADMIN = "administrateur"


ROLE_LABELS: dict[Role, str] = {
    Role.CLERK: "Agent de saisie / caissier",
    Role.MANAGER: "Gestionnaire",
    Role.ACCOUNTANT: "Comptable",
    Role.ADMIN: "Administrateur",
}


class Action(StrEnum):
    EDIT_DOCUMENTS = "edit_documents"  # drafts; validate sales, orders, deliveries, receipts
    EDIT_MASTER_DATA = "edit_master_data"  # tiers, OP, produits, magasins
    CANCEL_DOCUMENT = "cancel_document"
    MANAGE_CONTRACTS_AND_PRICES = "manage_contracts_and_prices"  # OP contracts, price lists, commissions
    EXPORT = "export"  # exports, monthly pack, lock a month
    ADMINISTER = "administer"  # users, settings, numbering, restore
    READ = "read"


ACTION_LABELS: dict[Action, str] = {
    Action.EDIT_DOCUMENTS: "saisir et valider des documents",
    Action.EDIT_MASTER_DATA: "modifier les référentiels",
    Action.CANCEL_DOCUMENT: "annuler un document validé",
    Action.MANAGE_CONTRACTS_AND_PRICES: "signer les contrats OP et modifier les prix ou commissions",
    Action.EXPORT: "exporter et verrouiller un mois",
    Action.ADMINISTER: "gérer les utilisateurs, les paramètres et les sauvegardes",
    Action.READ: "consulter",
}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.CLERK: frozenset({Action.EDIT_DOCUMENTS, Action.EDIT_MASTER_DATA, Action.READ}),
    Role.MANAGER: frozenset(
        {
            Action.EDIT_DOCUMENTS,
            Action.EDIT_MASTER_DATA,
            Action.CANCEL_DOCUMENT,
            Action.MANAGE_CONTRACTS_AND_PRICES,
            Action.EXPORT,
            Action.READ,
        }
    ),
    Role.ACCOUNTANT: frozenset({Action.EXPORT, Action.READ}),
    Role.ADMIN: frozenset(Action),
}


def allowed(role: Role | str, action: Action) -> bool:
    return action in PERMISSIONS[Role(role)]


def refusal_reason(role: Role | str, action: Action) -> str | None:
    """French reason why ``role`` may not do ``action`` (for a disabled button's tooltip)."""
    if allowed(role, action):
        return None
    return f"Réservé : le rôle « {ROLE_LABELS[Role(role)]} » ne permet pas de {ACTION_LABELS[action]}."
