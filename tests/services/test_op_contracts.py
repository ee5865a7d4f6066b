"""OP contracts: drafts, signing (number, dues, frozen text, chain), each transition and its refusals,
states given by the dates and the caisse, schedule lateness, avenants numbered under their contract."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.models.system import EventEntry, NumberSeries
from centre_app.services import dues, integrity, payments
from centre_app.services import op_contract_drafts as drafts
from centre_app.services import op_contract_follow as follow
from centre_app.services import op_contracts as workflow
from centre_app.services.context import Actor, PermissionDenied
from centre_app.services.op_contract_drafts import AmendmentDraft, ScheduleInput
from centre_app.services.op_contract_queries import get_contract
from centre_app.services.op_contract_workflow import TransitionRefused, refresh_states
from centre_app.services.payments import PaymentDraft
from centre_app.services.workspace import Workspace
from tests.services.op_contract_helpers import SIGNED_ON, at, draft, make_op, tx


@pytest.fixture
def op(db: Database, clerk: Actor) -> int:
    return make_op(db, clerk)


def _signed(db: Database, clerk: Actor, manager: Actor, op: int, **changes: object) -> int:
    with tx(db, clerk) as s:
        cid = drafts.create_contract(s, draft(op, **changes)).id
    with tx(db, manager) as s:
        workflow.sign_contract(s, cid)
    return cid


def _events(db: Database, kind: str) -> list[str]:
    with db.reading() as s:
        return list(s.scalars(select(EventEntry.detail).where(EventEntry.kind == kind).order_by(EventEntry.seq)))


def _pay(s, op: int, due_id: int, amount: int, day: date) -> str:
    return payments.record_payment(
        s, PaymentDraft("REC", amount, "especes", "Règlement contrat", party_id=op, allocations=((due_id, amount),),
                        business_date=day),
    ).number  # fmt: skip


def test_a_draft_is_free_and_has_no_number(db: Database, clerk: Actor, op: int) -> None:
    with tx(db, clerk) as s:
        doc = drafts.create_contract(s, draft(op))
        assert (doc.state, doc.number, doc.hash) == ("brouillon", f"brouillon n° {doc.id}", "")
        assert doc.actions == ("edit", "sign")
        assert [x.due_id for x in doc.schedule] == [None, None, None]
        assert dues.list_dues(s, op) == []
        doc = drafts.update_contract(s, doc.id, draft(op, object="appui-conseil", planned_amount=0, advance=0,
                                                      schedule=()))  # fmt: skip
        assert doc.row.object == "appui-conseil" and doc.schedule == ()
        drafts.delete_draft(s, doc.id)
        with pytest.raises(DomainError) as err:
            get_contract(s, doc.id)
        assert err.value.code == "op_contract.not_found"


def test_draft_refusals_are_french_and_save_nothing(db: Database, clerk: Actor, op: int) -> None:
    cases = [
        (draft(op, end_date=date(2026, 3, 1)), "op_contract.end_before_effect"),
        (draft(op, service_type="location"), "op_contract.bad_type"),
        (draft(op, object="  "), "field.required"),
        (draft(op, advance=700_000), "op_contract.advance_above_amount"),
        (draft(op, copies=1), "op_contract.bad_copies"),
        (draft(op, schedule=(ScheduleInput(date(2026, 5, 1), 0),)), "money.not_positive"),
        (draft(op, obligations=(drafts.ObligationInput("op", "Livrer", date(2028, 1, 1)),)), "op_obligation.after_end"),
    ]
    for data, code in cases:
        with pytest.raises(DomainError) as err, tx(db, clerk) as s:
            drafts.create_contract(s, data)
        assert err.value.code == code
        assert "{" not in message(err.value)
    with db.reading() as s:
        assert s.scalar(text("SELECT count(*) FROM op_contracts")) == 0


@pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")
def test_signing_numbers_opens_dues_freezes_and_chains(db: Database, clerk: Actor, manager: Actor, op: int) -> None:
    with tx(db, clerk) as s:
        cid = drafts.create_contract(s, draft(op)).id
    with tx(db, manager) as s:
        doc = workflow.sign_contract(s, cid)
    assert doc.number == "COP-2026-0001"
    assert doc.state == "signe"  # effect date (01/04) still to come
    assert doc.row.signature_date == SIGNED_ON and doc.signed_by == manager.full_name and len(doc.hash) == 64
    assert [h.to_state for h in doc.history] == ["signe"]
    with db.reading() as s:
        open_dues = dues.list_dues(s, op)
        assert [(d.reference, d.amount, d.due_date) for d in open_dues] == [
            ("COP-2026-0001", 150_000, date(2026, 4, 1)),
            ("COP-2026-0001", 225_000, date(2026, 7, 1)),
            ("COP-2026-0001", 225_000, date(2026, 10, 1)),
        ]
        assert all(d.source_type == "op_schedule" for d in open_dues)
        assert integrity.run_check(s) == []
    assert '"to":"signe"' in _events(db, "op_contract.transition")[0]
    # the triggers keep the signed contract and its parts as they were
    con = sqlite3.connect(db.path)  # type: ignore[arg-type]
    for sql in (
        "UPDATE op_contracts SET object = 'autre chose' WHERE id = ?",
        "UPDATE op_schedule_lines SET amount = 1 WHERE contract_id = ?",
        "UPDATE op_obligations SET deliverable = 'rien' WHERE contract_id = ?",
        "DELETE FROM op_signatories WHERE contract_id = ?",
        "UPDATE op_contract_texts SET sections = '[]' WHERE contract_id = ?",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            con.execute(sql, (cid,))
    con.execute("UPDATE op_obligations SET notes = 'suivi' WHERE contract_id = ?", (cid,))  # the follow-up moves
    con.rollback()
    con.close()


def test_signing_refusals(db: Database, clerk: Actor, manager: Actor, op: int) -> None:
    with tx(db, clerk) as s:
        bad_total = drafts.create_contract(s, draft(op, planned_amount=650_000)).id
        no_op_signatory = drafts.create_contract(s, draft(op, signatories=draft(op).signatories[:1])).id
        good = drafts.create_contract(s, draft(op)).id
    with pytest.raises(PermissionDenied), tx(db, clerk) as s:
        workflow.sign_contract(s, good)
    for cid, code in ((bad_total, "op_contract.schedule_total"), (no_op_signatory, "op_contract.signatory_missing")):
        with pytest.raises(DomainError) as err, tx(db, manager) as s:
            workflow.sign_contract(s, cid)
        assert err.value.code == code
        assert "Signature refusée" in message(err.value)
    with pytest.raises(DomainError) as err, tx(db, manager) as s:
        workflow.sign_contract(s, good, signature_date=date(2026, 3, 16))
    assert err.value.code == "op_contract.signature_in_future"
    with db.reading() as s:  # nothing signed, no number consumed, no due
        assert s.scalar(select(NumberSeries.last_number).where(NumberSeries.doc_type == "COP")) is None
        assert dues.list_dues(s, op) == []
    with tx(db, manager) as s:
        workflow.sign_contract(s, good)
    with pytest.raises(TransitionRefused) as err, tx(db, manager) as s:
        workflow.sign_contract(s, good)
    assert err.value.code == "op_contract.not_draft"
    with pytest.raises(TransitionRefused), tx(db, clerk) as s:
        drafts.update_contract(s, good, draft(op, object="changé"))


def test_refusals_are_journaled_by_the_edge(db: Database, clerk: Actor, manager: Actor, op: int) -> None:
    cid = _signed(db, clerk, manager, op)
    with pytest.raises(PermissionDenied):
        Workspace(db, clerk).run(lambda s: workflow.terminate_contract(s, cid, "Non-respect des engagements"))
    with pytest.raises(TransitionRefused):
        Workspace(db, manager).run(lambda s: workflow.sign_contract(s, cid))
    refused = _events(db, "permission.refused")
    assert any("manage_contracts_and_prices" in d for d in refused)
    assert any("op_contract.not_draft:COP-2026-0001" in d for d in refused)


def test_dates_move_the_state_signe_en_cours_echu(db: Database, clerk: Actor, manager: Actor, op: int) -> None:
    cid = _signed(db, clerk, manager, op)
    with tx(db, clerk, at(date(2026, 4, 2))) as s:
        assert get_contract(s, cid).state == "en_cours"  # shown at once…
        assert get_contract(s, cid).stored_state == "signe"
        assert refresh_states(s) == [("COP-2026-0001", "Signé", "En cours")]  # …stored when refreshed
    with tx(db, clerk, at(date(2027, 4, 1))) as s:
        assert refresh_states(s) == [("COP-2026-0001", "En cours", "Échu")]
        doc = get_contract(s, cid)
        assert [(h.to_state, h.automatic) for h in doc.history] == [
            ("signe", False), ("en_cours", True), ("echu", True),
        ]  # fmt: skip
    with db.reading() as s:
        assert integrity.run_check(s) == []


def test_tacit_renewal_keeps_it_running(db: Database, clerk: Actor, manager: Actor, op: int) -> None:
    cid = _signed(db, clerk, manager, op, tacit_renewal=True)
    with tx(db, clerk, at(date(2027, 4, 10))) as s:
        refresh_states(s)
        doc = get_contract(s, cid)
        assert doc.state == "en_cours"
        assert doc.row.end_date == date(2028, 3, 31)  # renewed for the same twelve months


def test_solde_when_all_paid_and_all_done(db: Database, clerk: Actor, manager: Actor, op: int) -> None:
    cid = _signed(db, clerk, manager, op)
    day = date(2026, 10, 2)
    with tx(db, clerk, at(day)) as s:
        doc = get_contract(s, cid)
        for x in doc.schedule:
            _pay(s, op, x.due_id, x.amount, day)  # type: ignore[arg-type]
        assert get_contract(s, cid).state == "en_cours"  # obligations still to do
        for o in doc.obligations:
            doc = follow.set_obligation_done(s, o.id, done_on=day, note="constaté avec le bureau")
        assert doc.state == "solde" and doc.stored_state == "solde"
        assert all(x.state == "payee" for x in doc.schedule)
        assert doc.obligations[0].notes.endswith("constaté avec le bureau")
    with pytest.raises(TransitionRefused) as err, tx(db, manager, at(day)) as s:
        workflow.suspend_contract(s, cid, "Insécurité")
    assert err.value.code == "op_contract.bad_transition"
    assert "« Soldé »" in message(err.value)


def test_schedule_lateness_from_dates_and_receipts(db: Database, clerk: Actor, manager: Actor, op: int) -> None:
    cid = _signed(db, clerk, manager, op)
    with tx(db, clerk, at(date(2026, 4, 1))) as s:
        first = get_contract(s, cid).schedule[0]
        assert (first.state, first.days_late) == ("a_venir", 0)  # due today: not late yet
    with tx(db, clerk, at(date(2026, 4, 20))) as s:
        line = get_contract(s, cid).schedule[0]
        assert (line.state, line.state_label, line.days_late) == ("en_retard", "En retard", 19)
        number = _pay(s, op, line.due_id, 100_000, date(2026, 4, 20))  # type: ignore[arg-type]
        line = get_contract(s, cid).schedule[0]
        assert (line.state, line.paid, line.remaining, line.receipts) == ("en_retard", 100_000, 50_000, (number,))
        _pay(s, op, line.due_id, 50_000, date(2026, 4, 20))  # type: ignore[arg-type]
        doc = get_contract(s, cid)
        assert [x.state for x in doc.schedule] == ["payee", "a_venir", "a_venir"]
        assert (doc.row.paid, doc.row.remaining, doc.row.late_amount) == (150_000, 450_000, 0)


def test_suspend_resume_and_terminate(db: Database, clerk: Actor, manager: Actor, op: int) -> None:
    cid = _signed(db, clerk, manager, op)
    day = date(2026, 5, 20)
    with pytest.raises(DomainError) as err, tx(db, manager, at(day)) as s:
        workflow.suspend_contract(s, cid, " ")
    assert err.value.code == "op_contract.reason_required"
    with pytest.raises(PermissionDenied), tx(db, clerk, at(day)) as s:
        workflow.suspend_contract(s, cid, "Insécurité sur la route du marché")
    with tx(db, manager, at(day)) as s:
        doc = workflow.suspend_contract(s, cid, "Insécurité sur la route du marché")
        assert (doc.state, doc.status_reason) == ("suspendu", "Insécurité sur la route du marché")
        assert doc.actions == ("resume", "terminate", "amend", "follow")
        assert refresh_states(s) == []  # dates never move a suspended contract
        doc = workflow.resume_contract(s, cid)
        assert doc.state == "en_cours"
        paid = _pay(s, op, doc.schedule[0].due_id, 150_000, day)  # type: ignore[arg-type]
        doc = workflow.terminate_contract(s, cid, "L'OP a cessé ses activités", terminated_on=day)
        assert (doc.state, doc.terminated_on) == ("resilie", day)
        assert [x.state for x in doc.schedule] == ["payee", "annulee", "annulee"]  # later unpaid lines cancelled
        assert dues.list_dues(s, op) == [] and paid
        assert [h.to_state for h in doc.history] == ["signe", "en_cours", "suspendu", "en_cours", "resilie"]
    for act in (
        lambda s: workflow.terminate_contract(s, cid, "encore"),
        lambda s: workflow.resume_contract(s, cid),
        lambda s: workflow.suspend_contract(s, cid, "encore"),
    ):
        with pytest.raises(TransitionRefused) as err, tx(db, manager, at(day)) as s:
            act(s)
        assert err.value.code in ("op_contract.bad_transition", "op_contract.already")
        assert "« Résilié »" in message(err.value)
    with db.reading() as s:
        assert integrity.run_check(s) == []
    transitions = _events(db, "op_contract.transition")
    assert len(transitions) == 5 and '"reason":"L\'OP a cessé ses activités"' in transitions[-1]


def test_termination_refusals(db: Database, clerk: Actor, manager: Actor, op: int) -> None:
    cid = _signed(db, clerk, manager, op)
    with pytest.raises(DomainError) as err, tx(db, manager, at(date(2026, 5, 1))) as s:
        workflow.terminate_contract(s, cid, "Désaccord", terminated_on=date(2026, 6, 1))
    assert err.value.code == "op_contract.termination_in_future"
    with pytest.raises(DomainError) as err, tx(db, manager, at(date(2026, 5, 1))) as s:
        workflow.terminate_contract(s, cid, "Désaccord", terminated_on=date(2026, 3, 1))
    assert err.value.code == "op_contract.termination_before_signature"


def test_avenants_are_numbered_under_their_contract(db: Database, clerk: Actor, manager: Actor, op: int) -> None:
    cid = _signed(db, clerk, manager, op)
    extension = AmendmentDraft(
        object="prolongation de trois mois et deux marchés supplémentaires", effect_date=date(2026, 9, 1),
        end_date=date(2027, 6, 30), amount=100_000, signatories=draft(op).signatories,
        schedule=(ScheduleInput(date(2027, 1, 15), 100_000, "Marchés supplémentaires"),),
        obligations=(drafts.ObligationInput("centre", "Organiser deux marchés de plus", date(2027, 6, 1)),),
    )  # fmt: skip
    day = date(2026, 9, 1)
    with tx(db, clerk, at(day)) as s:
        a1 = drafts.create_amendment(s, cid, extension).id
        a2 = drafts.create_amendment(s, cid, replace(extension, object="changement de tranche", end_date=None,
                                                     amount=0, schedule=(), obligations=())).id  # fmt: skip
        assert get_contract(s, a1).number == f"projet d'avenant n° {a1}"
    with tx(db, manager, at(day)) as s:
        assert workflow.sign_contract(s, a2).number == "COP-2026-0001/A1"  # numbered in signing order
        assert workflow.sign_contract(s, a1).number == "COP-2026-0001/A2"
        doc = get_contract(s, cid)
    assert [(a.number, a.state) for a in doc.amendments] == [
        ("COP-2026-0001/A1", "signe"),
        ("COP-2026-0001/A2", "signe"),
    ]
    assert doc.row.end_date == date(2027, 6, 30) and doc.row.planned_amount == 700_000 and doc.row.amendments == 2
    assert [x.source_number for x in doc.schedule][-1] == "COP-2026-0001/A2"  # listed together
    assert any(o.source_number == "COP-2026-0001/A2" for o in doc.obligations)
    with db.reading() as s:
        assert integrity.run_check(s) == []
        assert dues.list_dues(s, op)[-1].reference == "COP-2026-0001/A2"
    with pytest.raises(TransitionRefused) as err, tx(db, manager, at(day)) as s:
        workflow.terminate_contract(s, a1, "non")
    assert err.value.code == "op_contract.amendment_no_workflow"
    with pytest.raises(DomainError) as err, tx(db, clerk, at(day)) as s:
        drafts.create_amendment(s, a1, extension)
    assert err.value.code == "op_amendment.of_amendment"


def test_an_avenant_needs_a_live_contract(db: Database, clerk: Actor, manager: Actor, op: int) -> None:
    with tx(db, clerk) as s:
        cid = drafts.create_contract(s, draft(op)).id
    amendment = AmendmentDraft(object="prolongation", effect_date=date(2026, 9, 1), end_date=date(2027, 6, 30))
    with pytest.raises(TransitionRefused) as err, tx(db, clerk) as s:
        drafts.create_amendment(s, cid, amendment)
    assert err.value.code == "op_amendment.parent_not_live"
    assert "« Brouillon »" in message(err.value)


def test_an_avenant_prolongs_an_expired_contract(db: Database, clerk: Actor, manager: Actor, op: int) -> None:
    cid = _signed(db, clerk, manager, op)
    day = date(2027, 4, 5)
    with tx(db, manager, at(day)) as s:
        assert refresh_states(s)[-1][2] == "Échu"
        a = drafts.create_amendment(
            s, cid, AmendmentDraft(object="prolongation d'un an", effect_date=day, end_date=date(2028, 3, 31),
                                   signatories=draft(op).signatories),
        )  # fmt: skip
        workflow.sign_contract(s, a.id)
        doc = get_contract(s, cid)
    assert (doc.state, doc.row.end_date) == ("en_cours", date(2028, 3, 31))
    assert doc.history[-1].from_state == "echu" and doc.history[-1].to_state == "en_cours"


@pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")
def test_check_names_a_tampered_contract(db: Database, db_path: Path, clerk: Actor, manager: Actor, op: int) -> None:
    _signed(db, clerk, manager, op)
    con = sqlite3.connect(db_path)
    con.execute("DROP TRIGGER trg_op_schedule_lines_frozen")
    con.execute("UPDATE op_schedule_lines SET amount = 1000 WHERE position = 3")
    con.commit()
    con.close()
    with db.reading() as s:
        found = [d.message for d in integrity.run_check(s)]
    assert any("le contrat COP-2026-0001 a été modifié après validation" in m for m in found)
    assert any("ne correspond pas à son dû en caisse" in m for m in found)


def test_the_other_moves_of_the_workflow(db: Database, clerk: Actor, manager: Actor, op: int) -> None:
    """signé → résilié (before the effect date), suspendu → résilié, échu → soldé, and échu → suspendu refused."""
    early = _signed(db, clerk, manager, op)
    with tx(db, manager) as s:
        assert workflow.terminate_contract(s, early, "L'OP a trouvé un autre prestataire").history[-1].from_state == (
            "signe"
        )
    paused = _signed(db, clerk, manager, op)
    with tx(db, manager, at(date(2026, 5, 4))) as s:
        workflow.suspend_contract(s, paused, "Insécurité")
        assert workflow.terminate_contract(s, paused, "Insécurité durable").state == "resilie"
    late = _signed(db, clerk, manager, op, obligations=())
    with tx(db, manager, at(date(2027, 4, 5))) as s:
        assert refresh_states(s) == [("COP-2026-0003", "Signé", "Échu")]  # past its end, never refreshed before
        with pytest.raises(TransitionRefused) as err:
            workflow.suspend_contract(s, late, "trop tard")
        assert "« Échu » : il ne peut pas passer à l'état « Suspendu »" in message(err.value)
    with tx(db, clerk, at(date(2027, 4, 6))) as s:
        for x in get_contract(s, late).schedule:
            _pay(s, op, x.due_id, x.amount, date(2027, 4, 6))  # type: ignore[arg-type]
        assert get_contract(s, late).state == "solde"
        assert refresh_states(s) == [("COP-2026-0003", "Échu", "Soldé")]
    with db.reading() as s:
        assert integrity.run_check(s) == []
