"""Common ground of every printed document: embedded fonts, styles, letterhead, footer and table helpers.

A document module builds a list of platypus flowables with the helpers here and hands it to
:func:`render`, which lays it out on A4 with the centre's letterhead on every page and a footer
« N° … · Imprimé le … · Page N / M ». Every string drawn goes through
:func:`centre_app.domain.formatting.pdf_safe`. The PDF is built with reportlab's ``invariant`` mode
and the creation date is the print date, so the same input always gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from centre_app.domain.formatting import DEFAULT_LOCALE, NBSP, NNBSP, format_datetime, pdf_safe
from centre_app.domain.money import DEFAULT_CURRENCY
from centre_app.resources import resource

__all__ = [
    "BODY",
    "CONTENT_WIDTH",
    "FONT",
    "FONT_BOLD",
    "FONT_OBLIQUE",
    "HEADING",
    "SMALL",
    "TITLE",
    "Letterhead",
    "SignatureSlot",
    "data_table",
    "key_value_table",
    "para",
    "register_fonts",
    "render",
    "section_heading",
    "signature_block",
]

# --- fonts ---------------------------------------------------------------------------------------

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_OBLIQUE = "DejaVuSans-Oblique"
FONT_FILES: dict[str, str] = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_OBLIQUE: "DejaVuSans-Oblique.ttf",
}


def register_fonts() -> None:
    """Register the embedded DejaVu Sans faces with reportlab (once; later calls do nothing).

    The base-14 PDF fonts have no U+202F (babel's French thousands separator) and no « œ »
    in every viewer: an embedded TrueType font is the only way to get every glyph everywhere.
    """
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
    # <b>/<i> inside a Paragraph look the faces up through the family; no bold oblique is shipped.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_OBLIQUE, boldItalic=FONT_BOLD)


# --- page geometry and styles ----------------------------------------------------------------------

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
CELL = ParagraphStyle("Cell", parent=BODY, fontSize=9, leading=11)
CELL_HEAD = ParagraphStyle("CellHead", parent=CELL, fontName=FONT_BOLD)
TITLE = ParagraphStyle(
    "Title", parent=BODY, fontName=FONT_BOLD, fontSize=15, leading=19, alignment=TA_CENTER, spaceAfter=1 * mm
)
SUBTITLE = ParagraphStyle("Subtitle", parent=BODY, fontSize=9.5, leading=12, alignment=TA_CENTER, textColor=GREY)
HEADING = ParagraphStyle(
    "Heading", parent=BODY, fontName=FONT_BOLD, fontSize=10.5, leading=13, spaceBefore=4 * mm, spaceAfter=1.5 * mm
)
_ALIGNMENTS = {"L": TA_LEFT, "C": TA_CENTER, "R": TA_RIGHT}


def _text(text: object) -> str:
    return pdf_safe("" if text is None else str(text))


def _markup(text: object) -> str:
    """pdf_safe text as Paragraph markup: XML escaped, line breaks kept.

    reportlab's Paragraph counts U+202F as a breaking space and prints it as a plain space; U+00A0
    (which it keeps and never breaks on) stands in for it, so « 250 000 F CFA » stays on one line.
    """
    return escape(_text(text)).replace("\n", "<br/>").replace(NNBSP, NBSP)


def para(text: object, style: ParagraphStyle = BODY, *, bold: bool = False) -> Paragraph:
    """A paragraph of plain text (not markup): made safe, escaped; ``\\n`` becomes a line break."""
    register_fonts()
    markup = _markup(text)
    return Paragraph(f"<b>{markup}</b>" if bold else markup, style)


def section_heading(text: str) -> Paragraph:
    """A bold section title with a little space above."""
    return para(text, HEADING)


# --- the letterhead ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Letterhead:
    """The centre's identity as printed at the top of every page (filled by the caller from the settings)."""

    name: str
    acronym: str = ""
    legal_form: str = ""
    registration: str = ""
    address: str = ""
    po_box: str = ""
    phone: str = ""
    email: str = ""
    tax_id: str = ""  # IFU
    rccm: str = ""
    town: str = ""
    logo_png: bytes | None = None
    locale: str = DEFAULT_LOCALE
    currency: str = DEFAULT_CURRENCY

    def identity_lines(self) -> list[str]:
        """The small lines under the centre's name; empty parts and empty lines are left out."""
        po_box = self.po_box.strip()
        if po_box and not po_box.upper().replace(".", "").startswith("BP"):
            po_box = f"BP{NBSP}{po_box}"

        def join(*parts: str) -> str:
            return " – ".join(p.strip() for p in parts if p and p.strip())

        lines = [
            join(self.legal_form, self.registration),
            join(self.address, po_box, self.town),
            join(
                f"Tél.{NBSP}: {self.phone.strip()}" if self.phone.strip() else "",
                f"Courriel{NBSP}: {self.email.strip()}" if self.email.strip() else "",
            ),
            join(
                f"IFU{NBSP}: {self.tax_id.strip()}" if self.tax_id.strip() else "",
                f"RCCM{NBSP}: {self.rccm.strip()}" if self.rccm.strip() else "",
            ),
        ]
        return [_text(line) for line in lines if line]

    def title_line(self) -> str:
        name = self.name.strip()
        acronym = self.acronym.strip()
        return _text(f"{name} ({acronym})" if acronym and acronym != name else name)


_LOGO_BOX = 22 * mm
_NAME_SIZE = 12.0
_LINE_SIZE = 8.0
_LINE_LEADING = 10.0
_HEADER_TOP = 12 * mm  # from the top edge of the page to the top of the letterhead


def _fit(text: str, font: str, size: float, width: float, smallest: float) -> float:
    """The largest font size not above ``size`` (nor below ``smallest``) at which ``text`` fits in ``width``."""
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.25
    return size


@dataclass(frozen=True)
class _Page:
    """What the page decoration needs, worked out once per document."""

    letterhead: Letterhead
    doc_title: str
    doc_number: str
    printed: str
    width: float
    height: float
    header_height: float  # from the top edge to the rule under the letterhead
    logo: ImageReader | None


def _header_height(letterhead: Letterhead, has_logo: bool) -> float:
    text_height = _NAME_SIZE * 1.3 + len(letterhead.identity_lines()) * _LINE_LEADING
    return _HEADER_TOP + max(text_height, _LOGO_BOX if has_logo else 0) + 3 * mm


def _logo(png: bytes | None) -> ImageReader | None:
    if not png:
        return None
    try:
        reader = ImageReader(io.BytesIO(png))
        reader.getSize()
    except Exception:  # a broken logo must never stop a printout
        return None
    return reader


def _draw_letterhead(canvas: Canvas, page: _Page, page_number: int) -> None:
    lh = page.letterhead
    top = page.height - _HEADER_TOP
    x = MARGIN
    right = page.width - MARGIN
    if page.logo is not None:
        canvas.drawImage(
            page.logo, x, top - _LOGO_BOX, _LOGO_BOX, _LOGO_BOX, preserveAspectRatio=True, anchor="nw", mask="auto"
        )
        x += _LOGO_BOX + 4 * mm
    # On pages after the first, the right-hand side recalls which document the sheet belongs to.
    running = ""
    if page_number > 1:
        running = _text(f"{page.doc_title} n°{NBSP}{page.doc_number}" if page.doc_number else page.doc_title)
    running_width = pdfmetrics.stringWidth(running, FONT, _LINE_SIZE) + 6 * mm if running else 0
    width = right - x - running_width
    name = lh.title_line()
    size = _fit(name, FONT_BOLD, _NAME_SIZE, width, 8.5)
    canvas.setFillColor(INK)
    canvas.setFont(FONT_BOLD, size)
    y = top - _NAME_SIZE
    canvas.drawString(x, y, name)
    canvas.setFillColor(GREY)
    y -= _NAME_SIZE * 0.3
    for line in lh.identity_lines():
        y -= _LINE_LEADING
        canvas.setFont(FONT, _fit(line, FONT, _LINE_SIZE, width, 6.0))
        canvas.drawString(x, y, line)
    if running:
        canvas.setFont(FONT, _LINE_SIZE)
        canvas.drawRightString(right, top - _NAME_SIZE, running)
    rule_y = page.height - page.header_height
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, rule_y, right, rule_y)


def _draw_footer(canvas: Canvas, page: _Page) -> None:
    y = FOOTER_HEIGHT - 4 * mm
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN, FOOTER_HEIGHT, page.width - MARGIN, FOOTER_HEIGHT)
    canvas.setFillColor(GREY)
    canvas.setFont(FONT, 7.5)
    left = _text(f"{page.doc_title} n°{NBSP}{page.doc_number}" if page.doc_number else page.doc_title)
    canvas.drawString(MARGIN, y, left)
    if page.printed:
        canvas.drawCentredString(page.width / 2, y, page.printed)


def _draw_page_number(canvas: Canvas, page: _Page, number: int, total: int) -> None:
    canvas.setFillColor(GREY)
    canvas.setFont(FONT, 7.5)
    canvas.drawRightString(page.width - MARGIN, FOOTER_HEIGHT - 4 * mm, _text(f"Page {number} / {total}"))


def _numbered_canvas(page: _Page, creation_date: str | None) -> type[Canvas]:
    """A canvas class that holds the pages back until the end, to write « Page N / M » on each."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []
            if creation_date is not None:
                self.setDateFormatter(lambda *_ymdhms: creation_date)

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                _draw_page_number(self, page, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def _pdf_date(moment: datetime) -> str:
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{mins:02d}'"


def render(
    doc_title: str,
    doc_number: str,
    letterhead: Letterhead,
    story: list[Flowable],
    *,
    pagesize: tuple[float, float] = A4,
    printed_at: datetime | None = None,
    subtitle: str = "",
) -> bytes:
    """Lay ``story`` out under the title, with letterhead and footer on every page; return the PDF bytes.

    ``printed_at`` is shown in the footer (« Imprimé le 22/11/2026 14:05 ») and is the PDF's
    creation date; without it the footer has no date and the creation date is reportlab's fixed
    invariant one. ``subtitle`` is a grey line under the title (the document number by default).
    """
    register_fonts()
    width, height = pagesize
    logo = _logo(letterhead.logo_png)
    printed = ""
    if printed_at is not None:
        printed = _text(f"Imprimé le {format_datetime(printed_at, letterhead.locale)}")
    page = _Page(
        letterhead=letterhead,
        doc_title=_text(doc_title),
        doc_number=_text(doc_number),
        printed=printed,
        width=width,
        height=height,
        header_height=_header_height(letterhead, logo is not None),
        logo=logo,
    )
    top_margin = page.header_height + 6 * mm
    bottom_margin = FOOTER_HEIGHT + 5 * mm
    frame = Frame(MARGIN, bottom_margin, width - 2 * MARGIN, height - top_margin - bottom_margin, 0, 0, 0, 0, id="body")

    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        _draw_letterhead(canvas, page, doc.page)
        _draw_footer(canvas, page)
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=top_margin,
        bottomMargin=bottom_margin,
        title=page.doc_title if not page.doc_number else f"{page.doc_title} {page.doc_number}",
        author=letterhead.title_line(),
        creator="centre_app",
        producer="centre_app (reportlab)",
        subject=page.doc_title,
        invariant=1,
        lang="fr-FR",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate, pagesize=pagesize)])
    head: list[Flowable] = [para(doc_title, TITLE)]
    sub = subtitle or (f"N°{NBSP}{doc_number}" if doc_number else "")
    if sub:
        head.append(para(sub, SUBTITLE))
    head.append(Spacer(1, 4 * mm))
    creation = _pdf_date(printed_at) if printed_at is not None else None
    doc.build(head + list(story), canvasmaker=_numbered_canvas(page, creation))
    return buffer.getvalue()


# --- tables ------------------------------------------------------------------------------------------


def key_value_table(
    rows: Sequence[tuple[str, object]],
    *,
    columns: int = 1,
    width: float = CONTENT_WIDTH,
    label_width: float = 42 * mm,
) -> Table:
    """Label / value pairs, labels in grey; ``columns=2`` puts two pairs side by side.

    Values are plain text (``\\n`` kept as a line break); an empty value prints « — ».
    """
    register_fonts()
    cells = [(para(label, LABEL), para(value if str(value or "").strip() else "—", VALUE)) for label, value in rows]
    gap = 6 * mm
    pair_width = (width - gap * (columns - 1)) / columns
    value_width = pair_width - label_width
    data: list[list[Any]] = []
    for start in range(0, len(cells), columns):
        line: list[Any] = []
        for index in range(columns):
            if index:
                line.append("")
            label, value = cells[start + index] if start + index < len(cells) else ("", "")
            line.extend([label, value])
        data.append(line)
    col_widths: list[float] = []
    for index in range(columns):
        if index:
            col_widths.append(gap)
        col_widths.extend([label_width, value_width])
    table = Table(data, colWidths=col_widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, HEADER_FILL),
            ]
        )
    )
    return table


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    col_widths: Sequence[float],
    *,
    align: str | None = None,
) -> Table:
    """A list with a bold header row repeated on every page, zebra rows and thin grey lines.

    ``align`` has one letter per column, ``L``, ``C`` or ``R``; left by default. ``R`` columns are
    for amounts and numbers: their cells are drawn as single-line strings, which keeps babel's
    narrow no-break spaces (U+202F) exactly as formatted; the other cells wrap.
    """
    register_fonts()
    letters = (align or "L" * len(header)).upper()
    if len(letters) != len(header) or len(col_widths) != len(header):
        raise ValueError("header, col_widths and align must have one entry per column")
    head_styles = [ParagraphStyle(f"Head{a}", parent=CELL_HEAD, alignment=_ALIGNMENTS[a]) for a in letters]
    cell_styles = [ParagraphStyle(f"Cell{a}", parent=CELL, alignment=_ALIGNMENTS[a]) for a in letters]
    data: list[list[Any]] = [[para(h, s) for h, s in zip(header, head_styles, strict=True)]]
    for row in rows:
        if len(row) != len(header):
            raise ValueError("every row must have one value per column")
        data.append(
            [
                _text(value).replace("\n", " ") if a == "R" else para(value, s)
                for value, s, a in zip(row, cell_styles, letters, strict=True)
            ]
        )
    table = Table(data, colWidths=list(col_widths), repeatRows=1, hAlign="LEFT")
    number_columns: list[tuple[Any, ...]] = []
    for index, letter in enumerate(letters):
        if letter == "R":
            number_columns += [
                ("FONTNAME", (index, 1), (index, -1), FONT),
                ("FONTSIZE", (index, 1), (index, -1), CELL.fontSize),
                ("TEXTCOLOR", (index, 1), (index, -1), INK),
                ("ALIGN", (index, 1), (index, -1), "RIGHT"),
            ]
    table.setStyle(
        TableStyle(
            [
                *number_columns,
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA_FILL]),
                ("GRID", (0, 0), (-1, -1), 0.35, RULE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


@dataclass(frozen=True)
class SignatureSlot:
    """One box of a signature block: a label above, an optional caption (a name) below."""

    label: str
    caption: str = ""
    thumbprint: bool = False  # a small square box for a thumbprint instead of a wide signature box


def signature_block(
    slots: Sequence[SignatureSlot],
    *,
    width: float = CONTENT_WIDTH,
    box_height: float = 30 * mm,
    before: str = "",
) -> Flowable:
    """Boxes side by side for signatures and thumbprints (« Empreinte digitale »), kept on one page.

    ``before`` is a line printed just above the boxes (« Fait à Djibo, le 22 novembre 2026 »).
    """
    register_fonts()
    if not slots:
        raise ValueError("a signature block needs at least one slot")
    gap = 5 * mm
    thumb_width = 32 * mm
    n_thumbs = sum(1 for s in slots if s.thumbprint)
    n_wide = len(slots) - n_thumbs
    free = width - gap * (len(slots) - 1) - thumb_width * n_thumbs
    wide_width = free / n_wide if n_wide else 0
    label_style = ParagraphStyle("SigLabel", parent=CELL_HEAD, fontSize=8.5, leading=10.5, alignment=TA_CENTER)
    caption_style = ParagraphStyle("SigCaption", parent=SMALL, alignment=TA_CENTER, textColor=GREY)
    labels: list[Any] = []
    boxes: list[Any] = []
    captions: list[Any] = []
    col_widths: list[float] = []
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("VALIGN", (0, 2), (-1, 2), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for index, slot in enumerate(slots):
        if index:
            for row in (labels, boxes, captions):
                row.append("")
            col_widths.append(gap)
        column = len(col_widths)
        labels.append(para(slot.label, label_style))
        boxes.append("")
        captions.append(para(slot.caption, caption_style) if slot.caption else "")
        col_widths.append(thumb_width if slot.thumbprint else wide_width)
        style.append(("BOX", (column, 1), (column, 1), 0.6, GREY))
    table = Table(
        [labels, boxes, captions],
        colWidths=col_widths,
        rowHeights=[None, box_height, None],
        hAlign="LEFT",
    )
    table.setStyle(TableStyle(style))
    parts: list[Flowable] = [Spacer(1, 6 * mm)]
    if before:
        parts.extend([para(before), Spacer(1, 3 * mm)])
    parts.append(table)
    return KeepTogether(parts)
