"""Rapports › Plan comptable: which account (or journal code) each operation books on in the entries file, for
the chart the exports use (SYSCOHADA révisé or CGNC), edited one row at a time or put back to the defaults.

Whoever may export (gestionnaire, comptable, administrateur) edits; the others read. ``services.accounting_map``
validates and journals every change. ``AccountDialog.edit(parent, ctx, key) -> AccountRow | None``.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from centre_app.domain.charts import CHARTS
from centre_app.domain.errors import DomainError, message
from centre_app.domain.permissions import Action
from centre_app.services import accounting_map
from centre_app.services.accounting_map import AccountRow
from centre_app.views.context import ViewContext, run_op
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource
from centre_app.views.reference_common import filter_rows
from centre_app.views.widgets.form_helpers import FormDialog

# As-you-type feedback only (the service decides): digits first for an account, a short code for a journal.
ACCOUNT_NUMBER = re.compile(r"[0-9]{2,12}[A-Z0-9]{0,8}")
JOURNAL_CODE = re.compile(r"[A-Z0-9]{1,6}")
KINDS = {"journal": N_("Journal"), "compte": N_("Account")}


def _state(row: AccountRow) -> str:
    if row.is_default:
        return _("default")
    return _("modified (default: {number})").format(number=row.default_number)


COLUMNS = (
    Column("kind", N_("Type"), text=lambda r: _(KINDS.get(r.kind, r.kind))),
    Column("number", N_("Account or code")),
    Column("label", N_("Label")),
    Column("is_default", N_("Value"), text=_state),
    Column("operation", N_("What it books"), stretch=True),
    Column("key", N_("Key")),
)
STATE_COLUMN = 3


def _normalised(text: str) -> str:
    return text.strip().upper().replace(" ", "")


class AccountMappingPage(ListPage):
    TITLE = N_("Chart of accounts")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        self.chart = ctx.read(accounting_map.active_chart)
        source = ListSource(
            fetch_all=lambda s, search: filter_rows(
                accounting_map.list_accounts(s, self.chart), search, lambda r: (r.key, r.number, r.label, r.operation)
            )
        )
        super().__init__(ctx, _(self.TITLE), COLUMNS, source, {"accounting", "settings"}, parent)
        self.search.setPlaceholderText(_("Search: account, label, operation…"))
        self.chart_combo = QComboBox(self)
        self.chart_combo.setObjectName("chart")
        for code, label in CHARTS.items():
            self.chart_combo.addItem(label, code)
        self.chart_combo.setCurrentIndex(self.chart_combo.findData(self.chart))
        self.chart_combo.activated.connect(lambda _i: self.change_chart(self.chart_combo.currentData()))
        caption = QLabel(_("Chart used by the exports:"), self)
        caption.setBuddy(self.chart_combo)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.chart_combo)
        top.addStretch(1)
        note = QLabel(
            _(
                "Each operation of the application books on the account shown. An account number has one label: "
                "changing it changes it on every operation booked on that account."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #505050;")
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, top)
        layout.insertWidget(1, note)
        layout.addWidget(self.status)
        self.edit_button = self.add_button(_("Edit…"), self.edit_current, Action.EXPORT)
        self.edit_button.setObjectName("edit")
        self.reset_button = self.add_button(_("Restore the default values…"), self.reset, Action.EXPORT)
        self.reset_button.setObjectName("reset")
        if not ctx.can(Action.EXPORT):
            self.chart_combo.setEnabled(False)
            self.chart_combo.setToolTip(ctx.why_not(Action.EXPORT))
        self.activated.connect(lambda _row: self.edit_current())
        self.table.setColumnWidth(STATE_COLUMN, max(self.table.columnWidth(STATE_COLUMN), 150))

    def refresh(self) -> None:
        if hasattr(self, "chart_combo"):
            self.chart = self.ctx.read(accounting_map.active_chart)
            self.chart_combo.setCurrentIndex(self.chart_combo.findData(self.chart))
        super().refresh()

    def edit_current(self) -> AccountRow | None:
        row = self.current()
        if row is None or not self.ctx.can(Action.EXPORT):
            return None
        saved = AccountDialog.edit(self, self.ctx, row.key)
        if saved is not None:
            self.status.setText(
                _("{key}: now booked on {number} {label}.").format(
                    key=saved.key, number=saved.number, label=saved.label
                )
            )
        return saved

    def change_chart(self, chart: str) -> str | None:
        if chart == self.chart:
            return None
        answer = QMessageBox.question(
            self,
            _("Chart of accounts"),
            _("The exports will use the chart « {chart} » from now on. Change the chart?").format(chart=CHARTS[chart]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        done = None
        if answer == QMessageBox.StandardButton.Yes:
            done = run_op(self, self.ctx, lambda s: accounting_map.set_chart(s, chart), {"accounting", "events"})
        if done is None:
            self.chart_combo.setCurrentIndex(self.chart_combo.findData(self.chart))
            return None
        self.status.setText(_("The exports now use the chart « {chart} ».").format(chart=CHARTS[chart]))
        return done

    def reset(self) -> int | None:
        chart = self.chart
        answer = QMessageBox.question(
            self,
            _("Restore the default values"),
            _("Put every account and journal code of « {chart} » back to its default value?").format(
                chart=CHARTS[chart]
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        changed = run_op(self, self.ctx, lambda s: accounting_map.reset_defaults(s, chart), {"accounting", "events"})
        if changed is not None:
            self.status.setText(_("Default values restored ({n} rows changed).").format(n=changed))
        return changed


class AccountDialog(FormDialog):
    """Book one operation on another account (or give a journal another code)."""

    def __init__(self, ctx: ViewContext, row: AccountRow, chart: str, parent: QWidget | None = None) -> None:
        title = _("Journal code") if row.kind == "journal" else _("Account of an operation")
        super().__init__(parent, title, ok_text=_("Save"))
        self.ctx, self.row, self.chart = ctx, row, chart
        self.saved: AccountRow | None = None
        self.setMinimumWidth(520)
        for caption, text, name in (
            (_("Operation"), row.operation, "operation"),
            (_("Key"), row.key, "key"),
            (_("Default value"), f"{row.default_number} {row.default_label}", "default"),
        ):
            label = QLabel(text, self)
            label.setObjectName(name)
            label.setWordWrap(True)
            self.form.addRow(caption, label)
        self.journal = row.kind == "journal"
        self.number = self.add_field(
            _("Journal code") if self.journal else _("Account number"), QLineEdit(row.number), name="number",
            required=True,
        )  # fmt: skip
        self.number.setPlaceholderText(_("e.g. VT") if self.journal else _("e.g. 4111"))
        self.label = self.add_field(_("Label"), QLineEdit(row.label), name="label", required=True)
        self.number.textChanged.connect(lambda _t: self.check_number())
        self.label.textChanged.connect(lambda _t: self.check_label())
        self.number.setFocus()
        self.number.selectAll()

    def check_number(self) -> bool:
        text = _normalised(self.number.text())
        ok = bool((JOURNAL_CODE if self.journal else ACCOUNT_NUMBER).fullmatch(text))
        if ok:
            error = ""
        elif self.journal:
            error = _("Type 1 to 6 capital letters or digits, e.g. VT.")
        else:
            error = _("Type the account number in digits (2 to 12), e.g. 4111.")
        self.field_error_label(self.number).setText(error)
        return ok

    def check_label(self) -> bool:
        ok = bool(self.label.text().strip())
        self.field_error_label(self.label).setText("" if ok else _("The label is required."))
        return ok

    def accept(self) -> None:
        self.clear_errors()
        if not self.check_number():
            self.number.setFocus()
            return
        if not self.check_label():
            self.label.setFocus()
            return
        key, number, label, chart = self.row.key, self.number.text(), self.label.text(), self.chart
        try:
            self.saved = self.ctx.workspace.run(lambda s: accounting_map.set_account(s, key, number, label, chart))
        except DomainError as err:
            target = {"accounting.bad_account": self.number, "accounting.bad_journal_code": self.number,
                      "field.required": self.label}.get(err.code)  # fmt: skip
            if target is not None:
                self.show_field_error(target, message(err))
            else:
                self.show_error(message(err))
            return
        self.ctx.changed.emit({"accounting", "events"})
        super().accept()

    @classmethod
    def edit(cls, parent: QWidget | None, ctx: ViewContext, key: str, chart: str | None = None) -> AccountRow | None:
        chart = chart or ctx.read(accounting_map.active_chart)
        row = next((r for r in ctx.read(lambda s: accounting_map.list_accounts(s, chart)) if r.key == key), None)
        if row is None:
            return None
        dialog = cls(ctx, row, chart, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
