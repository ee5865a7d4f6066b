"""Rules of the contracts with producer organisations (PRODUCT.md §6) without storage.

Service types, the workflow (states, transitions, the state the dates and the payments give), the end
date after tacit renewals, the status of a schedule line and of an obligation at a date, quarters of the
follow-up, and the French words contracts are written with (« le quinze mars deux mille vingt-six »).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from centre_app.domain.errors import DomainError
from centre_app.domain.words import number_in_words

SERVICE_TYPES: dict[str, str] = {
    "commercialisation_betail": "Commercialisation de bétail",
    "approvisionnement": "Approvisionnement en céréales et aliments du bétail",
    "appui_conseil": "Appui-conseil",
    "formation": "Formation",
    "intermediation_credit": "Intermédiation pour le crédit",
}

STATES: dict[str, str] = {
    "brouillon": "Brouillon",
    "signe": "Signé",
    "en_cours": "En cours",
    "suspendu": "Suspendu",
    "resilie": "Résilié",
    "echu": "Échu",
    "solde": "Soldé",
}
# Moves a manager makes (sign, suspend, resume, terminate) and moves the dates and payments make.
TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        ("brouillon", "signe"),
        ("signe", "en_cours"),
        ("signe", "echu"),
        ("signe", "solde"),
        ("signe", "resilie"),
        ("en_cours", "suspendu"),
        ("en_cours", "echu"),
        ("en_cours", "solde"),
        ("en_cours", "resilie"),
        ("suspendu", "en_cours"),
        ("suspendu", "resilie"),
        ("echu", "solde"),
        ("echu", "en_cours"),  # prolonged by an avenant
    }
)
# States the dates and payments never move (a manager does, or nothing does).
HELD_STATES = frozenset({"brouillon", "suspendu", "resilie", "solde"})
LIVE_STATES = frozenset({"signe", "en_cours", "suspendu", "echu"})  # an avenant may be added, obligations followed
AMENDMENT_STATES: dict[str, str] = {"brouillon": "Brouillon", "signe": "Signé"}

SIDES: dict[str, str] = {"centre": "Centre", "op": "OP"}
OBLIGATION_STATES: dict[str, str] = {"a_faire": "À faire", "fait": "Fait", "en_retard": "En retard"}
SCHEDULE_STATES: dict[str, str] = {
    "a_venir": "À venir",
    "partiel": "Payée en partie",
    "payee": "Payée",
    "en_retard": "En retard",
    "annulee": "Annulée",
}
INCIDENT_KINDS: dict[str, str] = {
    "retard": "Retard d'exécution",
    "qualite": "Qualité de la prestation",
    "paiement": "Paiement",
    "force_majeure": "Force majeure / insécurité",
    "litige": "Différend entre les parties",
    "autre": "Autre",
}
DISPUTE_FORUMS: dict[str, str] = {
    "tribunal": "Juridiction compétente",
    "ccja": "Arbitrage de la CCJA (OHADA)",
}
# Legal forms whose name is feminine in French (« l'Union …, ci-après dénommée »).
FEMININE_FORMS = frozenset({"association", "scoops", "scoop_ca", "union", "federation"})

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
MAX_NOTICE_DAYS = 365
MIN_COPIES, MAX_COPIES = 2, 10


# What a screen may offer on a contract in a given state (the services check again, with the permissions).
ACTIONS: dict[str, str] = {
    "edit": "Modifier le brouillon",
    "sign": "Signer",
    "suspend": "Suspendre",
    "resume": "Reprendre",
    "terminate": "Résilier",
    "amend": "Préparer un avenant",
    "follow": "Suivre (obligations, indicateurs, incidents)",
}


def available_actions(state: str, *, amendment: bool = False) -> tuple[str, ...]:
    """The :data:`ACTIONS` codes open to a contract (or an avenant) in ``state``."""
    if state == "brouillon":
        return ("edit", "sign")
    if amendment:
        return ("follow",)
    out = []
    if state == "en_cours":
        out.append("suspend")
    if state == "suspendu":
        out.append("resume")
    if state in ("signe", "en_cours", "suspendu"):
        out.append("terminate")
    if state in LIVE_STATES:
        out += ["amend", "follow"]
    return tuple(out)


def check_transition(current: str, target: str, number: str) -> None:
    """Refuse a move of the workflow that is not in :data:`TRANSITIONS`."""
    if current == target:
        return
    if (current, target) not in TRANSITIONS:
        raise DomainError("op_contract.bad_transition", number=number, current=STATES[current], target=STATES[target])


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later, or the last day of that month (31 January + 1 → 28/29 February)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def whole_months(start: date, end: date) -> int | None:
    """Months from ``start`` to ``end`` inclusive when the span is a whole number of months, else None."""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    return months if months > 0 and add_months(start, months) == after else None


def current_end(effect: date, end: date, tacit_renewal: bool, today: date) -> date:
    """The end date in force at ``today``: with tacit renewal, the contract runs again for the same
    duration (whole months when it is whole months) each time its end passes without termination."""
    if not tacit_renewal or today <= end:
        return end
    months = whole_months(effect, end)
    days = (end - effect).days + 1
    start = end + timedelta(days=1)
    while True:
        new_end = add_months(start, months) - timedelta(days=1) if months else start + timedelta(days=days - 1)
        if new_end >= today:
            return new_end
        start = new_end + timedelta(days=1)


def effective_state(stored: str, *, today: date, effect: date, end: date, settled: bool) -> str:
    """The state the dates and payments give to a contract stored in ``stored`` (``end`` after renewals).

    Brouillon, suspendu, résilié and soldé only move by a manager's action (or not at all); a signed
    contract is « en cours » from its effect date, « échu » after its end date, « soldé » once every
    schedule line is paid and every obligation done.
    """
    if stored in HELD_STATES:
        return stored
    if settled:
        return "solde"
    if today < effect:
        return "signe" if stored == "signe" else stored
    if today > end:
        return "echu"
    return "en_cours"


def obligation_state(stored: str, due_date: date | None, today: date) -> str:
    """« en retard » is not stored: an obligation still to do after its due date."""
    if stored == "fait":
        return "fait"
    if due_date is not None and due_date < today:
        return "en_retard"
    return "a_faire"


def schedule_state(amount: int, paid: int, due_date: date, today: date, cancelled: bool = False) -> str:
    """Where a schedule line stands: paid, partly paid, late (unpaid after its due date) or to come."""
    if cancelled:
        return "annulee"
    if paid >= amount:
        return "payee"
    if due_date < today:
        return "en_retard"
    return "partiel" if paid else "a_venir"


def quarter_of(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First day of the quarter and first day of the next one (half-open)."""
    if quarter not in (1, 2, 3, 4):
        raise DomainError("op_indicator.bad_quarter", quarter=quarter)
    start = date(year, 3 * quarter - 2, 1)
    return start, add_months(start, 3)


def quarter_label(year: int, quarter: int) -> str:
    """« 1er trimestre 2026 », « 3e trimestre 2026 »."""
    return f"{'1er' if quarter == 1 else f'{quarter}e'} trimestre {year}"


# --- words -----------------------------------------------------------------------------------------


def date_in_words(d: date) -> str:
    """« quinze mars deux mille vingt-six », « premier mai deux mille vingt-six »."""
    day = "premier" if d.day == 1 else number_in_words(d.day)
    return f"{day} {MONTHS[d.month - 1]} {number_in_words(d.year)}"


def count_phrase(n: int, noun: str = "") -> str:
    """« deux (2) exemplaires », « trente (30) jours »."""
    text = f"{number_in_words(n)} ({n})"
    return f"{text} {noun}" if noun else text


def duration_phrase(effect: date, end: date) -> str:
    """« douze (12) mois » when the span is whole months, else « quarante-cinq (45) jours »."""
    months = whole_months(effect, end)
    if months:
        return count_phrase(months, "mois")
    days = (end - effect).days + 1
    return count_phrase(days, "jour" if days == 1 else "jours")


def amendment_number(parent_number: str, amendment_no: int) -> str:
    """« COP-2026-0003/A1 »: an avenant is numbered under its contract."""
    return f"{parent_number}/A{amendment_no}"
