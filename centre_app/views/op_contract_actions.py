"""What is done to an OP contract from its screens besides typing it: the prints (contract, échéancier,
quarterly follow-up report) through the preview, cashing a schedule line through the caisse receipt form
(the whole remaining on that line's due, like an order's payment), and the scanned PDF attachments (add
from a file, open with the PDF reader, save a copy).

Printing: ``preview(parent, ctx, "contract_pdf", (contract_id,), title, filename)`` calls
``services.op_contract_printouts.<name>(session, *args)`` and shows the PDF (tests replace ``preview``).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from centre_app.domain.errors import DomainError
from centre_app.domain.op_contracts import quarter_label
from centre_app.services import op_contract_follow as follow
from centre_app.services import op_contract_queries as queries
from centre_app.services.op_contract_rows import AttachmentRow, ContractDoc, ScheduleLineRow
from centre_app.views.cash_models import SHARE
from centre_app.views.context import ViewContext, run_op, show_error
from centre_app.views.i18n import _
from centre_app.views.op_followup_dialogs import quarters_between
from centre_app.views.receipt_dialog import ReceiptDialog

AREAS = {"op_contracts"}


# --- printing ------------------------------------------------------------------------------------------
def op_pdf(session: Any, name: str, *args: Any) -> bytes:
    """An OP contract document as PDF bytes (printing is imported when first used)."""
    from centre_app.services import op_contract_printouts

    return getattr(op_contract_printouts, name)(session, *args)


def preview(parent: QWidget | None, ctx: ViewContext, name: str, args: tuple, title: str, filename: str) -> None:
    """Show a contract document in the preview dialog (print, save as PDF); tests replace this function."""
    from centre_app.views.pdf_preview import PdfPreviewDialog

    try:
        pdf = ctx.read(lambda s: op_pdf(s, name, *args))
    except DomainError as err:
        show_error(parent, err)
        return
    PdfPreviewDialog.preview(parent, pdf, title, filename)


def _file(number: str, prefix: str = "") -> str:
    return f"{prefix}{number.replace('/', '-').replace(' ', '-').replace('°', '')}.pdf"


def print_contract(parent: QWidget | None, ctx: ViewContext, contract_id: int, number: str) -> None:
    preview(parent, ctx, "contract_pdf", (contract_id,), _("OP contract {number}").format(number=number),
            _file(number))  # fmt: skip


def print_schedule(parent: QWidget | None, ctx: ViewContext, contract_id: int, number: str) -> None:
    preview(parent, ctx, "schedule_pdf", (contract_id,), _("Payment schedule {number}").format(number=number),
            _file(number, "echeancier-"))  # fmt: skip


def choose_quarter(parent: QWidget | None, effect: date) -> tuple[int, int] | None:
    """The quarter of the follow-up report, the current one proposed (tests replace this function)."""
    quarters = quarters_between(effect, date.today())
    labels = [quarter_label(y, q) for y, q in quarters]
    label, ok = QInputDialog.getItem(parent, _("Quarterly report"), _("Quarter:"), labels, 0, False)
    return quarters[labels.index(label)] if ok and label in labels else None


def print_followup(parent: QWidget | None, ctx: ViewContext, contract_id: int, number: str, effect: date) -> None:
    chosen = choose_quarter(parent, effect)
    if chosen is None:
        return
    year, quarter = chosen
    preview(parent, ctx, "followup_pdf", (contract_id, year, quarter),
            _("Quarterly report {number} — {quarter}").format(number=number, quarter=quarter_label(year, quarter)),
            _file(number, f"suivi-T{quarter}-{year}-"))  # fmt: skip


# --- the caisse ------------------------------------------------------------------------------------------
def receipt_for_line(parent: QWidget | None, ctx: ViewContext, op_id: int, line: ScheduleLineRow) -> ReceiptDialog:
    """The caisse receipt form for the OP, what remains of this schedule line put on its due."""
    dialog = ReceiptDialog(ctx, parent)
    dialog.choose_party(op_id)
    value = line.remaining
    dialog.amount.setValue(value if value > 0 else None)
    model = dialog.dues
    for row, due in enumerate(model.rows()):
        share = min(value, due.remaining) if due.id == line.due_id else 0
        model.setData(model.index(row, SHARE), max(share, 0))
    return dialog


def cash_line(parent: QWidget | None, ctx: ViewContext, doc: ContractDoc, line: ScheduleLineRow | None) -> bool:
    """« Encaisser »: the receipt form on the chosen schedule line (a signed line with something left to pay)."""
    if line is None:
        QMessageBox.information(parent, _("Cash a payment"), _("Select an instalment of the schedule first."))
        return False
    if line.due_id is None or line.remaining <= 0 or line.state == "annulee":
        QMessageBox.information(parent, _("Cash a payment"), _("Nothing remains to be paid on this instalment."))
        return False
    receipt_for_line(parent, ctx, doc.row.op_id, line).exec()
    return True


# --- attachments ----------------------------------------------------------------------------------------
def add_attachment(parent: QWidget | None, ctx: ViewContext, contract_id: int) -> AttachmentRow | None:
    """Choose a scanned PDF (8 Mo at most) and keep it with the contract."""
    path, _filter = QFileDialog.getOpenFileName(parent, _("Attach a scanned PDF"), "", _("PDF documents (*.pdf)"))
    if not path:
        return None
    try:
        content = Path(path).read_bytes()
    except OSError as err:
        QMessageBox.warning(parent, _("Attach a scanned PDF"), _("The file cannot be read: {error}").format(
            error=err.strerror or str(err)))  # fmt: skip
        return None
    name = Path(path).name
    return run_op(parent, ctx, lambda s: follow.add_attachment(s, contract_id, name, content), AREAS)


def attachment_bytes(ctx: ViewContext, row: AttachmentRow) -> tuple[str, bytes]:
    return ctx.read(lambda s: queries.attachment_content(s, row.id))


def open_attachment(parent: QWidget | None, ctx: ViewContext, row: AttachmentRow) -> Path | None:
    """Write the PDF to a temporary file and open it with the PDF reader of the computer."""
    name, content = attachment_bytes(ctx, row)
    folder = Path(tempfile.mkdtemp(prefix="centre-pj-"))
    path = folder / name
    path.write_bytes(content)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        QMessageBox.information(parent, _("Attachment"), _("No PDF reader opened the file; it is here: {path}").format(
            path=str(path)))  # fmt: skip
    return path


def save_attachment(parent: QWidget | None, ctx: ViewContext, row: AttachmentRow) -> Path | None:
    name, content = attachment_bytes(ctx, row)
    path, _filter = QFileDialog.getSaveFileName(parent, _("Save a copy"), name, _("PDF documents (*.pdf)"))
    if not path:
        return None
    try:
        Path(path).write_bytes(content)
    except OSError as err:
        QMessageBox.warning(parent, _("Save a copy"), _("The file cannot be written: {error}").format(
            error=err.strerror or str(err)))  # fmt: skip
        return None
    return Path(path)


def remove_attachment(parent: QWidget | None, ctx: ViewContext, row: AttachmentRow) -> bool:
    answer = QMessageBox.question(parent, _("Remove the attachment"), _("Remove « {title} » from the draft?").format(
        title=row.title))  # fmt: skip
    if answer != QMessageBox.StandardButton.Yes:
        return False
    return run_op(parent, ctx, lambda s: follow.remove_attachment(s, row.id) or True, AREAS) is not None
