"""The PDF preview: the document loads from bytes, zoom, save writes the same bytes, print renders every page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4, A5
from reportlab.pdfgen import canvas

from centre_app.services import parties, printouts
from centre_app.services.parties import PartyInput
from centre_app.services.workspace import Workspace
from centre_app.views import pdf_preview
from centre_app.views.pdf_preview import PdfPreviewDialog


def _sample_pdf(pages: int = 3) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    for n in range(1, pages + 1):
        if n == pages:
            pdf.setPageSize(A5)  # a receipt-sized last page: printed at its own size
        pdf.drawString(72, 500, f"Page {n} : reçu de Mme SIDIBÉ")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.fixture
def dialog(qtbot: QtBot) -> PdfPreviewDialog:
    dlg = PdfPreviewDialog(_sample_pdf(), "Fiche de test", "fiche-test", None)
    qtbot.addWidget(dlg)
    return dlg


def test_the_document_loads_from_plain_bytes(dialog: PdfPreviewDialog) -> None:
    assert dialog.page_count == 3
    assert dialog.windowTitle() == "Fiche de test"
    assert dialog.view.pageMode() == QPdfView.PageMode.MultiPage
    assert dialog.page_label.text() == "Page 1 sur 3"
    assert dialog.print_button.isEnabled()


def test_a_printout_of_the_application_loads(qtbot: QtBot, workspace: Workspace) -> None:
    party = workspace.run(lambda s: parties.create_party(s, PartyInput(name="SIDIBÉ Fatimata", village="Lörgo")))
    data = workspace.read(lambda s: printouts.party_sheet_pdf(s, party.id))
    dlg = PdfPreviewDialog(data, "Fiche tiers", "fiche.pdf")
    qtbot.addWidget(dlg)
    assert dlg.page_count >= 1
    assert dlg.filename == "fiche.pdf"


def test_a_thermal_receipt_opens_at_a_readable_zoom(qtbot: QtBot) -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(227, 600), invariant=1)
    pdf.drawString(10, 580, "REÇU N° REC-2026-000123")
    pdf.save()
    dlg = PdfPreviewDialog(out.getvalue(), "Reçu", "recu.pdf")
    qtbot.addWidget(dlg)
    assert dlg.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert dlg.zoom_label.text() == "150 %"


def test_damaged_bytes_are_refused_calmly(qtbot: QtBot) -> None:
    dlg = PdfPreviewDialog(b"not a pdf", "Cassé", "casse.pdf")
    qtbot.addWidget(dlg)
    assert dlg.page_count == 0
    assert not dlg.print_button.isEnabled()
    assert dlg.print_document() is False


def test_save_writes_the_exact_bytes(dialog: PdfPreviewDialog, monkeypatch, tmp_path: Path) -> None:
    asked: list[str] = []

    def fake_save(parent, caption, start, filters):
        asked.append(start)
        return str(tmp_path / "copie"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    saved = dialog.save_as()
    assert saved == tmp_path / "copie.pdf"
    assert saved.read_bytes() == dialog.pdf_bytes
    assert asked[0].endswith("fiche-test.pdf")


def test_save_cancelled_writes_nothing(dialog: PdfPreviewDialog, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    assert dialog.save_as() is None


def test_zoom_buttons_and_keys(qtbot: QtBot, dialog: PdfPreviewDialog) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    fit = dialog.effective_zoom()
    qtbot.mouseClick(dialog.zoom_in_button, Qt.MouseButton.LeftButton)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert dialog.view.zoomFactor() == pytest.approx(fit * 1.25)
    assert dialog.zoom_label.text() == f"{round(fit * 125)} %"
    qtbot.mouseClick(dialog.zoom_out_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.zoom_out_button, Qt.MouseButton.LeftButton)
    assert dialog.view.zoomFactor() == pytest.approx(fit / 1.25)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert dialog.view.zoomFactor() == pytest.approx(fit)
    qtbot.keyClick(dialog, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    for _ in range(20):
        dialog.zoom_out()
    assert dialog.view.zoomFactor() == pytest.approx(pdf_preview.MIN_ZOOM)


def test_escape_closes(qtbot: QtBot, dialog: PdfPreviewDialog) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()


class _FakePrintDialog:
    """Stands for the system dialog: the user picks « print to file » and confirms (or cancels)."""

    accept = True
    output: Path | None = None

    def __init__(self, printer: QPrinter, parent=None) -> None:
        self.printer = printer

    def setWindowTitle(self, title: str) -> None:
        pass

    def setMinMax(self, low: int, high: int) -> None:
        self.range = (low, high)

    def setOption(self, option, on: bool) -> None:
        pass

    def exec(self) -> QDialog.DialogCode:
        if not self.accept:
            return QDialog.DialogCode.Rejected
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(self.output))
        return QDialog.DialogCode.Accepted


def test_print_renders_every_page_at_its_size(dialog: PdfPreviewDialog, monkeypatch, tmp_path: Path) -> None:
    _FakePrintDialog.accept, _FakePrintDialog.output = True, tmp_path / "imprime.pdf"
    monkeypatch.setattr(pdf_preview, "QPrintDialog", _FakePrintDialog)
    assert dialog.print_document() is True
    printed = tmp_path / "imprime.pdf"
    assert printed.stat().st_size > 1000
    pages = PdfReader(printed).pages
    assert len(pages) == 3
    assert [round(float(p.mediabox.width)) for p in pages] == [595, 595, 420]  # A4, A4, A5


def test_print_cancelled_prints_nothing(dialog: PdfPreviewDialog, monkeypatch, tmp_path: Path) -> None:
    _FakePrintDialog.accept, _FakePrintDialog.output = False, tmp_path / "rien.pdf"
    monkeypatch.setattr(pdf_preview, "QPrintDialog", _FakePrintDialog)
    assert dialog.print_document() is False
    assert not (tmp_path / "rien.pdf").exists()


def test_print_a_page_range(dialog: PdfPreviewDialog, tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "page2.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert dialog.print_to(printer) is True
    assert len(PdfReader(tmp_path / "page2.pdf").pages) == 1


def test_preview_entry_point_runs_the_dialog(monkeypatch) -> None:
    shown: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: shown.append(self) or 0)
    PdfPreviewDialog.preview(None, _sample_pdf(1), "Reçu", "recu.pdf")
    assert shown[0].page_count == 1
    shown[0].deleteLater()
