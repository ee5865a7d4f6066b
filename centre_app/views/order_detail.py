"""The sheet of a confirmed order (lines ordered, delivered and remaining, its deliveries, what is paid) with
its actions — deliver (F6), cash a payment (F8), print the order or a delivery note — and the
« reste à livrer » of one customer over all their orders.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from centre_app.domain.formatting import format_date
from centre_app.domain.permissions import Action
from centre_app.services import deliveries, orders
from centre_app.services.orders import OrderDoc
from centre_app.views import order_actions
from centre_app.views.cash_models import Col, RowsModel, bold, money, table_view
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.stock_common import page_button, plain

DELIVERY_STATES = {"valide": N_("valid"), "annule": N_("cancelled")}


class OrderDetailDialog(QDialog):
    def __init__(self, ctx: ViewContext, doc: OrderDoc, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc = doc
        centre = ctx.settings()
        cur = (centre.currency, centre.locale)
        self.setWindowTitle(_("Order {number}").format(number=doc.number or _("(draft)")))
        self.setMinimumWidth(960)
        state = QLabel(f"{doc.number or _('(draft)')} — {doc.state_label}", self)
        state.setObjectName("state")
        state.setFont(bold(2))
        left, right = QFormLayout(), QFormLayout()
        left.addRow(_("Customer"), QLabel(f"{doc.party_name} ({doc.party_village})" if doc.party_village
                                          else doc.party_name, self))  # fmt: skip
        left.addRow(_("Order date"), QLabel(format_date(doc.order_date), self))
        left.addRow(_("Price list"), QLabel(doc.price_list_name, self))
        if doc.eligibility_note:
            left.addRow(_("Eligibility"), QLabel(doc.eligibility_note, self))
        planned = format_date(doc.delivery_date) if doc.delivery_date else _("not planned")
        left.addRow(_("Delivery"), QLabel(f"{planned} — {doc.delivery_place or doc.warehouse_name}", self))
        right.addRow(_("Total"), QLabel(money(doc.total, cur), self))
        right.addRow(_("Agreed deposit"), QLabel(money(doc.deposit, cur), self))
        right.addRow(_("Paid"), QLabel(money(doc.paid, cur), self))
        to_pay = QLabel(money(doc.remaining_to_pay, cur), self)
        to_pay.setObjectName("to_pay")
        to_pay.setFont(bold())
        right.addRow(_("To pay"), to_pay)
        if doc.cancel_reason:
            right.addRow(_("Cancelled because"), QLabel(doc.cancel_reason, self))
        head = QHBoxLayout()
        head.addLayout(left, 3)
        head.addLayout(right, 2)
        line_cols = (
            Col(N_("Product"), lambda r: r.product_name),
            Col(N_("Ordered"), lambda r: plain(r.described)),
            Col(N_("Unit price"), lambda r: _("{price} per {unit}").format(
                price=money(r.unit_price, cur), unit=r.price_unit_name)),
            Col(N_("Amount"), lambda r: money(r.amount, cur, symbol=False), numeric=True),
            Col(N_("Delivered so far"), lambda r: plain(r.delivered_described) if r.delivered else ""),
            Col(N_("Remaining"), lambda r: plain(r.remaining_described) if r.remaining else ""),
        )  # fmt: skip
        self.lines = RowsModel(line_cols, parent=self)
        self.lines.set_rows(doc.lines)
        self.lines_table = table_view(self, self.lines, "order_lines", stretch=0)
        delivery_cols = (
            Col(N_("Delivery note"), lambda r: r[0]),
            Col(N_("Date"), lambda r: format_date(r[1])),
            Col(N_("Status"), lambda r: _(DELIVERY_STATES.get(r[2], r[2]))),
        )
        self.deliveries = RowsModel(delivery_cols, parent=self)
        self.deliveries.set_rows(doc.deliveries)
        self.deliveries_table = table_view(self, self.deliveries, "order_deliveries", stretch=0)
        self.deliveries_table.setMaximumHeight(140)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        live = doc.state in ("confirmee", "livree_partiellement")
        self.deliver_button = page_button(self, ctx, _("Deliver (F6)"), self.deliver, Action.EDIT_DOCUMENTS, "F6")
        self.deliver_button.setEnabled(self.deliver_button.isEnabled() and live)
        self.pay_button = page_button(self, ctx, _("Cash a payment (F8)"), self.pay, Action.EDIT_DOCUMENTS, "F8")
        self.pay_button.setEnabled(self.pay_button.isEnabled() and doc.remaining_to_pay > 0)
        self.print_button = page_button(self, ctx, _("Print the order"), self.print_order)
        self.print_delivery_button = page_button(self, ctx, _("Print the delivery note"), self.print_delivery)
        self.print_delivery_button.setEnabled(bool(doc.deliveries))
        for button in (self.deliver_button, self.pay_button, self.print_button, self.print_delivery_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(state)
        layout.addLayout(head)
        layout.addWidget(QLabel(_("Lines"), self))
        layout.addWidget(self.lines_table, 1)
        layout.addWidget(QLabel(_("Delivery notes"), self))
        layout.addWidget(self.deliveries_table)
        layout.addWidget(buttons)

    def deliver(self) -> None:
        from centre_app.views.delivery_dialog import DeliveryDialog

        if DeliveryDialog.create(self, self.ctx, self.doc.id) is not None:
            self.accept()

    def pay(self) -> None:
        order_actions.pay_order(self, self.ctx, self.doc.id)
        self.accept()

    def print_order(self) -> None:
        order_actions.print_order(self, self.ctx, self.doc.id, self.doc.number)

    def print_delivery(self) -> None:
        index = self.deliveries_table.currentIndex()
        number = self.doc.deliveries[index.row() if index.isValid() else -1][0]
        doc = self.ctx.read(lambda s: deliveries.get_delivery(s, number=number))
        order_actions.print_delivery(self, self.ctx, doc.id, doc.number)

    @classmethod
    def show_order(cls, parent: QWidget | None, ctx: ViewContext, order_id: int) -> None:
        cls(ctx, ctx.read(lambda s: orders.get_order(s, order_id)), parent).exec()


class RemainingDialog(QDialog):
    """Everything one customer still waits for: per order line, and per product."""

    def __init__(self, ctx: ViewContext, party_id: int, party_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        centre = ctx.settings()
        cur = (centre.currency, centre.locale)
        self.setWindowTitle(_("Remaining to deliver — {party}").format(party=party_name))
        self.setMinimumWidth(820)
        lines, totals = ctx.read(
            lambda s: (deliveries.remaining_to_deliver(s, party_id=party_id),
                       deliveries.remaining_totals(s, party_id=party_id))
        )  # fmt: skip
        line_cols = (
            Col(N_("Order"), lambda r: r.order_number),
            Col(N_("Date"), lambda r: format_date(r.order_date)),
            Col(N_("Product"), lambda r: r.product_name),
            Col(N_("Remaining"), lambda r: plain(r.remaining_described)),
            Col(N_("Amount"), lambda r: money(r.remaining_amount, cur, symbol=False), numeric=True),
            Col(N_("Planned delivery"), lambda r: format_date(r.delivery_date) if r.delivery_date else ""),
        )
        self.lines = RowsModel(line_cols, parent=self)
        self.lines.set_rows(lines)
        total_cols = (
            Col(N_("Product"), lambda r: r.product_name),
            Col(N_("Remaining"), lambda r: plain(r.described)),
            Col(N_("Amount"), lambda r: money(r.amount, cur, symbol=False), numeric=True),
            Col(N_("Orders"), lambda r: str(r.orders), numeric=True),
        )
        self.totals = RowsModel(total_cols, parent=self)
        self.totals.set_rows(totals)
        summary = QLabel(
            _("Nothing remains to deliver to this customer.") if not lines
            else _("{n} order lines remain to deliver.").format(n=len(lines)), self,
        )  # fmt: skip
        summary.setObjectName("summary")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(table_view(self, self.lines, "remaining_lines", stretch=3), 2)
        layout.addWidget(QLabel(_("Per product"), self))
        layout.addWidget(table_view(self, self.totals, "remaining_totals", stretch=1), 1)
        layout.addWidget(buttons)

    @classmethod
    def show_party(cls, parent: QWidget | None, ctx: ViewContext, party_id: int, party_name: str) -> None:
        cls(ctx, party_id, party_name, parent).exec()
