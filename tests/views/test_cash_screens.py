"""Caisse screens: a receipt typed from the keyboard only, refusals that keep the form, the cash ceiling question,
cancellation rights and reason, the daily closing, reprints, the party account, and every table model."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from centre_app.domain.permissions import Action
from centre_app.services import cash_day, dues, parties, payments
from centre_app.services.parties import PartyInput
from centre_app.services.payments import PaymentDraft
from centre_app.services.workspace import Workspace
from centre_app.views import closing_dialog, party_account_page, receipt_dialog
from centre_app.views.cash_page import CashDayPage
from centre_app.views.closing_dialog import ClosingDialog
from centre_app.views.context import ViewContext
from centre_app.views.disbursement_dialog import DisbursementDialog
from centre_app.views.party_account_page import PartyAccountPage
from centre_app.views.receipt_dialog import ReceiptDialog
from centre_app.views.receipts_page import CancelPaymentDialog, ReceiptsPage

RETURN = Qt.Key.Key_Return
TODAY = date.today()


@pytest.fixture
def ctx(workspace: Workspace) -> ViewContext:
    return ViewContext(workspace)


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Printing is replaced: every preview asked is recorded instead of shown."""
    shown: list[tuple] = []
    monkeypatch.setattr(receipt_dialog, "preview_payment", lambda parent, ctx, *args: shown.append(("pay", *args)))
    monkeypatch.setattr(closing_dialog, "preview_day_book", lambda parent, ctx, day: shown.append(("day", day)))
    monkeypatch.setattr(
        party_account_page, "preview_statement", lambda parent, ctx, *args: shown.append(("statement", *args))
    )
    return shown


@pytest.fixture
def awa(workspace: Workspace) -> dict[str, int]:
    """SAWADOGO Awa owes two orders: the older one is settled first."""

    def work(s) -> dict[str, int]:
        party = parties.create_party(s, PartyInput(name="SAWADOGO Awa", village="Mentao")).id
        old = dues.open_due(
            s, party_id=party, direction="receivable", source_type="manual", reference="CMD-2026-00001",
            label="12 sacs de tourteau", amount=60_000, issued_on=TODAY - timedelta(days=40),
        )  # fmt: skip
        recent = dues.open_due(
            s, party_id=party, direction="receivable", source_type="manual", reference="CMD-2026-00002",
            label="3 sacs de maïs", amount=90_000, issued_on=TODAY - timedelta(days=10),
        )  # fmt: skip
        return {"party": party, "old": old, "recent": recent}

    return workspace.run(work)


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


def _pay(workspace: Workspace, party: int, amount: int, **kw) -> payments.PaymentRow:
    draft = PaymentDraft("REC", amount, kw.pop("means", "especes"), "Règlement", party_id=party, **kw)
    return workspace.run(lambda s: payments.record_payment(s, draft))


def _remaining(workspace: Workspace, party: int) -> dict[str, int]:
    rows = workspace.read(lambda s: dues.list_dues(s, party, open_only=False))
    return {r.reference: r.remaining for r in rows}


# --- receipt -------------------------------------------------------------------------------------
def test_a_receipt_from_the_keyboard_only(qtbot: QtBot, ctx: ViewContext, awa, previews) -> None:
    changed: list[set[str]] = []
    ctx.changed.connect(changed.append)
    dialog = _shown(qtbot, ReceiptDialog(ctx))
    assert _focus() is dialog.party
    qtbot.keyClicks(dialog.party, "sawadogo")
    qtbot.waitUntil(dialog.party.popup_visible, timeout=2000)
    qtbot.keyClick(dialog.party.completer_.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(dialog.party.completer_.popup(), RETURN)
    assert dialog.party.party_id() == awa["party"]
    assert [dialog.dues.index(r, 0).data() for r in range(2)] == ["CMD-2026-00001", "CMD-2026-00002"]
    qtbot.keyClick(_focus(), RETURN)
    assert _focus() is dialog.amount
    qtbot.keyClicks(dialog.amount, "100000")  # spread oldest first: 60 000 then 40 000
    assert dialog.dues.allocations() == ((awa["old"], 60_000), (awa["recent"], 40_000))
    assert dialog.dues.index(1, 6).data() == "40\u202f000"
    assert "avance sur le compte : 0" in dialog.spread_info.text()
    qtbot.keyClick(_focus(), RETURN)
    assert _focus() is dialog.means and dialog.means.currentData() == "especes"
    assert not dialog.transaction.isVisible() and not dialog.operator.isVisible()
    qtbot.keyClick(_focus(), RETURN)
    assert _focus() is dialog.purpose
    assert dialog.purpose.text() == "règlement de CMD-2026-00001, CMD-2026-00002"
    qtbot.keyClick(_focus(), RETURN)  # Enter on the last field validates
    assert dialog.result() == QDialog.DialogCode.Accepted
    row = dialog.payment
    assert row is not None and row.number.startswith("REC-") and row.amount == 100_000 and row.means == "especes"
    assert previews == [("pay", row.id)]
    assert changed == [{"cash"}]
    assert _remaining(ctx.workspace, awa["party"]) == {"CMD-2026-00001": 0, "CMD-2026-00002": 50_000}


def test_edited_shares_leave_an_advance_and_too_much_is_refused(qtbot: QtBot, ctx: ViewContext, awa, previews) -> None:
    dialog = _shown(qtbot, ReceiptDialog(ctx))
    dialog.choose_party(awa["party"])
    assert _focus() is dialog.amount
    qtbot.keyClicks(dialog.amount, "70000")
    assert dialog.dues.allocations() == ((awa["old"], 60_000), (awa["recent"], 10_000))
    dialog.dues_table.setFocus()
    dialog.dues_table.setCurrentIndex(dialog.dues.index(0, 6))
    qtbot.keyClicks(dialog.dues_table, "5")  # typing opens the share editor
    assert _focus() is not dialog.dues_table
    qtbot.keyClicks(_focus(), "0000")
    qtbot.keyClick(_focus(), RETURN)
    qtbot.waitUntil(lambda: dialog.dues.share(0) == 50_000, timeout=2000)
    assert dialog.dues_table.currentIndex().row() == 1  # Enter moves to the next document
    assert "10\u202f000" in dialog.spread_info.text()  # 70 000 - 60 000 allocated: advance
    dialog.dues.setData(dialog.dues.index(0, 6), 65_000)  # more than what remains on the order
    assert dialog.allocation_error.text().startswith("La répartition")
    dialog.accept()
    assert dialog.isVisible() and dialog.payment is None
    assert "CMD-2026-00001" in dialog.allocation_error.text()  # the service's refusal, beside the table
    assert dialog.amount.value() == 70_000 and dialog.party.party_id() == awa["party"]


def test_mobile_money_duplicate_transaction_is_refused_and_the_form_kept(
    qtbot: QtBot, ctx: ViewContext, awa, previews
) -> None:
    _pay(ctx.workspace, awa["party"], 5_000, means="mobile_money", operator="Orange Money", transaction_id="MP123")
    dialog = _shown(qtbot, ReceiptDialog(ctx))
    dialog.choose_party(awa["party"])
    qtbot.keyClicks(dialog.amount, "25000")
    dialog.means.setCurrentIndex(dialog.means.findData("mobile_money"))
    assert dialog.operator.isVisible() and dialog.transaction.isVisible() and dialog.fees.isVisible()
    assert not dialog.in_kind.isVisible()
    dialog.operator.setCurrentIndex(dialog.operator.findText("Orange Money"))
    dialog.payer_number.setFocus()
    qtbot.keyClicks(dialog.payer_number, "70112233")
    qtbot.keyClick(_focus(), RETURN)
    assert _focus() is dialog.transaction
    qtbot.keyClicks(dialog.transaction, "mp123")
    qtbot.keyClick(_focus(), RETURN, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter validates
    assert dialog.isVisible() and dialog.payment is None and previews == []
    error = dialog.findChild(QWidget, "transaction_error")
    assert "MP123" in error.text() and "REC-" in error.text()
    assert _focus() is dialog.transaction
    assert (dialog.amount.value(), dialog.transaction.text(), dialog.operator.currentText()) == (
        25_000, "mp123", "Orange Money",
    )  # fmt: skip
    dialog.transaction.setText("MP124")
    dialog.accept()
    assert dialog.payment is not None and dialog.payment.transaction_id == "MP124"
    assert dialog.payment.operator == "Orange Money"


def test_the_cash_ceiling_is_asked_then_accepted(
    qtbot: QtBot, ctx: ViewContext, awa, previews, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or answer[0])
    dialog = _shown(qtbot, ReceiptDialog(ctx))
    dialog.choose_party(awa["party"])
    qtbot.keyClicks(dialog.amount, "1200000")
    dialog.accept()
    assert len(asked) == 1 and "999\u202f999" in asked[0]
    assert dialog.isVisible() and dialog.payment is None  # « No »: nothing recorded, the form stays
    answer[0] = QMessageBox.StandardButton.Yes
    dialog.accept()
    assert dialog.payment is not None and dialog.payment.amount == 1_200_000
    assert _remaining(ctx.workspace, awa["party"]) == {"CMD-2026-00001": 0, "CMD-2026-00002": 0}
    assert ctx.read(lambda s: dues.party_balance(s, awa["party"])) == -1_050_000  # the rest is an advance


def test_disbursement_to_a_free_name_and_a_seller_payment(qtbot: QtBot, ctx: ViewContext, previews) -> None:
    def work(s) -> tuple[int, int]:
        seller = parties.create_party(s, PartyInput(name="DICKO Hamadou", village="Djibo")).id
        due = dues.open_due(
            s, party_id=seller, direction="payable", source_type="manual", reference="CBV-2026-0001",
            label="Vente de 2 boeufs", amount=300_000, issued_on=TODAY,
        )  # fmt: skip
        return seller, due

    seller, due = ctx.workspace.run(work)
    dialog = _shown(qtbot, DisbursementDialog(ctx))
    assert _focus() is dialog.kind and not dialog.dues_table.isVisible()
    dialog.beneficiary.setText("Garage de Djibo")
    qtbot.keyClicks(dialog.amount, "15000")
    dialog.purpose.setText("Réparation de la moto")
    dialog.accept()
    assert dialog.payment is not None and dialog.payment.number.startswith("DEC-")
    assert dialog.payment.counterpart_name == "Garage de Djibo"
    voucher = _shown(qtbot, DisbursementDialog(ctx, "BPV"))
    voucher.choose_party(seller)
    assert voucher.dues_table.isVisible() and voucher.dues.rowCount() == 1
    qtbot.keyClicks(voucher.amount, "300000")
    assert voucher.purpose.text() == "règlement de CBV-2026-0001"
    voucher.accept()
    assert voucher.payment is not None and voucher.payment.number.startswith("BPV-")
    assert ctx.read(lambda s: dues.list_dues(s, seller, direction="payable")) == []
    assert [p[0] for p in previews] == ["pay", "pay"] and due


# --- receipts list, reprint, cancellation -------------------------------------------------------
def test_a_clerk_cannot_cancel_and_is_told_why(qtbot: QtBot, ctx: ViewContext, awa) -> None:
    _pay(ctx.workspace, awa["party"], 10_000)
    page = _shown(qtbot, ReceiptsPage(ctx))
    assert page.model.rowCount() == 1
    assert not page.cancel_button.isEnabled()
    assert page.cancel_button.toolTip() == ctx.why_not(Action.CANCEL_DOCUMENT) != ""
    assert page.reprint_button.isEnabled()


def test_reprint_counts_the_duplicate_in_the_chosen_format(qtbot: QtBot, ctx: ViewContext, awa, previews) -> None:
    row = _pay(ctx.workspace, awa["party"], 10_000)
    page = _shown(qtbot, ReceiptsPage(ctx))
    page.table.selectRow(0)
    page.paper.setCurrentIndex(page.paper.findData("A5"))
    page.reprint()
    page.reprint()
    assert previews == [("pay", row.id, "A5", 1), ("pay", row.id, "A5", 2)]
    assert ctx.read(lambda s: payments.get_payment(s, row.id)).reprints == 2


def test_a_manager_cancels_with_a_reason(
    qtbot: QtBot, ctx: ViewContext, awa, manager, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = _pay(ctx.workspace, awa["party"], 60_000, allocations=((awa["old"], 60_000),))
    ctx.workspace.actor = manager
    page = _shown(qtbot, ReceiptsPage(ctx))
    assert page.cancel_button.isEnabled()
    informed: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: informed.append(text))
    page.table.selectRow(0)
    opened: list[int] = []
    with monkeypatch.context() as m:
        m.setattr(CancelPaymentDialog, "cancel", classmethod(lambda cls, parent, c, r: opened.append(r.id)))
        page.cancel()
    assert opened == [row.id]
    dialog = _shown(qtbot, CancelPaymentDialog(ctx, page.current(), page))
    assert _focus() is dialog.reason
    qtbot.keyClick(dialog.reason, RETURN)  # no reason: refused by the service, the dialog stays
    assert dialog.isVisible() and "motif" in dialog.findChild(QWidget, "reason_error").text()
    qtbot.keyClicks(dialog.reason, "erreur de saisie")
    qtbot.keyClick(dialog.reason, RETURN)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.counter_number is not None and dialog.counter_number.startswith("ANR-")
    assert informed and dialog.counter_number in informed[0] and row.number in informed[0]
    assert ctx.read(lambda s: payments.get_payment(s, row.id)).status == "annule"
    assert page.model.index(0, 9).data() == "annulé"  # the list refreshed
    assert _remaining(ctx.workspace, awa["party"])["CMD-2026-00001"] == 60_000


def test_receipts_filters(qtbot: QtBot, ctx: ViewContext, awa) -> None:
    _pay(ctx.workspace, awa["party"], 10_000)
    _pay(ctx.workspace, awa["party"], 20_000, means="mobile_money", operator="Wave", transaction_id="W-778")
    page = _shown(qtbot, ReceiptsPage(ctx))
    assert page.model.rowCount() == 2 and page.model.row_at(0).amount == 20_000  # latest first
    page.means_filter.setCurrentIndex(page.means_filter.findData("mobile_money"))
    assert [r.transaction_id for r in page.model.all_rows()] == ["W-778"]
    page.means_filter.setCurrentIndex(0)
    page.type_filter.setCurrentIndex(page.type_filter.findData("DEC"))
    assert page.model.rowCount() == 0
    page.type_filter.setCurrentIndex(0)
    page.all_dates.setChecked(False)
    page.day.setValue(TODAY - timedelta(days=1))
    assert page.model.rowCount() == 0
    page.day.setValue(TODAY)
    assert page.model.rowCount() == 2
    page.search.setText("w-778")
    page.refresh()
    assert page.model.rowCount() == 1


# --- the day and its closing --------------------------------------------------------------------
def test_closing_with_a_difference_needs_a_reason(
    qtbot: QtBot, ctx: ViewContext, awa, previews, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pay(ctx.workspace, awa["party"], 10_000)
    _pay(ctx.workspace, awa["party"], 4_000, means="mobile_money", operator="Wave", transaction_id="W1")
    page = _shown(qtbot, CashDayPage(ctx))
    assert page.lines.rowCount() == 2 and page.values["theoretical"].text() == "10\u202f000\u00a0F\u202fCFA"
    assert page.close_button.isEnabled() and "ouverte" in page.status.text()
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes
    )
    book = ctx.read(lambda s: cash_day.day_book(s, TODAY))
    dialog = _shown(qtbot, ClosingDialog(ctx, book, page))
    assert _focus() is dialog.counted
    qtbot.keyClicks(dialog.counted, "9000")
    assert "1\u202f000" in dialog.difference.text() and "manquant" in dialog.difference.text()
    qtbot.keyClick(_focus(), RETURN)
    assert _focus() is dialog.reason
    qtbot.keyClick(_focus(), RETURN)  # no reason for the difference: the service refuses
    assert dialog.isVisible() and dialog.number is None
    assert "motif" in dialog.findChild(QWidget, "reason_error").text()
    qtbot.keyClicks(dialog.reason, "billet de 1000 manquant")
    qtbot.keyClick(_focus(), RETURN)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.number.startswith("CLO-")
    assert asked and dialog.number in asked[0]
    assert previews == [("day", TODAY)]  # « Yes »: the day book is shown
    closed = ctx.read(lambda s: cash_day.day_book(s, TODAY))
    assert (closed.counted_cash, closed.difference, closed.reason) == (9_000, -1_000, "billet de 1000 manquant")
    assert "clôturée" in page.status.text() and not page.close_button.isEnabled()
    assert page.values["closing"].text().startswith(dialog.number)


def test_cash_day_page_buttons_and_shortcuts(
    qtbot: QtBot, ctx: ViewContext, accountant, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(ReceiptDialog, "create", classmethod(lambda cls, parent, c, party_id=None: opened.append("R")))
    monkeypatch.setattr(DisbursementDialog, "create", classmethod(lambda cls, parent, c, *a: opened.append("D")))
    page = _shown(qtbot, CashDayPage(ctx))
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    qtbot.keyClick(page.table, Qt.Key.Key_F3)
    assert opened == ["R", "D"]
    page.day.setValue(TODAY + timedelta(days=1))
    assert not page.close_button.isEnabled() and page.close_button.toolTip()
    ctx.workspace.actor = accountant
    other = _shown(qtbot, CashDayPage(ctx))
    assert not other.receipt_button.isEnabled() and other.receipt_button.toolTip()
    qtbot.keyClick(other.table, Qt.Key.Key_F2)
    assert opened == ["R", "D"]


# --- party account --------------------------------------------------------------------------------
def test_party_account_balance_limit_ageing_and_statement(
    qtbot: QtBot, ctx: ViewContext, awa, manager, previews, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _shown(qtbot, PartyAccountPage(ctx))
    assert not page.receipt_button.isEnabled() and not page.print_button.isEnabled()
    page.party.setFocus()
    qtbot.keyClicks(page.party, "awa")
    qtbot.waitUntil(page.party.popup_visible, timeout=2000)
    qtbot.keyClick(page.party.completer_.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(page.party.completer_.popup(), RETURN)
    assert page.balance.text() == "Le client doit 150\u202f000\u00a0F\u202fCFA"
    assert page.credit_limit.text() == "Pas de plafond de crédit"
    assert page.ageing["0-30"].text().startswith("90\u202f000") and page.ageing["31-60"].text().startswith("60")
    assert page.dues.rowCount() == 2
    _pay(ctx.workspace, awa["party"], 200_000, allocations=((awa["old"], 60_000), (awa["recent"], 90_000)))
    ctx.changed.emit({"cash"})
    assert page.balance.text() == "En faveur du client : 50\u202f000\u00a0F\u202fCFA"
    assert page.dues.rowCount() == 0 and page.lines.rowCount() == 3
    assert page.lines.index(2, 5).data() == "-50\u202f000"
    page.print_statement()
    assert previews == [("statement", awa["party"], date(TODAY.year, 1, 1), TODAY + timedelta(days=1))]

    def over_limit(s) -> None:
        detail = parties.get_party(s, awa["party"])
        parties.update_party(s, awa["party"], replace(detail.data, credit_limit=100_000))
        dues.open_due(
            s, party_id=awa["party"], direction="receivable", source_type="manual", reference="CMD-2026-00003",
            label="Aliment", amount=200_000, issued_on=TODAY, override_reason="client connu",
        )  # fmt: skip

    ctx.workspace.actor = manager
    ctx.workspace.run(over_limit)
    ctx.changed.emit({"cash"})
    assert page.balance.text() == "Le client doit 150\u202f000\u00a0F\u202fCFA"
    assert "dépassé de 50\u202f000" in page.credit_limit.text() and "b00020" in page.credit_limit.styleSheet()
    opened: list[int | None] = []
    monkeypatch.setattr(
        ReceiptDialog, "create", classmethod(lambda cls, parent, c, party_id=None: opened.append(party_id))
    )
    qtbot.keyClick(page.dues_table, Qt.Key.Key_F2)
    assert opened == [awa["party"]]


def test_receipt_for_a_chosen_party_starts_on_the_amount(qtbot: QtBot, ctx: ViewContext, awa) -> None:
    dialog = _shown(qtbot, ReceiptDialog(ctx))
    dialog.choose_party(awa["party"])
    assert dialog.party.text().endswith("SAWADOGO Awa (Mentao)") and _focus() is dialog.amount
    assert dialog.dues.rowCount() == 2 and dialog.purpose.text() == ""


# --- models ---------------------------------------------------------------------------------------
def test_every_model_passes_the_qt_model_tester(qtmodeltester, qtbot: QtBot, ctx: ViewContext, awa) -> None:
    _pay(ctx.workspace, awa["party"], 30_000, allocations=((awa["old"], 30_000),))
    _pay(ctx.workspace, awa["party"], 5_000, means="virement", transaction_id="VIR-1")
    dialog = ReceiptDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.choose_party(awa["party"])
    dialog.amount.setValue(45_000)
    qtmodeltester.check(dialog.dues)
    day = CashDayPage(ctx)
    qtbot.addWidget(day)
    assert day.lines.rowCount() == 2 and day.totals.rowCount() == 2
    qtmodeltester.check(day.lines)
    qtmodeltester.check(day.totals)
    receipts = ReceiptsPage(ctx)
    qtbot.addWidget(receipts)
    qtmodeltester.check(receipts.model)
    account = PartyAccountPage(ctx)
    qtbot.addWidget(account)
    account.set_party(awa["party"])
    assert account.dues.columnCount() == 6 and account.lines.rowCount() == 4
    qtmodeltester.check(account.dues)
    qtmodeltester.check(account.lines)


def test_the_previews_show_real_printouts(qtbot: QtBot, ctx: ViewContext, awa, monkeypatch: pytest.MonkeyPatch) -> None:
    from centre_app.views.pdf_preview import PdfPreviewDialog

    shown: list[tuple[bytes, str, str]] = []
    monkeypatch.setattr(
        PdfPreviewDialog, "preview", classmethod(lambda cls, parent, pdf, t, f: shown.append((pdf, t, f)))
    )
    row = _pay(ctx.workspace, awa["party"], 60_000, allocations=((awa["old"], 60_000),))
    receipt_dialog.preview_payment(None, ctx, row.id, "80mm", 0)
    closing_dialog.preview_day_book(None, ctx, TODAY)
    party_account_page.preview_statement(None, ctx, awa["party"], date(TODAY.year, 1, 1), TODAY + timedelta(days=1))
    assert [pdf[:5] for pdf, _t, _f in shown] == [b"%PDF-"] * 3
    assert shown[0][1] == f"Reçu {row.number}" and shown[0][2] == f"{row.number}.pdf"
