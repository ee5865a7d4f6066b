"""Tiers: people and organisations with roles; never deleted once they have history."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import Action
from centre_app.domain.text import search_key, tidy
from centre_app.models.base import Base
from centre_app.models.parties import Membership, Organisation, Party, PartyRole
from centre_app.services.context import now, require
from centre_app.services.session_cache import held

ROLES: dict[str, str] = {
    "producteur": "Producteur / éleveur",
    "acheteur": "Acheteur / commerçant",
    "fournisseur": "Fournisseur",
    "op": "Organisation de producteurs",
    "partenaire": "Partenaire",
}
ID_TYPES: dict[str, str] = {
    "CNIB": "CNIB",
    "NINA": "NINA",
    "electeur": "Carte d'électeur",
    "passeport": "Passeport",
    "consulaire": "Carte consulaire",
    "autre": "Autre pièce",
}
_PHONE = re.compile(r"^\+?[0-9 .-]{6,20}$")


@dataclass(frozen=True)
class PartyInput:
    """What a form or an import provides to create or change a party."""

    name: str
    kind: str = "personne"
    roles: tuple[str, ...] = ("producteur",)
    sex: str | None = None
    village: str = ""
    commune: str = ""
    province: str = ""
    phone: str = ""
    phone2: str = ""
    id_type: str | None = None
    id_number: str | None = None
    tax_id: str = ""
    rccm: str = ""
    trader_card: str = ""
    credit_limit: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class PartyRow:
    id: int
    code: str
    name: str
    kind: str
    roles: tuple[str, ...]
    village: str
    commune: str
    phone: str
    identity: str
    active: bool


@dataclass(frozen=True)
class PartyDetail:
    id: int
    code: str
    data: PartyInput
    active: bool
    created_at: datetime
    organisations: tuple[str, ...] = field(default=())


def clean_input(data: PartyInput) -> PartyInput:
    """Normalise and validate; raises a DomainError naming the first faulty field."""
    name = tidy(data.name)
    if not name:
        raise DomainError("field.required", field="Nom / raison sociale")
    if len(name) > 200:
        raise DomainError("field.too_long", field="Nom / raison sociale", max=200)
    if data.kind not in ("personne", "organisation"):
        raise DomainError("field.invalid", field="Type", value=data.kind)
    roles = tuple(dict.fromkeys(data.roles))
    if not roles:
        raise DomainError("field.required", field="Rôle")
    for role in roles:
        if role not in ROLES:
            raise DomainError("party.bad_role", role=role)
    sex = (data.sex or "").strip().upper() or None
    if sex is not None:
        if data.kind != "personne":
            raise DomainError("party.sex_for_person_only")
        if sex not in ("F", "M"):
            raise DomainError("party.bad_sex")
    for phone in (data.phone, data.phone2):
        if phone.strip() and not _PHONE.match(phone.strip()):
            raise DomainError("party.bad_phone", phone=phone)
    id_number = tidy(data.id_number).upper() or None
    id_type = data.id_type or None
    if id_number and not id_type:
        raise DomainError("party.id_number_without_type")
    if id_type and id_type not in ID_TYPES:
        raise DomainError("party.bad_id_type", id_type=id_type)
    if not id_number:
        id_type = None
    if data.credit_limit is not None and (
        isinstance(data.credit_limit, bool) or not isinstance(data.credit_limit, int) or data.credit_limit < 0
    ):
        raise DomainError("money.negative", value=data.credit_limit)
    return replace(
        data,
        name=name,
        roles=roles,
        sex=sex,
        village=tidy(data.village),
        commune=tidy(data.commune),
        province=tidy(data.province),
        phone=data.phone.strip(),
        phone2=data.phone2.strip(),
        id_type=id_type,
        id_number=id_number,
        tax_id=tidy(data.tax_id),
        rccm=tidy(data.rccm),
        trader_card=tidy(data.trader_card),
        notes=data.notes.strip(),
    )


_SAME_IDENTITY = select(Party.name, Party.code).where(
    Party.id_type == bindparam("t"), Party.id_number == bindparam("n"), Party.id != bindparam("id")
)
_LAST_ID = select(func.max(Party.id))
_CODE_TAKEN = select(Party.id).where(Party.code == bindparam("code"))


def _check_identity_unique(session: Session, data: PartyInput, party_id: int | None) -> None:
    if not data.id_number:
        return
    other = session.execute(_SAME_IDENTITY, {"t": data.id_type, "n": data.id_number, "id": party_id or -1}).first()
    if other is not None:
        raise DomainError(
            "party.duplicate_identity",
            id_type=ID_TYPES[data.id_type or "autre"],
            id_number=data.id_number,
            other=other.name,
            code=other.code,
        )


def _next_code(session: Session) -> str:
    last = session.scalar(_LAST_ID) or 0
    code = f"T-{last + 1:05d}"
    while session.scalar(_CODE_TAKEN, {"code": code}) is not None:
        last += 1
        code = f"T-{last + 1:05d}"
    return code


def _apply(party: Party, data: PartyInput) -> None:
    for name in (
        "name", "kind", "sex", "village", "commune", "province", "phone", "phone2", "id_type", "id_number",
        "tax_id", "rccm", "trader_card", "credit_limit", "notes",
    ):  # fmt: skip
        setattr(party, name, getattr(data, name))
    party.search_text = search_key(data.name, party.code, data.phone, data.village, data.id_number)
    current = {r.role for r in party.roles}
    wanted = set(data.roles)
    for r in list(party.roles):
        if r.role not in wanted:
            party.roles.remove(r)
    for role in data.roles:
        if role not in current:
            party.roles.append(PartyRole(role=role))


def create_party(session: Session, data: PartyInput) -> PartyRow:
    require(session, Action.EDIT_MASTER_DATA)
    data = clean_input(data)
    _check_identity_unique(session, data, None)
    party = Party(code=_next_code(session), created_at=now(session), active=True, roles=[])
    _apply(party, data)
    session.add(party)
    session.flush()
    return _row(party)


def update_party(session: Session, party_id: int, data: PartyInput) -> PartyRow:
    require(session, Action.EDIT_MASTER_DATA)
    party = _get(session, party_id)
    data = clean_input(data)
    if party.kind != data.kind:
        raise DomainError("field.invalid", field="Type", value=data.kind)
    _check_identity_unique(session, data, party_id)
    _apply(party, data)
    session.flush()
    return _row(party)


def set_party_active(session: Session, party_id: int, active: bool) -> None:
    require(session, Action.EDIT_MASTER_DATA)
    _get(session, party_id).active = active
    session.flush()


def history_of(session: Session, party_id: int) -> list[str]:
    """What refers to this party (tables with a foreign key to it), in French, for the refusal message."""
    owned = {(PartyRole.__tablename__, "party_id"), (Organisation.__tablename__, "party_id")}
    found: list[str] = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name != Party.__tablename__ or (table.name, fk.parent.name) in owned:
                continue
            n = session.scalar(select(func.count()).select_from(table).where(fk.parent == party_id))
            if n:
                found.append(f"{table.name}: {n}")
    members = session.scalar(select(func.count()).select_from(Membership).where(Membership.organisation_id == party_id))
    if members:
        found.append(f"membres: {members}")
    return found


def delete_party(session: Session, party_id: int) -> None:
    """Only a party entered by mistake, with no history, may be deleted; others are deactivated."""
    require(session, Action.EDIT_MASTER_DATA)
    party = _get(session, party_id)
    history = history_of(session, party_id)
    if history:
        raise DomainError("party.has_history", name=party.name, what=", ".join(history))
    org = session.get(Organisation, party_id)
    if org is not None:
        session.delete(org)
        session.flush()
    session.delete(party)
    session.flush()


def _get(session: Session, party_id: int) -> Party:
    party = held(session, Party, party_id)
    if party is None:
        raise DomainError("not_found", entity="Tiers", key=party_id)
    return party


def _identity_label(p: Party) -> str:
    if not p.id_number:
        return ""
    return f"{ID_TYPES.get(p.id_type or 'autre', p.id_type)} {p.id_number}"


def _row(p: Party) -> PartyRow:
    roles = tuple(sorted(r.role for r in p.roles))
    return PartyRow(p.id, p.code, p.name, p.kind, roles, p.village, p.commune, p.phone, _identity_label(p), p.active)


def _filter(search: str, role: str | None, active_only: bool) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    for word in search_key(search).split():
        conds.append(Party.search_text.contains(word, autoescape=True))
    if role:
        conds.append(Party.roles.any(PartyRole.role == role))
    if active_only:
        conds.append(Party.active.is_(True))
    return conds


def _query(search: str, role: str | None, active_only: bool) -> Select[tuple[Party]]:
    return select(Party).where(and_(True, *_filter(search, role, active_only)))


def list_parties(
    session: Session,
    search: str = "",
    role: str | None = None,
    active_only: bool = False,
    offset: int = 0,
    limit: int | None = None,
    order: str = "name",
) -> list[PartyRow]:
    descending = order.startswith("-")
    col = {"name": Party.name, "code": Party.code, "village": Party.village}.get(order.lstrip("-"), Party.name)
    stmt = _query(search, role, active_only).order_by(col.desc() if descending else col, Party.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_row(p) for p in session.scalars(stmt)]


def count_parties(session: Session, search: str = "", role: str | None = None, active_only: bool = False) -> int:
    stmt = select(func.count()).select_from(Party).where(and_(True, *_filter(search, role, active_only)))
    return session.scalar(stmt) or 0


def get_party(session: Session, party_id: int) -> PartyDetail:
    p = _get(session, party_id)
    data = PartyInput(
        name=p.name, kind=p.kind, roles=tuple(sorted(r.role for r in p.roles)), sex=p.sex, village=p.village,
        commune=p.commune, province=p.province, phone=p.phone, phone2=p.phone2, id_type=p.id_type,
        id_number=p.id_number, tax_id=p.tax_id, rccm=p.rccm, trader_card=p.trader_card,
        credit_limit=p.credit_limit, notes=p.notes,
    )  # fmt: skip
    orgs = session.scalars(
        select(Party.name)
        .join(Membership, Membership.organisation_id == Party.id)
        .where(Membership.member_id == party_id)
        .order_by(Party.name)
    )
    return PartyDetail(p.id, p.code, data, p.active, p.created_at, tuple(orgs))
