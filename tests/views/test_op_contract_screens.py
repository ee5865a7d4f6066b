"""OP contracts, screens: a clerk types a contract with three obligations from the keyboard (F2 on the list),
the manager opens it (Enter) and signs it; a refusal (schedule total different from the amount) keeps the form
open; a clerk cannot sign; clause templates get a new version; every table model passes the Qt model tester."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from centre_app.domain.permissions import Action
from centre_app.models.database import Database
from centre_app.services import dues
from centre_app.services import op_contract_drafts as drafts
from centre_app.services import op_contract_queries as queries
from centre_app.services import op_contracts as workflow
from centre_app.services.context import Actor
from centre_app.services.op_contract_drafts import IndicatorInput, ObligationInput, ScheduleInput, SignatoryInput
from centre_app.services.workspace import Workspace
from centre_app.views import op_contract_actions
from centre_app.views import op_contract_models as models
from centre_app.views.context import ViewContext
from centre_app.views.list_page import Column
from centre_app.views.op_clause_templates_page import TEMPLATE_COLUMNS, VERSION_COLUMNS, ClauseTemplatesPage
from centre_app.views.op_contract_dialog import OpContractDialog
from centre_app.views.op_contract_sheet import OpContractSheet
from centre_app.views.op_contracts_area import op_contract_pages
from centre_app.views.op_contracts_page import OpContractsPage
from centre_app.views.op_overview_page import OpOverviewPage
from centre_app.views.rows_model import RowsModel
from tests.services.op_contract_helpers import draft, make_op

RETURN, TAB = Qt.Key.Key_Return, Qt.Key.Key_Tab
CTRL = Qt.KeyboardModifier.ControlModifier
TODAY = date.today()
EFFECT = date(TODAY.year + 1, 1, 1)


@pytest.fixture
def ctx(workspace: Workspace) -> ViewContext:
    return ViewContext(workspace)


@pytest.fixture
def op(db: Database, clerk: Actor) -> int:
    """« Groupement Wendkouni de Mentao » (role OP), its présidente DICKO Aïssata, the centre's signatory."""
    return make_op(db, clerk)


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes recorded (questions answered Yes) and previews recorded instead of shown."""
    texts: list[str] = []
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: texts.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: texts.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: texts.append(text) or yes)
    monkeypatch.setattr(op_contract_actions, "preview", lambda parent, ctx, name, args, *r: texts.append(name))
    return texts


def _shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _type(qtbot: QtBot, *steps: str | Qt.Key) -> None:
    """Keys as a clerk types them where the focus is: text (ASCII) or a key."""
    for step in steps:
        if isinstance(step, str):
            qtbot.keyClicks(_focus(), step)
        else:
            qtbot.keyClick(_focus(), step)


def driven(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, script: Callable[[QDialog], None]) -> list[QDialog]:
    """OpContractDialog.exec shows the real dialog and runs ``script`` on it instead of blocking."""
    opened: list[QDialog] = []

    def exec_(dialog: QDialog) -> int:
        opened.append(dialog)
        _shown(qtbot, dialog)
        script(dialog)
        return dialog.result()

    monkeypatch.setattr(OpContractDialog, "exec", exec_)
    return opened


def _signable(db: Database, clerk: Actor, op: int, **changes: object) -> int:
    """A draft ready to sign (or not, with ``changes``), dated from next year."""
    later = [ObligationInput(o.side, o.deliverable, EFFECT + timedelta(days=60), o.quantity, o.unit)
             for o in draft(op).obligations]  # fmt: skip
    base: dict[str, object] = {
        "effect_date": EFFECT, "end_date": EFFECT + timedelta(days=364), "obligations": tuple(later),
        "schedule": (ScheduleInput(EFFECT, 150_000, "Avance"), ScheduleInput(EFFECT + timedelta(days=90), 225_000),
                     ScheduleInput(EFFECT + timedelta(days=180), 225_000)),
    }  # fmt: skip
    base.update(changes)
    with db.transaction(clerk) as s:
        return drafts.create_contract(s, draft(op, **base)).id


# --- the scenario ------------------------------------------------------------------------------
def test_a_clerk_types_a_contract_with_three_obligations_then_the_manager_signs_it(
    qtbot: QtBot, ctx: ViewContext, op: int, manager: Actor, told: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def type_the_contract(d: QDialog) -> None:
        assert isinstance(d, OpContractDialog)
        assert _focus() is d.op
        _type(qtbot, "wendk")
        qtbot.waitUntil(d.op.popup_visible, timeout=2000)
        qtbot.keyClick(d.op.completer_.popup(), Qt.Key.Key_Down)
        qtbot.keyClick(d.op.completer_.popup(), RETURN)
        d.activateWindow()
        qtbot.waitUntil(d.isActiveWindow)
        assert d.op.party_id() == op
        assert [(s.side, s.name) for s in d.signatories.inputs()] == [("centre", "Aminata Dicko"),
                                                                       ("op", "DICKO Aïssata")]  # fmt: skip
        _type(qtbot, RETURN, RETURN)  # the OP, the type of service (commercialisation de bétail) kept
        assert _focus() is d.object
        _type(qtbot, "appui a la commercialisation groupee des bovins")
        d.object.setText(d.object.text().replace("groupee", "groupée"))  # accents are not typed by keyClicks
        _type(qtbot, RETURN, EFFECT.strftime("%d%m%Y"), RETURN, (EFFECT + timedelta(days=364)).strftime("%d%m%Y"))
        _type(qtbot, RETURN, RETURN)  # notice: 30 days kept
        assert _focus() is d.tacit
        _type(qtbot, TAB, "600000", RETURN, "150000", RETURN, "En especes a la caisse du centre", RETURN)
        assert d.amount.value() == 600_000 and d.advance.value() == 150_000
        # 1. The échéancier (Ctrl+2): the difference with the amount shows as it is typed.
        qtbot.keyClick(_focus(), Qt.Key.Key_2, CTRL)
        assert d.tabs.currentWidget() is d.schedule and _focus() is d.schedule.due_date
        _type(qtbot, EFFECT.strftime("%d%m%Y"), RETURN, "150000", RETURN, "Avance", RETURN)
        assert "écart" in d.schedule.total.text()
        assert d.schedule.due_date.value() == EFFECT.replace(month=2)  # the next instalment a month later
        _type(qtbot, EFFECT.replace(month=4).strftime("%d%m%Y"), RETURN, "225000", RETURN, "Tranche", RETURN)
        _type(qtbot, EFFECT.replace(month=8).strftime("%d%m%Y"), RETURN, "225000", RETURN, "Solde", RETURN)
        assert [x.amount for x in d.schedule.inputs()] == [150_000, 225_000, 225_000]
        assert "écart" not in d.schedule.total.text() and "600" in d.schedule.total.text()
        # 2. Three obligations (Ctrl+3): side, deliverable, quantity, unit, due date; Enter adds each one.
        qtbot.keyClick(_focus(), Qt.Key.Key_3, CTRL)
        assert _focus() is d.obligations.side
        due = EFFECT.replace(month=6).strftime("%d%m%Y")
        _type(qtbot, RETURN, "Organiser quatre marches groupes", RETURN, "4", RETURN, "marches", RETURN, due, RETURN)
        _type(qtbot, "O", RETURN, "Rassembler les animaux au parc", RETURN, "120", RETURN, "tetes", RETURN, due, RETURN)
        _type(qtbot, "O", RETURN, "Tenir le registre des ventes", RETURN, RETURN, RETURN, due, RETURN)
        assert [(o.side, o.deliverable, o.quantity, o.unit) for o in d.obligations.inputs()] == [
            ("centre", "Organiser quatre marches groupes", "4", "marches"),
            ("op", "Rassembler les animaux au parc", "120", "tetes"),
            ("op", "Tenir le registre des ventes", None, ""),
        ]
        # 3. An indicator (Ctrl+4), then Ctrl+S saves the draft and closes the form.
        qtbot.keyClick(_focus(), Qt.Key.Key_4, CTRL)
        _type(qtbot, "Tetes commercialisees", RETURN, "400", RETURN, "tetes", RETURN)
        assert len(d.indicators.inputs()) == 1
        qtbot.keyClick(_focus(), Qt.Key.Key_S, CTRL)

    opened = driven(monkeypatch, qtbot, type_the_contract)
    page = _shown(qtbot, OpContractsPage(ctx))
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    assert opened and opened[0].result() == QDialog.DialogCode.Accepted
    saved = opened[0].saved
    assert saved is not None and saved.state == "brouillon"
    doc = ctx.read(lambda s: queries.get_contract(s, saved.id))
    assert (doc.row.op_id, doc.own_amount, doc.advance, doc.row.object) == (
        op,
        600_000,
        150_000,
        "appui a la commercialisation groupée des bovins",
    )
    assert len(doc.obligations) == 3 and len(doc.schedule) == 3 and len(doc.indicators) == 1
    assert doc.obligations[1].quantity == Decimal(120)
    assert page.current() is not None and page.current().id == saved.id  # the new draft is selected

    # The manager opens it from the list (Enter) and signs it.
    ctx.workspace.actor = manager
    manager_page = _shown(qtbot, OpContractsPage(ctx))
    manager_page.select(saved.id)
    driven(monkeypatch, qtbot, lambda d: qtbot.mouseClick(d.sign_button, Qt.MouseButton.LeftButton))
    qtbot.keyClick(manager_page.table, RETURN)
    signed = ctx.read(lambda s: queries.get_contract(s, saved.id))
    assert signed.number == f"COP-{TODAY.year}-0001" and signed.state == "signe"
    assert signed.signed_by == manager.full_name and signed.row.signature_date == TODAY
    assert any(f"COP-{TODAY.year}-0001" in text for text in told)
    assert [d.amount for d in ctx.read(lambda s: dues.list_dues(s, op))] == [150_000, 225_000, 225_000]
    assert manager_page.current().state_label == "Signé"


def test_a_refused_signature_keeps_the_form_open_with_everything_typed(
    qtbot: QtBot, ctx: ViewContext, db: Database, clerk: Actor, manager: Actor, op: int, told: list[str]
) -> None:
    cid = _signable(db, clerk, op, schedule=(ScheduleInput(EFFECT, 150_000), ScheduleInput(EFFECT.replace(month=6),
                                                                                         350_000)))  # fmt: skip
    ctx.workspace.actor = manager
    dialog = OpContractDialog(ctx, None, cid)
    dialog.load(ctx.read(lambda s: queries.get_contract(s, cid)))
    _shown(qtbot, dialog)
    assert "écart : -100" in dialog.schedule.total.text().replace("\u202f", "").replace("\u00a0", " ")
    dialog.guarantees.setText("Caution du bureau de l'OP")  # typed before signing
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.tabs.currentWidget() is dialog.schedule  # the refusal shows on its tab
    assert "échéancier" in dialog.schedule.error.text() and "600" in dialog.schedule.error.text()
    assert dialog.guarantees.text() == "Caution du bureau de l'OP"
    assert ctx.read(lambda s: queries.get_contract(s, cid)).state == "brouillon"  # nothing kept
    # The manager adds the missing instalment and signs.
    dialog.schedule.set_inputs([*dialog.schedule.inputs(), ScheduleInput(EFFECT.replace(month=9), 100_000)])
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    doc = ctx.read(lambda s: queries.get_contract(s, cid))
    assert doc.state == "signe" and doc.guarantees == "Caution du bureau de l'OP"


def test_other_refusals_show_beside_their_field(qtbot: QtBot, ctx: ViewContext, op: int) -> None:
    dialog = _shown(qtbot, OpContractDialog(ctx))
    dialog.accept()
    assert (
        dialog.isVisible() and dialog.field_error_label(dialog.op).text() == "Choisissez l'organisation de producteurs."
    )
    dialog.op.set_party(op, "Wendkouni")
    dialog.object.setText("appui-conseil")
    dialog.end_date.setValue(dialog.effect_date.value() - timedelta(days=1))
    dialog.accept()
    assert "date de fin" in dialog.field_error_label(dialog.end_date).text()
    dialog.end_date.setValue(dialog.effect_date.value() + timedelta(days=30))
    dialog.amount.setValue(100_000)
    dialog.advance.setValue(200_000)
    dialog.accept()
    assert "avance" in dialog.field_error_label(dialog.advance).text().lower()
    dialog.advance.setValue(0)
    dialog.obligations.set_inputs([ObligationInput("op", "Livrer", dialog.end_date.value() + timedelta(days=9))])
    dialog.accept()
    assert dialog.tabs.currentWidget() is dialog.obligations and "après la fin" in dialog.obligations.error.text()
    assert ctx.read(queries.list_contracts) == []


def test_a_clerk_cannot_sign_nor_suspend(
    qtbot: QtBot, ctx: ViewContext, db: Database, clerk: Actor, manager: Actor, op: int
) -> None:
    cid = _signable(db, clerk, op)
    dialog = OpContractDialog(ctx, None, cid)
    dialog.load(ctx.read(lambda s: queries.get_contract(s, cid)))
    _shown(qtbot, dialog)
    why = ctx.why_not(Action.MANAGE_CONTRACTS_AND_PRICES)
    assert not dialog.sign_button.isEnabled() and dialog.sign_button.toolTip() == why and why
    assert not dialog.signature_date.isEnabled()
    dialog.sign()  # a shortcut or a script would be refused by the service too: nothing happens here
    assert ctx.read(lambda s: queries.get_contract(s, cid)).state == "brouillon"
    with db.transaction(manager) as s:
        workflow.sign_contract(s, cid)
    sheet = _shown(qtbot, OpContractSheet(ctx, cid))
    for button in (sheet.suspend_button, sheet.terminate_button, sheet.obligations.reopen_button):
        assert not button.isEnabled()
    assert sheet.terminate_button.toolTip() == why
    assert sheet.schedule.cash_button.isEnabled() or not sheet.doc.schedule  # the clerk cashes payments


def test_an_accountant_reads_only(qtbot: QtBot, ctx: ViewContext, accountant: Actor, op: int) -> None:
    ctx.workspace.actor = accountant
    page = _shown(qtbot, OpContractsPage(ctx))
    assert not page.new_button.isEnabled() and not page.amend_button.isEnabled()
    dialog = _shown(qtbot, OpContractDialog(ctx))
    assert not dialog.ok_button.isEnabled() and not dialog.sign_button.isEnabled()


def test_clause_template_edit_creates_a_new_version(
    qtbot: QtBot, ctx: ViewContext, manager: Actor, told: list[str]
) -> None:
    clerk_page = _shown(qtbot, ClauseTemplatesPage(ctx))
    assert not clerk_page.save_button.isEnabled() and clerk_page.body.isReadOnly()
    ctx.workspace.actor = manager
    page = _shown(qtbot, ClauseTemplatesPage(ctx))
    row = next(i for i, r in enumerate(page.templates.rows()) if r.kind == "contrat" and r.title == "Objet")
    page.table.selectRow(row)
    code, version = page.row.code, page.row.version
    assert page.versions.rowCount() == 1
    page.body.setFocus()
    page.body.moveCursor(page.body.textCursor().MoveOperation.End)
    page.body.insertPlainText(" Le Centre y consacre un agent à temps plein.")
    page.fields.setCurrentRow(0)
    page.insert_field(page.fields.item(0))  # « {numero_contrat} » at the cursor
    page.note.setText("Précision demandée par l'union")
    qtbot.keyClick(page.body, Qt.Key.Key_S, CTRL)
    assert page.row.code == code and page.row.version == version + 1
    assert page.versions.rowCount() == 2 and page.versions.row_at(0).note == "Précision demandée par l'union"
    assert page.body.toPlainText().endswith("agent à temps plein.{numero_contrat}")
    page.body.setPlainText(page.body.toPlainText() + " {champ_inconnu}")
    assert page.save() is None and "champ_inconnu" in page.error.text()
    page.undo()
    assert "champ_inconnu" not in page.body.toPlainText() and page.save() is None  # unchanged: refused
    assert "modifiée" in page.error.text()


# --- the area, the dashboard's filters, the OP overview ---------------------------------------------------
def test_area_dashboard_filters_and_overview(
    qtbot: QtBot, ctx: ViewContext, db: Database, clerk: Actor, manager: Actor, op: int, told: list[str]
) -> None:
    cid = _signable(db, clerk, op)
    other = _signable(db, clerk, op, object="formation des relais")
    with db.transaction(manager) as s:
        workflow.sign_contract(s, cid)
    pages = op_contract_pages(ctx)
    assert [title for title, _page in pages] == ["Contrats", "Modèles de clauses", "Vue par OP"]
    page, overview = pages[0][1], pages[2][1]
    assert isinstance(page, OpContractsPage) and isinstance(overview, OpOverviewPage)
    for _title, widget in pages:
        qtbot.addWidget(widget)
    page.apply_filters({"contract_id": other})
    assert page.current().id == other
    page.apply_filters({"op_id": op, "expiring": True})
    assert page.model.rowCount() == 0  # nothing ends within 60 days
    page.apply_filters({"op_id": op, "contract_id": cid})
    assert page.model.rowCount() == 2 and page.current().id == cid
    page.state_filter.setCurrentIndex(page.state_filter.findData("brouillon"))
    assert [page.model.row_at(i).id for i in range(page.model.rowCount())] == [other]
    page.apply_filters({})
    page.select(cid)
    page.show_overview()  # F9: the « Vue par OP » tab on the contract's OP
    assert overview.op_id == op and overview.model.rowCount() == 2
    assert overview.values["live"].text() == "1" and "600" in overview.values["planned"].text()
    page.print_contract()
    page.print_schedule()
    assert told[-2:] == ["contract_pdf", "schedule_pdf"]


# --- every table model -----------------------------------------------------------------------------------
def test_every_model_passes_the_qt_model_tester(
    qtmodeltester, qtbot: QtBot, ctx: ViewContext, db: Database, clerk: Actor, manager: Actor, op: int
) -> None:
    cid = _signable(db, clerk, op)
    with db.transaction(manager) as s:
        workflow.sign_contract(s, cid)
    doc = ctx.read(lambda s: queries.get_contract(s, cid))
    cur = ("XOF", "fr_BF")
    inputs = draft(op)
    sets: list[tuple[tuple[Column, ...], tuple]] = [
        (models.schedule_columns(cur), doc.schedule), (models.obligation_columns(), doc.obligations),
        (models.indicator_columns(), doc.indicators), (models.history_columns(), doc.history),
        (models.signatory_columns(), doc.signatories), (models.schedule_input_columns(cur), inputs.schedule),
        (models.obligation_input_columns(), inputs.obligations), (models.indicator_input_columns(), inputs.indicators),
        (models.signatory_columns(), (SignatoryInput("op", "X", "président"),)),
        (models.amendment_columns(cur), ()), (models.attachment_columns(), ()), (models.incident_columns(), ()),
        (models.measure_columns(), ()), (models.indicator_input_columns(), (IndicatorInput("Têtes", "400"),)),
    ]  # fmt: skip
    for columns, rows in sets:
        model = RowsModel(columns)
        model.set_rows(rows)
        qtmodeltester.check(model)
    page = _shown(qtbot, ClauseTemplatesPage(ctx))
    for model in (page.templates, page.versions):
        assert model.columns in (TEMPLATE_COLUMNS, VERSION_COLUMNS)
        qtmodeltester.check(model)
    contracts = _shown(qtbot, OpContractsPage(ctx))
    qtmodeltester.check(contracts.model)
    overview = OpOverviewPage(ctx)
    qtbot.addWidget(overview)
    overview.show_op(op)
    qtmodeltester.check(overview.model)
    sheet = _shown(qtbot, OpContractSheet(ctx, cid))
    for tab in sheet.parts:
        qtmodeltester.check(tab.model)
    qtmodeltester.check(sheet.indicators.measures)
