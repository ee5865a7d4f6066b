"""Livestock sales screens: a market day of 20 animals typed from the keyboard alone (Enter, Tab, F7 / Ctrl+D to copy
the line above, Suppr) with the running totals, concluded with Ctrl+Enter; refusals that keep the form open with
nothing saved; the contracts list with its filters and totals; the rights of each role; every table model.
The actions on a contract (deliver, cash, pay, cancel, print), the sheet, the history and the stock are in
test_livestock_actions.py."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from centre_app.domain.permissions import Action
from centre_app.services import livestock_queries
from centre_app.services.context import Actor
from centre_app.services.workspace import Workspace
from centre_app.views import livestock_actions
from centre_app.views.context import ViewContext
from centre_app.views.livestock_contract_dialog import LivestockContractDialog
from centre_app.views.livestock_contract_sheet import LivestockContractSheet
from centre_app.views.livestock_contracts_page import LivestockContractsPage
from centre_app.views.livestock_history import LivestockHistoryPage
from centre_app.views.livestock_line_model import AnimalLine
from centre_app.views.livestock_stock_page import AnimalsOnHandPage
from tests.views import livestock_view_helpers as shared
from tests.views.livestock_view_helpers import (
    RETURN,
    TODAY,
    _count,
    _focus,
    _key,
    _pick,
    _plain,
    _shown,
    _type,
)

ctx, refs, printed, said, contracts = shared.ctx, shared.refs, shared.printed, shared.said, shared.contracts  # fixtures


def test_market_day_twenty_animals_from_the_keyboard(qtbot: QtBot, ctx: ViewContext, refs, printed, said) -> None:
    dialog = _shown(qtbot, LivestockContractDialog(ctx))
    assert _focus() is dialog.contract_type
    # Header: Mandat de vente, today, the market of Djibo, seller, buyer to Ghana, the witness, the 2 % rule.
    for text in ("", "", "Ma", ""):  # type, date, market, place
        _type(qtbot, text)
    _pick(qtbot, dialog, dialog.seller, "dicko")
    _pick(qtbot, dialog, dialog.buyer, "koffi")
    _type(qtbot, "Ghana")
    _pick(qtbot, dialog, dialog.guarantor, "barry")
    for text in ("", "", "", "2", "", ""):  # quality, agent, terms, commission, language, note
        _type(qtbot, text)
    assert dialog.market.currentText() == "Marché à bétail de Djibo"
    assert (dialog.seller.party_id(), dialog.buyer.party_id(), dialog.guarantor.party_id()) == (
        refs.seller, refs.buyer, refs.witness)  # fmt: skip
    assert dialog.commission.currentText() == "2 % du prix, partagé"
    assert dialog.lines.table.hasFocus()  # Enter on the last header field went into the animal lines
    # Line 1 typed cell by cell: bovin, taureau, zébu peul, (male proposed), not castrated, 5 years, no dentition,
    # coat, ear tag, gras, 320 kg, 1 head, 305 000 F — Enter after the price starts line 2.
    for text in ("bo", "taure", "zeb", "", "", "5", "", "blanc", "BF-001", "g", "320", "", "305000"):
        _type(qtbot, text)
    assert dialog.lines.table.currentIndex().row() == 1
    # Lines 2 to 16: F7 copies the line above; the cursor waits in the ear tag; Tab to the price.
    for i in range(2, 17):
        _key(qtbot, Qt.Key.Key_F7)
        _type(qtbot, f"BF-{i:03d}", then=Qt.Key.Key_Tab)
        for _cell in range(3):
            _key(qtbot, Qt.Key.Key_Tab)
        _type(qtbot, str(300_000 + 5_000 * i))
    # Line 17: a ram; lines 18 to 20 copied with Ctrl+D.
    for text in ("ov", "bel", "tou", "", "", "3", "", "blanc", "O-17", "mo", "60", "", "85000"):
        _type(qtbot, text)
    for i in range(18, 21):
        _key(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        _type(qtbot, f"O-{i}", then=Qt.Key.Key_Tab)
        for _cell in range(3):
            _key(qtbot, Qt.Key.Key_Tab)
        _type(qtbot, str(85_000 + 2_500 * (i - 17)))
    assert dialog.lines.model.rowCount() == 21  # Enter after the last price opened line 21
    _key(qtbot, Qt.Key.Key_Escape)  # leaves the cell (the form stays open)…
    _key(qtbot, Qt.Key.Key_Delete)  # …and Suppr removes the empty line
    assert dialog.isVisible() and dialog.lines.model.rowCount() == 20
    lines = [x for x in dialog.lines.lines() if not x.blank()]
    assert len(lines) == 20
    assert lines[1] == AnimalLine("bovin", refs.categories[("bovin", "taureau")], lines[0].breed_id, "M", False, 5,
                                  "", "blanc", "BF-002", "gras", "320", 1, 310_000)  # fmt: skip
    assert (lines[19].species, lines[19].marks, lines[19].price, lines[19].condition) == ("ovin", "O-20", 92_500,
                                                                                         "moyen")  # fmt: skip
    # Gross: bovins 305 000 + Σ (300 000 + 5 000 × i, i = 2…16) = 5 480 000; ovins 85 000 + 87 500 + 90 000
    # + 92 500 = 355 000; in all 5 835 000 F for 20 heads.
    gross = 305_000 + sum(300_000 + 5_000 * i for i in range(2, 17)) + 85_000 + 87_500 + 90_000 + 92_500
    assert gross == 5_835_000
    # Ctrl+2: the débours; Space ticks the market tax (16 × 1 000 + 4 × 250 = 17 000 F, paid by the seller).
    _key(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert _focus() is dialog.fees.rows["taxe_marche"].check
    _key(qtbot, Qt.Key.Key_Space)
    # Commission 2 % of 5 835 000 = 116 700, shared 58 350 / 58 350. Net 5 835 000 − 58 350 − 17 000 = 5 759 650;
    # the buyer owes 5 835 000 + 58 350 = 5 893 350.
    totals = {key: _plain(dialog.totals.text(key)) for key in dialog.totals.values}
    assert totals["heads"] == "20"
    assert totals["gross"] == "5 835 000 F CFA"
    assert totals["commission"] == "116 700 F CFA"
    assert totals["fees"] == "17 000 F CFA"
    assert totals["net_to_seller"] == "5 759 650 F CFA"
    assert totals["buyer_total"] == "5 893 350 F CFA"
    assert _plain(dialog.fees.tax_label.text()).startswith("17 000 F CFA")
    # Ctrl+Enter concludes: saved and numbered in one transaction.
    _key(qtbot, RETURN, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    doc = dialog.saved
    assert doc is not None
    assert (doc.number, doc.state, doc.destination_country) == ("CBV-2026-0001", "conclu", "Ghana")
    assert doc.where == "Marché à bétail de Djibo"
    assert (doc.figures.heads, doc.figures.gross, doc.figures.net_to_seller, doc.figures.buyer_total) == (
        20, 5_835_000, 5_759_650, 5_893_350)  # fmt: skip
    assert [x.marks for x in doc.lines][:3] == ["BF-001", "BF-002", "BF-003"]
    assert doc.guarantor is not None and doc.guarantor.name == "BARRY Hamidou"


def test_refusals_keep_the_form_open_and_save_nothing(qtbot: QtBot, ctx: ViewContext, refs, said) -> None:
    dialog = _shown(qtbot, LivestockContractDialog(ctx))
    dialog.accept()  # nothing chosen: the as-you-type check
    assert dialog.findChild(QWidget, "seller_error").text() == "Choisissez le vendeur."
    dialog.seller.set_party(refs.seller, "DICKO Amadou")
    dialog.buyer.set_party(refs.seller, "DICKO Amadou")
    dialog.lines.set_lines([AnimalLine("bovin", refs.categories[("bovin", "taureau")], sex="M", price=300_000)])
    dialog.place.setText("Parc de Mentao")
    dialog.accept()
    assert (
        dialog.findChild(QWidget, "buyer_error").text()
        == "Le vendeur et l'acheteur doivent être deux tiers différents."
    )
    dialog.buyer.set_party(refs.buyer, "KOFFI Yao")
    dialog.lines.set_lines([AnimalLine("bovin", refs.categories[("bovin", "taureau")], sex="M", price=300_000),
                            AnimalLine("ovin", refs.categories[("ovin", "bélier")], sex="M")])  # fmt: skip
    dialog.save_draft()
    assert dialog.lines.error.text() == "Ligne 2 : le prix par tête doit être un montant supérieur à zéro."
    assert dialog.lines.table.currentIndex().row() == 1
    dialog.lines.set_lines([AnimalLine("ovin", refs.categories[("ovin", "bélier")], sex="M", price=85_000)])
    dialog.commission.setCurrentIndex(dialog.commission.findText("Bovin, par tête"))
    assert "la ligne 1 est d'une autre espèce" in dialog.totals.error.text()  # said as the clerk types
    dialog.accept()
    assert "la ligne 1 est d'une autre espèce" in dialog.findChild(QWidget, "commission_error").text()
    assert dialog.isVisible() and dialog.saved is None
    assert _count(ctx) == 0  # nothing saved, not even the draft
    assert dialog.lines.lines()[0].price == 85_000  # nothing typed is lost


def test_list_filters_and_totals(qtbot: QtBot, ctx: ViewContext, refs, contracts) -> None:
    page = _shown(qtbot, LivestockContractsPage(ctx))
    assert page.model.rowCount() == 4
    totals = _plain(page.totals.text())
    assert "(hors brouillons et contrats annulés) : 2 contrat(s), 6 tête(s) (Bovins 2, Ovins 4)" in totals
    assert "brut 920 000 F CFA" in totals
    page.species_filter.setCurrentIndex(page.species_filter.findData("ovin"))
    assert [page.model.row_at(i).id for i in range(page.model.rowCount())] == [contracts["ovins"]]
    assert ": 1 contrat(s), 4 tête(s) (Ovins 4) — brut 320 000 F CFA" in _plain(page.totals.text())
    page.species_filter.setCurrentIndex(0)
    page.market_filter.setCurrentIndex(page.market_filter.findData(refs.market))
    assert page.model.rowCount() == 3  # the ovins were sold at a place, not at the market
    page.state_filter.setCurrentIndex(page.state_filter.findData("annule"))
    assert [page.model.row_at(i).id for i in range(page.model.rowCount())] == [contracts["cancelled"]]
    assert "Totaux des contrats affichés : 1 contrat(s), 1 tête(s)" in page.totals.text()
    page.apply_filters({"party_id": refs.other_seller})
    assert [page.model.row_at(i).id for i in range(page.model.rowCount())] == [contracts["ovins"]]
    page.apply_filters({"contract_id": contracts["bovins"]})
    assert page.current().id == contracts["bovins"]
    page.all_dates.setChecked(False)
    page.start.setValue(TODAY + timedelta(days=1))
    page.end.setValue(TODAY + timedelta(days=1))
    assert page.model.rowCount() == 0
    assert ": 0 contrat(s), 0 tête(s)" in page.totals.text()


def test_rights_clerk_cannot_cancel_accountant_only_reads(
    qtbot: QtBot, ctx: ViewContext, workspace: Workspace, refs, contracts, accountant: Actor
) -> None:
    page = _shown(qtbot, LivestockContractsPage(ctx))
    assert not page.cancel_button.isEnabled()
    assert page.cancel_button.toolTip() == ctx.why_not(Action.CANCEL_DOCUMENT) != ""
    assert page.new_button.isEnabled() and page.pay_button.isEnabled()
    # The service refuses too: the clerk's cancellation stays a refusal, nothing changes.
    cancel = livestock_actions.CancelContractDialog(ctx, ctx.read(lambda s: livestock_queries.get_contract(
        s, contracts["bovins"])), page)  # fmt: skip
    qtbot.addWidget(cancel)
    cancel.reason.setText("Essai")
    cancel.accept()
    assert cancel.error.text() and cancel.counter_document == ""
    assert ctx.read(lambda s: livestock_queries.get_contract(s, contracts["bovins"])).status == "conclu"
    workspace.actor = accountant
    page = _shown(qtbot, LivestockContractsPage(ctx))
    for button in (page.new_button, page.deliver_button, page.cash_button, page.pay_button, page.cancel_button):
        assert not button.isEnabled()
    assert page.history_button.isEnabled() and page.print_button.isEnabled()
    form = LivestockContractDialog(ctx)
    qtbot.addWidget(form)
    assert not form.ok_button.isEnabled() and not form.draft_button.isEnabled()


def test_every_table_model_passes_the_qt_model_tester(qtmodeltester, qtbot: QtBot, ctx: ViewContext, refs,
                                                      contracts) -> None:  # fmt: skip
    form = LivestockContractDialog(ctx)
    qtbot.addWidget(form)
    bull = AnimalLine("bovin", refs.categories[("bovin", "taureau")], sex="M", price=300_000)
    form.lines.set_lines(
        [bull, AnimalLine("ovin", refs.categories[("ovin", "bélier")], sex="M", heads=3, price=80_000)]
    )
    qtmodeltester.check(form.lines.model)
    form.documents.number.setText("CS-1")
    form.documents.issuer.setText("Poste vétérinaire")
    assert form.documents.add_current()
    qtmodeltester.check(form.documents.model)
    page = LivestockContractsPage(ctx)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    sheet = LivestockContractSheet(ctx, contracts["bovins"])
    qtbot.addWidget(sheet)
    for model in (sheet.lines, sheet.fees, sheet.money, sheet.documents.model):
        qtmodeltester.check(model)
    history = LivestockHistoryPage(ctx)
    qtbot.addWidget(history)
    history.show_party(refs.seller)
    qtmodeltester.check(history.sold)
    qtmodeltester.check(history.bought)
    stock = AnimalsOnHandPage(ctx)
    qtbot.addWidget(stock)
    qtmodeltester.check(stock.model)
