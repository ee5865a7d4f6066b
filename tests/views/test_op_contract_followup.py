"""OP contracts, the sheet of a signed contract: obligations done and reopened, notes, quarterly measures,
incidents, the caisse on a late instalment, attachments, the manager's moves with their reason (a refusal
keeps the form open), an avenant typed and signed, the prints."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from centre_app.domain.op_contracts import quarter_of
from centre_app.models.database import Database
from centre_app.services import op_contract_drafts as drafts
from centre_app.services import op_contract_queries as queries
from centre_app.services import op_contracts as workflow
from centre_app.services.context import Actor
from centre_app.services.op_contract_drafts import ObligationInput, ScheduleInput
from centre_app.services.workspace import Workspace
from centre_app.views import op_contract_actions
from centre_app.views.cash_models import SHARE
from centre_app.views.context import ViewContext
from centre_app.views.op_amendment_dialog import AmendmentDialog
from centre_app.views.op_contract_sheet import OpContractSheet
from centre_app.views.op_followup_dialogs import (
    IncidentDialog,
    MeasureDialog,
    NoteDialog,
    ObligationDoneDialog,
    ReasonDialog,
    quarters_between,
)
from centre_app.views.receipt_dialog import ReceiptDialog
from tests.services.op_contract_helpers import draft, make_op

TODAY = date.today()
EFFECT = TODAY - timedelta(days=60)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def ctx(workspace: Workspace) -> ViewContext:
    return ViewContext(workspace)


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: texts.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: texts.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: texts.append(text) or yes)
    monkeypatch.setattr(op_contract_actions, "preview", lambda parent, ctx, name, args, *r: texts.append((name, args)))
    return texts


@pytest.fixture
def signed(db: Database, clerk: Actor, manager: Actor) -> int:
    """A contract in progress since 60 days: its first instalment (150 000 F, due on the effect date) unpaid."""
    op = make_op(db, clerk)
    data = draft(
        op, effect_date=EFFECT, end_date=EFFECT + timedelta(days=364),
        schedule=(ScheduleInput(EFFECT, 150_000, "Avance"), ScheduleInput(EFFECT + timedelta(days=200), 450_000)),
        obligations=(ObligationInput("centre", "Former les membres du bureau", EFFECT + timedelta(days=30)),
                     ObligationInput("op", "Rassembler les animaux", EFFECT + timedelta(days=120), 120, "têtes")),
    )  # fmt: skip
    with db.transaction(clerk) as s:
        cid = drafts.create_contract(s, data).id
    with db.transaction(manager) as s:
        workflow.sign_contract(s, cid, signature_date=EFFECT)
    return cid


def _shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _run(monkeypatch: pytest.MonkeyPatch, cls: type, prepare: Callable[[QDialog], object]) -> None:
    """``cls.run`` shows the real form, lets ``prepare`` fill it, presses OK."""

    def run(dialog: QDialog) -> object:
        prepare(dialog)
        dialog.accept()
        return dialog.outcome if dialog.result() == QDialog.DialogCode.Accepted else None

    monkeypatch.setattr(cls, "run", run)


def test_following_obligations_measures_and_incidents(
    qtbot: QtBot, ctx: ViewContext, signed: int, manager: Actor, told: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = _shown(qtbot, OpContractSheet(ctx, signed))
    assert sheet.doc.state == "en_cours" and "en retard" in sheet.figures.text()
    tab = sheet.obligations
    assert [o.state for o in tab.model.rows()] == ["en_retard", "a_faire"]
    tab.table.selectRow(0)
    dialog = ObligationDoneDialog(ctx, tab.current())
    dialog.done_on.setValue(TODAY)
    dialog.note.setText("Formation faite à Mentao, 12 participants")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    _run(monkeypatch, NoteDialog, lambda d: d.note.setText("Liste de présence classée"))
    tab.table.selectRow(0)
    tab.reload()
    tab.table.selectRow(0)
    tab.add_note()
    assert tab.model.row_at(0).state == "fait" and "Liste de présence" in tab.model.row_at(0).notes
    assert not tab.done_button.isEnabled() and not tab.reopen_button.isEnabled()  # the clerk may not reopen
    # A measure of the current quarter, then an incident.
    i = sheet.indicators
    i.table.selectRow(0)
    _run(monkeypatch, MeasureDialog, lambda d: d.value.setText("35"))
    i.record()
    assert i.model.row_at(0).latest == 35 and i.measures.rowCount() == 1
    measure = MeasureDialog(ctx, i.current(), EFFECT)
    measure.value.setText("12,5,3")
    measure.accept()
    assert measure.result() != QDialog.DialogCode.Accepted and measure.field_error_label(measure.value).text()
    incident = IncidentDialog(ctx, sheet.doc)
    incident.accept()
    assert incident.result() != QDialog.DialogCode.Accepted
    assert "Description" in incident.field_error_label(incident.description).text()
    incident.description.setPlainText("Camion en panne sur la route de Djibo")
    incident.action_taken.setText("Transport loué")
    incident.accept()
    sheet.reload()
    assert sheet.incidents.model.rowCount() == 1 and sheet.history.model.rowCount() == 2
    # The manager reopens the obligation, with a reason.
    ctx.workspace.actor = manager
    sheet = _shown(qtbot, OpContractSheet(ctx, signed))
    sheet.obligations.table.selectRow(0)
    reopen = ReasonDialog.reopen
    _run(monkeypatch, ReasonDialog, lambda d: d.reason.setText("Marquée par erreur"))
    assert sheet.obligations.reopen_button.isEnabled()
    assert reopen(sheet, ctx, sheet.obligations.current()) is not None
    assert ctx.read(lambda s: queries.get_contract(s, signed)).obligations[0].state == "en_retard"
    # The quarterly report of the current quarter.
    monkeypatch.setattr(op_contract_actions, "choose_quarter", lambda parent, effect: quarter_of(TODAY))
    qtbot.mouseClick(sheet.report_button, Qt.MouseButton.LeftButton)
    assert told[-1] == ("followup_pdf", (signed, *quarter_of(TODAY)))
    assert quarters_between(EFFECT, TODAY)[0] == quarter_of(TODAY)


def test_cashing_a_late_instalment(
    qtbot: QtBot, ctx: ViewContext, signed: int, told: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[ReceiptDialog] = []

    def exec_(dialog: ReceiptDialog) -> int:
        opened.append(dialog)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ReceiptDialog, "exec", exec_)
    monkeypatch.setattr("centre_app.views.receipt_dialog.preview_payment", lambda *a, **k: None)
    sheet = _shown(qtbot, OpContractSheet(ctx, signed))
    sheet.tabs.setCurrentWidget(sheet.schedule)
    sheet.schedule.table.selectRow(0)
    assert sheet.schedule.current().state == "en_retard"
    qtbot.keyClick(sheet.schedule.table, Qt.Key.Key_F8)
    receipt = opened[0]
    assert receipt.amount.value() == 150_000
    shares = [receipt.dues.data(receipt.dues.index(r, SHARE), Qt.ItemDataRole.EditRole) for r in
              range(receipt.dues.rowCount())]  # fmt: skip
    assert sorted(shares) == [0, 150_000]
    assert receipt.payment is not None
    assert sheet.schedule.model.row_at(0).state == "payee" and sheet.doc.row.paid == 150_000
    sheet.schedule.table.selectRow(0)
    sheet.schedule.cash()  # nothing left on it
    assert told[-1] == "Il ne reste rien à payer sur cette échéance."


def test_attachments(
    qtbot: QtBot, ctx: ViewContext, signed: int, told: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = tmp_path / "contrat signé.pdf"
    scan.write_bytes(PDF)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(scan), ""))
    sheet = _shown(qtbot, OpContractSheet(ctx, signed))
    panel = sheet.attachments
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 1 and panel.model.row_at(0).filename == "contrat signé.pdf"
    panel.table.selectRow(0)
    assert not panel.remove_button.isEnabled()  # a signed contract keeps its attachments
    copy = tmp_path / "copie.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    panel.save()
    assert copy.read_bytes() == PDF
    opened: list[str] = []
    monkeypatch.setattr("centre_app.views.op_contract_actions.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)  # fmt: skip
    panel.activated()
    assert opened and Path(opened[0]).read_bytes() == PDF
    text = tmp_path / "note.txt"
    text.write_bytes(b"pas un pdf")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(text), ""))
    panel.add()
    assert "PDF" in told[-1] and panel.model.rowCount() == 1


def test_the_managers_moves_with_their_reason(
    qtbot: QtBot, ctx: ViewContext, signed: int, manager: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx.workspace.actor = manager
    sheet = _shown(qtbot, OpContractSheet(ctx, signed))
    assert sheet.suspend_button.isEnabled() and not sheet.resume_button.isEnabled()
    dialog = ReasonDialog(ctx, sheet, "Suspendre", "Suspendre", "x",
                          lambda s, why, _d: workflow.suspend_contract(s, signed, why))  # fmt: skip
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "motif" in dialog.field_error_label(dialog.reason).text().lower()
    dialog.reason.setText("Insécurité sur la route de Djibo")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    sheet.reload()
    assert sheet.doc.state == "suspendu" and sheet.resume_button.isEnabled()
    assert not sheet.suspend_button.isEnabled() and "Insécurité" in sheet.general.values["reason"].text()
    _run(monkeypatch, ReasonDialog, lambda d: None)  # resuming needs no reason
    sheet.resume()
    assert sheet.doc.state == "en_cours"
    _run(monkeypatch, ReasonDialog, lambda d: (d.day.setValue(TODAY), d.reason.setText("Dissolution de l'OP")))
    sheet.terminate()
    assert sheet.doc.state == "resilie" and not sheet.terminate_button.isEnabled()
    assert [h.to_state for h in sheet.doc.history][-3:] == ["suspendu", "en_cours", "resilie"]


def test_an_avenant_typed_and_signed(
    qtbot: QtBot, ctx: ViewContext, signed: int, manager: Actor, told: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx.workspace.actor = manager
    sheet = _shown(qtbot, OpContractSheet(ctx, signed))
    assert sheet.amendments.new_button.isEnabled()
    created: list[AmendmentDialog] = []

    def exec_(dialog: AmendmentDialog) -> int:
        created.append(dialog)
        _shown(qtbot, dialog)
        dialog.object.setText("prolongation de trois mois et prestations complémentaires")
        dialog.changes_end.setChecked(True)
        dialog.end_date.setValue(EFFECT + timedelta(days=455))
        dialog.amount.setValue(90_000)
        dialog.sign()  # the schedule does not give the 90 000 F: refused, the form stays open
        assert dialog.isVisible() and "échéancier" in dialog.schedule.error.text()
        dialog.schedule.set_inputs([ScheduleInput(EFFECT + timedelta(days=400), 90_000, "Complément")])
        dialog.sign()
        return dialog.result()

    monkeypatch.setattr(AmendmentDialog, "exec", exec_)
    qtbot.mouseClick(sheet.amendments.new_button, Qt.MouseButton.LeftButton)
    assert created[0].saved is not None
    number = ctx.read(lambda s: queries.get_contract(s, signed)).number
    assert created[0].saved.number == f"{number}/A1"
    assert sheet.amendments.model.rowCount() == 1 and sheet.doc.row.planned_amount == 690_000
    assert sheet.doc.row.end_date == EFFECT + timedelta(days=455)
    assert any(f"{number}/A1" in str(t) for t in told)
