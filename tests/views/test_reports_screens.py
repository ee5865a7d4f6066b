"""Rapports screens driven as the office would: the monthly pack written with its progress and summary, a month
locked from the Périodes page (no document may then be dated in it), unlocked with a mandatory reason, the
account mapping edited and reset, and what each role may do."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_money
from centre_app.domain.periods import Period
from centre_app.models.database import Database
from centre_app.services import payments, periods, stock
from centre_app.services.context import Actor
from centre_app.services.payments import PaymentDraft
from centre_app.services.stock import ReceptionDraft
from centre_app.services.workspace import Workspace
from centre_app.views import reports_page
from centre_app.views.account_mapping_page import AccountDialog, AccountMappingPage
from centre_app.views.context import ViewContext
from centre_app.views.period_locks_page import PeriodLocksPage, UnlockDialog
from centre_app.views.reports_area import reports_pages
from centre_app.views.reports_page import ReportsPage
from tests.services.stock_helpers import Refs, line, make_refs, tx

LAST_MONTH = Period.month_of(date.today()).shifted_months(-1)
IN_LAST_MONTH = datetime.combine(LAST_MONTH.start + timedelta(days=9), datetime.min.time(), UTC).replace(hour=9)
LAST = f"{LAST_MONTH.start:%Y-%m}"


@pytest.fixture
def refs(db: Database, clerk: Actor, manager: Actor) -> Refs:
    """Last month: a purchase on credit and a customer's advance."""
    refs = make_refs(db, manager)
    with tx(db, clerk, IN_LAST_MONTH) as s:
        stock.record_reception(
            s, ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", 20, price=7_500),), supplier_id=refs.supplier)
        )
        payments.record_payment(s, PaymentDraft("REC", 25_000, "especes", "Avance", party_id=refs.customer))
    return refs


@pytest.fixture
def ctx(workspace: Workspace, refs: Refs) -> ViewContext:
    return ViewContext(workspace)


@pytest.fixture
def yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer Yes to every confirmation; returns the questions asked."""
    asked: list[str] = []

    def question(_parent, _title, text, *_a, **_k):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a, **_k: shown.append(text))
    return shown


def _select_month(page: PeriodLocksPage, day: date) -> None:
    table = page.months.table
    row = next(i for i in range(page.months.model.rowCount()) if page.months.model.row_at(i).month == day)
    table.setFocus()
    table.selectRow(row)


# -- monthly pack ------------------------------------------------------------------------------------------------
def test_the_monthly_pack_is_generated_with_its_progress_and_summary(
    qtbot: QtBot, ctx: ViewContext, accountant: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx.workspace.actor = accountant
    opened: list[Path] = []
    monkeypatch.setattr(reports_page, "open_path", lambda p: opened.append(p) or True)
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    assert page.selected_month() == LAST  # the previous month by default
    assert page.journal_model.rowCount() >= 2 and page.balance_model.rowCount() >= 3
    assert "débit = crédit" in page.totals.text()
    QTest.keyClick(page.month, Qt.Key.Key_Up)  # the month in progress, then back
    assert page.selected_month() == f"{date.today():%Y-%m}"
    assert not page.lock.isEnabled()
    QTest.keyClick(page.month, Qt.Key.Key_Down)
    assert page.selected_month() == LAST and page.lock.isEnabled()
    folder = tmp_path / "out"
    page.folder.clear()
    QTest.keyClicks(page.folder, str(folder))
    seen: list[int] = []
    page.progress.valueChanged.connect(seen.append)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    result = page.result
    assert result is not None
    assert all(p.exists() for p in result.files)
    assert sorted(p.name for p in folder.iterdir()) == [f"ecritures-{LAST}.csv", f"synthese-{LAST}.pdf",
                                                         f"synthese-{LAST}.xlsx"]  # fmt: skip
    assert seen == [25, 50, 75, 100] and page.progress.value() == 100
    assert page.step.text() == "Dossier du mois terminé"
    assert not page.summary_box.isHidden()
    text = page.summary.text()
    assert f"synthese-{LAST}.pdf" in text and f"ecritures-{LAST}.csv" in text
    assert format_money(result.debit) in text and result.debit == result.credit > 0
    assert "verrouillé" not in text
    page.summary.linkActivated.emit(QUrl.fromLocalFile(str(result.pdf)).toString())
    qtbot.mouseClick(page.open_folder, Qt.MouseButton.LeftButton)
    assert opened == [result.pdf, folder]
    assert page.month.isEnabled() and page.generate_button.isEnabled()  # usable again


def test_the_pack_can_lock_the_month_and_refusals_write_nothing(
    qtbot: QtBot, ctx: ViewContext, manager: Actor, tmp_path: Path, warnings: list[str]
) -> None:
    ctx.workspace.actor = manager
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.folder.setText("dossier relatif")
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert page.folder_error.text().startswith("Saisissez le chemin complet") and page.result is None
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier")
    page.folder.setText(str(blocker / "Centre"))
    page.lock.setChecked(True)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert page.result is None and len(warnings) == 1 and warnings[0].startswith("Impossible d'écrire")
    assert page.progress.value() == 0 and page.step.text() == "Rien n'a été écrit."
    assert not ctx.read(lambda s: periods.is_locked(s, LAST))
    page.folder.setText(str(tmp_path / "ok"))
    page.lock.setChecked(True)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert page.result is not None and page.result.locked_now
    assert "verrouillé" in page.summary.text()
    assert ctx.read(lambda s: periods.is_locked(s, LAST))
    assert page.month_state.text().startswith("Mois verrouillé le") and not page.lock.isEnabled()


# -- periods ------------------------------------------------------------------------------------------------------
def test_a_month_locked_from_the_page_refuses_new_documents(
    qtbot: QtBot, ctx: ViewContext, manager: Actor, refs: Refs, yes: list[str]
) -> None:
    ctx.workspace.actor = manager
    page = PeriodLocksPage(ctx)
    qtbot.addWidget(page)
    assert page.months.model.rowCount() == 24
    assert page.months.model.row_at(0).state == "En cours"
    _select_month(page, LAST_MONTH.start)
    assert page.months.lock_button.isEnabled() and not page.months.unlock_button.isEnabled()
    qtbot.mouseClick(page.months.lock_button, Qt.MouseButton.LeftButton)
    assert yes and "verrouiller" in yes[0].lower()
    row = page.months.current()
    assert row is not None and row.month == LAST_MONTH.start and row.locked
    assert row.state.startswith("Verrouillé le ") and row.state.endswith("par Gaston Gestionnaire")
    assert page.history.model.rowCount() == 1
    assert page.months.unlock_button.isEnabled() and not page.months.lock_button.isEnabled()
    draft = PaymentDraft("REC", 5_000, "especes", "Avance", party_id=refs.customer, business_date=LAST_MONTH.last_day)
    with pytest.raises(DomainError) as err:
        ctx.workspace.run(lambda s: payments.record_payment(s, draft))
    assert err.value.code == "period.locked" and "est verrouillé" in message(err.value)


def test_unlocking_needs_a_reason_and_the_dialog_keeps_what_was_typed(
    qtbot: QtBot, db: Database, ctx: ViewContext, manager: Actor
) -> None:
    with tx(db, manager, datetime.now(UTC)) as s:
        periods.lock_month(s, LAST_MONTH)
    ctx.workspace.actor = manager
    page = PeriodLocksPage(ctx)
    qtbot.addWidget(page)
    _select_month(page, LAST_MONTH.start)
    assert page.months.unlock_button.isEnabled()
    dialog = UnlockDialog(ctx, LAST_MONTH.start, page)
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.reason, "   ")
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.unlocked is None
    error = dialog.findChild(type(dialog.error), "reason_error")
    assert error is not None and error.text() == "Le motif du déverrouillage est obligatoire."
    assert ctx.read(lambda s: periods.is_locked(s, LAST_MONTH))
    dialog.reason.clear()
    QTest.keyClicks(dialog.reason, "Facture du 28 oubliee")
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.unlocked is not None and dialog.unlocked.reason == "Facture du 28 oubliee"
    assert not ctx.read(lambda s: periods.is_locked(s, LAST_MONTH))
    row = next(page.months.model.row_at(i) for i in range(24) if page.months.model.row_at(i).month == LAST_MONTH.start)
    assert row.state == "Ouvert" and row.last_unlock.endswith("par Gaston Gestionnaire : Facture du 28 oubliee")
    assert [page.history.model.row_at(i).action for i in range(2)] == ["unlock", "lock"]


def test_the_unlock_button_opens_the_dialog(
    qtbot: QtBot, db: Database, ctx: ViewContext, manager: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tx(db, manager, datetime.now(UTC)) as s:
        periods.lock_month(s, LAST_MONTH)
    ctx.workspace.actor = manager
    page = PeriodLocksPage(ctx)
    qtbot.addWidget(page)
    asked: list[date] = []
    monkeypatch.setattr(UnlockDialog, "unlock", classmethod(lambda cls, parent, c, month: asked.append(month)))
    _select_month(page, LAST_MONTH.start)
    qtbot.mouseClick(page.months.unlock_button, Qt.MouseButton.LeftButton)
    assert asked == [LAST_MONTH.start]


# -- chart of accounts --------------------------------------------------------------------------------------------
def _row(page: AccountMappingPage, key: str):
    return next(page.model.row_at(i) for i in range(page.model.rowCount()) if page.model.row_at(i).key == key)


def test_an_account_is_edited_with_feedback_as_you_type_then_reset(
    qtbot: QtBot, ctx: ViewContext, accountant: Actor, yes: list[str]
) -> None:
    ctx.workspace.actor = accountant
    page = AccountMappingPage(ctx)
    qtbot.addWidget(page)
    assert page.chart_combo.currentData() == "SYSCOHADA" and page.edit_button.isEnabled()
    clients = _row(page, "clients")
    assert (clients.number, clients.is_default) == ("4111", True)
    dialog = AccountDialog(ctx, clients, "SYSCOHADA", page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.number.clear()
    QTest.keyClicks(dialog.number, "A41")
    number_error = dialog.field_error_label(dialog.number)
    assert number_error.text().startswith("Saisissez le numéro de compte en chiffres")
    QTest.keyClick(dialog.number, Qt.Key.Key_Return)  # moves on to the label
    dialog.accept()
    assert dialog.isVisible() and dialog.saved is None
    dialog.number.clear()
    QTest.keyClicks(dialog.number, "4112")
    assert number_error.text() == ""
    QTest.keyClick(dialog.number, Qt.Key.Key_Return)  # on to the label
    assert dialog.focusWidget() is dialog.label
    dialog.label.clear()
    assert dialog.field_error_label(dialog.label).text() == "Le libellé est obligatoire."
    dialog.label.setText("Clients ordinaires")
    QTest.keyClick(dialog.label, Qt.Key.Key_Return)
    assert dialog.saved is not None and dialog.saved.number == "4112"
    changed = _row(page, "clients")
    assert (changed.number, changed.label, changed.is_default) == ("4112", "Clients ordinaires", False)
    page.table.selectRow(next(i for i in range(page.model.rowCount()) if page.model.row_at(i).key == "clients"))
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    assert yes and "SYSCOHADA" in yes[-1]
    assert _row(page, "clients").number == "4111" and _row(page, "clients").is_default
    assert page.status.text().startswith("Valeurs par défaut rétablies")


def test_the_chart_switches_to_cgnc(qtbot: QtBot, ctx: ViewContext, manager: Actor, yes: list[str]) -> None:
    ctx.workspace.actor = manager
    page = AccountMappingPage(ctx)
    qtbot.addWidget(page)
    page.chart_combo.setCurrentIndex(page.chart_combo.findData("CGNC"))
    page.chart_combo.activated.emit(page.chart_combo.currentIndex())
    assert page.chart == "CGNC" and _row(page, "clients").number == "3421"
    assert "CGNC" in yes[-1]


# -- roles --------------------------------------------------------------------------------------------------------
def test_a_clerk_reads_but_every_action_is_disabled_with_its_reason(qtbot: QtBot, ctx: ViewContext) -> None:
    pages = dict(reports_pages(ctx))
    assert list(pages) == ["Dossier du mois", "Plan comptable", "Périodes"]
    for page in pages.values():
        qtbot.addWidget(page)
    pack = pages["Dossier du mois"]
    assert isinstance(pack, ReportsPage)
    assert not pack.generate_button.isEnabled() and not pack.lock.isEnabled()
    assert pack.generate_button.toolTip().startswith("Réservé")
    assert pack.preview_note.text().startswith("Réservé") and pack.journal_model.rowCount() == 0
    mapping = pages["Plan comptable"]
    assert isinstance(mapping, AccountMappingPage)
    assert mapping.model.rowCount() > 20
    for widget in (mapping.edit_button, mapping.reset_button, mapping.chart_combo):
        assert not widget.isEnabled() and widget.toolTip().startswith("Réservé")
    locks = pages["Périodes"]
    assert isinstance(locks, PeriodLocksPage)
    _select_month(locks, LAST_MONTH.start)
    for button in (locks.months.lock_button, locks.months.unlock_button):
        assert not button.isEnabled() and button.toolTip().startswith("Réservé")


def test_an_accountant_locks_but_does_not_unlock(qtbot: QtBot, ctx: ViewContext, accountant: Actor) -> None:
    ctx.workspace.actor = accountant
    page = PeriodLocksPage(ctx)
    qtbot.addWidget(page)
    _select_month(page, LAST_MONTH.start)
    assert page.months.lock_button.isEnabled()
    assert not page.months.unlock_button.isEnabled()
    assert "annuler un document" in page.months.unlock_button.toolTip()


def test_models_pass_the_qt_model_tester(
    qtmodeltester, qtbot: QtBot, db: Database, ctx: ViewContext, manager: Actor
) -> None:
    with tx(db, manager, datetime.now(UTC)) as s:
        periods.lock_month(s, LAST_MONTH)
    ctx.workspace.actor = manager
    pack = ReportsPage(ctx)
    mapping = AccountMappingPage(ctx)
    locks = PeriodLocksPage(ctx)
    for page in (pack, mapping, locks):
        qtbot.addWidget(page)
    assert pack.journal_model.rowCount() and locks.history.model.rowCount() == 1
    for model in (pack.journal_model, pack.balance_model, mapping.model, locks.months.model, locks.history.model):
        qtmodeltester.check(model)
