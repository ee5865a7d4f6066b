"""Page geometry, colours and paragraph styles shared by every document, and the one way to put text in a flowable.

:func:`para` is how plain text enters a document: it goes through
:func:`centre_app.domain.formatting.pdf_safe` and is never read as markup.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph

from centre_app.domain.formatting import NBSP, NNBSP, pdf_safe
from centre_app.printing.fonts import FONT, FONT_BOLD, register_fonts

__all__ = [
    "ALIGNMENTS",
    "BODY",
    "CELL",
    "CELL_HEAD",
    "CONTENT_WIDTH",
    "FOOTER_HEIGHT",
    "GREY",
    "HEADER_FILL",
    "HEADING",
    "INK",
    "LABEL",
    "MARGIN",
    "RULE",
    "SMALL",
    "SUBTITLE",
    "TITLE",
    "VALUE",
    "ZEBRA_FILL",
    "para",
    "safe_text",
    "section_heading",
]

MARGIN = 17 * mm
FOOTER_HEIGHT = 14 * mm
CONTENT_WIDTH = A4[0] - 2 * MARGIN

INK = colors.HexColor("#1F2937")
GREY = colors.HexColor("#6B7280")
RULE = colors.HexColor("#9CA3AF")
HEADER_FILL = colors.HexColor("#E5E7EB")
ZEBRA_FILL = colors.HexColor("#F5F6F8")

BODY = ParagraphStyle("Body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK)
SMALL = ParagraphStyle("Small", parent=BODY, fontSize=8, leading=10)
LABEL = ParagraphStyle("Label", parent=BODY, fontSize=8.5, leading=11, textColor=GREY)
VALUE = ParagraphStyle("Value", parent=BODY, fontSize=9.5, leading=12)
CELL = ParagraphStyle("Cell", parent=BODY, fontSize=9, leading=10.5)
CELL_HEAD = ParagraphStyle("CellHead", parent=CELL, fontName=FONT_BOLD)
TITLE = ParagraphStyle(
    "Title", parent=BODY, fontName=FONT_BOLD, fontSize=15, leading=19, alignment=TA_CENTER, spaceAfter=1 * mm
)
SUBTITLE = ParagraphStyle("Subtitle", parent=BODY, fontSize=9.5, leading=12, alignment=TA_CENTER, textColor=GREY)
HEADING = ParagraphStyle(
    "Heading", parent=BODY, fontName=FONT_BOLD, fontSize=10.5, leading=13, spaceBefore=4 * mm, spaceAfter=1.5 * mm
)
ALIGNMENTS = {"L": TA_LEFT, "C": TA_CENTER, "R": TA_RIGHT}


def safe_text(text: object) -> str:
    """Any value as text for a PDF (``None`` → empty), through pdf_safe."""
    return pdf_safe("" if text is None else str(text))


def _markup(text: object) -> str:
    """pdf_safe text as Paragraph markup: XML escaped, line breaks kept.

    reportlab's Paragraph counts U+202F as a breaking space and prints it as a plain space; U+00A0
    (which it keeps and never breaks on) stands in for it, so « 250 000 F CFA » stays on one line.
    """
    return escape(safe_text(text)).replace("\n", "<br/>").replace(NNBSP, NBSP)


class _Text(Flowable):
    """Plain text that is drawn as one string when it fits on one line, else as a wrapping Paragraph.

    Drawn as one string, babel's narrow no-break spaces stay what they are; a Paragraph would
    turn them into ordinary spaces (see :func:`_markup`).
    """

    def __init__(self, text: str, style: ParagraphStyle, bold: bool) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.font = FONT_BOLD if bold else style.fontName
        markup = _markup(text)
        self.paragraph = Paragraph(f"<b>{markup}</b>" if bold else markup, style)
        self.single = False

    def _fits(self, avail_width: float) -> bool:
        if "\n" in self.text:
            return False
        return pdfmetrics.stringWidth(self.text, self.font, self.style.fontSize) <= avail_width

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.single = self._fits(aW)
        if not self.single:
            self.width, self.height = self.paragraph.wrap(aW, aH)
            return self.width, self.height
        self.width = aW
        self.height = self.style.leading
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if self._fits(aW):
            return []
        return self.paragraph.split(aW, aH)

    def getSpaceBefore(self) -> float:
        return self.paragraph.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.paragraph.getSpaceAfter()

    def draw(self) -> None:
        if not self.single:
            self.paragraph.drawOn(self.canv, 0, 0)
            return
        canvas = self.canv
        canvas.setFont(self.font, self.style.fontSize)
        canvas.setFillColor(self.style.textColor)
        baseline = self.height - self.style.fontSize  # where Paragraph puts its first line
        if self.style.alignment == TA_RIGHT:
            canvas.drawRightString(self.width, baseline, self.text)
        elif self.style.alignment == TA_CENTER:
            canvas.drawCentredString(self.width / 2, baseline, self.text)
        else:
            canvas.drawString(0, baseline, self.text)


def para(text: object, style: ParagraphStyle = BODY, *, bold: bool = False) -> Flowable:
    """A paragraph of plain text (not markup): made safe; ``\\n`` becomes a line break.

    Text that fits on one line is drawn as is (U+202F kept); longer text wraps like a Paragraph.
    """
    register_fonts()
    return _Text(safe_text(text), style, bold)


def section_heading(text: str) -> Flowable:
    """A bold section title with a little space above."""
    return para(text, HEADING)
