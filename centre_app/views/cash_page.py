"""« Journée » of the Caisse area: the day's movements (brouillard), totals per means, the cash reconciliation.

Choose the day (today by default); F2 opens a new receipt, F3 a disbursement voucher; the day is closed
with the counted cash (closing_dialog.py) and its day book printed. Refreshes when the cash changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import Action
from centre_app.services import cash_day
from centre_app.services.cash_day import DayBook
from centre_app.views import closing_dialog
from centre_app.views.cash_models import bold, day_lines_model, means_totals_model, money, table_view
from centre_app.views.closing_dialog import ClosingDialog
from centre_app.views.context import ViewContext, show_error
from centre_app.views.disbursement_dialog import DisbursementDialog
from centre_app.views.i18n import N_, _
from centre_app.views.receipt_dialog import ReceiptDialog
from centre_app.views.widgets.date_edit import DateEdit

AREA_TITLE = N_("Cash")  # the « Caisse » area of the main window
CLOSED_STYLE = "color: #1b5e20; font-weight: bold;"
OPEN_STYLE = "color: #8a5a00; font-weight: bold;"


class CashDayPage(QWidget):
    TITLE = N_("Day")  # tab title, translated when shown

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.book: DayBook | None = None
        self.day = DateEdit(self)
        self.day.setObjectName("day")
        day_label = QLabel(_("Day"), self)
        day_label.setBuddy(self.day)
        self.previous_button = QPushButton(_("◀ Previous day"), self)
        self.next_button = QPushButton(_("Next day ▶"), self)
        self.today_button = QPushButton(_("Today"), self)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        top = QHBoxLayout()
        for widget in (day_label, self.day, self.previous_button, self.next_button, self.today_button):
            top.addWidget(widget)
        top.addSpacing(16)
        top.addWidget(self.status, 1)

        self.lines = day_lines_model(self.cur, self)
        self.table = table_view(self, self.lines, "day_lines", stretch=3)
        self.totals = means_totals_model(self.cur, self)
        self.totals_table = table_view(self, self.totals, "means_totals", stretch=0)
        self.totals_table.setMaximumHeight(170)
        totals_box = QGroupBox(_("Totals per means of payment"), self)
        QVBoxLayout(totals_box).addWidget(self.totals_table)

        cash_box = QGroupBox(_("Cash drawer"), self)
        self.cash_form = QFormLayout(cash_box)
        self.values: dict[str, QLabel] = {}
        for key, title in (
            ("opening", _("Opening cash")), ("cash_in", _("Cash received")), ("cash_out", _("Cash paid out")),
            ("theoretical", _("Theoretical cash")), ("counted", _("Cash counted")), ("difference", _("Difference")),
            ("reason", _("Reason")), ("closing", _("Closing no.")),
        ):  # fmt: skip
            label = QLabel(self)
            label.setObjectName(key)
            label.setWordWrap(key == "reason")
            if key not in ("reason", "closing"):
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.values[key] = label
            self.cash_form.addRow(title, label)
        self.values["theoretical"].setFont(bold())
        bottom = QHBoxLayout()
        bottom.addWidget(totals_box, 3)
        bottom.addWidget(cash_box, 2)

        self.receipt_button = self._button(_("New receipt (F2)"), self.new_receipt, Action.EDIT_DOCUMENTS, "F2")
        self.disbursement_button = self._button(
            _("Disbursement (F3)"), self.new_disbursement, Action.EDIT_DOCUMENTS, "F3"
        )
        self.close_button = self._button(_("Close the day…"), self.close_day, Action.EDIT_DOCUMENTS)
        self.print_button = self._button(_("Print the day book"), self.print_day_book)
        buttons = QHBoxLayout()
        for button in (self.receipt_button, self.disbursement_button, self.close_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addLayout(buttons)
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.previous_button.clicked.connect(lambda: self.day.setValue(self.day.value() - timedelta(days=1)))
        self.next_button.clicked.connect(lambda: self.day.setValue(self.day.value() + timedelta(days=1)))
        self.today_button.clicked.connect(lambda: self.day.setValue(date.today()))
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _button(
        self, text: str, slot: Callable[[], object], action: Action | None = None, key: str = ""
    ) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        button.setAutoDefault(False)
        if action is not None and not self.ctx.can(action):
            button.setEnabled(False)
            button.setToolTip(self.ctx.why_not(action))
        if key:
            QShortcut(QKeySequence(key), self, activated=lambda: button.isEnabled() and slot())
        return button

    # -- display -----------------------------------------------------------------------------------
    def _on_changed(self, areas: set[str]) -> None:
        if "cash" in areas:
            self.refresh()

    def refresh(self) -> None:
        day = self.day.value()
        try:
            book = self.ctx.read(lambda s: cash_day.day_book(s, day))
        except DomainError as err:
            show_error(self, err)
            return
        self.book = book
        self.lines.set_rows(book.lines)
        self.totals.set_rows(book.totals_by_means)
        v, m = self.values, self._money
        v["opening"].setText(m(book.opening_cash))
        v["cash_in"].setText(m(book.cash_in))
        v["cash_out"].setText(m(book.cash_out))
        v["theoretical"].setText(m(book.theoretical_cash))
        closed = book.closing_number is not None
        v["counted"].setText(m(book.counted_cash) if book.counted_cash is not None else "")
        v["difference"].setText(m(book.difference) if book.difference is not None else "")
        v["reason"].setText(book.reason)
        v["closing"].setText(
            _("{number} by {user}").format(number=book.closing_number, user=book.closed_by) if closed else ""
        )
        for key in ("counted", "difference", "reason", "closing"):
            self.cash_form.setRowVisible(v[key], closed)
        self.cash_form.setRowVisible(v["reason"], closed and bool(book.reason))
        count = len(book.lines)
        summary = _("{n} documents").format(n=count) if count != 1 else _("1 document")
        if closed:
            self.status.setText(
                _("Day closed ({number}) — {summary}").format(number=book.closing_number, summary=summary)
            )
            self.status.setStyleSheet(CLOSED_STYLE)
        else:
            self.status.setText(_("Day open — {summary}").format(summary=summary))
            self.status.setStyleSheet(OPEN_STYLE)
        self._update_close_button(day, closed)

    def _update_close_button(self, day: date, closed: bool) -> None:
        if not self.ctx.can(Action.EDIT_DOCUMENTS):
            return
        reason = ""
        if closed:
            reason = _("This day is already closed.")
        elif day > date.today():
            reason = _("A future day cannot be closed.")
        self.close_button.setEnabled(not reason)
        self.close_button.setToolTip(reason)

    def _money(self, amount: int) -> str:
        return money(amount, self.cur)

    # -- actions -----------------------------------------------------------------------------------
    def new_receipt(self) -> None:
        ReceiptDialog.create(self, self.ctx)

    def new_disbursement(self) -> None:
        DisbursementDialog.create(self, self.ctx)

    def close_day(self) -> None:
        ClosingDialog.close_day(self, self.ctx, self.day.value())

    def print_day_book(self) -> None:
        closing_dialog.preview_day_book(self, self.ctx, self.day.value())
