"""« Vue par OP »: for one producer organisation, its contracts with the centre (newest first) with what they
plan, what was paid, what is late, and the OP's account balance on every document.

Choose the OP (type a few letters, Enter); Enter on a contract opens it. ``show_op(op_id)`` is what the
contracts list (F9) and, later, the OP list call; ``OpOverviewDialog.show_op(parent, ctx, op_id)`` shows the
same page in a window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.permissions import Action
from centre_app.services import op_contract_queries as queries
from centre_app.services.op_contract_rows import OpOverview
from centre_app.views.cash_models import money, table_view
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.op_contract_sheet import open_document
from centre_app.views.op_contracts_page import contract_columns, fit_columns
from centre_app.views.receipt_dialog import party_caption
from centre_app.views.rows_model import RowsModel
from centre_app.views.stock_common import labelled
from centre_app.views.widgets.party_picker import PartyPicker

FIGURES = (
    ("live", N_("Contracts alive")), ("planned", N_("Planned (signed)")), ("paid", N_("Paid")),
    ("remaining", N_("Remaining")), ("late", N_("Late")), ("balance", N_("Account balance")),
)  # fmt: skip


class OpOverviewPage(QWidget):
    TITLE = N_("By OP")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.op_id: int | None = None
        self.overview: OpOverview | None = None
        self.op = PartyPicker(ctx, self, role="op")
        self.op.setObjectName("op")
        self.op.setPlaceholderText(_("Name, code or village of the OP…"))
        self.op.setMinimumWidth(360)
        self.new_button = QPushButton(_("New contract for this OP"), self)
        self.new_button.setObjectName("new_contract")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_contract)
        if not ctx.can(Action.EDIT_DOCUMENTS):
            self.new_button.setEnabled(False)
            self.new_button.setToolTip(ctx.why_not(Action.EDIT_DOCUMENTS))
        top = QHBoxLayout()
        top.addWidget(labelled(self, _("Producer organisation"), self.op))
        top.addWidget(self.op)
        top.addStretch(1)
        top.addWidget(self.new_button)
        self.values: dict[str, QLabel] = {}
        cards = QGridLayout()
        for n, (key, title) in enumerate(FIGURES):
            frame = QFrame(self)
            frame.setObjectName(f"figure_{key}")
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            frame.setStyleSheet(f"QFrame#figure_{key} {{ background: #ffffff; border: 1px solid #c9d3c9; "
                                "border-radius: 6px; }")  # fmt: skip
            box = QVBoxLayout(frame)
            caption = QLabel(_(title), frame)
            caption.setStyleSheet("color: #555555; border: none;")
            value = QLabel("—", frame)
            value.setObjectName(f"value_{key}")
            value.setStyleSheet("font-size: 14pt; font-weight: bold; color: #1b3d1f; border: none;")
            box.addWidget(caption)
            box.addWidget(value)
            cards.addWidget(frame, 0, n)
            self.values[key] = value
        self.columns = tuple(c for c in contract_columns(self.cur) if c.key != "op_name")
        self.model = RowsModel(self.columns, self)
        self.table = table_view(self, self.model, "contracts")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        fit_columns(self.table, self.columns)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=lambda: self.open_row(
            self.table.currentIndex().row()))  # fmt: skip
        self.empty = QLabel(_("Choose an OP to see its contracts with the centre."), self)
        self.empty.setObjectName("empty")
        self.empty.setStyleSheet("color: #555555;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(cards)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.op.partyChosen.connect(self.show_op)
        ctx.changed.connect(lambda areas: self.refresh() if areas & {"op_contracts", "cash"} else None)
        self.setFocusProxy(self.op)

    def show_op(self, op_id: int) -> None:
        if self.op.party_id() != op_id:
            self.op.set_party(op_id, party_caption(self.ctx, op_id))
            self.op.setCursorPosition(0)
        self.op_id = op_id
        self.refresh()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def refresh(self) -> None:
        if self.op_id is None:
            return
        op_id = self.op_id
        o = self.overview = self.ctx.read(lambda s: queries.op_overview(s, op_id))
        m = lambda v: money(v, self.cur)  # noqa: E731
        texts = {
            "live": str(o.live), "planned": m(o.planned_total), "paid": m(o.paid_total),
            "remaining": m(o.remaining_total), "late": m(o.late_amount), "balance": m(o.account_balance),
        }  # fmt: skip
        for key, text in texts.items():
            self.values[key].setText(text)
        self.values["late"].setStyleSheet(
            f"font-size: 14pt; font-weight: bold; border: none; color: {'#b00020' if o.late_amount else '#1b3d1f'};"
        )
        self.model.set_rows(o.contracts)
        self.empty.setText(_("No contract with {op} yet.").format(op=o.op_name) if not o.contracts else "")
        self.empty.setVisible(not o.contracts)

    def open_row(self, row: int) -> None:
        r = self.model.row_at(row)
        if r is not None:
            open_document(self, self.ctx, r.id)
            self.refresh()

    def new_contract(self) -> None:
        from centre_app.views.op_contract_dialog import OpContractDialog

        OpContractDialog.create(self, self.ctx, op_id=self.op_id)
        self.refresh()


class OpOverviewDialog(QDialog):
    """The overview of one OP in a window (from the OP list or the contracts list)."""

    def __init__(self, ctx: ViewContext, op_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = OpOverviewPage(ctx, self)
        self.page.show_op(op_id)
        name = self.page.overview.op_name if self.page.overview else ""
        self.setWindowTitle(_("Contracts of {op}").format(op=name))
        self.resize(1240, 600)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(buttons)

    @classmethod
    def show_op(cls, parent: QWidget | None, ctx: ViewContext, op_id: int) -> None:
        cls(ctx, op_id, parent).exec()
