"""Stock area, goods side: the stock at a date with its alerts, receptions, transfers and losses typed from the
keyboard, the fiche de stock, the movements list, inventories whose counts survive a reopening, rights,
and every table model."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from centre_app.domain.permissions import Action
from centre_app.models.database import Database
from centre_app.services import inventory, stock, stock_lists, stock_reports
from centre_app.services.context import Actor
from centre_app.services.stock import ReceptionDraft
from centre_app.services.workspace import Workspace
from centre_app.views import stock_common
from centre_app.views.context import ViewContext
from centre_app.views.inventory_models import COUNT, UNIT
from centre_app.views.inventory_page import InventoryPage, OpenInventoryDialog
from centre_app.views.loss_dialog import LossDialog
from centre_app.views.reception_dialog import ReceptionDialog
from centre_app.views.stock_area import stock_pages
from centre_app.views.stock_card_page import StockCardPage
from centre_app.views.stock_movements_page import StockMovementsPage
from centre_app.views.stock_page import StockPage
from centre_app.views.transfer_dialog import TransferDialog
from tests.services.stock_helpers import Refs, line, make_refs, tx

RETURN = Qt.Key.Key_Return
TODAY = date.today()


@pytest.fixture(autouse=True)
def slow_typist_proof_type_ahead(qapp):
    """Type-ahead in the product list joins keys typed within the keyboard interval (0.4 s by default); a
    loaded CI machine can be slower than that between two keyClicks, so the tests give it 2 s."""
    before = QApplication.keyboardInputInterval()
    QApplication.setKeyboardInputInterval(2_000)
    yield
    QApplication.setKeyboardInputInterval(before)


@pytest.fixture
def ctx(workspace: Workspace) -> ViewContext:
    return ViewContext(workspace)


@pytest.fixture
def refs(db: Database, manager: Actor, clerk: Actor) -> Refs:
    """40 sacs of tourteau and 10 sacs of maïs in the centre's store (received on 2 March 2026)."""
    r = make_refs(db, manager)
    with tx(db, clerk) as s:
        stock.record_reception(
            s, ReceptionDraft(r.centre, (line(r, "TOURTEAU", 40, price=7_500), line(r, "MAIS", 10, "SAC100", 15_000)),
                              supplier_id=r.supplier)
        )  # fmt: skip
    return r


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    shown: list[tuple] = []
    monkeypatch.setattr(stock_common, "preview", lambda parent, ctx, name, args, *rest: shown.append((name, *args)))
    return shown


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


def _on_hand(ctx: ViewContext, code_id: int, warehouse_id: int | None = None) -> Decimal:
    lines = ctx.read(lambda s: stock_reports.stock_by_product(s, TODAY, warehouse_id))
    return next(x.quantity for x in lines if x.product_id == code_id)


# --- stock page -----------------------------------------------------------------------------------
def test_stock_page_at_a_date_with_alerts_and_values(qtbot: QtBot, ctx: ViewContext, refs: Refs, printed) -> None:
    page = _shown(qtbot, StockPage(ctx))
    rows = {r.product_name: r for r in page.model.rows()}
    assert rows["Tourteau de coton"].quantity == 2_000 and rows["Tourteau de coton"].value == 300_000
    tourteau = next(i for i, r in enumerate(page.model.rows()) if r.product_name == "Tourteau de coton")
    assert page.model.index(tourteau, 3).data() == "40 sacs de 50 kg (2 000 kg)"
    assert page.model.index(tourteau, 5).data() == "7\u202f500\u00a0F\u202fCFA le sac de 50 kg"
    assert "450 000" in page.total.text().replace("\u202f", " ")  # 300 000 + 150 000
    red = [r.product_name for i, r in enumerate(page.model.rows())
           if page.model.index(i, 0).data(Qt.ItemDataRole.ForegroundRole) is not None]  # fmt: skip
    assert red == [r.product_name for r in page.model.rows() if r.below_threshold]
    page.at.setValue(date(2026, 3, 1))  # the day before the reception
    assert all(r.quantity == 0 for r in page.model.rows())
    page.at.setValue(TODAY)
    page.detail.setChecked(True)
    assert {r.warehouse_name for r in page.model.rows()} == {"Magasin du centre"}
    assert not page.table.isColumnHidden(2)
    page.print_valuation()
    assert printed == [("stock_valuation_pdf", TODAY, None)]


def test_stock_card_opens_on_the_selected_product_in_its_tab(
    qtbot: QtBot, ctx: ViewContext, refs: Refs, printed
) -> None:
    from PySide6.QtWidgets import QTabWidget

    tabs = QTabWidget()
    for title, page in stock_pages(ctx):
        tabs.addTab(page, title)
    _shown(qtbot, tabs)
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Stock", "Commandes", "Mouvements", "Fiche de stock", "Inventaires"
    ]  # fmt: skip
    stock_page = tabs.widget(0)
    row = next(i for i, r in enumerate(stock_page.model.rows()) if r.product_name == "Maïs")
    stock_page.table.setCurrentIndex(stock_page.model.index(row, 0))
    qtbot.keyClick(stock_page.table, Qt.Key.Key_F5)
    card = tabs.currentWidget()
    assert isinstance(card, StockCardPage) and card.product.currentText() == "Maïs"
    card.start.setValue(date(2026, 1, 1))
    assert [(x.number.split("-")[0], x.balance_described) for x in card.model.rows()] == [
        ("BR", "10\u00a0sacs de 100 kg (1\u202f000\u00a0kg)")
    ]
    assert "10 sacs de 100 kg" in card.closing.text()
    card.print_card()
    assert printed == [("stock_card_pdf", refs.products["MAIS"], None, date(2026, 1, 1), TODAY + timedelta(days=1))]


# --- documents ------------------------------------------------------------------------------------
def test_a_reception_typed_from_the_keyboard(qtbot: QtBot, ctx: ViewContext, refs: Refs, printed) -> None:
    dialog = _shown(qtbot, ReceptionDialog(ctx))
    assert _focus() is dialog.origin
    qtbot.keyClick(_focus(), RETURN)
    assert _focus() is dialog.supplier
    qtbot.keyClicks(dialog.supplier, "citec")
    qtbot.waitUntil(dialog.supplier.popup_visible, timeout=2000)
    qtbot.keyClick(dialog.supplier.completer_.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(dialog.supplier.completer_.popup(), RETURN)
    dialog.activateWindow()  # the offscreen platform may leave the closed popup as the active window
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.supplier.party_id() == refs.supplier
    for _field in ("supplier", "supplier_name", "reference", "warehouse", "day"):
        qtbot.keyClick(_focus(), RETURN)
    assert _focus() is dialog.lines.product
    qtbot.keyClicks(_focus(), "Tou")
    qtbot.keyClick(_focus(), RETURN)
    qtbot.keyClicks(_focus(), "20")
    qtbot.keyClick(_focus(), RETURN)
    assert _focus() is dialog.lines.cost
    qtbot.keyClicks(_focus(), "8000")
    qtbot.keyClick(_focus(), RETURN)
    assert [(r.product_name, r.amount) for r in dialog.lines.lines()] == [("Tourteau de coton", 160_000)]
    qtbot.keyClick(_focus(), RETURN, Qt.KeyboardModifier.ControlModifier)
    doc = dialog.doc
    assert doc is not None and doc.number.startswith("BR-") and doc.total == 160_000
    assert printed == [("reception_pdf", doc.id)]
    assert _on_hand(ctx, refs.products["TOURTEAU"]) == 3_000


def test_a_reception_refused_keeps_the_form(qtbot: QtBot, ctx: ViewContext, refs: Refs, printed) -> None:
    dialog = _shown(qtbot, ReceptionDialog(ctx))
    dialog.lines.add_line(refs.products["MAIS"], 5, "SAC100", 16_000)
    dialog.accept()  # no supplier
    assert dialog.isVisible() and dialog.doc is None
    assert dialog.findChild(QWidget, "supplier_error").text().startswith("Indiquez le fournisseur")
    dialog.lines.add_line(refs.products["TOURTEAU"], 2, "SAC50", 0)  # bought without a price
    dialog.supplier_name.setText("Commerçant de passage")
    dialog.accept()
    assert dialog.doc is None and "Tourteau de coton" in dialog.lines.error.text()
    assert len(dialog.lines.lines()) == 2 and printed == []
    dialog.lines.take_back(1)  # back into the entry fields to give its price
    dialog.lines.cost.setValue(7_000)
    dialog.lines.add_current()
    dialog.accept()
    assert dialog.doc is not None and dialog.doc.supplier_name == "Commerçant de passage"


def test_a_transfer_and_a_loss_with_its_reason(qtbot: QtBot, ctx: ViewContext, refs: Refs, printed) -> None:
    transfer = _shown(qtbot, TransferDialog(ctx))
    assert transfer.warehouse.currentData() == refs.centre and transfer.destination.currentData() == refs.bank
    transfer.lines.add_line(refs.products["MAIS"], 4, "SAC100")
    transfer.accept()
    assert transfer.doc is not None and transfer.doc.number.startswith("MVT-")
    assert _on_hand(ctx, refs.products["MAIS"], refs.bank) == 400

    loss = _shown(qtbot, LossDialog(ctx))
    loss.lines.add_line(refs.products["TOURTEAU"], 1, "SAC50")
    loss.accept()
    assert loss.doc is None and loss.findChild(QWidget, "reason_error").text() == "Choisissez le motif de la perte."
    loss.reason.setCurrentIndex(loss.reason.findData("autre"))
    loss.accept()  # « Autre » needs the details
    assert loss.doc is None and loss.findChild(QWidget, "detail_error").text() == "Le motif est obligatoire."
    loss.detail.setText("Sac éventré au déchargement")
    loss.accept()
    assert loss.doc is not None and "Sac éventré" in loss.doc.reason
    assert _on_hand(ctx, refs.products["TOURTEAU"]) == 1_950


def test_a_loss_beyond_the_stock_is_refused_beside_the_lines(qtbot: QtBot, ctx: ViewContext, refs: Refs) -> None:
    loss = _shown(qtbot, LossDialog(ctx))
    loss.reason.setCurrentIndex(loss.reason.findData("charancons"))
    loss.lines.add_line(refs.products["MAIS"], 11, "SAC100")
    loss.accept()
    assert loss.isVisible() and loss.doc is None
    assert "Maïs" in loss.lines.error.text() and "10\u00a0sacs" in loss.lines.error.text()


# --- movements ------------------------------------------------------------------------------------
def test_movements_filtered_by_kind_product_and_period(qtbot: QtBot, ctx: ViewContext, refs: Refs) -> None:
    ctx.workspace.run(
        lambda s: stock.record_reception(
            s, ReceptionDraft(refs.bank, (line(refs, "MAIS", 2, "SAC100", 16_000),), supplier_id=refs.supplier)
        )
    )
    page = _shown(qtbot, StockMovementsPage(ctx))
    page.all_dates.setChecked(True)
    assert page.model.total == 3
    assert page.model.row_at(0).warehouse_name == "Banque de céréales d'Aribinda"  # newest first
    page.warehouse.setCurrentIndex(page.warehouse.findData(refs.centre))
    assert page.model.total == 2
    page.product.setCurrentIndex(page.product.findData(refs.products["MAIS"]))
    assert page.model.total == 1 and page.model.index(0, 5).data() == "+ 10 sacs de 100 kg (1 000 kg)"
    page.kind.setCurrentIndex(page.kind.findData("perte"))
    assert page.model.total == 0
    page.kind.setCurrentIndex(0)
    page.warehouse.setCurrentIndex(0)
    page.all_dates.setChecked(False)
    page.start.setValue(TODAY)
    assert page.model.total == 1  # today's reception in the bank only


# --- inventory ------------------------------------------------------------------------------------
def test_counts_typed_survive_a_reopening_then_the_manager_validates(
    qtbot: QtBot, ctx: ViewContext, refs: Refs, manager: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    opening = _shown(qtbot, OpenInventoryDialog(ctx))
    opening.accept()
    assert opening.sheet is not None and opening.sheet.number.startswith("INV-")
    page = _shown(qtbot, InventoryPage(ctx))
    assert page.sheet is not None and page.sheet.id == opening.sheet.id
    assert page.counts.editable and page.validate_button.isEnabled() and not page.abandon_button.isEnabled()
    rows = [r.product_name for r in page.counts.rows()]
    tourteau, mais = rows.index("Tourteau de coton"), rows.index("Maïs")
    page.table.setFocus()
    page.table.setCurrentIndex(page.counts.index(tourteau, COUNT))
    qtbot.keyClicks(page.table, "3")  # typing opens the count editor…
    qtbot.keyClicks(_focus(), "8")  # …which takes the rest
    qtbot.keyClick(_focus(), RETURN)
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState, timeout=2000)
    assert page.counts.row_at(tourteau).counted == 1_900
    assert page.table.currentIndex().row() == tourteau + 1  # on to the next product
    page.counts.setData(page.counts.index(mais, UNIT), "SAC50")  # the maïs is counted in sacs of 50 kg
    page.counts.setData(page.counts.index(mais, COUNT), "21")
    assert page.counts.row_at(mais).counted == 1_050
    assert page.counts.index(mais, 5).data().endswith("(50 kg)")  # 50 kg found more than the books say
    page.close()

    again = _shown(qtbot, InventoryPage(ctx))  # reopening: the counts are there
    counted = {r.product_name: r.counted for r in again.counts.rows() if r.counted is not None}
    assert counted == {"Tourteau de coton": 1_900, "Maïs": 1_050}
    again.uncounted_only.setChecked(True)
    assert "Tourteau de coton" not in [r.product_name for r in again.counts.rows()]

    ctx.workspace.actor = manager
    answers = [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Yes]
    questions: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda parent, title, text, *a: questions.append(text) or answers.pop(0)
    )
    manager_page = _shown(qtbot, InventoryPage(ctx))
    assert manager_page.abandon_button.isEnabled()
    manager_page.validate()
    assert "2 produits comptés" in questions[0] and "non comptés" in questions[1].lower()
    sheet = ctx.read(lambda s: inventory.get_inventory(s, opening.sheet.id))
    assert sheet.status == "valide"
    assert _on_hand(ctx, refs.products["TOURTEAU"]) == 1_900 and _on_hand(ctx, refs.products["MAIS"]) == 1_050
    assert not manager_page.counts.editable and not manager_page.validate_button.isEnabled()


def test_a_refused_count_is_explained(qtbot: QtBot, ctx: ViewContext, refs: Refs) -> None:
    sheet = ctx.workspace.run(lambda s: inventory.open_inventory(s, refs.centre))
    page = _shown(qtbot, InventoryPage(ctx))
    page.counts.setData(page.counts.index(0, COUNT), "1,2345")  # more decimals than a gram
    assert page.error.text().startswith(page.counts.row_at(0).product_name)
    assert ctx.read(lambda s: inventory.get_inventory(s, sheet.id)).counted_lines == 0


# --- rights and models ----------------------------------------------------------------------------
def test_rights_disable_the_stock_buttons(qtbot: QtBot, ctx: ViewContext, refs: Refs, accountant: Actor) -> None:
    ctx.workspace.run(lambda s: inventory.open_inventory(s, refs.bank))
    clerk_page = _shown(qtbot, InventoryPage(ctx))
    assert not clerk_page.abandon_button.isEnabled()
    assert clerk_page.abandon_button.toolTip() == ctx.why_not(Action.CANCEL_DOCUMENT) != ""
    ctx.workspace.actor = accountant
    page = _shown(qtbot, StockPage(ctx))
    for button in (page.reception_button, page.transfer_button, page.loss_button):
        assert not button.isEnabled() and button.toolTip() == ctx.why_not(Action.EDIT_DOCUMENTS)
    assert page.card_button.isEnabled() and page.print_button.isEnabled()
    inventories = _shown(qtbot, InventoryPage(ctx))
    assert not inventories.open_button.isEnabled() and inventories.open_button.toolTip()
    assert not inventories.counts.editable and not inventories.validate_button.isEnabled()
    for dialog in (ReceptionDialog(ctx), TransferDialog(ctx), LossDialog(ctx)):
        assert not dialog.ok_button.isEnabled()


def test_every_stock_model_passes_the_qt_model_tester(
    qtmodeltester, qtbot: QtBot, ctx: ViewContext, refs: Refs
) -> None:
    ctx.workspace.run(lambda s: inventory.open_inventory(s, refs.centre))
    stock_page = StockPage(ctx)
    qtmodeltester.check(stock_page.model)
    stock_page.detail.setChecked(True)
    qtmodeltester.check(stock_page.model)
    card = StockCardPage(ctx)
    card.show_card(refs.products["MAIS"], None)
    card.start.setValue(date(2026, 1, 1))
    qtmodeltester.check(card.model)
    movements = StockMovementsPage(ctx)
    movements.all_dates.setChecked(True)
    qtmodeltester.check(movements.model)
    inventories = InventoryPage(ctx)
    qtmodeltester.check(inventories.list_model)
    qtmodeltester.check(inventories.counts)
    reception = ReceptionDialog(ctx)
    reception.lines.add_line(refs.products["MAIS"], 2, "SAC100", 16_000)
    qtmodeltester.check(reception.lines.model)
    loss = LossDialog(ctx)
    loss.lines.add_line(refs.products["MAIS"], 2, "SAC100")
    qtmodeltester.check(loss.lines.model)
    assert ctx.read(stock_lists.count_movements) == 2


def test_every_print_button_makes_a_real_pdf(
    qtbot: QtBot, ctx: ViewContext, refs: Refs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The printing wiring end to end (only the preview window is replaced): each button gives a PDF."""
    from centre_app.services import deliveries, orders
    from centre_app.services.deliveries import DeliveryDraft, DeliveryLineInput
    from centre_app.services.orders import OrderDraft
    from centre_app.views import order_actions
    from centre_app.views.pdf_preview import PdfPreviewDialog

    shown: list[tuple[str, bytes]] = []
    monkeypatch.setattr(PdfPreviewDialog, "preview", lambda parent, pdf, title, filename: shown.append((filename, pdf)))

    def work(s):
        draft = OrderDraft(refs.op, refs.lists["NORMAL"], (line(refs, "TOURTEAU", 3),))
        order = orders.confirm_order(s, orders.create_order(s, draft).id)
        bl = deliveries.record_delivery(s, DeliveryDraft(order.id, (DeliveryLineInput(order.lines[0].id, 1),)))
        return order, bl, inventory.open_inventory(s, refs.bank)

    order, bl, sheet = ctx.workspace.run(work)
    order_actions.print_order(None, ctx, order.id, order.number)
    order_actions.print_delivery(None, ctx, bl.id, bl.number)
    StockPage(ctx).print_valuation()
    card = StockCardPage(ctx)
    card.show_card(refs.products["TOURTEAU"], refs.centre)
    card.print_card()
    InventoryPage(ctx).print_sheet()
    reception = ctx.read(stock.list_receptions)[0]
    stock_common.preview(None, ctx, "reception_pdf", (reception.id,), "BR", f"{reception.number}.pdf")
    assert [name for name, _pdf in shown][:2] == [f"{order.number}.pdf", f"{bl.number}.pdf"]
    assert f"{sheet.number}.pdf" in [name for name, _pdf in shown]
    assert len(shown) == 6 and all(pdf.startswith(b"%PDF") for _name, pdf in shown)
