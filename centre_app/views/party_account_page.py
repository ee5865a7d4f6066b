"""« Comptes clients »: one party's account — balance, credit limit, ageing, open documents, statement.

Choose the party with the picker; « Print the statement » prints the period shown; « New receipt for
this party » (F2) opens the receipt form with the party already chosen. Everything shown is derived by
the services (dues, payments); refreshes when the cash changes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date
from centre_app.domain.permissions import Action
from centre_app.services import cash_day, dues
from centre_app.services.cash_day import Statement
from centre_app.views import receipt_dialog
from centre_app.views.cash_models import DuesModel, bold, money, statement_model, table_view
from centre_app.views.context import ViewContext, show_error
from centre_app.views.i18n import N_, _
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.party_picker import PartyPicker

AGEING = (
    ("0-30", N_("0–30 days")),
    ("31-60", N_("31–60 days")),
    ("61-90", N_("61–90 days")),
    (">90", N_("over 90 days")),
)
OWES_STYLE, CREDIT_STYLE, WARNING_STYLE = "color: #8a1c1c;", "color: #1b5e20;", "color: #b00020; font-weight: bold;"


def statement_pdf(session: Any, party_id: int, start: date, end: date) -> bytes:
    """The statement PDF (printing is imported when first used); ``end`` is exclusive."""
    from centre_app.services import cash_printouts

    return cash_printouts.statement_pdf(session, party_id, start, end)


def preview_statement(parent: QWidget | None, ctx: ViewContext, party_id: int, start: date, end: date) -> None:
    """Show a statement in the preview dialog (tests replace this function)."""
    from centre_app.views.pdf_preview import PdfPreviewDialog

    try:
        pdf = ctx.read(lambda s: statement_pdf(s, party_id, start, end))
    except DomainError as err:
        show_error(parent, err)
        return
    PdfPreviewDialog.preview(parent, pdf, _("Statement of account"), f"releve-{party_id}-{start.isoformat()}.pdf")


class PartyAccountPage(QWidget):
    TITLE = N_("Customer accounts")  # tab title, translated when shown

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.statement: Statement | None = None
        self.party = PartyPicker(ctx, self)
        self.party.setObjectName("party")
        self.party.setMinimumWidth(420)
        party_label = QLabel(_("Party"), self)
        party_label.setBuddy(self.party)
        self.receipt_button = QPushButton(_("New receipt for this party (F2)"), self)
        self.receipt_button.clicked.connect(self.new_receipt)
        if not ctx.can(Action.EDIT_DOCUMENTS):
            self.receipt_button.setToolTip(ctx.why_not(Action.EDIT_DOCUMENTS))
        QShortcut(QKeySequence("F2"), self, activated=lambda: self.receipt_button.isEnabled() and self.new_receipt())
        self.print_button = QPushButton(_("Print the statement"), self)
        self.print_button.clicked.connect(self.print_statement)
        top = QHBoxLayout()
        top.addWidget(party_label)
        top.addWidget(self.party, 1)
        top.addWidget(self.receipt_button)
        top.addWidget(self.print_button)

        self.balance = QLabel(self)
        self.balance.setObjectName("balance")
        self.balance.setFont(bold(3))
        self.credit_limit = QLabel(self)
        self.credit_limit.setObjectName("credit_limit")
        summary = QVBoxLayout()
        summary.addWidget(self.balance)
        summary.addWidget(self.credit_limit)
        summary.addStretch(1)
        ageing_box = QGroupBox(_("Unpaid by age (days past due)"), self)
        grid = QGridLayout(ageing_box)
        self.ageing: dict[str, QLabel] = {}
        for col, (key, title) in enumerate(AGEING):
            grid.addWidget(QLabel(_(title), self), 0, col)
            value = QLabel(self)
            value.setObjectName(f"ageing_{key}")
            value.setFont(bold())
            grid.addWidget(value, 1, col)
            self.ageing[key] = value
        head = QHBoxLayout()
        head.addLayout(summary, 1)
        head.addWidget(ageing_box, 1)

        self.dues = DuesModel(self.cur, editable=False, parent=self)
        self.dues_table = table_view(self, self.dues, "open_dues", stretch=1)
        self.lines = statement_model(self.cur, self)
        self.statement_table = table_view(self, self.lines, "statement", stretch=2)
        today = date.today()
        self.start = DateEdit(self, value=date(today.year, 1, 1))
        self.start.setObjectName("start")
        self.end = DateEdit(self, value=today)
        self.end.setObjectName("end")
        self.opening = QLabel(self)
        self.opening.setObjectName("opening")
        self.closing = QLabel(self)
        self.closing.setObjectName("closing")
        self.closing.setFont(bold())
        period = QHBoxLayout()
        for widget in (QLabel(_("From"), self), self.start, QLabel(_("to"), self), self.end):
            period.addWidget(widget)
        period.addSpacing(24)
        period.addWidget(self.opening)
        period.addStretch(1)
        period.addWidget(self.closing)
        statement_page = QWidget(self)
        column = QVBoxLayout(statement_page)
        column.addLayout(period)
        column.addWidget(self.statement_table, 1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.dues_table, _("Open documents"))
        self.tabs.addTab(statement_page, _("Statement"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        self.party.partyChosen.connect(lambda _id: self.refresh())
        self.party.partyCleared.connect(self.refresh)
        self.start.dateChanged.connect(lambda _d: self.refresh_statement())
        self.end.dateChanged.connect(lambda _d: self.refresh_statement())
        ctx.changed.connect(self._on_changed)
        self.refresh()

    # -- API -------------------------------------------------------------------------------------
    def party_id(self) -> int | None:
        return self.party.party_id()

    def set_party(self, party_id: int) -> None:
        """Show this party's account (from another screen)."""
        self.party.set_party(party_id, receipt_dialog.party_caption(self.ctx, party_id))
        self.refresh()

    def apply_filters(self, filters: dict) -> None:
        """Opened from the dashboard: show that party's account."""
        if "party_id" in filters:
            self.set_party(filters["party_id"])

    def period(self) -> tuple[date, date]:
        """The statement's period, end exclusive (the screen shows the last day included)."""
        return self.start.value(), self.end.value() + timedelta(days=1)

    # -- display ---------------------------------------------------------------------------------
    def _on_changed(self, areas: set[str]) -> None:
        if areas & {"cash", "parties"}:
            self.refresh()

    def refresh(self) -> None:
        party_id = self.party_id()
        chosen = party_id is not None
        self.receipt_button.setEnabled(chosen and self.ctx.can(Action.EDIT_DOCUMENTS))
        self.print_button.setEnabled(chosen)
        if party_id is None:
            self.balance.setText(_("Choose a party to see its account."))
            self.balance.setStyleSheet("")
            self.credit_limit.setText("")
            for label in self.ageing.values():
                label.setText("—")
            self.dues.set_rows([])
            self.statement = None
            self.lines.set_rows([])
            self.opening.setText("")
            self.closing.setText("")
            return
        balance, ageing, open_dues = self.ctx.read(
            lambda s: (
                dues.party_balance(s, party_id),
                dues.ageing(s, party_id, date.today()),
                dues.list_dues(s, party_id),
            )
        )
        if balance > 0:
            self.balance.setText(_("The customer owes {amount}").format(amount=money(balance, self.cur)))
            self.balance.setStyleSheet(OWES_STYLE)
        elif balance < 0:
            self.balance.setText(_("In the customer's favour: {amount}").format(amount=money(-balance, self.cur)))
            self.balance.setStyleSheet(CREDIT_STYLE)
        else:
            self.balance.setText(_("Account settled"))
            self.balance.setStyleSheet("")
        for key, label in self.ageing.items():
            label.setText(money(ageing.get(key, 0), self.cur))
        self.dues.set_rows(open_dues)
        self.tabs.setTabText(0, _("Open documents ({n})").format(n=len(open_dues)))
        self.refresh_statement()
        self._show_limit(balance)

    def _show_limit(self, balance: int) -> None:
        limit = self.statement.credit_limit if self.statement is not None else None
        if limit is None:
            self.credit_limit.setText(_("No credit limit"))
            self.credit_limit.setStyleSheet("")
        elif balance > limit:
            self.credit_limit.setText(
                _("Credit limit {limit}: exceeded by {amount}").format(
                    limit=money(limit, self.cur), amount=money(balance - limit, self.cur)
                )
            )
            self.credit_limit.setStyleSheet(WARNING_STYLE)
        else:
            self.credit_limit.setText(_("Credit limit: {limit}").format(limit=money(limit, self.cur)))
            self.credit_limit.setStyleSheet("")

    def refresh_statement(self) -> None:
        party_id = self.party_id()
        if party_id is None:
            return
        start, end = self.period()
        try:
            self.statement = self.ctx.read(lambda s: cash_day.statement(s, party_id, start, end))
        except DomainError as err:
            show_error(self, err)
            return
        st = self.statement
        self.lines.set_rows(st.lines)
        self.opening.setText(
            _("Balance on {day}: {amount}").format(day=format_date(start), amount=money(st.opening_balance, self.cur))
        )
        self.closing.setText(_("Balance at the end: {amount}").format(amount=money(st.closing_balance, self.cur)))

    # -- actions -----------------------------------------------------------------------------------
    def new_receipt(self) -> None:
        party_id = self.party_id()
        if party_id is not None:
            receipt_dialog.ReceiptDialog.create(self, self.ctx, party_id=party_id)

    def print_statement(self) -> None:
        party_id = self.party_id()
        if party_id is not None:
            start, end = self.period()
            preview_statement(self, self.ctx, party_id, start, end)
