"""Following OP contracts: the list and its filters, the dashboard feeds, an OP's overview, obligations,
quarterly measures, the incidents log and attachments (size limit and refusals in French)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.models.system import AuditEntry
from centre_app.services import op_contract_drafts as drafts
from centre_app.services import op_contract_follow as follow
from centre_app.services import op_contract_queries as queries
from centre_app.services import op_contracts as workflow
from centre_app.services import payments
from centre_app.services.context import Actor, PermissionDenied
from centre_app.services.op_contract_workflow import TransitionRefused
from centre_app.services.payments import PaymentDraft
from tests.services.op_contract_helpers import at, draft, make_op, tx

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def three(db: Database, clerk: Actor, manager: Actor) -> dict[str, int]:
    """A contract in progress (one payment late), one expiring soon (training), and a draft of another OP."""
    op = make_op(db, clerk)
    other = make_op(db, clerk, name="Union des éleveurs du Soum", form="union")
    with tx(db, clerk) as s:
        main = drafts.create_contract(s, draft(op)).id
        short = drafts.create_contract(
            s, draft(op, service_type="formation", object="formation des relais en santé animale", planned_amount=0,
                     advance=0, schedule=(), effect_date=date(2026, 3, 15), end_date=date(2026, 6, 30),
                     obligations=(drafts.ObligationInput("centre", "Former dix relais", date(2026, 5, 31)),)),
        ).id  # fmt: skip
        draft_id = drafts.create_contract(s, draft(other)).id
    with tx(db, manager) as s:
        workflow.sign_contract(s, main)
        workflow.sign_contract(s, short)
    return {"op": op, "other": other, "main": main, "short": short, "draft": draft_id}


def test_list_filters(db: Database, clerk: Actor, three: dict[str, int]) -> None:
    with tx(db, clerk, at(date(2026, 5, 10))) as s:
        rows = queries.list_contracts(s)
        assert {r.number for r in rows} == {"COP-2026-0001", "COP-2026-0002", f"brouillon n° {three['draft']}"}
        assert [r.number for r in queries.list_contracts(s, state="en_cours")] == ["COP-2026-0002", "COP-2026-0001"]
        assert [r.id for r in queries.list_contracts(s, op_id=three["other"])] == [three["draft"]]
        assert [r.number for r in queries.list_contracts(s, service_type="formation")] == ["COP-2026-0002"]
        assert [r.number for r in queries.list_contracts(s, expiring_within=60)] == ["COP-2026-0002"]
        assert [r.number for r in queries.list_contracts(s, period=(date(2026, 7, 1), date(2026, 8, 1)))] == [
            f"brouillon n° {three['draft']}", "COP-2026-0001"
        ]  # fmt: skip
        assert [r.number for r in queries.list_contracts(s, "relais sante")] == ["COP-2026-0002"]
        main = next(r for r in rows if r.id == three["main"])
        assert (main.late_lines, main.late_amount, main.paid, main.remaining) == (1, 150_000, 0, 600_000)
        assert main.obligations_late == 0
        with pytest.raises(DomainError):
            queries.list_contracts(s, state="perdu")


def test_dashboard_feeds(db: Database, clerk: Actor, three: dict[str, int]) -> None:
    with tx(db, clerk, at(date(2026, 5, 20))) as s:
        board = queries.dashboard(s)
    assert [r.number for r in board.expiring] == ["COP-2026-0002"]
    assert [(a.contract_number, a.line.due_date, a.line.days_late) for a in board.late_payments] == [
        ("COP-2026-0001", date(2026, 4, 1), 49)
    ]
    late = [(a.contract_number, a.obligation.deliverable, a.obligation.state) for a in board.obligations]
    assert late == [
        ("COP-2026-0001", "Rassembler les animaux au parc de vente", "en_retard"),
        ("COP-2026-0002", "Former dix relais", "a_faire"),  # due within 15 days
    ]


def test_op_overview(db: Database, clerk: Actor, three: dict[str, int]) -> None:
    with tx(db, clerk, at(date(2026, 5, 20))) as s:
        due = queries.get_contract(s, three["main"]).schedule[0]
        payments.record_payment(s, PaymentDraft("REC", 100_000, "especes", "Avance", party_id=three["op"],
                                                allocations=((due.due_id, 100_000),)))  # fmt: skip
        view = queries.op_overview(s, three["op"])
    assert [r.number for r in view.contracts] == ["COP-2026-0002", "COP-2026-0001"]
    assert (view.live, view.planned_total, view.paid_total, view.remaining_total) == (2, 600_000, 100_000, 500_000)
    assert (view.late_amount, view.account_balance) == (50_000, 500_000)


def test_obligations_follow_up(db: Database, clerk: Actor, manager: Actor, three: dict[str, int]) -> None:
    day = date(2026, 5, 20)
    with tx(db, clerk, at(day)) as s:
        doc = queries.get_contract(s, three["main"])
        late = next(o for o in doc.obligations if o.state == "en_retard")
        with pytest.raises(DomainError) as err:
            follow.set_obligation_done(s, late.id, done_on=date(2026, 6, 1))
        assert err.value.code == "op_obligation.done_in_future"
        doc = follow.set_obligation_done(s, late.id, done_on=date(2026, 5, 18), note="118 têtes au parc")
        done = next(o for o in doc.obligations if o.id == late.id)
        assert (done.state, done.state_label, done.done_on) == ("fait", "Fait", date(2026, 5, 18))
        assert "Issa Caissier : 118 têtes au parc" in done.notes
        with pytest.raises(DomainError) as err:
            follow.set_obligation_done(s, late.id)
        assert err.value.code == "op_obligation.already_done"
        with pytest.raises(PermissionDenied):
            follow.reopen_obligation(s, late.id, "erreur")
    with tx(db, manager, at(day)) as s:
        doc = follow.reopen_obligation(s, late.id, "Animaux non conformes, à refaire")
        assert next(o for o in doc.obligations if o.id == late.id).state == "en_retard"
    with pytest.raises(TransitionRefused) as err, tx(db, clerk) as s:
        follow.set_obligation_done(s, queries.get_contract(s, three["draft"]).obligations[0].id)
    assert err.value.code == "op_contract.not_followed"


def test_quarterly_measures_latest_entry_wins(db: Database, clerk: Actor, three: dict[str, int]) -> None:
    with tx(db, clerk, at(date(2026, 7, 5))) as s:
        heads = queries.get_contract(s, three["main"]).indicators[0]
        follow.record_measure(s, heads.id, 2026, 2, Decimal(90))
        row = follow.record_measure(s, heads.id, 2026, 2, "95", note="corrigé après recomptage")
        assert queries.get_contract(s, three["main"]).indicators[0] == row
        assert [(m.label, m.value, m.note) for m in row.measures] == [
            ("2e trimestre 2026", 95, "corrigé après recomptage")
        ]
        assert (row.target, row.latest) == (Decimal(400), Decimal(95))
        for year, quarter, code in ((2026, 4, "op_indicator.future_quarter"), (2026, 1, "op_indicator.before_contract"),
                                    (2026, 5, "op_indicator.bad_quarter")):  # fmt: skip
            with pytest.raises(DomainError) as err:
                follow.record_measure(s, heads.id, year, quarter, Decimal(1))
            assert err.value.code == code
            assert "{" not in message(err.value)


def test_incidents_log(db: Database, clerk: Actor, three: dict[str, int]) -> None:
    with tx(db, clerk, at(date(2026, 5, 20))) as s:
        doc = follow.record_incident(s, three["main"], occurred_on=date(2026, 5, 12), kind="force_majeure",
                                     description="Marché de Djibo fermé pour insécurité",
                                     action_taken="Vente reportée au marché d'Aribinda")  # fmt: skip
        assert [(i.kind_label, i.description) for i in doc.incidents] == [
            ("Force majeure / insécurité", "Marché de Djibo fermé pour insécurité")
        ]
        for kwargs, code in (
            ({"occurred_on": date(2026, 6, 1), "kind": "retard", "description": "x"}, "op_incident.in_future"),
            ({"occurred_on": date(2026, 5, 1), "kind": "vol", "description": "x"}, "field.invalid"),
            ({"occurred_on": date(2026, 5, 1), "kind": "retard", "description": " "}, "field.required"),
        ):
            with pytest.raises(DomainError) as err:
                follow.record_incident(s, three["main"], **kwargs)  # type: ignore[arg-type]
            assert err.value.code == code


def test_attachments_kept_in_the_database(db: Database, clerk: Actor, three: dict[str, int]) -> None:
    with tx(db, clerk) as s:
        row = follow.add_attachment(s, three["main"], "C:\\Scans\\contrat signé.pdf", PDF, "Contrat signé (scan)")
        assert (row.filename, row.size, row.title) == ("contrat signé.pdf", len(PDF), "Contrat signé (scan)")
        assert queries.attachment_content(s, row.id) == ("contrat signé.pdf", PDF)
        assert [a.id for a in queries.get_contract(s, three["main"]).attachments] == [row.id]
        draft_file = follow.add_attachment(s, three["draft"], "statuts.pdf", PDF).id
        follow.remove_attachment(s, draft_file)
    with pytest.raises(TransitionRefused) as err, tx(db, clerk) as s:
        follow.remove_attachment(s, row.id)
    assert err.value.code == "op_attachment.frozen"
    big = b"%PDF-1.4\n" + b"0" * follow.MAX_ATTACHMENT_BYTES
    for name, content, code in (
        ("gros.pdf", big, "op_attachment.too_large"),
        ("photo.jpg", b"\xff\xd8\xff", "op_attachment.not_pdf"),
    ):
        with pytest.raises(DomainError) as err, tx(db, clerk) as s:
            follow.add_attachment(s, three["main"], name, content)
        assert err.value.code == code
    text = message(_too_large(db, clerk, three["main"], big)).replace("\u00a0", " ")
    assert "« gros.pdf » est trop volumineux (8,0 Mo) : la limite est de 8,0 Mo" in text
    with db.reading() as s:  # the scanned bytes are not copied into the audit log
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.entity == "op_attachment_blobs")) is None


def _too_large(db: Database, clerk: Actor, contract_id: int, content: bytes) -> DomainError:
    with pytest.raises(DomainError) as err, tx(db, clerk) as s:
        follow.add_attachment(s, contract_id, "gros.pdf", content)
    return err.value
