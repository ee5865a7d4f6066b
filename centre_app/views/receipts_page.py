"""« Reçus et bons »: every receipt and voucher, searched by number, name, transaction ID or object.

Filters by type, means and day; « Reprint » prints a DUPLICATA (counted by the service) in A4, A5 or on
an 80 mm ticket; « Cancel… » (managers) asks the mandatory reason and shows the counter-document number.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QWidget

from centre_app.domain.cash import MEANS, PAYMENT_TYPES
from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_datetime
from centre_app.domain.permissions import Action
from centre_app.services import payments
from centre_app.services.payments import PaymentRow
from centre_app.views import receipt_dialog
from centre_app.views.cash_models import money
from centre_app.views.context import ViewContext, run_op
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource
from centre_app.views.parties_page import filter_bar
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.form_helpers import FormDialog

PAPERS = (("A4", N_("A4")), ("A5", N_("A5")), ("80mm", N_("80 mm ticket")))
# Column widths from sample texts (the object column takes the rest); the clerk may still resize them.
SAMPLES = ("REC-2026-000000", "00/00/2026 00:00", "OUÉDRAOGO Mariam", "000 000 F CFA", "Mobile money",
           "Orange Money", "MP000000.0000", "", "Issa Caissier", "annulé")  # fmt: skip
STATUS = {"valide": N_("valid"), "annule": N_("cancelled")}


def payments_source() -> ListSource:
    """The service calls of the list; ``extra`` holds the filters the page changes."""
    source = ListSource(extra={"day": None, "doc_type": None, "means": None})
    x = source.extra
    source.fetch = lambda s, search, offset, limit, order: payments.list_payments(
        s, search, offset, limit, order, day=x["day"], doc_type=x["doc_type"], means=x["means"]
    )
    source.count = lambda s, search: payments.count_payments(
        s, search, day=x["day"], doc_type=x["doc_type"], means=x["means"]
    )
    return source


def payment_columns(cur: tuple[str, str]) -> tuple[Column, ...]:
    return (
        Column("number", N_("No."), order="number"),
        Column("at", N_("Date and time"), text=lambda r: format_datetime(r.at), order="at"),
        Column("counterpart_name", N_("Party"), order="name"),
        Column("amount", N_("Amount"), text=lambda r: money(r.amount, cur), kind="money", order="amount"),
        Column("means_label", N_("Means")),
        Column("operator", N_("Operator")),
        Column("transaction_id", N_("Transaction")),
        Column("purpose", N_("Object"), stretch=True),
        Column("cashier_name", N_("Cashier")),
        Column("status", N_("Status"), text=lambda r: _(STATUS.get(r.status, r.status))),
    )


class ReceiptsPage(ListPage):
    TITLE = N_("Receipts and vouchers")  # tab title, translated when shown
    INITIAL_SORT = (1, Qt.SortOrder.DescendingOrder)  # newest first, from the first load

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        centre = ctx.settings()
        self.source = payments_source()
        columns = payment_columns((centre.currency, centre.locale))
        super().__init__(ctx, _(self.TITLE), columns, self.source, {"cash"}, parent)
        self.search.setPlaceholderText(_("Search: number, name, transaction ID, object…"))
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)  # latest first
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(SAMPLES):
            if sample:
                self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 14)
        self._first_load = False
        self.type_filter = QComboBox(self)
        self.type_filter.setObjectName("type_filter")
        self.type_filter.addItem(_("All documents"), None)
        for code, (_direction, label) in PAYMENT_TYPES.items():
            self.type_filter.addItem(label, code)
        self.means_filter = QComboBox(self)
        self.means_filter.setObjectName("means_filter")
        self.means_filter.addItem(_("All means"), None)
        for key, label in MEANS.items():
            self.means_filter.addItem(label, key)
        self.all_dates = QCheckBox(_("All dates"), self)
        self.all_dates.setObjectName("all_dates")
        self.all_dates.setChecked(True)
        self.day = DateEdit(self)
        self.day.setObjectName("day")
        self.day.setEnabled(False)
        filter_bar(self, self.type_filter, self.means_filter, self.all_dates, self.day)
        for signal in (self.type_filter.currentIndexChanged, self.means_filter.currentIndexChanged):
            signal.connect(self._filters_changed)
        self.all_dates.toggled.connect(self._filters_changed)
        self.day.dateChanged.connect(self._filters_changed)

        self.new_button = self.add_button(_("New receipt (F2)"), self.new_receipt, Action.EDIT_DOCUMENTS)
        QShortcut(QKeySequence("F2"), self, activated=lambda: self.new_button.isEnabled() and self.new_receipt())
        self.paper = QComboBox(self)
        self.paper.setObjectName("paper")
        self.paper.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for code, title in PAPERS:
            self.paper.addItem(_(title), code)
        paper_label = QLabel(_("Format"), self)
        paper_label.setBuddy(self.paper)
        self.buttons.insertWidget(self.buttons.count() - 2, paper_label)
        self.buttons.insertWidget(self.buttons.count() - 2, self.paper)
        self.reprint_button = self.add_button(_("Reprint"), self.reprint)
        self.cancel_button = self.add_button(_("Cancel…"), self.cancel, Action.CANCEL_DOCUMENT)

    def _filters_changed(self, *_args: Any) -> None:
        self.day.setEnabled(not self.all_dates.isChecked())
        self.source.extra["day"] = None if self.all_dates.isChecked() else self.day.value()
        self.source.extra["doc_type"] = self.type_filter.currentData()
        self.source.extra["means"] = self.means_filter.currentData()
        self.refresh()

    def refresh(self) -> None:
        """Reload, keeping the selected document selected (after a reprint or a cancellation)."""
        current = self.current() if hasattr(self, "model") else None
        super().refresh()
        if current is not None:
            for row in range(self.model.rowCount()):
                if self.model.row_at(row).id == current.id:
                    self.table.selectRow(row)
                    break

    # -- actions -----------------------------------------------------------------------------------
    def new_receipt(self) -> None:
        receipt_dialog.ReceiptDialog.create(self, self.ctx)

    def reprint(self) -> None:
        row = self.current()
        if row is None:
            return
        copy = run_op(self, self.ctx, lambda s: payments.register_reprint(s, row.id), areas={"cash"})
        if copy is not None:
            receipt_dialog.preview_payment(self, self.ctx, row.id, self.paper.currentData(), copy)

    def cancel(self) -> None:
        row = self.current()
        if row is not None:
            CancelPaymentDialog.cancel(self, self.ctx, row)


class CancelPaymentDialog(FormDialog):
    """Asks the mandatory reason, then cancels the payment with a counter-document (ANR)."""

    def __init__(self, ctx: ViewContext, row: PaymentRow, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Cancel {number}").format(number=row.number), ok_text=_("Cancel the document"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        self.ctx = ctx
        self.row = row
        self.counter_number: str | None = None
        centre = ctx.settings()
        self.setMinimumWidth(480)
        self.form.addRow(_("Document"), QLabel(f"{row.number} — {row.counterpart_name}", self))
        self.form.addRow(_("Amount"), QLabel(money(row.amount, (centre.currency, centre.locale)), self))
        self.reason = self.add_field(_("Reason"), QLineEdit(self), name="reason", required=True)
        note = QLabel(_("Cancelling is final: the document keeps its number and a counter-document is recorded."), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        self.form.addRow(note)
        self.reason.setPlaceholderText(_("Why this document is cancelled"))
        self.reason.setFocus()

    def accept(self) -> None:
        self.clear_errors()
        payment_id, reason = self.row.id, self.reason.text()
        try:
            self.counter_number = self.ctx.workspace.run(lambda s: payments.cancel_payment(s, payment_id, reason))
        except DomainError as err:
            if err.code == "payment.reason_required":
                self.show_field_error(self.reason, message(err))
            else:
                self.show_error(message(err))
            return
        self.ctx.changed.emit({"cash"})
        super().accept()
        QMessageBox.information(
            self.parentWidget() or self,
            _("Document cancelled"),
            _("{number} is cancelled by the counter-document {counter}.").format(
                number=self.row.number, counter=self.counter_number
            ),
        )

    @classmethod
    def cancel(cls, parent: QWidget | None, ctx: ViewContext, row: PaymentRow) -> str | None:
        dialog = cls(ctx, row, parent)
        return dialog.counter_number if dialog.exec() == QDialog.DialogCode.Accepted else None
