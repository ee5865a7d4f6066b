"""Rapports › Dossier du mois: choose a month, a folder and the entries file's encoding, generate the monthly
pack (synthesis PDF, workbook XLSX, FEC entries CSV; ``services.monthly_pack``) with a progress bar, then
open the files from the summary. Beside it, the month's key figures: journal totals and the balance of the
accounts, as the entries file will have them.

The pack runs in the GUI thread inside the workspace's write transaction; its progress callback repaints
the bar (user input is held back until it ends, so nothing else can write meanwhile).
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.charts import CHARTS
from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_date, format_money, format_number
from centre_app.domain.periods import Period
from centre_app.domain.permissions import Action
from centre_app.services import accounting, monthly_pack, periods
from centre_app.services.monthly_pack import PackResult
from centre_app.views.context import ViewContext, run_op
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column
from centre_app.views.reports_area import fit_rows, month_name, rows_table
from centre_app.views.rows_model import RowsModel
from centre_app.views.widgets.form_helpers import error_label

ENCODINGS = (("utf-8-sig", N_("UTF-8 with BOM (recommended)")), ("cp1252", N_("Windows-1252 (older software)")))
NOTE_STYLE = "color: #505050;"


def open_path(path: Path) -> bool:
    """Open a file or a folder with the system's program (tests replace it)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def default_folder() -> Path:
    """Documents/Centre of the user (where an office looks for what the application wrote)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return (Path(documents) if documents else Path.home() / "Documents") / "Centre"


class ReportsPage(QWidget):
    TITLE = N_("Monthly pack")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        centre = ctx.settings()
        self.currency, self.locale = centre.currency, centre.locale
        self.result: PackResult | None = None
        self._stale = False
        allowed = ctx.can(Action.EXPORT)
        money = lambda v: format_money(v, self.currency, self.locale, symbol=False)  # noqa: E731
        self.journal_model = RowsModel((
            Column("code", N_("Code")), Column("label", N_("Journal")),
            Column("entries", N_("Entries"), text=lambda r: format_number(r.entries, self.locale), kind="integer"),
            Column("debit", N_("Debit"), text=lambda r: money(r.debit), kind="money"),
            Column("credit", N_("Credit"), text=lambda r: money(r.credit), kind="money"),
        ), self)  # fmt: skip
        self.balance_model = RowsModel((
            Column("account", N_("Account")), Column("label", N_("Label")),
            Column("debit", N_("Debit"), text=lambda r: money(r.debit), kind="money"),
            Column("credit", N_("Credit"), text=lambda r: money(r.credit), kind="money"),
            Column("balance", N_("Debit balance"), text=lambda r: money(r.balance) if r.balance > 0 else "",
                   kind="money"),
            Column("balance", N_("Credit balance"), text=lambda r: money(-r.balance) if r.balance < 0 else "",
                   kind="money"),
        ), self)  # fmt: skip

        # -- the form -------------------------------------------------------------------------------------
        box = QGroupBox(_("Monthly pack"), self)
        form = QFormLayout()
        self.month = QComboBox(box)
        self.month.setObjectName("month")
        self.month_state = QLabel(box)
        self.month_state.setObjectName("month_state")
        self.month_state.setWordWrap(True)
        self.month_state.setStyleSheet(NOTE_STYLE)
        self.folder = QLineEdit(str(default_folder()), box)
        self.folder.setObjectName("folder")
        self.browse = QPushButton(_("Browse…"), box)
        self.browse.setObjectName("browse")
        self.browse.clicked.connect(self.choose_folder)
        self.folder_error = error_label(box, "folder_error")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.encoding = QComboBox(box)
        self.encoding.setObjectName("encoding")
        for code, label in ENCODINGS:
            self.encoding.addItem(_(label), code)
        self.lock = QCheckBox(_("Lock the month after the export"), box)
        self.lock.setObjectName("lock")
        form.addRow(_("Month"), self.month)
        form.addRow("", self.month_state)
        form.addRow(_("Folder"), folder_row)
        form.addRow("", self.folder_error)
        form.addRow(_("Entries file"), self.encoding)
        form.addRow("", self.lock)
        files = QLabel(_("Writes the synthesis (PDF), the workbook (XLSX) and the entries file (FEC, CSV)."), box)
        files.setWordWrap(True)
        files.setStyleSheet(NOTE_STYLE)
        self.generate_button = QPushButton(_("Generate the monthly pack"), box)
        self.generate_button.setObjectName("generate")
        self.generate_button.setMinimumHeight(44)
        big = QFont(self.generate_button.font())
        big.setPointSizeF(big.pointSizeF() * 1.2)
        big.setBold(True)
        self.generate_button.setFont(big)
        self.generate_button.clicked.connect(self.generate)
        self.generate_button.setToolTip(_("Shortcut: Ctrl+Enter") if allowed else ctx.why_not(Action.EXPORT))
        self.generate_button.setEnabled(allowed)
        self.progress = QProgressBar(box)
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.step = QLabel(box)
        self.step.setObjectName("step")
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addWidget(files)
        inner.addSpacing(6)
        inner.addWidget(self.generate_button)
        inner.addWidget(self.progress)
        inner.addWidget(self.step)

        self.summary_box = QGroupBox(_("Files written"), self)
        self.summary = QLabel(self.summary_box)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.summary.linkActivated.connect(lambda href: open_path(Path(QUrl(href).toLocalFile())))
        self.open_folder = QPushButton(_("Open the folder"), self.summary_box)
        self.open_folder.setObjectName("open_folder")
        self.open_folder.clicked.connect(lambda: self.result is not None and open_path(self.result.folder))
        summary_layout = QVBoxLayout(self.summary_box)
        summary_layout.addWidget(self.summary)
        summary_layout.addWidget(self.open_folder, 0, Qt.AlignmentFlag.AlignLeft)
        self.summary_box.setVisible(False)

        left = QVBoxLayout()
        left.addWidget(box)
        left.addWidget(self.summary_box)
        left.addStretch(1)

        # -- the preview ----------------------------------------------------------------------------------
        preview = QGroupBox(_("Key figures of the month"), self)
        self.preview_note = QLabel(preview)
        self.preview_note.setObjectName("preview_note")
        self.preview_note.setWordWrap(True)
        self.journals = rows_table(preview, self.journal_model, "journals", 1)
        self.balance = rows_table(preview, self.balance_model, "balance", 1)
        self.totals = QLabel(preview)
        self.totals.setObjectName("totals")
        self.totals.setWordWrap(True)
        self.totals.setStyleSheet("font-weight: bold;")
        right = QVBoxLayout(preview)
        journals_caption = QLabel(_("Journals"), preview)
        balance_caption = QLabel(_("Balance of the accounts (movements of the month)"), preview)
        right.addWidget(self.preview_note)
        for widget, stretch in ((journals_caption, 0), (self.journals, 0), (balance_caption, 0), (self.balance, 1),
                                (self.totals, 0)):  # fmt: skip
            right.addWidget(widget, stretch)
            widget.setVisible(allowed)
        if not allowed:
            right.addStretch(1)

        layout = QHBoxLayout(self)
        left_panel = QWidget(self)
        left_panel.setLayout(left)
        left_panel.setMaximumWidth(560)
        layout.addWidget(left_panel, 2)
        layout.addWidget(preview, 3)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.generate)
        self.month.currentIndexChanged.connect(lambda _i: self.show_month())
        ctx.changed.connect(self._on_changed)
        self.load_months()
        self.month.setFocus()

    # -- display ----------------------------------------------------------------------------------------------
    def load_months(self) -> None:
        """The months with data, newest first; keeps the chosen one, else the previous month."""
        chosen = self.month.currentData()
        months = self.ctx.read(monthly_pack.pack_months)
        self.month.blockSignals(True)
        self.month.clear()
        for day in months:
            self.month.addItem(month_name(day, self.locale), f"{day:%Y-%m}")
        today = date.today()
        previous = f"{Period.month_of(today).shifted_months(-1).start:%Y-%m}"
        index = self.month.findData(chosen) if chosen else -1
        if index < 0:
            index = max(self.month.findData(previous), 0 if months else -1)
        self.month.setCurrentIndex(index)
        self.month.blockSignals(False)
        self.show_month()

    def selected_month(self) -> str | None:
        data = self.month.currentData()
        return str(data) if data else None

    def show_month(self) -> None:
        month = self.selected_month()
        can = self.ctx.can(Action.EXPORT)
        if month is None:
            self.month_state.setText(_("No document recorded yet: there is nothing to export."))
            self.generate_button.setEnabled(False)
            self.lock.setEnabled(False)
            self.preview_note.setText("")
            return
        period = Period.parse_month(month)
        locked_at = self.ctx.read(lambda s: periods.lock_state(s, period.start))
        finished = period.end <= date.today()
        if locked_at is not None:
            state = _("Month locked on {date}.").format(date=format_date(locked_at.date(), self.locale))
        elif not finished:
            state = _("Month in progress: the pack is provisional and the month cannot be locked yet.")
        else:
            state = _("Month open.")
        self.month_state.setText(state)
        self.generate_button.setEnabled(can)
        self.lock.setEnabled(can and finished and locked_at is None)
        if not can:
            self.lock.setToolTip(self.ctx.why_not(Action.EXPORT))
        elif locked_at is not None:
            self.lock.setToolTip(_("This month is already locked."))
        elif not finished:
            self.lock.setToolTip(_("A month can be locked once it is over."))
        else:
            self.lock.setToolTip(_("No document can be dated in a locked month; a manager can unlock it."))
        if not self.lock.isEnabled():
            self.lock.setChecked(False)
        self.show_preview(period)

    def show_preview(self, period: Period) -> None:
        title = month_name(period.start, self.locale)
        if not self.ctx.can(Action.EXPORT):
            self.preview_note.setText(self.ctx.why_not(Action.EXPORT))
            return
        try:
            m = self.ctx.read(lambda s: accounting.month_entries(s, period))
        except DomainError as error:
            self.preview_note.setText(message(error))
            self.journal_model.set_rows([])
            self.balance_model.set_rows([])
            self.totals.clear()
            return
        self.preview_note.setText(
            _("{month} — figures of the entries file, chart {chart}.").format(
                month=title, chart=CHARTS.get(m.chart, m.chart)
            )
        )
        self.journal_model.set_rows(m.journals)
        fit_rows(self.journals)
        self.balance_model.set_rows(m.balance)
        self.totals.setText(
            _("{entries} entries, {lines} lines: debit = credit = {amount}").format(
                entries=format_number(len(m.entries), self.locale), lines=format_number(len(m.lines), self.locale),
                amount=format_money(m.debit, self.currency, self.locale),
            )
            if m.debit == m.credit
            else _("Debit {debit} and credit {credit} differ: report it to support.").format(
                debit=format_money(m.debit, self.currency, self.locale),
                credit=format_money(m.credit, self.currency, self.locale),
            )
        )  # fmt: skip

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.load_months()

    def _on_changed(self, _areas: set[str]) -> None:
        if self.isVisible():
            self.load_months()
        else:
            self._stale = True  # documents of any area change the figures: reload when shown

    # -- actions ----------------------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder of the monthly pack"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _progress(self, label: str, done: int, total: int) -> None:
        self.progress.setValue(round(100 * done / total) if total else 100)
        self.step.setText(label)
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def _busy(self, busy: bool) -> None:
        for widget in (self.month, self.folder, self.browse, self.encoding, self.generate_button):
            widget.setEnabled(not busy)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QApplication.restoreOverrideCursor()
            self.show_month()

    def generate(self) -> PackResult | None:
        month = self.selected_month()
        if month is None or not self.generate_button.isEnabled():
            return None
        self.folder_error.clear()
        text = self.folder.text().strip()
        if not text or not Path(text).is_absolute():
            self.folder_error.setText(_("Type the full path of a folder, or choose one with « Browse… »."))
            self.folder.setFocus()
            return None
        folder, encoding, lock = Path(text), self.encoding.currentData(), self.lock.isChecked()
        self.summary_box.setVisible(False)
        self.progress.setValue(0)
        self._busy(True)
        try:
            result = run_op(
                self, self.ctx,
                lambda s: monthly_pack.write_monthly_pack(s, month, folder, encoding=encoding, lock=lock,
                                                          progress=self._progress),
                {"periods", "events"},
            )  # fmt: skip
        finally:
            self._busy(False)
        if result is None:
            self.progress.setValue(0)
            self.step.setText(_("Nothing was written."))
            return None
        self.result = result
        self.show_summary(result)
        return result

    def show_summary(self, r: PackResult) -> None:
        title = month_name(date.fromisoformat(f"{r.month}-01"), self.locale)
        kinds = (_("synthesis (PDF)"), _("workbook (XLSX)"), _("entries file (FEC, CSV)"))
        links = "".join(
            f'<li><a href="{html.escape(QUrl.fromLocalFile(str(p)).toString())}">{html.escape(p.name)}</a> — {k}</li>'
            for p, k in zip(r.files, kinds, strict=True)
        )
        head = _("Monthly pack of {month} written in {folder}:").format(month=title, folder=html.escape(str(r.folder)))
        lines = [
            _("{entries} entries ({lines} lines); debit = credit = {amount}.").format(
                entries=format_number(r.entries, self.locale), lines=format_number(r.lines, self.locale),
                amount=format_money(r.debit, self.currency, self.locale),
            ),
        ]  # fmt: skip
        if r.replaced:
            lines.append(
                _("Characters missing from Windows-1252 were replaced: {chars}").format(chars=" ".join(r.replaced))
            )
        if r.locked_now:
            lines.append(_("The month is now locked: no document can be dated in it any more."))
        elif r.was_locked:
            lines.append(_("The month was already locked."))
        self.summary.setText(
            f"<p style='margin: 0'>{head}</p><ul style='margin-top: 4px; margin-bottom: 6px'>{links}</ul>"
            f"<p style='margin: 0'>{'<br>'.join(html.escape(x) for x in lines)}</p>"
        )
        self.summary_box.setVisible(True)
