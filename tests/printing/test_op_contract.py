"""Printed OP contracts: the contract (frozen text, ≥ 3 numbered pages, « Fait à …, le … », signature and
thumbprint boxes, annexes), a draft as a « PROJET », an avenant, the échéancier, the quarterly follow-up
report, and the command line `print op-contract NUMBER`."""

from __future__ import annotations

import io
import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from centre_app.cli import run
from centre_app.models.database import Database
from centre_app.services import op_contract_drafts as drafts
from centre_app.services import op_contract_follow as follow
from centre_app.services import op_contract_printouts as printouts
from centre_app.services import op_contracts as workflow
from centre_app.services import payments
from centre_app.services.context import Actor
from centre_app.services.op_contract_drafts import AmendmentDraft, ScheduleInput
from centre_app.services.op_contract_queries import get_contract
from centre_app.services.payments import PaymentDraft
from tests.services.op_contract_helpers import at, draft, make_op, tx


def _pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [
        re.sub(r"\s+", " ", page.extract_text().replace("\u202f", " ").replace("\u00a0", " ")) for page in reader.pages
    ]


@pytest.fixture
def signed(db: Database, clerk: Actor, manager: Actor) -> tuple[int, int]:
    """A signed contract (15/03/2026) followed until July: one payment, an obligation done, measures, an incident."""
    op = make_op(db, clerk)
    with tx(db, clerk) as s:
        cid = drafts.create_contract(s, draft(op)).id
    with tx(db, manager) as s:
        workflow.sign_contract(s, cid)
    with tx(db, clerk, at(date(2026, 7, 3))) as s:
        doc = get_contract(s, cid)
        payments.record_payment(s, PaymentDraft("REC", 150_000, "especes", "Avance", party_id=op,
                                                allocations=((doc.schedule[0].due_id, 150_000),)))  # fmt: skip
        follow.set_obligation_done(s, doc.obligations[2].id, done_on=date(2026, 5, 14), note="126 têtes rassemblées")
        follow.record_measure(s, doc.indicators[0].id, 2026, 2, Decimal(130))
        follow.record_measure(s, doc.indicators[1].id, 2026, 2, Decimal("87.5"))
        follow.record_incident(s, cid, occurred_on=date(2026, 6, 8), kind="retard",
                               description="Camion en panne à Aribinda", action_taken="Transport loué")  # fmt: skip
    return op, cid


def test_contract_has_three_numbered_pages_with_the_frozen_text(db: Database, clerk: Actor, signed) -> None:
    _, cid = signed
    with tx(db, clerk, at(date(2026, 7, 3))) as s:
        pdf = printouts.contract_pdf(s, cid)
        assert printouts.contract_pdf(s, cid) == pdf  # same input, same bytes
    if os.environ.get("OP_PDF_DIR"):
        Path(os.environ["OP_PDF_DIR"], "contract.pdf").write_bytes(pdf)
    pages = _pages(pdf)
    assert len(pages) >= 3
    whole = " ".join(pages)
    for expected in (
        "Contrat de prestation de services", "N° COP-2026-0001 – signé le 15/03/2026", "ENTRE LES SOUSSIGNÉS",
        "ci-après dénommé « le Centre »", "ci-après dénommé « l'OP »", "Article 1 – Objet",
        "Article 5 – Prix et modalités de paiement", "six cent mille (600 000) francs CFA",
        "Article 10 – Règlement des litiges",
        "Fait à Djibo, le quinze mars deux mille vingt-six, en deux (2) exemplaires originaux.",
        "Pour le Centre", "Pour l’OP", "« Lu et approuvé »", "Empreinte", "Aminata Dicko, gestionnaire",
        "DICKO Aïssata, présidente", "Annexe 1 – Échéancier de paiement", "Annexe 2 – Obligations des parties",
        "Annexe 3 – Indicateurs de performance", "600 000 F CFA",
    ):  # fmt: skip
        assert expected in whole, expected
    assert f"Page 2 / {len(pages)}" in pages[1]
    assert "Contrat de prestation de services n° COP-2026-0001" in pages[1]  # running head on later pages
    signature_page = next(p for p in pages if "Lu et approuvé" in p)
    assert "Article 12 – Annexes" in signature_page  # the signatures never stand alone on a page


def test_a_draft_prints_as_a_projet_and_an_avenant_under_its_number(
    db: Database, clerk: Actor, manager: Actor, signed
) -> None:
    op, cid = signed
    with tx(db, clerk, at(date(2026, 7, 3))) as s:
        other = drafts.create_contract(s, draft(op)).id
        assert "PROJET (brouillon n°" in " ".join(_pages(printouts.contract_pdf(s, other)))
        a = drafts.create_amendment(
            s, cid, AmendmentDraft(object="prolongation de trois mois", effect_date=date(2026, 7, 3),
                                   end_date=date(2027, 6, 30), amount=90_000, signatories=draft(op).signatories,
                                   schedule=(ScheduleInput(date(2027, 4, 15), 90_000, "Prolongation"),)),
        ).id  # fmt: skip
    with tx(db, manager, at(date(2026, 7, 3))) as s:
        workflow.sign_contract(s, a)
        whole = " ".join(_pages(printouts.contract_pdf_by_number(s, "cop-2026-0001/a1")))
    for expected in (
        "Avenant au contrat", "N° COP-2026-0001/A1", "Article 1 – Objet de l'avenant",
        "• 1re échéance le 15/04/2027 : 90 000 F CFA (Prolongation).",
        "Le présent avenant n° 1 modifie le contrat n° COP-2026-0001 signé le quinze mars deux mille vingt-six",
        "est portée au trente juin deux mille vingt-sept (30/06/2027)",
        "augmenté de quatre-vingt-dix mille (90 000) francs CFA", "Fait à Djibo, le trois juillet deux mille vingt-six",
    ):  # fmt: skip
        assert expected in whole, expected


def test_schedule_and_quarterly_report(db: Database, clerk: Actor, signed) -> None:
    _, cid = signed
    with tx(db, clerk, at(date(2026, 7, 3))) as s:
        schedule_pdf = printouts.schedule_pdf(s, cid)
        report_pdf = printouts.followup_pdf(s, cid, 2026, 2)
    schedule = " ".join(_pages(schedule_pdf))
    report = _pages(report_pdf)
    for expected in (
        "Échéancier de paiement", "Situation au 03/07/2026", "Avance au démarrage", "Payée",
        "Reçu(s) : REC-2026-000001", "En retard", "Montant en retard au 03/07/2026 : 225 000 F CFA",
    ):  # fmt: skip
        assert expected in schedule, expected
    assert len(report) <= 2
    text = " ".join(report)
    for expected in (
        "Rapport trimestriel de suivi", "Contrat n° COP-2026-0001 – 2e trimestre 2026",
        "du 01/04/2026 au 30/06/2026", "Rassembler les animaux au parc de vente", "14/05/2026",
        "Former les membres du bureau", "Têtes de bétail commercialisées", "130", "32,5 %", "87,5", "97,2 %",
        "Camion en panne à Aribinda", "Transport loué", "Observations", "Pour l’OP",
    ):  # fmt: skip
        assert expected in text, expected
    assert "À faire" in text and "Fait" in text
    if os.environ.get("OP_PDF_DIR"):  # to look at them: OP_PDF_DIR=/tmp/shots pytest …
        Path(os.environ["OP_PDF_DIR"], "followup.pdf").write_bytes(report_pdf)
        Path(os.environ["OP_PDF_DIR"], "schedule.pdf").write_bytes(schedule_pdf)


def test_cli_prints_an_op_contract_and_refuses_an_unknown_number(
    db: Database, db_path: Path, tmp_path: Path, signed, capsys
) -> None:
    db.dispose()
    out = tmp_path / "contrat.pdf"
    assert run(["print", "op-contract", "cop-2026-0001", "--db", str(db_path), "--out", str(out)]) == 0
    assert "Document cop-2026-0001 écrit dans" in capsys.readouterr().out
    assert "Fait à Djibo, le quinze mars deux mille vingt-six" in " ".join(_pages(out.read_bytes()))
    missing = tmp_path / "x.pdf"
    assert run(["print", "op-contract", "COP-1999-0001", "--db", str(db_path), "--out", str(missing)]) == 2
    assert "Contrat OP introuvable : COP-1999-0001." in capsys.readouterr().err
    assert not missing.exists()
