"""Rapports › Périodes: the last 24 months (and any older locked month) with their state, lock a finished month,
unlock one with a mandatory reason, and the history of every lock and unlock (who, when, why).

Locking needs the export right (gestionnaire, comptable, administrateur); unlocking is a manager's
(``services.periods`` checks both). ``UnlockDialog.unlock(parent, ctx, month) -> LockRow | None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMessageBox, QSplitter, QVBoxLayout, QWidget

from centre_app.domain.accounting import of_month
from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_date, format_datetime, format_month
from centre_app.domain.periods import Period
from centre_app.domain.permissions import Action
from centre_app.services import periods
from centre_app.services.periods import LockRow
from centre_app.views.context import ViewContext, run_op
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource
from centre_app.views.reference_common import filter_rows
from centre_app.views.reports_area import month_name
from centre_app.views.widgets.form_helpers import FormDialog

MONTHS_SHOWN = 24


@dataclass(frozen=True)
class MonthRow:
    month: date  # first day
    name: str  # « Octobre 2026 »
    locked: bool
    finished: bool
    state: str  # « Verrouillé le 05/11/2026 par … », « Ouvert », « En cours »
    last_unlock: str  # « Déverrouillé le … par … : motif » when it was unlocked since its last lock


def _when(at: datetime) -> str:
    return format_date(at.date())


def month_rows(session: Any, today: date, locale: str) -> list[MonthRow]:
    """The last 24 months (this one included) and every locked month, newest first, with their state."""
    history = periods.lock_history(session)  # newest first
    current = Period.month_of(today)
    months = {current.shifted_months(-i).start for i in range(MONTHS_SHOWN)} | set(periods.locked_months(session))
    last: dict[date, LockRow] = {}
    unlocks: dict[date, LockRow] = {}
    for r in history:
        last.setdefault(r.month, r)
        if r.action == "unlock":
            unlocks.setdefault(r.month, r)
    out = []
    for m in sorted(months, reverse=True):
        row = last.get(m)
        locked = row is not None and row.action == "lock"
        finished = Period.month_of(m).end <= today
        if locked and row is not None:
            state = _("Locked on {date} by {user}").format(date=_when(row.at), user=row.user_name)
        elif not finished:
            state = _("In progress")
        else:
            state = _("Open for documents")
        unlock = unlocks.get(m) if not locked else None
        note = (
            _("Unlocked on {date} by {user}: {reason}").format(date=_when(unlock.at), user=unlock.user_name,
                                                               reason=unlock.reason)
            if unlock is not None
            else ""
        )  # fmt: skip
        out.append(MonthRow(m, month_name(m, locale), locked, finished, state, note))
    return out


MONTH_COLUMNS = (
    Column("month", N_("Month"), text=lambda r: r.name, order="month"),
    Column("state", N_("State"), order="state"),
    Column("last_unlock", N_("Last unlock"), stretch=True),
)
HISTORY_COLUMNS = (
    Column("at", N_("Date"), text=lambda r: format_datetime(r.at)),
    Column("month", N_("Month"), text=lambda r: month_name(r.month)),
    Column("action_label", N_("Action")),
    Column("user_name", N_("By")),
    Column("reason", N_("Reason"), stretch=True),
)


class LockHistoryList(ListPage):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        source = ListSource(
            fetch_all=lambda s, search: filter_rows(
                periods.lock_history(s), search,
                lambda r: (format_month(r.month), r.action_label, r.user_name, r.reason),
            )
        )  # fmt: skip
        super().__init__(ctx, _("Lock history"), HISTORY_COLUMNS, source, {"periods"}, parent)
        self.setObjectName("history")
        self.search.setPlaceholderText(_("Search the history: month, user, reason…"))


class MonthsList(ListPage):
    """The months and their state, with « Verrouiller » and « Déverrouiller… »."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        locale = ctx.settings().locale
        source = ListSource(
            fetch_all=lambda s, search: filter_rows(
                month_rows(s, date.today(), locale), search, lambda r: (r.name, r.state, r.last_unlock)
            )
        )
        super().__init__(ctx, _("Periods"), MONTH_COLUMNS, source, {"periods"}, parent)
        self.setObjectName("months")
        self.search.setPlaceholderText(_("Search a month…"))
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.lock_button = self.add_button(_("Lock"), self.lock_current, Action.EXPORT)
        self.lock_button.setObjectName("lock")
        self.unlock_button = self.add_button(_("Unlock…"), self.unlock_current, Action.CANCEL_DOCUMENT)
        self.unlock_button.setObjectName("unlock")
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(self.status)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.update_buttons())
        self.update_buttons()

    def refresh(self) -> None:
        """Reload, keeping the chosen month selected (after a lock or an unlock)."""
        chosen = self.current()
        super().refresh()
        if chosen is not None:
            for i in range(self.model.rowCount()):
                if self.model.row_at(i).month == chosen.month:
                    self.table.selectRow(i)
                    break
        if hasattr(self, "unlock_button"):
            self.update_buttons()

    def update_buttons(self) -> None:
        row = self.current()
        if self.ctx.can(Action.EXPORT):
            ok = row is not None and row.finished and not row.locked
            self.lock_button.setEnabled(ok)
            self.lock_button.setToolTip(
                "" if ok or row is None else
                _("This month is already locked.") if row.locked else _("A month can be locked once it is over.")
            )  # fmt: skip
        if self.ctx.can(Action.CANCEL_DOCUMENT):
            ok = row is not None and row.locked
            self.unlock_button.setEnabled(ok)
            self.unlock_button.setToolTip("" if ok or row is None else _("This month is not locked."))

    def lock_current(self) -> LockRow | None:
        row = self.current()
        if row is None or not self.lock_button.isEnabled():
            return None
        answer = QMessageBox.question(
            self,
            _("Lock a month"),
            _(
                "Lock the month {month}? No document can be dated or cancelled in it any more; a manager can "
                "unlock it, giving the reason."
            ).format(month=of_month(format_month(row.month))),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        month = row.month
        done = run_op(self, self.ctx, lambda s: periods.lock_month(s, Period.month_of(month)), {"periods", "events"})
        if done is not None:
            self.status.setText(_("The month {month} is locked.").format(month=of_month(format_month(month))))
        return done

    def unlock_current(self) -> LockRow | None:
        row = self.current()
        if row is None or not self.unlock_button.isEnabled():
            return None
        done = UnlockDialog.unlock(self, self.ctx, row.month)
        if done is not None:
            self.status.setText(_("The month {month} is unlocked.").format(month=of_month(format_month(row.month))))
        return done


class UnlockDialog(FormDialog):
    def __init__(self, ctx: ViewContext, month: date, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Unlock a month"), ok_text=_("Unlock the month"))
        self.ctx, self.month = ctx, month
        self.unlocked: LockRow | None = None
        self.setMinimumWidth(520)
        shown = QLabel(month_name(month), self)
        shown.setObjectName("month")
        self.form.addRow(_("Month"), shown)
        self.reason = self.add_field(_("Reason"), QLineEdit(), name="reason", required=True)
        self.reason.setPlaceholderText(_("Why the month must be reopened (kept in the history)"))
        note = QLabel(_("Documents can be dated in this month again until it is locked anew."), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #505050;")
        self.form.addRow("", note)
        self.reason.setFocus()

    def accept(self) -> None:
        self.clear_errors()
        period, reason = Period.month_of(self.month), self.reason.text()
        try:
            self.unlocked = self.ctx.workspace.run(lambda s: periods.unlock_month(s, period, reason))
        except DomainError as err:
            if err.code == "period.reason_required":
                self.show_field_error(self.reason, message(err))
            else:
                self.show_error(message(err))
            return
        self.ctx.changed.emit({"periods", "events"})
        super().accept()

    @classmethod
    def unlock(cls, parent: QWidget | None, ctx: ViewContext, month: date) -> LockRow | None:
        dialog = cls(ctx, month, parent)
        return dialog.unlocked if dialog.exec() == QDialog.DialogCode.Accepted else None


class PeriodLocksPage(QWidget):
    TITLE = N_("Periods")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        note = QLabel(
            _(
                "No document can be dated or cancelled in a locked month. Lock a month once its entries are exported; "
                "a manager can unlock it, giving the reason."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #505050;")
        self.months = MonthsList(ctx, self)
        self.history = LockHistoryList(ctx, self)
        for inner in (self.months, self.history):
            inner.layout().setContentsMargins(0, 0, 0, 0)
        history_box = QWidget(self)
        box = QVBoxLayout(history_box)
        box.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("Lock history"), history_box)
        title.setStyleSheet("font-weight: bold;")
        box.addWidget(title)
        box.addWidget(self.history)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.months)
        splitter.addWidget(history_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(splitter, 1)
