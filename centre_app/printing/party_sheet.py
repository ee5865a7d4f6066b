"""« Fiche tiers »: one person's or organisation's record on paper, to check with them and sign.

The clerk prints it at registration; the party reads it (or has it read), then signs or puts a
thumbprint, and the centre countersigns. The data arrive as display-ready text from the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from centre_app.domain.formatting import format_date, format_money
from centre_app.printing.base import (
    Letterhead,
    SignatureSlot,
    key_value_table,
    made_at,
    para,
    render,
    section_heading,
    signature_block,
)

__all__ = ["PartySheetData", "render_party_sheet"]

DOC_TITLE = "Fiche tiers"
LABEL_WIDTH = 37 * mm


@dataclass(frozen=True)
class PartySheetData:
    """Everything printed on the sheet, already in French (labels, not codes), except amounts and dates."""

    code: str
    name: str
    kind: str  # « Personne physique » / « Organisation »
    roles: tuple[str, ...]  # role labels
    sex: str = ""  # « Féminin » / « Masculin » / ""
    village: str = ""
    commune: str = ""
    province: str = ""
    phones: tuple[str, ...] = ()
    identity: str = ""  # « CNIB n° B12345678 »
    tax_id: str = ""  # IFU
    rccm: str = ""
    trader_card: str = ""
    credit_limit: int | None = None  # minor units of the letterhead's currency
    notes: str = ""
    organisations: tuple[str, ...] = ()
    active: bool = True
    created_on: date | None = None


def _story(data: PartySheetData, letterhead: Letterhead, printed_at: datetime) -> list[Flowable]:
    locale = letterhead.locale
    credit = "Aucun" if data.credit_limit is None else format_money(data.credit_limit, letterhead.currency, locale)
    is_person = data.kind.lower().startswith("personne")
    identity_rows: list[tuple[str, object]] = [
        ("Code", data.code),
        ("Statut", "Actif" if data.active else "Inactif"),
        ("Nom et prénom(s)" if is_person else "Raison sociale", data.name),
        ("Type", data.kind),
    ]
    if is_person:
        identity_rows.append(("Sexe", data.sex))
    identity_rows += [
        ("Pièce d’identité", data.identity),
        ("Date d’enregistrement", format_date(data.created_on, locale) if data.created_on else ""),
        ("Rôle(s)", "\n".join(data.roles)),
    ]
    contact_rows: list[tuple[str, object]] = [
        ("Village / secteur", data.village),
        ("Commune", data.commune),
        ("Province", data.province),
        ("Téléphone", "\n".join(data.phones)),
    ]
    business_rows: list[tuple[str, object]] = [
        ("IFU", data.tax_id),
        ("RCCM", data.rccm),
        ("Carte de commerçant", data.trader_card),
        ("Plafond de crédit", credit),
    ]
    story: list[Flowable] = [
        section_heading("Identité"),
        key_value_table(identity_rows, columns=2, label_width=LABEL_WIDTH),
        section_heading("Localisation et contacts"),
        key_value_table(contact_rows, columns=2, label_width=LABEL_WIDTH),
        section_heading("Informations commerciales et fiscales"),
        key_value_table(business_rows, columns=2, label_width=LABEL_WIDTH),
        section_heading("Organisations d’appartenance"),
        para("\n".join(f"• {name}" for name in data.organisations) if data.organisations else "Aucune"),
        section_heading("Observations"),
        para(data.notes or "—"),
    ]
    if is_person:
        statement = f"Je soussigné(e), {data.name}, certifie"
        signer = SignatureSlot("Signature du tiers", data.name)
    else:
        statement = f"Le (la) soussigné(e), représentant(e) de l’organisation {data.name}, certifie"
        signer = SignatureSlot("Signature du représentant", "Nom, qualité et signature")
    # The certification and the signatures under it stay on the same page.
    story.append(
        signature_block(
            [
                signer,
                SignatureSlot("Empreinte digitale", "(à défaut de signature)", thumbprint=True),
                SignatureSlot("Pour le centre", "Nom, signature et cachet"),
            ],
            before=made_at(letterhead, printed_at),
            lead=[
                section_heading("Certification"),
                para(f"{statement} l’exactitude des informations ci-dessus et autorise le centre à les enregistrer."),
            ],
        )
    )
    return story


def render_party_sheet(data: PartySheetData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The fiche as PDF bytes (A4); identical input gives identical bytes."""
    return render(
        DOC_TITLE,
        data.code,
        letterhead,
        _story(data, letterhead, printed_at),
        printed_at=printed_at,
        subtitle=f"{data.name} – {data.code}",
    )
