"""Document frame: the centre's letterhead on every page, footer « Page N / M », and :func:`render` to PDF bytes.

A document module builds a list of platypus flowables with the helpers re-exported here (styles,
:func:`para`, tables, signature boxes) and hands it to :func:`render`, which lays it out with the
centre's letterhead on every page and a footer « Fiche tiers n° … · Imprimé le … · Page N / M ».
Every string drawn goes through :func:`centre_app.domain.formatting.pdf_safe`. The PDF is built in
reportlab's ``invariant`` mode with the print date as creation date: same input, same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from centre_app.domain.formatting import DEFAULT_LOCALE, NBSP, format_date_long, format_datetime
from centre_app.domain.money import DEFAULT_CURRENCY
from centre_app.printing.fonts import FONT, FONT_BOLD, FONT_OBLIQUE, register_fonts
from centre_app.printing.styles import (
    BODY,
    CONTENT_WIDTH,
    FOOTER_HEIGHT,
    GREY,
    HEADING,
    INK,
    MARGIN,
    RULE,
    SMALL,
    SUBTITLE,
    TITLE,
    para,
    safe_text,
    section_heading,
)
from centre_app.printing.tables import SignatureSlot, data_table, key_value_table, signature_block

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
    "made_at",
    "para",
    "register_fonts",
    "render",
    "section_heading",
    "signature_block",
]


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
        return [safe_text(line) for line in lines if line]

    def title_line(self) -> str:
        name = self.name.strip()
        acronym = self.acronym.strip()
        return safe_text(f"{name} ({acronym})" if acronym and acronym != name else name)


def made_at(letterhead: Letterhead, moment: datetime) -> str:
    """« Fait à Djibo, le 22 novembre 2026 » (« Fait le … » when the town is not set)."""
    town = letterhead.town.strip()
    day = format_date_long(moment, letterhead.locale)
    return f"Fait à {town}, le{NBSP}{day}" if town else f"Fait le{NBSP}{day}"


_LOGO_BOX = 22 * mm
_NAME_SIZE = 12.0
_LINE_SIZE = 8.0
_LINE_LEADING = 10.0
_HEADER_TOP = 10 * mm  # from the top edge of the page to the top of the letterhead


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
        running = safe_text(f"{page.doc_title} n°{NBSP}{page.doc_number}" if page.doc_number else page.doc_title)
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
    left = safe_text(f"{page.doc_title} n°{NBSP}{page.doc_number}" if page.doc_number else page.doc_title)
    canvas.drawString(MARGIN, y, left)
    if page.printed:
        left_end = MARGIN + canvas.stringWidth(left, FONT, 7.5)
        half = canvas.stringWidth(page.printed, FONT, 7.5) / 2
        if left_end + 4 * mm < page.width / 2 - half:
            canvas.drawCentredString(page.width / 2, y, page.printed)
        else:  # a long title (A5, 80 mm, « BON DE PAIEMENT VENDEUR N° … »): the print date goes below it
            canvas.drawString(MARGIN, y - 3.2 * mm, page.printed)


def _draw_page_number(canvas: Canvas, page: _Page, number: int, total: int) -> None:
    canvas.setFillColor(GREY)
    canvas.setFont(FONT, 7.5)
    canvas.drawRightString(page.width - MARGIN, FOOTER_HEIGHT - 4 * mm, safe_text(f"Page {number} / {total}"))


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
        printed = safe_text(f"Imprimé le {format_datetime(printed_at, letterhead.locale)}")
    page = _Page(
        letterhead=letterhead,
        doc_title=safe_text(doc_title),
        doc_number=safe_text(doc_number),
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
