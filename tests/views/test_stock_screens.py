"""Stock area, orders side: an OP's order typed from the keyboard, delivered in two parts from the orders list
(F6, Enter) and paid through the caisse receipt form; the three-keystroke delivery; refusals that keep the
delivery dialog open; shortage warning; social price list; cancellation; rights; every table model."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from centre_app.domain.permissions import Action
from centre_app.models.database import Database
from centre_app.services import deliveries, dues, orders, stock_lists
from centre_app.services.context import Actor
from centre_app.services.orders import OrderDraft
from centre_app.services.stock import ReceptionDraft
from centre_app.services.workspace import Workspace
from centre_app.views import order_actions, orders_page, receipt_dialog, stock_common
from centre_app.views.context import ViewContext
from centre_app.views.delivery_dialog import NOW, DeliveryDialog
from centre_app.views.order_dialog import OrderDialog
from centre_app.views.orders_page import OrdersPage
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
    """Prices (tourteau 10 000 F le sac de 50 kg, maïs 17 500 F le sac de 100 kg), 40 sacs of tourteau and
    10 sacs of maïs in the centre's store, the OP « Groupement Laafi de Mentao »."""
    r = make_refs(db, manager)
    with tx(db, clerk) as s:
        from centre_app.services import stock

        stock.record_reception(
            s, ReceptionDraft(r.centre, (line(r, "TOURTEAU", 40, price=7_500), line(r, "MAIS", 10, "SAC100", 15_000)),
                              supplier_id=r.supplier)
        )  # fmt: skip
    return r


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Printing is replaced: every document previewed is recorded instead of shown."""
    shown: list[tuple] = []
    monkeypatch.setattr(stock_common, "preview", lambda parent, ctx, name, args, *rest: shown.append((name, *args)))
    monkeypatch.setattr(receipt_dialog, "preview_payment", lambda parent, ctx, *args: shown.append(("pay", *args)))
    return shown


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes answered « No » and recorded."""
    texts: list[str] = []
    no = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: texts.append(text) or no)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: texts.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: texts.append(text))
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


def _confirmed(workspace: Workspace, refs: Refs, *lines, party: int | None = None, **kw) -> orders.OrderDoc:
    draft = OrderDraft(party or refs.op, refs.lists["NORMAL"], tuple(lines), **kw)
    return workspace.run(lambda s: orders.confirm_order(s, orders.create_order(s, draft).id))


def _select(qtbot: QtBot, page: OrdersPage, order_id: int) -> None:
    """The clerk comes back to the list (after a dialog) and selects the order."""
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    row = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).id == order_id)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(row, 0))


def _type_quantity(qtbot: QtBot, dialog: DeliveryDialog, text: str) -> None:
    """Typing replaces the proposed quantity; Enter records it and moves to the next line."""
    row = dialog.table.currentIndex().row()
    qtbot.keyClicks(_focus(), text[0])  # the first digit opens the editor…
    qtbot.keyClicks(_focus(), text[1:])  # …which takes the rest
    qtbot.keyClick(_focus(), RETURN)
    qtbot.waitUntil(lambda: dialog.table.state() != QAbstractItemView.State.EditingState, timeout=2000)
    assert dialog.model.rows()[row].count == Decimal(text)


class Deliveries:
    """The delivery dialogs F6 opened, and what the clerk types in each one before Enter."""

    def __init__(self) -> None:
        self.opened: list[DeliveryDialog] = []
        self.typed: list[list[str]] = []

    def __getitem__(self, index: int) -> DeliveryDialog:
        return self.opened[index]


@pytest.fixture
def deliver_with_enter(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Deliveries:
    """F6 opens the real delivery dialog; instead of exec(), the test shows it, types the quantities planned
    in ``typed`` (each followed by Enter, which moves to the next line) and presses Enter once."""
    record = Deliveries()

    def create(cls, parent, ctx, order_id):
        dialog = cls(ctx, ctx.read(lambda s: orders.get_order(s, order_id)), parent)
        record.opened.append(dialog)
        _shown(qtbot, dialog)
        for text in record.typed.pop(0) if record.typed else []:
            _type_quantity(qtbot, dialog, text)
        qtbot.keyClick(_focus(), RETURN)
        return dialog.delivery

    monkeypatch.setattr(DeliveryDialog, "create", classmethod(create))
    return record


# --- the scenario -------------------------------------------------------------------------
def test_an_op_order_delivered_in_two_parts_then_paid(
    qtbot: QtBot, ctx: ViewContext, refs: Refs, printed, asked, deliver_with_enter
) -> None:
    # 1. The order, typed from the keyboard.
    dialog = _shown(qtbot, OrderDialog(ctx))
    assert _focus() is dialog.party
    qtbot.keyClicks(dialog.party, "laafi")
    qtbot.waitUntil(dialog.party.popup_visible, timeout=2000)
    qtbot.keyClick(dialog.party.completer_.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(dialog.party.completer_.popup(), RETURN)
    dialog.activateWindow()  # the offscreen platform may leave the closed popup as the active window
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.party.party_id() == refs.op
    for _field in ("party", "price_list", "order_date", "warehouse"):
        qtbot.keyClick(_focus(), RETURN)
    assert _focus() is dialog.lines.product
    qtbot.keyClicks(_focus(), "Tou")  # the first letters choose the product
    assert dialog.lines.product.currentText() == "Tourteau de coton"
    qtbot.keyClick(_focus(), RETURN)
    assert _focus() is dialog.lines.quantity.number
    qtbot.keyClicks(_focus(), "12")
    assert dialog.lines.quantity.hint_text() == "12\u00a0sacs de 50 kg (600\u00a0kg)"
    qtbot.keyClick(_focus(), RETURN)  # adds the line, priced from the list
    assert _focus() is dialog.lines.product
    # The second product is chosen in the list directly: type-ahead after a first search proved timing-dependent
    # on a loaded CI machine (the first product above shows the type-ahead).
    combo = dialog.lines.product
    combo.setCurrentIndex(combo.findText("Maïs"))
    assert _focus() is combo
    qtbot.keyClick(_focus(), RETURN)
    qtbot.keyClicks(_focus(), "3")
    qtbot.keyClick(_focus(), RETURN)
    assert [(r.product_name, r.amount) for r in dialog.lines.lines()] == [
        ("Tourteau de coton", 120_000), ("Maïs", 52_500)
    ]  # fmt: skip
    assert dialog.lines.total.text() == "Total : 172\u202f500\u00a0F\u202fCFA"
    qtbot.keyClick(_focus(), RETURN)  # an empty product: on to the deposit
    assert _focus() is dialog.deposit
    qtbot.keyClicks(_focus(), "50000")
    qtbot.keyClick(_focus(), RETURN, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter confirms
    order = dialog.saved
    assert order is not None and order.number.startswith("CMD-") and order.state == "confirmee"
    assert (order.party_id, order.total, order.deposit) == (refs.op, 172_500, 50_000)
    assert any("acompte" in text for text in asked)  # the deposit is offered to the caisse (answered No)

    # 2. First delivery from the orders list: select, F6, type partial quantities, Enter.
    page = _shown(qtbot, OrdersPage(ctx))
    _select(qtbot, page, order.id)
    deliver_with_enter.typed.append(["6", "1"])
    qtbot.keyClick(page.table, Qt.Key.Key_F6)
    first = deliver_with_enter[-1].delivery
    assert first is not None and first.number.startswith("BL-")
    assert [(x.product_name, x.delivered_now) for x in first.lines] == [("Tourteau de coton", 300), ("Maïs", 100)]
    assert ("delivery_pdf", first.id) in printed
    state = ctx.read(lambda s: orders.get_order(s, order.id))
    assert state.state == "livree_partiellement"
    assert "6 sacs de 50 kg (300 kg)" in page.model.row_at(0).remaining_described.replace("\u00a0", " ")

    # 3. Second delivery: what remains is proposed, Enter delivers it.
    _select(qtbot, page, order.id)
    qtbot.keyClick(page.table, Qt.Key.Key_F6)
    second = deliver_with_enter[-1].delivery
    assert second is not None and [x.delivered_now for x in second.lines] == [300, 200]
    assert ctx.read(lambda s: orders.get_order(s, order.id)).state == "livree"

    # 4. The payment: F8 on the order opens the caisse receipt form for this order's due.
    paid: list[int] = []
    real_pay = order_actions.pay_order
    orders_page.order_actions.pay_order = lambda parent, ctx_, order_id: paid.append(order_id)
    try:
        _select(qtbot, page, order.id)
        qtbot.keyClick(page.table, Qt.Key.Key_F8)
    finally:
        orders_page.order_actions.pay_order = real_pay
    assert paid == [order.id]
    doc = ctx.read(lambda s: orders.get_order(s, order.id))
    receipt = _shown(qtbot, order_actions.receipt_for_order(page, ctx, doc))
    assert receipt.party.party_id() == refs.op and receipt.amount.value() == 172_500
    assert receipt.dues.allocations() == ((doc.due_id, 172_500),)
    qtbot.keyClick(_focus(), RETURN, Qt.KeyboardModifier.ControlModifier)
    assert receipt.payment is not None and receipt.payment.amount == 172_500
    assert ("pay", receipt.payment.id) in printed
    final = ctx.read(lambda s: orders.get_order(s, order.id))
    assert (final.state, final.paid, final.remaining_to_pay) == ("soldee", 172_500, 0)
    page.refresh()
    assert page.model.row_at(0).state_label == "Soldée"


def test_three_keystrokes_deliver_what_remains(
    qtbot: QtBot, ctx: ViewContext, refs: Refs, printed, deliver_with_enter
) -> None:
    order = _confirmed(ctx.workspace, refs, line(refs, "TOURTEAU", 5))
    page = _shown(qtbot, OrdersPage(ctx))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # 1: select the order (newest first)
    assert page.current().id == order.id
    qtbot.keyClick(page.table, Qt.Key.Key_F6)  # 2: the delivery dialog, pre-filled; 3: Enter (in the fixture)
    dialog = deliver_with_enter[-1]
    assert dialog.model.rows()[0].count == 5 and dialog.warehouse.currentData() == refs.centre
    assert dialog.delivery is not None and not dialog.isVisible()
    assert ctx.read(lambda s: orders.get_order(s, order.id)).state == "livree"
    assert page.model.row_at(0).state_label == "Livrée"  # the list followed


def test_refused_deliveries_keep_the_dialog_open_and_save_nothing(
    qtbot: QtBot, ctx: ViewContext, refs: Refs, printed, asked
) -> None:
    order = _confirmed(ctx.workspace, refs, line(refs, "TOURTEAU", 8), line(refs, "MAIS", 12, "SAC100"))
    dialog = _shown(qtbot, DeliveryDialog(ctx, ctx.read(lambda s: orders.get_order(s, order.id))))
    assert _focus() is dialog.table and dialog.table.currentIndex().column() == NOW
    _type_quantity(qtbot, dialog, "9")  # one sac more than ordered
    assert dialog.model.index(0, NOW).data(Qt.ItemDataRole.ForegroundRole) is not None  # red as you type
    dialog.accept()
    assert dialog.isVisible() and dialog.delivery is None
    assert "Tourteau de coton" in dialog.error.text() and "commande" in dialog.error.text()
    dialog.model.setData(dialog.model.index(0, NOW), "8")  # maïs: 12 sacs asked, 10 in the store
    dialog.accept()
    assert dialog.isVisible() and dialog.delivery is None
    assert "Maïs" in dialog.error.text() and "10\u00a0sacs" in dialog.error.text()
    assert ctx.read(lambda s: deliveries.list_deliveries(s, order_id=order.id)) == []
    assert printed == []
    dialog.model.setData(dialog.model.index(1, NOW), "10")  # what the store holds: accepted
    dialog.accept()
    assert dialog.delivery is not None and not dialog.isVisible()
    assert ctx.read(lambda s: orders.get_order(s, order.id)).state == "livree_partiellement"


def test_confirming_beyond_the_stock_warns_but_confirms(qtbot: QtBot, ctx: ViewContext, refs: Refs, asked) -> None:
    dialog = _shown(qtbot, OrderDialog(ctx))
    dialog.party.set_party(refs.customer, "DICKO Aïssata")
    assert dialog.lines.add_line(refs.products["MAIS"], 25, "SAC100")
    dialog.accept()
    assert dialog.saved is not None and dialog.saved.state == "confirmee"
    warning = next(text for text in asked if "Maïs" in text)
    assert "25 sacs de 100 kg" in warning and "manque 15 sacs de 100 kg" in warning  # 25 asked, 10 in stock


def test_a_social_price_needs_the_eligibility_and_the_form_is_kept(
    qtbot: QtBot, ctx: ViewContext, refs: Refs, asked
) -> None:
    dialog = _shown(qtbot, OrderDialog(ctx))
    assert not dialog.eligibility.isVisible()
    dialog.party.set_party(refs.op, "Groupement Laafi de Mentao")
    dialog.price_list.setCurrentIndex(dialog.price_list.findData(refs.lists["SOCIAL"]))
    assert dialog.eligibility.isVisible()
    assert dialog.lines.add_line(refs.products["TOURTEAU"], 4, "SAC50")
    assert dialog.lines.lines()[0].amount == 4 * 8_500  # the social price
    dialog.accept()
    assert dialog.isVisible() and dialog.saved is None
    error = dialog.findChild(QWidget, "eligibility_error")
    assert error.isVisible() and error.text()
    assert _focus() is dialog.eligibility
    assert ctx.read(stock_lists.list_order_summaries) == []  # nothing saved
    dialog.eligibility.setText("Membre de l'OP sous contrat")
    dialog.accept()
    assert dialog.saved is not None and dialog.saved.price_list_kind == "social"


def test_a_draft_saved_then_reopened_and_confirmed(qtbot: QtBot, ctx: ViewContext, refs: Refs, asked) -> None:
    dialog = _shown(qtbot, OrderDialog(ctx))
    assert not dialog.delete_button.isVisible()
    dialog.party.set_party(refs.customer, "DICKO Aïssata")
    dialog.lines.add_line(refs.products["TOURTEAU"], 2, "SAC50")
    dialog.save_draft()
    draft = dialog.saved
    assert draft is not None and draft.state == "brouillon" and draft.number == ""
    again = _shown(qtbot, OrderDialog(ctx, order_id=draft.id))
    again.load(ctx.read(lambda s: orders.get_order(s, draft.id)))
    assert again.delete_button.isVisible()
    assert [(r.product_name, r.quantity, r.amount) for r in again.lines.lines()] == [("Tourteau de coton", 2, 20_000)]
    again.lines.add_line(refs.products["MAIS"], 1, "SAC100")
    again.accept()
    assert again.saved is not None and again.saved.id == draft.id and again.saved.total == 37_500


def test_a_manager_cancels_an_order_with_a_reason(
    qtbot: QtBot, ctx: ViewContext, refs: Refs, manager: Actor, asked
) -> None:
    order = _confirmed(ctx.workspace, refs, line(refs, "TOURTEAU", 3))
    ctx.workspace.actor = manager
    dialog = _shown(qtbot, order_actions.CancelOrderDialog(ctx, ctx.read(lambda s: orders.get_order(s, order.id))))
    dialog.accept()
    assert dialog.isVisible() and dialog.findChild(QWidget, "reason_error").text()
    qtbot.keyClicks(dialog.reason, "Commande en double")
    qtbot.keyClick(dialog.reason, RETURN)
    assert dialog.cancelled is not None and dialog.cancelled.state == "annulee"
    assert ctx.read(lambda s: dues.party_balance(s, refs.op)) == 0


def test_rights_disable_the_buttons_with_the_reason(
    qtbot: QtBot, ctx: ViewContext, refs: Refs, accountant: Actor
) -> None:
    clerk_page = _shown(qtbot, OrdersPage(ctx))
    assert clerk_page.new_button.isEnabled() and clerk_page.deliver_button.isEnabled()
    assert not clerk_page.cancel_button.isEnabled()
    assert clerk_page.cancel_button.toolTip() == ctx.why_not(Action.CANCEL_DOCUMENT) != ""
    ctx.workspace.actor = accountant
    page = _shown(qtbot, OrdersPage(ctx))
    for button in (page.new_button, page.deliver_button, page.pay_button, page.cancel_button):
        assert not button.isEnabled() and button.toolTip()
    assert page.print_button.isEnabled() and page.remaining_button.isEnabled()
    assert not OrderDialog(ctx).ok_button.isEnabled()


def test_orders_list_filters_totals_and_remaining(qtbot: QtBot, ctx: ViewContext, refs: Refs, printed) -> None:
    first = _confirmed(ctx.workspace, refs, line(refs, "TOURTEAU", 4))
    _confirmed(ctx.workspace, refs, line(refs, "MAIS", 2, "SAC100"), party=refs.customer)
    page = _shown(qtbot, OrdersPage(ctx))
    assert page.model.total == 2
    assert "à payer 75\u202f000" in page.totals.text() and "reste à livrer 75\u202f000" in page.totals.text()
    page.party_filter.set_party(refs.op, "Groupement Laafi de Mentao")
    page._filters_changed()
    assert [r.id for r in page.model.all_rows()] == [first.id]
    assert page.model.row_at(0).remaining_described == "Tourteau de coton : 4\u00a0sacs de 50 kg (200\u00a0kg)"
    page.party_filter.set_party(None)
    page.state_filter.setCurrentIndex(page.state_filter.findData("brouillon"))
    assert page.model.total == 0
    page.state_filter.setCurrentIndex(page.state_filter.findData("a_livrer"))
    assert page.model.total == 2
    _select(qtbot, page, first.id)
    page.print_order()
    assert printed == [("order_pdf", first.id)]


def test_every_orders_model_passes_the_qt_model_tester(
    qtmodeltester, qtbot: QtBot, ctx: ViewContext, refs: Refs
) -> None:
    order = _confirmed(ctx.workspace, refs, line(refs, "TOURTEAU", 4), line(refs, "MAIS", 2, "SAC100"))
    page = _shown(qtbot, OrdersPage(ctx))
    qtmodeltester.check(page.model)
    dialog = OrderDialog(ctx)
    dialog.lines.add_line(refs.products["TOURTEAU"], 4, "SAC50")
    qtmodeltester.check(dialog.lines.model)
    delivery = DeliveryDialog(ctx, ctx.read(lambda s: orders.get_order(s, order.id)))
    qtmodeltester.check(delivery.model)
    from centre_app.views.order_detail import OrderDetailDialog, RemainingDialog

    detail = OrderDetailDialog(ctx, ctx.read(lambda s: orders.get_order(s, order.id)))
    qtmodeltester.check(detail.lines)
    qtmodeltester.check(detail.deliveries)
    remaining = RemainingDialog(ctx, refs.op, "Groupement Laafi de Mentao")
    qtmodeltester.check(remaining.lines)
    qtmodeltester.check(remaining.totals)
    assert remaining.lines.rowCount() == 2


def test_the_dashboard_opens_an_order_and_a_product(qtbot: QtBot, ctx: ViewContext, refs: Refs) -> None:
    from centre_app.views.stock_page import StockPage

    older = _confirmed(ctx.workspace, refs, line(refs, "TOURTEAU", 2))
    _confirmed(ctx.workspace, refs, line(refs, "MAIS", 1, "SAC100"), party=refs.customer)
    page = _shown(qtbot, OrdersPage(ctx))
    page.state_filter.setCurrentIndex(page.state_filter.findData("brouillon"))
    page.apply_filters({"order_id": older.id})
    assert page.state_filter.currentData() is None and page.model.total == 2
    assert page.current().id == older.id and "Tourteau" in page.detail.text()
    stock_page = _shown(qtbot, StockPage(ctx))
    stock_page.detail.setChecked(True)
    stock_page.apply_filters({"product_id": refs.products["MAIS"]})
    assert not stock_page.detail.isChecked() and stock_page.selected().product_name == "Maïs"
