"""In-app preview of a printed document (PDF bytes): scroll, zoom, print on the system printer, save as PDF.

    PdfPreviewDialog.preview(self, pdf_bytes, _("Party sheet"), "fiche-T00012.pdf")

The bytes are shown as they are (QPdfView over a QBuffer kept alive by the dialog); « Save as PDF »
writes exactly those bytes, and printing renders each page onto the printer at the page's own size.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QRectF, QSize, QSizeF, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from centre_app.views.i18n import _

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 5.0
# Pages are rasterised for the printer: 300 dpi is sharp on office printers and keeps an A4 page
# near 35 MB of memory (600 dpi would need 140 MB per page on a 4 GB PC).
MAX_PRINT_DPI = 300
NARROW_PAGE_POINTS = 300  # thermal-roll receipts (80 mm = 227 pt) open at a fixed zoom


class PdfPreviewDialog(QDialog):
    def __init__(self, pdf_bytes: bytes, title: str, filename: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf_bytes = bytes(pdf_bytes)
        self.filename = filename if filename.lower().endswith(".pdf") else f"{filename}.pdf"
        self.setWindowTitle(title)
        # QPdfDocument reads from the device lazily: the array and the buffer must outlive it.
        self._data = QByteArray(self.pdf_bytes)
        self._buffer = QBuffer(self)
        self._buffer.setData(self._data)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setPageSpacing(12)
        if 0 < self.document.pagePointSize(0).width() < NARROW_PAGE_POINTS:
            self.set_zoom(1.5)  # an 80 mm receipt at « page width » would be four times too big
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setStyleSheet("QPdfView { background: #6b6b6b; }")

        self.zoom_out_button = self._button(_("Zoom out"), self.zoom_out, "Ctrl+-")
        self.zoom_in_button = self._button(_("Zoom in"), self.zoom_in, "Ctrl++")
        self.fit_button = self._button(_("Page width"), self.fit_width, "Ctrl+0")
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoom")
        self.zoom_label.setMinimumWidth(60)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("pages")
        self.print_button = self._button(_("Print…"), self.print_document, "Ctrl+P")
        self.save_button = self._button(_("Save as PDF…"), self.save_as, "Ctrl+S")
        self.close_button = self._button(_("Close"), self.reject, _("Esc"))
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.save_button):
            button.setAutoDefault(False)
        self.print_button.setDefault(True)

        bar = QHBoxLayout()
        for widget in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.zoom_label, self.page_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.print_button, self.save_button, self.close_button):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        for keys, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            ("Ctrl+=", self.zoom_in),  # Ctrl++ needs Shift on many keyboards
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            ("Ctrl+0", self.fit_width),
            (QKeySequence.StandardKey.Print, self.print_document),
            (QKeySequence.StandardKey.Save, self.save_as),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)
        self.view.zoomFactorChanged.connect(lambda _z: self._show_zoom())
        self.view.zoomModeChanged.connect(lambda _m: self._show_zoom())
        self.view.viewport().installEventFilter(self)
        self._show_page(0)
        self._show_zoom()
        if self.page_count == 0:
            self.page_label.setText(_("This document cannot be displayed."))
            self.print_button.setEnabled(False)
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(980, screen.width() - 40), max(480, screen.height() - 60))
        self.view.setFocus()

    def _button(self, text: str, slot: object, keys: str) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        button.setToolTip(keys)
        return button

    # -- display -----------------------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return self.document.pageCount() if self.document.status() == QPdfDocument.Status.Ready else 0

    def _show_page(self, page: int) -> None:
        if self.page_count:
            self.page_label.setText(_("Page {page} of {count}").format(page=page + 1, count=self.page_count))

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{round(self.effective_zoom() * 100)} %")

    def effective_zoom(self) -> float:
        """The zoom really shown: in « page width » mode QPdfView computes it from the viewport, as here."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or not self.page_count:
            return self.view.zoomFactor()
        margins = self.view.documentMargins()
        screen = QGuiApplication.primaryScreen()
        page_width = self.document.pagePointSize(0).width() * screen.logicalDotsPerInch() / 72.0
        available = self.view.viewport().width() - margins.left() - margins.right()
        return max(MIN_ZOOM, available / page_width) if page_width > 0 else 1.0

    def set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(MAX_ZOOM, max(MIN_ZOOM, factor)))

    def zoom_in(self) -> None:
        self.set_zoom(self.effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.effective_zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._show_zoom()  # « page width » changes with the window
        return super().eventFilter(watched, event)

    # -- save ----------------------------------------------------------------------------------------
    def save_as(self) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = str(Path(folder) / self.filename) if folder else self.filename
        path, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF"), start, _("PDF document (*.pdf)"))
        if not path:
            return None
        target = Path(path) if path.lower().endswith(".pdf") else Path(f"{path}.pdf")
        try:
            target.write_bytes(self.pdf_bytes)
        except OSError as error:
            QMessageBox.warning(
                self,
                _("Save as PDF"),
                _("The file {path} could not be written: {reason}").format(path=target, reason=error.strerror or error),
            )
            return None
        return target

    # -- print ---------------------------------------------------------------------------------------
    def print_document(self) -> bool:
        """Ask the system print dialog, then print. False when cancelled or impossible."""
        if not self.page_count:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        _set_page(printer, self.document.pagePointSize(0))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        dialog.setMinMax(1, self.page_count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Render the chosen pages onto ``printer`` (each page at its own paper size, 100 %)."""
        first, last = 0, self.page_count - 1
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first = printer.fromPage() - 1
            last = min(last, max(first, printer.toPage() - 1))
        printer.setFullPage(True)  # the PDF page already has its margins
        _set_page(printer, self.document.pagePointSize(first))
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, _("Print"), _("The printer could not be started. Check that it is on."))
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for page in range(first, last + 1):
                if page > first:
                    _set_page(printer, self.document.pagePointSize(page))
                    if not printer.newPage():
                        return False
                if printer.printerState() == QPrinter.PrinterState.Aborted:
                    return False
                self._render_page(painter, printer, page)
        finally:
            painter.end()
            QGuiApplication.restoreOverrideCursor()
        return printer.printerState() != QPrinter.PrinterState.Error

    def _render_page(self, painter: QPainter, printer: QPrinter, page: int) -> None:
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        points = self.document.pagePointSize(page)
        resolution = printer.resolution()
        width, height = points.width() * resolution / 72, points.height() * resolution / 72
        # 100 % when the paper is big enough; shrunk (proportions kept) when the printer's paper is smaller.
        scale = min(1.0, paper.width() / width, paper.height() / height)
        dpi = min(resolution, MAX_PRINT_DPI)
        image = self.document.render(page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)))
        painter.drawImage(QRectF(paper.left(), paper.top(), width * scale, height * scale), image)

    # -- entry point ---------------------------------------------------------------------------------
    @classmethod
    def preview(cls, parent: QWidget | None, pdf_bytes: bytes, title: str, filename: str) -> None:
        cls(pdf_bytes, title, filename, parent).exec()


def _set_page(printer: QPrinter, points: QSizeF) -> None:
    """Match the printer's paper to the PDF page (A4, A5, 80 mm roll…), portrait or landscape."""
    if points.isEmpty():
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        return
    landscape = points.width() > points.height()
    portrait = QSizeF(min(points.width(), points.height()), max(points.width(), points.height()))
    printer.setPageSize(QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
