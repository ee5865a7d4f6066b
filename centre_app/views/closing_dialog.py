"""Clôture journalière: the day's theoretical cash, the cash counted in the drawer, the difference and its reason.

``ClosingDialog.close(parent, ctx, day) -> closing number | None`` is the entry point. The difference is
shown as the clerk types; ``cash_day.close_day`` decides (it refuses a difference without a reason). Once
closed, the dialog offers to print the day book (brouillard).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMessageBox, QWidget

from centre_app.domain.cash import MEANS
from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_date_long
from centre_app.services import cash_day
from centre_app.services.cash_day import DayBook
from centre_app.views.cash_models import bold, money
from centre_app.views.context import ViewContext, show_error
from centre_app.views.i18n import _
from centre_app.views.widgets.form_helpers import FormDialog
from centre_app.views.widgets.money_edit import MoneyEdit

GREEN, RED = "color: #1b5e20;", "color: #b00020;"


def day_book_pdf(session: Any, day: date) -> bytes:
    """The brouillard PDF of a day (printing is imported when first used)."""
    from centre_app.services import cash_printouts

    return cash_printouts.day_book_pdf(session, day)


def preview_day_book(parent: QWidget | None, ctx: ViewContext, day: date) -> None:
    """Show the day book in the preview dialog (tests replace this function)."""
    from centre_app.views.pdf_preview import PdfPreviewDialog

    try:
        pdf = ctx.read(lambda s: day_book_pdf(s, day))
    except DomainError as err:
        show_error(parent, err)
        return
    title = _("Day book of {day}").format(day=format_date_long(day))
    PdfPreviewDialog.preview(parent, pdf, title, f"brouillard-{day.isoformat()}.pdf")


class ClosingDialog(FormDialog):
    def __init__(self, ctx: ViewContext, book: DayBook, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Close the cash day"), ok_text=_("Close the day"))
        self.ctx = ctx
        self.book = book
        self.number: str | None = None
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.setMinimumWidth(520)
        self.form.addRow(_("Day"), self._value(format_date_long(book.day), "day"))
        self.form.addRow(_("Opening cash"), self._value(money(book.opening_cash, self.cur), "opening"))
        self.form.addRow(_("Cash received"), self._value(money(book.cash_in, self.cur), "cash_in"))
        self.form.addRow(_("Cash paid out"), self._value(money(book.cash_out, self.cur), "cash_out"))
        theoretical = self._value(money(book.theoretical_cash, self.cur), "theoretical")
        theoretical.setFont(bold(1))
        self.form.addRow(_("Theoretical cash"), theoretical)
        others = [f"{MEANS.get(m, m)} : {money(i - o, self.cur)}" for m, i, o in book.totals_by_means if m != "especes"]
        if others:
            note = QLabel(" ; ".join(others), self)
            note.setWordWrap(True)
            note.setStyleSheet("color: #555555;")
            self.form.addRow(_("Other means (not in the drawer)"), note)
        self.counted = self.add_field(
            _("Cash counted"), MoneyEdit(self, currency=centre.currency, allow_zero=True), name="counted", required=True
        )
        self.difference = self._value("", "difference")
        self.difference.setFont(bold())
        self.form.addRow(_("Difference"), self.difference)
        self.reason = self.add_field(_("Reason for the difference"), QLineEdit(self), name="reason")
        self.reason.setPlaceholderText(_("Required when the counted cash differs"))
        self.counted.valueChanged.connect(self._show_difference)
        self._show_difference(None)
        self.counted.setFocus()

    def _value(self, text: str, name: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _show_difference(self, counted: int | None) -> None:
        if counted is None:
            self.difference.setText("—")
            self.difference.setStyleSheet("")
            return
        diff = counted - self.book.theoretical_cash
        if diff == 0:
            text, style = _("none: the cash is right"), GREEN
        elif diff > 0:
            text, style = _("{amount} too much in the drawer").format(amount=money(diff, self.cur)), RED
        else:
            text, style = _("{amount} missing from the drawer").format(amount=money(-diff, self.cur)), RED
        self.difference.setText(text)
        self.difference.setStyleSheet(style)

    def accept(self) -> None:
        self.clear_errors()
        counted = self.counted.value()
        if counted is None:
            self.show_field_error(self.counted, self.counted.error() or _("Type the cash counted in the drawer."))
            return
        day, reason = self.book.day, self.reason.text()
        try:
            self.number = self.ctx.workspace.run(lambda s: cash_day.close_day(s, day, counted, reason))
        except DomainError as err:
            target = {"cash.difference_reason": self.reason, "money.negative": self.counted}.get(err.code)
            if target is not None:
                self.show_field_error(target, message(err))
            else:
                self.show_error(message(err))
            return
        self.ctx.changed.emit({"cash"})
        super().accept()
        answer = QMessageBox.question(
            self.parentWidget() or self,
            _("Day closed"),
            _("The day is closed under number {number}. Print the day book now?").format(number=self.number),
        )
        if answer == QMessageBox.StandardButton.Yes:
            preview_day_book(self.parentWidget(), self.ctx, day)

    @classmethod
    def close_day(cls, parent: QWidget | None, ctx: ViewContext, day: date) -> str | None:
        try:
            book = ctx.read(lambda s: cash_day.day_book(s, day))
        except DomainError as err:
            show_error(parent, err)
            return None
        dialog = cls(ctx, book, parent)
        return dialog.number if dialog.exec() == QDialog.DialogCode.Accepted else None
