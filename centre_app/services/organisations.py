"""Organisations de producteurs: legal form, bureau, members, nesting (groupe → groupement → union)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import ColumnElement, and_, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import Action
from centre_app.domain.text import search_key, tidy
from centre_app.models.parties import Membership, Organisation, Party
from centre_app.services.context import require
from centre_app.services.parties import PartyInput, PartyRow, create_party, update_party
from centre_app.services.session_cache import held

LEGAL_FORMS: dict[str, str] = {
    "groupe_confiance": "Groupe de confiance",
    "groupement": "Groupement",
    "association": "Association",
    "scoops": "SCOOPS (société coopérative simplifiée)",
    "scoop_ca": "SCOOP-CA (coopérative avec conseil d'administration)",
    "union": "Union",
    "federation": "Fédération",
}
OFFICES = (
    "président(e)",
    "vice-président(e)",
    "secrétaire",
    "trésorier(ère)",
    "commissaire aux comptes",
    "conseiller(ère)",
)


@dataclass(frozen=True)
class OrganisationInput:
    legal_form: str
    registration_number: str = ""
    founded_on: date | None = None
    seat: str = ""
    legal_rep_id: int | None = None
    parent_id: int | None = None


@dataclass(frozen=True)
class MemberRow:
    membership_id: int
    member_id: int
    code: str
    name: str
    sex: str | None
    village: str
    joined_on: date | None
    office: str


@dataclass(frozen=True)
class MemberInput:
    """One line of an OP's members list as a form gives it to :func:`save_organisation`."""

    member_id: int
    office: str = ""
    joined_on: date | None = None


@dataclass(frozen=True)
class OrganisationLink:
    """Another OP in the nesting (parent union, child groupements)."""

    party_id: int
    code: str
    name: str
    legal_form_label: str


@dataclass(frozen=True)
class OrganisationRow:
    id: int
    code: str
    name: str
    legal_form: str  # French label
    commune: str
    phone: str
    members: int
    parent: str  # name of the union / parent OP
    active: bool


@dataclass(frozen=True)
class OrganisationDetail:
    party_id: int
    code: str
    name: str
    legal_form: str
    legal_form_label: str
    registration_number: str
    founded_on: date | None
    seat: str
    legal_rep: str
    parent: str
    children: tuple[str, ...]
    members: tuple[MemberRow, ...]
    legal_rep_id: int | None = None
    parent_id: int | None = None
    ancestors: tuple[OrganisationLink, ...] = ()  # parent first, then its parent…
    child_orgs: tuple[OrganisationLink, ...] = ()


_MEMBERSHIP = select(Membership.id).where(
    Membership.organisation_id == bindparam("o"), Membership.member_id == bindparam("m")
)


def _org(session: Session, party_id: int) -> Organisation:
    org = held(session, Organisation, party_id)
    if org is None:
        party = session.get(Party, party_id)
        raise DomainError("org.not_an_organisation", name=party.name if party else party_id)
    return org


def _check_input(session: Session, data: OrganisationInput, self_id: int | None) -> None:
    if data.legal_form not in LEGAL_FORMS:
        raise DomainError("org.bad_legal_form", legal_form=data.legal_form)
    if data.parent_id is not None:
        parent = _org(session, data.parent_id)
        if self_id is not None:
            # Walk up from the new parent: meeting ourselves would close a loop.
            cursor: Organisation | None = parent
            while cursor is not None:
                if cursor.party_id == self_id:
                    child = session.get(Party, self_id)
                    top = session.get(Party, data.parent_id)
                    raise DomainError("org.cycle", child=child.name if child else "", parent=top.name if top else "")
                cursor = session.get(Organisation, cursor.parent_id) if cursor.parent_id else None
    if data.legal_rep_id is not None and session.get(Party, data.legal_rep_id) is None:
        raise DomainError("not_found", entity="Représentant légal", key=data.legal_rep_id)


def create_organisation(session: Session, party: PartyInput, data: OrganisationInput) -> PartyRow:
    require(session, Action.EDIT_MASTER_DATA)
    _check_input(session, data, None)
    roles = tuple(dict.fromkeys(("op", *party.roles)))
    row = create_party(session, replace(party, kind="organisation", roles=roles))
    session.add(
        Organisation(
            party_id=row.id,
            legal_form=data.legal_form,
            registration_number=tidy(data.registration_number),
            founded_on=data.founded_on,
            seat=tidy(data.seat),
            legal_rep_id=data.legal_rep_id,
            parent_id=data.parent_id,
        )
    )
    session.flush()
    return row


def update_organisation(session: Session, party_id: int, data: OrganisationInput) -> None:
    require(session, Action.EDIT_MASTER_DATA)
    org = _org(session, party_id)
    _check_input(session, data, party_id)
    org.legal_form = data.legal_form
    org.registration_number = tidy(data.registration_number)
    org.founded_on = data.founded_on
    org.seat = tidy(data.seat)
    org.legal_rep_id = data.legal_rep_id
    org.parent_id = data.parent_id
    session.flush()


def add_member(
    session: Session, organisation_id: int, member_id: int, joined_on: date | None = None, office: str = ""
) -> int:
    require(session, Action.EDIT_MASTER_DATA)
    org = _org(session, organisation_id)
    if member_id == organisation_id:
        raise DomainError("org.member_is_self")
    member = held(session, Party, member_id)
    if member is None:
        raise DomainError("not_found", entity="Tiers", key=member_id)
    exists = session.scalar(_MEMBERSHIP, {"o": org.party_id, "m": member_id})
    if exists is not None:
        org_party = session.get(Party, organisation_id)
        raise DomainError("org.already_member", member=member.name, organisation=org_party.name if org_party else "")
    m = Membership(organisation_id=org.party_id, member_id=member_id, joined_on=joined_on, office=tidy(office))
    session.add(m)
    session.flush()
    return m.id


def set_member_office(session: Session, membership_id: int, office: str) -> None:
    require(session, Action.EDIT_MASTER_DATA)
    m = session.get(Membership, membership_id)
    if m is None:
        raise DomainError("not_found", entity="Adhésion", key=membership_id)
    m.office = tidy(office)
    session.flush()


def remove_member(session: Session, membership_id: int) -> None:
    require(session, Action.EDIT_MASTER_DATA)
    m = session.get(Membership, membership_id)
    if m is None:
        raise DomainError("not_found", entity="Adhésion", key=membership_id)
    session.delete(m)
    session.flush()


def get_organisation(session: Session, party_id: int) -> OrganisationDetail:
    org = _org(session, party_id)
    party = session.get(Party, party_id)
    assert party is not None
    rep = session.get(Party, org.legal_rep_id) if org.legal_rep_id else None
    parent = session.get(Party, org.parent_id) if org.parent_id else None
    children = session.scalars(
        select(Party.name)
        .join(Organisation, Organisation.party_id == Party.id)
        .where(Organisation.parent_id == party_id)
    )
    rows = session.execute(
        select(Membership, Party)
        .join(Party, Party.id == Membership.member_id)
        .where(Membership.organisation_id == party_id)
        .order_by(Membership.office == "", Party.name)
    )
    members = tuple(MemberRow(m.id, p.id, p.code, p.name, p.sex, p.village, m.joined_on, m.office) for m, p in rows)
    return OrganisationDetail(
        party_id=party_id,
        code=party.code,
        name=party.name,
        legal_form=org.legal_form,
        legal_form_label=LEGAL_FORMS[org.legal_form],
        registration_number=org.registration_number,
        founded_on=org.founded_on,
        seat=org.seat,
        legal_rep=rep.name if rep else "",
        parent=parent.name if parent else "",
        children=tuple(sorted(children)),
        members=members,
        legal_rep_id=org.legal_rep_id,
        parent_id=org.parent_id,
        ancestors=_ancestors(session, org),
        child_orgs=tuple(_links(session, Organisation.parent_id == party_id)),
    )


def _links(session: Session, where: ColumnElement[bool]) -> list[OrganisationLink]:
    rows = session.execute(
        select(Party.id, Party.code, Party.name, Organisation.legal_form)
        .join(Organisation, Organisation.party_id == Party.id)
        .where(where)
        .order_by(Party.name)
    )
    return [OrganisationLink(i, c, n, LEGAL_FORMS.get(f, f)) for i, c, n, f in rows]


def _ancestors(session: Session, org: Organisation) -> tuple[OrganisationLink, ...]:
    out: list[OrganisationLink] = []
    seen = {org.party_id}
    parent_id = org.parent_id
    while parent_id is not None and parent_id not in seen:  # the service refuses loops; stay safe anyway
        seen.add(parent_id)
        out += _links(session, Organisation.party_id == parent_id)
        parent = session.get(Organisation, parent_id)
        parent_id = parent.parent_id if parent else None
    return tuple(out)


def is_organisation(session: Session, party_id: int) -> bool:
    """Whether the party has its OP record (legal form, members), so screens open the right form."""
    return session.get(Organisation, party_id) is not None


def save_organisation(
    session: Session,
    party_id: int | None,
    party: PartyInput,
    data: OrganisationInput,
    members: Sequence[MemberInput] | None = None,
) -> PartyRow:
    """Create (``party_id`` None) or update an OP in one go: its party fields, its legal facts and, when
    ``members`` is given, its whole members list (absent members removed, offices and dates updated)."""
    require(session, Action.EDIT_MASTER_DATA)
    party = replace(party, kind="organisation", roles=tuple(dict.fromkeys(("op", *party.roles))))
    if party_id is None:
        row = create_organisation(session, party, data)
    else:
        _org(session, party_id)
        update_organisation(session, party_id, data)
        row = update_party(session, party_id, party)
    if members is not None:
        _replace_members(session, row.id, members)
    return row


def _replace_members(session: Session, organisation_id: int, members: Sequence[MemberInput]) -> None:
    current = {
        m.member_id: m for m in session.scalars(select(Membership).where(Membership.organisation_id == organisation_id))
    }
    wanted = {m.member_id for m in members}
    for member_id, membership in current.items():
        if member_id not in wanted:
            remove_member(session, membership.id)
    seen: set[int] = set()
    for line in members:
        existing = current.get(line.member_id)
        if existing is None or line.member_id in seen:
            add_member(session, organisation_id, line.member_id, line.joined_on, line.office)
        else:
            if existing.office != tidy(line.office):
                set_member_office(session, existing.id, line.office)
            existing.joined_on = line.joined_on
        seen.add(line.member_id)
    session.flush()


def list_organisations(session: Session) -> list[tuple[int, str, str]]:
    rows = session.execute(
        select(Party.id, Party.name, Organisation.legal_form)
        .join(Organisation, Organisation.party_id == Party.id)
        .order_by(Party.name)
    )
    return [(i, n, LEGAL_FORMS[f]) for i, n, f in rows]


def _row_filter(search: str, active_only: bool) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [
        Party.search_text.contains(w, autoescape=True) for w in search_key(search).split()
    ]
    if active_only:
        conds.append(Party.active.is_(True))
    return conds


def list_organisation_rows(
    session: Session,
    search: str = "",
    offset: int = 0,
    limit: int | None = None,
    order: str = "name",
    active_only: bool = False,
) -> list[OrganisationRow]:
    """The OP list screen: one row per OP with its members count and its union, searched and ordered in SQL."""
    counts = (
        select(Membership.organisation_id.label("org_id"), func.count().label("n"))
        .group_by(Membership.organisation_id)
        .subquery()
    )
    parent = aliased(Party)
    members = func.coalesce(counts.c.n, 0)
    columns = {
        "name": Party.name,
        "code": Party.code,
        "legal_form": Organisation.legal_form,
        "commune": Party.commune,
        "members": members,
        "parent": parent.name,
    }
    descending = order.startswith("-")
    col = columns.get(order.lstrip("-"), Party.name)
    stmt = (
        select(Party, Organisation.legal_form, members, parent.name)
        .join(Organisation, Organisation.party_id == Party.id)
        .outerjoin(counts, counts.c.org_id == Party.id)
        .outerjoin(parent, parent.id == Organisation.parent_id)
        .where(and_(True, *_row_filter(search, active_only)))
        .order_by(col.desc() if descending else col, Party.id)
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        OrganisationRow(p.id, p.code, p.name, LEGAL_FORMS.get(f, f), p.commune, p.phone, n, pn or "", p.active)
        for p, f, n, pn in session.execute(stmt)
    ]


def count_organisations(session: Session, search: str = "", active_only: bool = False) -> int:
    stmt = (
        select(func.count())
        .select_from(Party)
        .join(Organisation, Organisation.party_id == Party.id)
        .where(and_(True, *_row_filter(search, active_only)))
    )
    return session.scalar(stmt) or 0
