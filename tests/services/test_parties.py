"""Tiers and OP: validation, unique identity numbers, no deletion once there is history, nesting."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.models.parties import Party
from centre_app.models.system import AuditEntry
from centre_app.services import organisations, parties
from centre_app.services.context import Actor, PermissionDenied
from centre_app.services.organisations import OrganisationInput
from centre_app.services.parties import PartyInput

AISSATA = PartyInput(
    name="  DICKO   Aïssata ", sex="f", village="Mentao", commune="Djibo", province="Soum",
    phone="+226 70 12 34 56", id_type="CNIB", id_number="b12345678", credit_limit=250_000,
)  # fmt: skip


def test_create_normalises_and_searches_without_accents(db: Database, clerk: Actor) -> None:
    with db.transaction(clerk) as s:
        row = parties.create_party(s, AISSATA)
    assert row.name == "DICKO Aïssata"
    assert row.code.startswith("T-")
    with db.reading(clerk) as s:
        assert [p.id for p in parties.list_parties(s, "aissata")] == [row.id]
        assert [p.id for p in parties.list_parties(s, "DICKO mentao")] == [row.id]
        assert parties.count_parties(s, "zzz") == 0
        detail = parties.get_party(s, row.id)
    assert detail.data.sex == "F"
    assert detail.data.id_number == "B12345678"


def test_duplicate_identity_number_refused(db: Database, clerk: Actor) -> None:
    with db.transaction(clerk) as s:
        parties.create_party(s, AISSATA)
    with pytest.raises(DomainError) as err, db.transaction(clerk) as s:
        parties.create_party(s, replace(AISSATA, name="Autre Personne", id_number="B12345678"))
    assert err.value.code == "party.duplicate_identity"
    assert "DICKO Aïssata" in message(err.value)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Party).where(Party.name == "Autre Personne")) == 0


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"name": "   "}, "field.required"),
        ({"roles": ()}, "field.required"),
        ({"roles": ("sorcier",)}, "party.bad_role"),
        ({"sex": "X"}, "party.bad_sex"),
        ({"phone": "appelle-moi"}, "party.bad_phone"),
        ({"id_type": None}, "party.id_number_without_type"),
        ({"credit_limit": -5}, "money.negative"),
        ({"kind": "organisation"}, "party.sex_for_person_only"),
    ],
)
def test_refusals_save_nothing(db: Database, clerk: Actor, change: dict, code: str) -> None:
    with db.reading() as s:
        before = s.scalar(select(func.count()).select_from(Party))
    with pytest.raises(DomainError) as err, db.transaction(clerk) as s:
        parties.create_party(s, replace(AISSATA, **change))
    assert err.value.code == code
    assert message(err.value)[0].isupper()
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Party)) == before


def _op_with_member(db: Database, clerk: Actor) -> tuple[int, int]:
    with db.transaction(clerk) as s:
        member = parties.create_party(s, AISSATA).id
        op = organisations.create_organisation(
            s, PartyInput(name="Groupement Benkadi de Djibo", roles=("op",)), OrganisationInput("groupement")
        ).id
        organisations.add_member(s, op, member, date(2024, 3, 1), "présidente")
    return op, member


def test_party_with_history_cannot_be_deleted_but_can_be_deactivated(db: Database, clerk: Actor) -> None:
    op, member = _op_with_member(db, clerk)
    for target in (member, op):
        with pytest.raises(DomainError) as err, db.transaction(clerk) as s:
            parties.delete_party(s, target)
        assert err.value.code == "party.has_history"
        assert "Désactivez-le" in message(err.value)
    with db.transaction(clerk) as s:
        parties.set_party_active(s, member, False)
    with db.reading() as s:
        assert not parties.get_party(s, member).active
        assert [p.id for p in parties.list_parties(s, "aissata", active_only=True)] == []


def test_party_entered_by_mistake_can_be_deleted_and_it_is_audited(db: Database, clerk: Actor) -> None:
    with db.transaction(clerk) as s:
        pid = parties.create_party(s, replace(AISSATA, id_number=None, id_type=None)).id
    with db.transaction(clerk) as s:
        parties.delete_party(s, pid)
    with db.reading() as s:
        assert s.get(Party, pid) is None
        actions = list(
            s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "parties", AuditEntry.entity_id == str(pid)))
        )
    assert actions == ["insert", "delete"]


def test_update_is_audited_with_before_and_after(db: Database, clerk: Actor) -> None:
    with db.transaction(clerk) as s:
        pid = parties.create_party(s, AISSATA).id
    with db.transaction(clerk) as s:
        parties.update_party(s, pid, replace(AISSATA, village="Lörgo"))
    with db.reading() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "parties", AuditEntry.action == "update")).one()
    assert entry.username == "caisse"
    assert '"village": "Mentao"' in entry.before
    assert '"village": "Lörgo"' in entry.after


def test_accountant_cannot_edit_master_data(db: Database, accountant: Actor) -> None:
    with pytest.raises(PermissionDenied), db.transaction(accountant) as s:
        parties.create_party(s, AISSATA)


def test_organisation_members_bureau_and_nesting(db: Database, clerk: Actor) -> None:
    op, member = _op_with_member(db, clerk)
    with db.transaction(clerk) as s:
        union = organisations.create_organisation(
            s, PartyInput(name="Union des groupements de Djibo", roles=("op",)), OrganisationInput("union")
        ).id
        organisations.update_organisation(s, op, OrganisationInput("groupement", parent_id=union))
        with pytest.raises(DomainError) as err:
            organisations.update_organisation(s, union, OrganisationInput("union", parent_id=op))
        assert err.value.code == "org.cycle"
        with pytest.raises(DomainError) as err:
            organisations.add_member(s, op, member)
        assert err.value.code == "org.already_member"
        with pytest.raises(DomainError) as err:
            organisations.add_member(s, op, op)
        assert err.value.code == "org.member_is_self"
    with db.reading() as s:
        detail = organisations.get_organisation(s, op)
        assert detail.parent == "Union des groupements de Djibo"
        assert [(m.name, m.office) for m in detail.members] == [("DICKO Aïssata", "présidente")]
        assert organisations.get_organisation(s, union).children == ("Groupement Benkadi de Djibo",)
        assert parties.get_party(s, member).organisations == ("Groupement Benkadi de Djibo",)


def test_bad_legal_form(db: Database, clerk: Actor) -> None:
    with pytest.raises(DomainError) as err, db.transaction(clerk) as s:
        organisations.create_organisation(s, PartyInput(name="X", roles=("op",)), OrganisationInput("secte"))
    assert err.value.code == "org.bad_legal_form"
