"""Shared set-up for the OP contract tests: an OP with its representative, a full draft, a pinned clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from centre_app.models.database import Database
from centre_app.services import organisations, parties, settings
from centre_app.services.context import Actor
from centre_app.services.op_contract_drafts import (
    ContractDraft,
    IndicatorInput,
    ObligationInput,
    ScheduleInput,
    SignatoryInput,
)
from centre_app.services.parties import PartyInput

SIGNED_ON = date(2026, 3, 15)
NOON = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


@contextmanager
def tx(db: Database, actor: Actor, moment: datetime = NOON) -> Iterator[Session]:
    """One committed transaction as ``actor`` with the services' clock pinned at ``moment``."""
    with db.transaction(actor) as s:
        s.info["now"] = moment
        yield s


def make_op(
    db: Database, clerk: Actor, *, name: str = "Groupement Wendkouni de Mentao", form: str = "groupement"
) -> int:
    """An OP with its président as legal representative (and the centre's signatory in the settings)."""
    with tx(db, clerk) as s:
        rep = parties.create_party(s, PartyInput(name="DICKO Aïssata", sex="F", village="Mentao")).id
        op = organisations.create_organisation(
            s,
            PartyInput(name=name, village="Mentao", commune="Djibo", roles=("op",)),
            organisations.OrganisationInput(
                legal_form=form, registration_number="GPT-2019-114", seat="Mentao", legal_rep_id=rep
            ),
        ).id
        organisations.add_member(s, op, rep, date(2019, 4, 12), "Présidente")
        settings.apply_settings(s, {"centre.signatories": ["Aminata Dicko, gestionnaire"]})
        return op


def draft(op_id: int, **changes: object) -> ContractDraft:
    """A one-year contract of 600 000 F in three payments, two obligations each side, two indicators."""
    base = ContractDraft(
        op_id=op_id,
        service_type="commercialisation_betail",
        object="appui à la commercialisation groupée des bovins et petits ruminants des membres de l'OP",
        effect_date=date(2026, 4, 1),
        end_date=date(2027, 3, 31),
        planned_amount=600_000,
        notice_days=30,
        payment_terms="Les paiements se font en espèces ou par mobile money à la caisse du Centre.",
        advance=150_000,
        signatories=(
            SignatoryInput("centre", "Aminata Dicko", "gestionnaire"),
            SignatoryInput("op", "DICKO Aïssata", "présidente"),
        ),
        schedule=(
            ScheduleInput(date(2026, 4, 1), 150_000, "Avance au démarrage"),
            ScheduleInput(date(2026, 7, 1), 225_000, "Deuxième tranche"),
            ScheduleInput(date(2026, 10, 1), 225_000, "Solde"),
        ),
        obligations=(
            ObligationInput("centre", "Organiser quatre marchés groupés", date(2026, 12, 31), Decimal(4), "marchés"),
            ObligationInput("centre", "Former les membres du bureau à la tenue des registres", date(2026, 6, 30)),
            ObligationInput("op", "Rassembler les animaux au parc de vente", date(2026, 5, 15), Decimal(120), "têtes"),
            ObligationInput("op", "Tenir le registre des ventes à jour", date(2026, 9, 30)),
        ),
        indicators=(
            IndicatorInput("Têtes de bétail commercialisées", Decimal(400), "têtes"),
            IndicatorInput("Part des ventes payées comptant", Decimal(90), "%"),
        ),
    )
    return replace(base, **changes)  # type: ignore[arg-type]
