"""Printouts of master data: reads the services' DTOs in the caller's session, hands frozen data to printing.

Each ``*_pdf`` function checks the right to read, loads what the document needs in the one session
it is given, and returns PDF bytes; the print date is the services' clock (``now``), so a test
that pins ``session.info["now"]`` gets the same bytes every time.
"""

from __future__ import annotations

import base64
import binascii

from sqlalchemy.orm import Session

from centre_app.domain.permissions import Action
from centre_app.domain.text import search_key
from centre_app.printing.base import Letterhead
from centre_app.printing.members_list import MemberLine, MembersListData, render_members_list
from centre_app.printing.party_sheet import PartySheetData, render_party_sheet
from centre_app.services.context import now, require
from centre_app.services.organisations import OFFICES, MemberRow, get_organisation
from centre_app.services.parties import ID_TYPES, ROLES, get_party
from centre_app.services.settings import get_settings

__all__ = [
    "letterhead",
    "members_list_data",
    "members_list_pdf",
    "party_sheet_data",
    "party_sheet_pdf",
]

KIND_LABELS = {"personne": "Personne physique", "organisation": "Organisation"}
SEX_LABELS = {"F": "Féminin", "M": "Masculin"}


def _logo_bytes(encoded: str) -> bytes | None:
    if not encoded:
        return None
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None  # a damaged setting must not stop the printout: print without the logo


def letterhead(session: Session) -> Letterhead:
    """The centre's letterhead, from the settings."""
    cs = get_settings(session)
    return Letterhead(
        name=cs.name,
        acronym=cs.acronym,
        legal_form=cs.legal_form,
        registration=cs.registration,
        address=cs.address,
        po_box=cs.po_box,
        phone=cs.phone,
        email=cs.email,
        tax_id=cs.tax_id,
        rccm=cs.rccm,
        town=cs.town,
        logo_png=_logo_bytes(cs.logo_png_b64),
        locale=cs.locale,
        currency=cs.currency,
    )


def party_sheet_data(session: Session, party_id: int) -> PartySheetData:
    detail = get_party(session, party_id)
    d = detail.data
    identity = f"{ID_TYPES.get(d.id_type or 'autre', d.id_type or '')} n° {d.id_number}" if d.id_number else ""
    return PartySheetData(
        code=detail.code,
        name=d.name,
        kind=KIND_LABELS.get(d.kind, d.kind),
        roles=tuple(ROLES.get(r, r) for r in d.roles),
        sex=SEX_LABELS.get(d.sex or "", ""),
        village=d.village,
        commune=d.commune,
        province=d.province,
        phones=tuple(p for p in (d.phone, d.phone2) if p),
        identity=identity,
        tax_id=d.tax_id,
        rccm=d.rccm,
        trader_card=d.trader_card,
        credit_limit=d.credit_limit,
        notes=d.notes,
        organisations=detail.organisations,
        active=detail.active,
        created_on=detail.created_at.date(),
    )


def party_sheet_pdf(session: Session, party_id: int) -> bytes:
    """The « Fiche tiers » of one party, as PDF bytes."""
    require(session, Action.READ)
    return render_party_sheet(party_sheet_data(session, party_id), letterhead(session), now(session))


# « président(e) » → « president »: what an office typed as « Présidente » or « président » starts with.
_OFFICE_STEMS = tuple(search_key(office).split("(")[0] for office in OFFICES)


def _list_order(member: MemberRow) -> tuple[int, str, int]:
    """Bureau first in the order of OFFICES (président(e) at the top), then everyone by name, accents ignored."""
    office = search_key(member.office)
    if not office:
        rank = len(_OFFICE_STEMS) + 1
    else:
        rank = next((i for i, stem in enumerate(_OFFICE_STEMS) if office.startswith(stem)), len(_OFFICE_STEMS))
    return rank, search_key(member.name), member.member_id


def members_list_data(session: Session, organisation_id: int) -> MembersListData:
    org = get_organisation(session, organisation_id)
    return MembersListData(
        name=org.name,
        code=org.code,
        legal_form=org.legal_form_label,
        registration_number=org.registration_number,
        founded_on=org.founded_on,
        seat=org.seat,
        legal_rep=org.legal_rep,
        parent=org.parent,
        members=tuple(
            MemberLine(
                number=index,
                name=m.name,
                sex=m.sex or "",
                village=m.village,
                office=m.office,
                joined_on=m.joined_on,
            )
            for index, m in enumerate(sorted(org.members, key=_list_order), start=1)
        ),
    )


def members_list_pdf(session: Session, organisation_id: int) -> bytes:
    """The « Liste des membres » of an OP (bureau first, président(e) at the top, then by name), as PDF bytes."""
    require(session, Action.READ)
    return render_members_list(members_list_data(session, organisation_id), letterhead(session), now(session))
