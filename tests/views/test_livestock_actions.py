"""Livestock contract actions from the screens: deliver past an expired paper (manager only, with a reason), cash
the buyer through the caisse receipt form, pay the seller what may be paid now, print the three papers, cancel
(manager, reason); a draft reopens in its form and a concluded contract in its sheet; the sheet's papers, the
history of a party and the animals in stock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from centre_app.services import livestock_payouts, livestock_queries
from centre_app.services.context import Actor
from centre_app.services.livestock import DocumentInput
from centre_app.services.workspace import Workspace
from centre_app.views import livestock_actions
from centre_app.views.context import ViewContext
from centre_app.views.livestock_contract_dialog import LivestockContractDialog
from centre_app.views.livestock_contract_sheet import LivestockContractSheet
from centre_app.views.livestock_contracts_page import LivestockContractsPage
from centre_app.views.livestock_history import LivestockHistoryPage
from centre_app.views.livestock_line_model import AnimalLine
from centre_app.views.livestock_stock_page import AnimalsOnHandPage
from tests.services.livestock_helpers import animal
from tests.views import livestock_view_helpers as shared
from tests.views.livestock_view_helpers import (
    RETURN,
    TODAY,
    _concluded,
    _plain,
    _select,
    _shown,
)

ctx, refs, printed, said, contracts = shared.ctx, shared.refs, shared.printed, shared.said, shared.contracts  # fixtures


def test_deliver_cash_pay_print_and_cancel_from_the_list(
    qtbot: QtBot, ctx: ViewContext, workspace: Workspace, refs, contracts, manager: Actor, printed, said,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    expired = DocumentInput("certificat_sanitaire", "CS-9", "Poste vétérinaire de Djibo", TODAY - timedelta(days=30),
                            TODAY - timedelta(days=1))  # fmt: skip
    sale = _concluded(workspace, refs, animal(refs, "bovin", "taureau", 2, 300_000), rule="bovin_tete",
                      documents=(expired,))  # fmt: skip
    page = _shown(qtbot, LivestockContractsPage(ctx))
    _select(page, sale)
    page.deliver()  # the clerk is stopped by the expired certificate
    assert "Livraison refusée : le document « Certificat sanitaire / de vaccination » n° CS-9 a expiré" in said[-1]
    assert ctx.read(lambda s: livestock_queries.get_contract(s, sale)).status == "conclu"
    workspace.actor = manager
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Certificat renouvelé, vu au poste", True))
    page.deliver()
    assert ctx.read(lambda s: livestock_queries.get_contract(s, sale)).status == "livre"
    # F8: the caisse receipt form, the buyer's whole due proposed on this contract.
    status = ctx.read(lambda s: livestock_payouts.payout_status(s, sale))
    receipt = livestock_actions.receipt_for_contract(page, ctx, status)
    qtbot.addWidget(receipt)
    assert receipt.party.party_id() == refs.buyer
    assert receipt.amount.value() == status.buyer_remaining == 600_000
    assert receipt.dues.allocations() == ((status.buyer_due_id, 600_000),)
    receipt.accept()
    assert receipt.payment is not None and printed[-1][0] == "pay"
    # F7: the bon de paiement vendeur proposes what may be paid now: 600 000 − 5 000 of commission.
    dialog = livestock_actions.SellerPayoutDialog(ctx, ctx.read(lambda s: livestock_payouts.payout_status(s, sale)),
                                                  "DICKO Amadou", page)  # fmt: skip
    qtbot.addWidget(dialog)
    assert dialog.amount.value() == 595_000
    dialog.amount.setValue(600_000)
    dialog.accept()  # more than may be paid: refused, the dialog stays
    assert "595" in dialog.findChild(QWidget, "amount_error").text()
    dialog.amount.setValue(595_000)
    dialog.accept()
    assert dialog.payment_id is not None
    assert printed[-1] == ("seller_payout_pdf", sale, dialog.payment_id)
    assert ctx.read(lambda s: livestock_queries.get_contract(s, sale)).state == "solde"
    # Ctrl+P menu: the three papers.
    page.refresh()
    _select(page, sale)
    page.print_contract()
    page.print_slip()
    page.print_payout()
    assert printed[-3:] == [("contract_pdf", sale), ("animals_slip_pdf", sale), ("seller_payout_pdf", sale, None)]
    # The manager cancels the mandat of bovins with a reason.
    cancel = livestock_actions.CancelContractDialog(ctx, ctx.read(lambda s: livestock_queries.get_contract(
        s, contracts["bovins"])), page)  # fmt: skip
    qtbot.addWidget(cancel)
    cancel.accept()
    assert cancel.findChild(QWidget, "reason_error").text() == "Le motif de l'annulation du contrat est obligatoire."
    cancel.reason.setText("Animaux saisis par la gendarmerie")
    cancel.accept()
    assert cancel.counter_document.startswith("ACB-")
    assert ctx.read(lambda s: livestock_queries.get_contract(s, contracts["bovins"])).status == "annule"


def test_draft_reopens_in_its_form_and_concluded_in_its_sheet(
    qtbot: QtBot, ctx: ViewContext, refs, contracts, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[str, int]] = []
    monkeypatch.setattr(LivestockContractDialog, "edit", classmethod(lambda cls, p, c, i: opened.append(("form", i))))
    monkeypatch.setattr(LivestockContractSheet, "show_contract",
                        classmethod(lambda cls, p, c, i: opened.append(("sheet", i))))  # fmt: skip
    page = _shown(qtbot, LivestockContractsPage(ctx))
    for key in ("draft", "bovins"):
        _select(page, contracts[key])
        page.table.setFocus()
        qtbot.keyClick(page.table, RETURN)
    assert opened == [("form", contracts["draft"]), ("sheet", contracts["bovins"])]
    form = LivestockContractDialog(ctx, None, contracts["draft"])
    qtbot.addWidget(form)
    form.load(ctx.read(lambda s: livestock_queries.get_contract(s, contracts["draft"])))
    assert [x.heads for x in form.lines.lines()] == [3]
    assert _plain(form.totals.text("gross")) == "120 000 F CFA"
    form.lines.set_lines([*form.lines.lines(), AnimalLine("caprin", refs.categories[("caprin", "chèvre")], sex="F",
                                                          heads=2, price=35_000)])  # fmt: skip
    form.save_draft()
    doc = ctx.read(lambda s: livestock_queries.get_contract(s, contracts["draft"]))
    assert (doc.status, doc.figures.heads, doc.figures.gross) == ("brouillon", 5, 190_000)


def test_sheet_documents_history_and_stock(
    qtbot: QtBot, ctx: ViewContext, workspace: Workspace, refs, contracts
) -> None:
    sheet = LivestockContractSheet(ctx, contracts["bovins"])
    qtbot.addWidget(sheet)
    assert sheet.facts["seller"].text().startswith("DICKO Amadou")
    assert "CNIB n° B12345678" in sheet.facts["seller"].text()
    assert sheet.deliver_button.isEnabled() and sheet.cash_button.isEnabled() and not sheet.pay_button.isEnabled()
    docs = sheet.documents
    docs.number.setText("LPZ-0452")
    docs.issuer.setText("DPRA du Soum")
    docs.expires.setValue(TODAY - timedelta(days=1))
    docs.issued.setValue(TODAY - timedelta(days=5))
    assert docs.add_current()
    assert docs.model.rowCount() == 1
    assert docs.model.data(docs.model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None  # expired: red
    history = _shown(qtbot, LivestockHistoryPage(ctx))
    history.show_party(refs.seller)
    assert history.sold.rowCount() == 3  # the mandat, the cancelled one and the draft
    assert history.bought.rowCount() == 0
    assert _plain(history.sold_totals.text()).startswith("Vendu : 1 contrat(s), 2 tête(s) (Bovins 2), brut 600 000")
    resale = _concluded(workspace, refs, animal(refs, "ovin", "mouton (castré)", 10, 70_000, castrated=True,
                                                unit_cost=55_000), kind="achat_revente")  # fmt: skip
    assert resale
    stock = AnimalsOnHandPage(ctx)
    qtbot.addWidget(stock)
    assert [(r.category_name, r.heads, r.value) for r in stock.model.rows()] == [("mouton (castré)", 10, 550_000)]
