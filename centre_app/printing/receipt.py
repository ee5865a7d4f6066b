"""« Reçu », « Bon de décaissement » and « Bon de paiement vendeur »: one payment on paper.

Three papers: A4 and A5 (the centre's letterhead, :func:`~centre_app.printing.base.render`) and an
80 mm thermal roll (one long page as tall as its content, the centre's name and phone centred on
top). Every paper carries the amount in figures and in words (« Arrêté le présent reçu à la somme
de : … »), « DUPLICATA n° k » on a reprint, and a big translucent diagonal « ANNULÉ » stamp on a
cancelled payment (the number is kept: the amounts stay readable under the stamp).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from centre_app.domain.formatting import NBSP, NNBSP, display_symbol, format_date, format_datetime, format_money
from centre_app.domain.words import amount_phrase
from centre_app.printing.base import (
    FONT,
    FONT_BOLD,
    Letterhead,
    SignatureSlot,
    key_value_table,
    para,
    register_fonts,
    render,
    section_heading,
    signature_block,
)
from centre_app.printing.styles import (
    ALIGNMENTS,
    BODY,
    CELL,
    CELL_HEAD,
    GREY,
    HEADER_FILL,
    INK,
    LABEL,
    MARGIN,
    RULE,
    SMALL,
    safe_text,
)

__all__ = ["PAPERS", "ReceiptData", "ReceiptLine", "render_receipt"]

PAPERS = ("A4", "A5", "80mm")

STAMP_RED = colors.HexColor("#C62828")


@dataclass(frozen=True)
class ReceiptLine:
    """One document paid (or partly paid) by this payment; amounts in the currency's minor unit."""

    reference: str  # « CMD-2026-00012 », « CBV-2026-0042 »
    label: str  # « Commande de 12 sacs de tourteau de coton »
    total: int  # document total
    paid_before: int  # paid by earlier valid payments
    paid_now: int  # this payment's share
    remaining: int  # total - before - now


@dataclass(frozen=True)
class ReceiptData:
    """One payment as printed; texts already in French, amounts in minor units of ``currency``."""

    doc_type: str  # « REC » reçu, « DEC » bon de décaissement, « BPV » bon de paiement vendeur
    number: str  # « REC-2026-000123 »
    at: datetime  # aware, UTC (the wall clock is printed as is)
    counterpart_name: str  # party or beneficiary
    counterpart_code: str  # « T-00082 » or ""
    counterpart_phone: str
    amount: int
    currency: str  # « XOF »
    means_label: str  # « Espèces », « Mobile money », « Virement », « Chèque », « Compensation », « En nature »
    operator: str | None  # « Orange Money »
    transaction_id: str | None
    payer_number: str
    fees: int
    in_kind: str  # what was given in kind and its agreed value, "" otherwise
    purpose: str  # the « pour … » text
    lines: tuple[ReceiptLine, ...]  # empty: an advance / credit on account
    document_total: int  # sums over lines (amount / 0 / amount / 0 for an advance)
    paid_before: int
    paid_now: int
    remaining: int
    cashier_name: str
    copy_number: int  # 0 = original; k >= 1 prints « DUPLICATA n° k »
    cancelled: bool  # prints a big diagonal « ANNULÉ » stamp and the cancellation line
    cancellation_number: str | None  # « ANR-2026-000004 »
    cancellation_reason: str
    cancelled_at: datetime | None


@dataclass(frozen=True)
class _Kind:
    """What changes between a receipt and a payment voucher."""

    title: str  # « REÇU »
    noun: str  # « reçu » / « bon », as in « Arrêté le présent … »
    verb: str  # « Reçu de » / « Payé à »
    party: str  # the label of the counterpart
    number_label: str  # the label of the mobile-money number
    no_line: str  # printed instead of the table when no document is paid


_KINDS: dict[str, _Kind] = {
    "REC": _Kind("REÇU", "reçu", "Reçu de", "Client", "N° du payeur", "Avance / crédit au compte du client"),
    "DEC": _Kind(
        "BON DE DÉCAISSEMENT", "bon", "Payé à", "Bénéficiaire", "N° du bénéficiaire", "Paiement sans pièce rattachée"
    ),
    "BPV": _Kind(
        "BON DE PAIEMENT VENDEUR", "bon", "Payé à", "Vendeur", "N° du bénéficiaire", "Avance au compte du vendeur"
    ),
}


# --- the words, shared by every paper -------------------------------------------------------


@dataclass(frozen=True)
class _Texts:
    """Every sentence of the document, worked out once and laid out by each paper."""

    kind: _Kind
    title: str
    when: str
    sentence: tuple[tuple[str, bool], ...]  # (text, bold) runs
    words: tuple[tuple[str, bool], ...]
    duplicata: str
    cancellation: str
    means: tuple[tuple[str, str], ...]
    totals: tuple[tuple[str, str], ...]
    symbol: str


def _kind(data: ReceiptData) -> _Kind:
    try:
        return _KINDS[data.doc_type]
    except KeyError:
        raise ValueError(f"unknown payment document type {data.doc_type!r} (REC, DEC or BPV)") from None


def _lower_first(text: str) -> str:
    """« Règlement de … » → « règlement de … » after « pour »; an acronym (« SONAGESS … ») stays as it is."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _unbroken_figures(phrase: str) -> str:
    """« … (171 250) francs CFA » with no-break spaces inside the parentheses: the figures never split."""
    start, end = phrase.rfind("("), phrase.rfind(")")
    if 0 <= start < end:
        return phrase[:start] + phrase[start:end].replace(" ", NBSP) + phrase[end:]
    return phrase


def _texts(data: ReceiptData, locale: str) -> _Texts:
    kind = _kind(data)

    def money(value: int) -> str:
        return format_money(value, data.currency, locale)

    purpose = _lower_first(data.purpose.strip().rstrip("."))
    references = ", ".join(line.reference for line in data.lines if line.reference.strip())
    if purpose and references and not all(line.reference in purpose for line in data.lines):
        target = f"{purpose} (réf.{NBSP}{references})"
    elif purpose:
        target = purpose
    elif references:
        target = f"le règlement de{NBSP}: {references}"
    else:
        target = kind.no_line[:1].lower() + kind.no_line[1:]
    sentence = (
        (f"{kind.verb} M./Mme ", False),
        (data.counterpart_name, True),
        (" la somme de ", False),
        (money(data.amount), True),
        (f" pour {target}.", False),
    )
    words = (
        (f"Arrêté le présent {kind.noun} à la somme de{NBSP}: ", False),
        (_unbroken_figures(amount_phrase(data.amount, data.currency)), True),
        (".", False),
    )
    means = data.means_label.strip()
    if data.operator:
        means = f"{means} – {data.operator}" if means else data.operator
    means_rows: list[tuple[str, str]] = [("Moyen de paiement", means)]
    if data.transaction_id:
        means_rows.append(("N° de transaction", data.transaction_id))
    if data.payer_number.strip():
        means_rows.append((kind.number_label, data.payer_number))
    if data.fees:
        means_rows.append(("Frais de transaction", money(data.fees)))
    if data.in_kind.strip():
        means_rows.append(("En nature", data.in_kind))
    if data.lines:
        total_label = "Total du document" if len(data.lines) == 1 else "Total des documents"
        totals = (
            (total_label, money(data.document_total)),
            ("Payé ce jour", money(data.paid_now)),
            ("Déjà payé", money(data.paid_before)),
            ("Reste à payer", money(data.remaining)),
        )
    else:
        totals = (("Payé ce jour", money(data.paid_now or data.amount)),)
    cancellation = ""
    if data.cancelled:
        parts = ["Annulé"]
        if data.cancelled_at is not None:
            parts[0] += f" le {format_datetime(data.cancelled_at, locale)}"
        if data.cancellation_number:
            parts.append(f"pièce d’annulation n°{NBSP}{data.cancellation_number}")
        if data.cancellation_reason.strip():
            parts.append(f"motif{NBSP}: {data.cancellation_reason.strip()}")
        cancellation = " – ".join(parts)
    return _Texts(
        kind=kind,
        title=f"{kind.title} N°{NBSP}{data.number}",
        when=f"Le {format_date(data.at, locale)} à {data.at:%H:%M}",
        sentence=sentence,
        words=words,
        duplicata=f"DUPLICATA n°{NBSP}{data.copy_number}" if data.copy_number > 0 else "",
        cancellation=cancellation,
        means=tuple(means_rows),
        totals=totals,
        symbol=display_symbol(data.currency),
    )


def _rich(runs: Sequence[tuple[str, bool]], style: ParagraphStyle) -> Paragraph:
    """A wrapping paragraph of plain text runs, some bold (each run made safe, never read as markup).

    U+202F becomes U+00A0 as in :func:`~centre_app.printing.styles.para`: a Paragraph would break on it.
    """
    register_fonts()
    parts = []
    for text, bold in runs:
        markup = escape(safe_text(text)).replace("\n", "<br/>").replace(NNBSP, NBSP)
        parts.append(f"<b>{markup}</b>" if bold else markup)
    return Paragraph("".join(parts), style)


def _style(name: str, parent: ParagraphStyle, size: float, **kw: object) -> ParagraphStyle:
    """``parent`` at ``size`` points (leading 1.25 × size unless given)."""
    kw.setdefault("leading", round(size * 1.25, 2))
    return ParagraphStyle(name, parent=parent, fontSize=size, **kw)


# --- the stamp ----------------------------------------------------------------------------------


def _draw_stamp(canvas: Canvas, text: str, size: float, angle: float) -> None:
    """« ANNULÉ » centred on the origin, turned by ``angle``: translucent red letters in a red outline."""
    canvas.saveState()
    canvas.rotate(angle)
    canvas.setFont(FONT_BOLD, size)
    canvas.setFillColor(STAMP_RED, alpha=0.13)
    canvas.setStrokeColor(STAMP_RED, alpha=0.5)
    canvas.setLineWidth(max(0.6, size / 45))
    width = pdfmetrics.stringWidth(text, FONT_BOLD, size)
    canvas.drawCentredString(0, -size * 0.36, text, mode=2)  # 2: fill, then stroke the outline
    pad = size * 0.22
    canvas.setLineWidth(max(0.8, size / 25))
    canvas.roundRect(-width / 2 - pad, -size * 0.36 - pad * 1.2, width + 2 * pad, size + pad * 1.6, size * 0.12)
    canvas.restoreState()


def _stamp_size(text: str, room: float, largest: float) -> float:
    """The font size at which ``text``, turned by about 30°, stays inside ``room`` points."""
    width = pdfmetrics.stringWidth(text, FONT_BOLD, 1)
    return min(largest, room / (width * 0.87 + 0.5))


class _Stamp(Flowable):
    """A marker that takes no room and draws the stamp, once per page, below where it stands.

    Markers are spread along the story so that every page where one lands is stamped; they share
    the set of pages already stamped. The stamp is drawn before the content that follows it, so
    the text stays on top and readable through the translucent letters.
    """

    def __init__(self, text: str, pages: set[int], size: float, drop: float) -> None:
        super().__init__()
        self.text = text
        self.pages = pages
        self.size = size
        self.drop = drop
        self.width = self.height = 0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        page = canvas.getPageNumber()
        if page in self.pages:
            return
        self.pages.add(page)
        x, y = canvas.absolutePosition(0, 0)
        page_width, page_height = canvas._pagesize
        low = 30 * mm + self.size
        centre_y = min(max(y - self.drop, low), page_height - 40 * mm - self.size)
        canvas.saveState()
        canvas.translate(page_width / 2 - x, centre_y - y)
        _draw_stamp(canvas, self.text, self.size, 30)
        canvas.restoreState()


# --- A4 and A5 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sheet:
    """The measures of one sheet paper."""

    pagesize: tuple[float, float]
    size: float  # table text
    box: float  # signature boxes
    wide: bool  # means and totals side by side

    @property
    def width(self) -> float:
        return self.pagesize[0] - 2 * MARGIN


_SHEETS = {"A4": _Sheet(A4, 9, 24 * mm, True), "A5": _Sheet(A5, 8, 13 * mm, False)}


def _banner(lines: Sequence[tuple[str, float, bool]], width: float, colour: colors.Color) -> Table:
    """Centred lines (text, size, bold) in a coloured box: « DUPLICATA n° 2 », « ANNULÉ … »."""
    cells = [
        [para(text, _style(f"Banner{index}", BODY, size, alignment=TA_CENTER, textColor=colour), bold=bold)]
        for index, (text, size, bold) in enumerate(lines)
        if text
    ]
    table = Table(cells, colWidths=[width], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colour),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, 0), 3),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 3.5),
            ]
        )
    )
    return table


def _boxed(rows: Sequence[Flowable], width: float, colour: colors.Color) -> Table:
    """Flowables one under the other in a coloured box."""
    table = Table([[row] for row in rows], colWidths=[width], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colour),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (-1, 0), 2.5),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 3.5),
            ]
        )
    )
    return table


def _grid(
    header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], align: str, size: float
) -> Table:
    """A small list without zebra fills (the stamp must show through), its header repeated on each page."""
    head = [_style(f"RHead{a}", CELL_HEAD, size, alignment=ALIGNMENTS[a]) for a in align]
    body = [_style(f"RCell{a}", CELL, size, alignment=ALIGNMENTS[a]) for a in align]
    data = [[para(h, s) for h, s in zip(header, head, strict=True)]]
    data += [[para(v, s) for v, s in zip(row, body, strict=True)] for row in rows]
    table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(*HEADER_FILL.rgb(), alpha=0.6)),
                ("GRID", (0, 0), (-1, -1), 0.35, RULE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, 0), (-1, -1), 1.6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _amounts(rows: Sequence[tuple[str, str]], widths: tuple[float, float], size: float, strong: int | None) -> Table:
    """Label / amount lines, amounts on the right; row ``strong`` bold with a rule above."""
    label = _style("AmountLabel", BODY, size)
    value = _style("AmountValue", BODY, size, alignment=TA_RIGHT)
    data = [[para(k, label, bold=i == strong), para(v, value, bold=i == strong)] for i, (k, v) in enumerate(rows)]
    table = Table(data, colWidths=list(widths), hAlign="RIGHT")
    style: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, HEADER_FILL),
    ]
    if strong is not None:
        style.append(("LINEABOVE", (0, strong), (-1, strong), 0.9, INK))
    table.setStyle(TableStyle(style))
    return table


def _line_rows(data: ReceiptData, locale: str, *, merged: bool) -> list[list[str]]:
    def figure(value: int) -> str:
        return format_money(value, data.currency, locale, symbol=False)

    rows = []
    for line in data.lines:
        amounts = [figure(line.total), figure(line.paid_before), figure(line.paid_now), figure(line.remaining)]
        if merged:
            rows.append([f"{line.reference}\n{line.label}" if line.label else line.reference, *amounts])
        else:
            rows.append([line.reference, line.label, *amounts])
    return rows


def _means_inline(texts: _Texts, style: ParagraphStyle) -> Paragraph:
    """The means of payment as one wrapping paragraph (A5): « Moyen de paiement : Espèces – Frais : … »."""
    runs: list[tuple[str, bool]] = []
    for index, (label, value) in enumerate(texts.means):
        runs += [(f"{' – ' if index else ''}{label}{NBSP}: ", False), (value or "—", True)]
    return _rich(runs, style)


def _signature_slots(data: ReceiptData, kind: _Kind) -> list[SignatureSlot]:
    if kind.noun == "reçu":
        return [
            SignatureSlot("Le caissier", data.cashier_name),
            SignatureSlot("Le client", "Signature ou empreinte digitale"),
        ]
    return [
        SignatureSlot("Le caissier", data.cashier_name),
        SignatureSlot("Le bénéficiaire (signature ou empreinte digitale)", data.counterpart_name),
        SignatureSlot("Visa du gestionnaire"),
    ]


def _side_by_side(left: Flowable, right: Flowable, widths: tuple[float, float]) -> Table:
    block = Table([[left, right]], colWidths=list(widths), hAlign="LEFT")
    block.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return block


def _with_contact(sentence: tuple[tuple[str, bool], ...], data: ReceiptData) -> tuple[tuple[str, bool], ...]:
    """The sentence with the counterpart's code and phone after the name (A5 has no room for a table of them)."""
    contact = ", ".join(
        part
        for part in (
            data.counterpart_code.strip(),
            f"tél.{NBSP}{data.counterpart_phone.strip()}" if data.counterpart_phone.strip() else "",
        )
        if part
    )
    if not contact:
        return sentence
    return (*sentence[:2], (f" ({contact})", False), *sentence[2:])


def _sheet_story(
    data: ReceiptData, texts: _Texts, letterhead: Letterhead, sheet: _Sheet, printed: str = ""
) -> list[Flowable]:
    """A4: roomy, two columns where it helps. A5: the same content packed to fit one page.

    ``printed`` (« Imprimé le … ») is set when it goes under the signatures rather than in the footer.
    """
    locale = letterhead.locale
    width = sheet.width
    wide = sheet.wide
    kind = texts.kind
    story: list[Flowable] = []
    note = "Ce duplicata ne constitue pas un nouveau paiement."
    if wide:
        if texts.duplicata:
            lines = [(texts.duplicata, 13, True), (note, 7.5, False)]
            story += [_banner(lines, width * 0.7, STAMP_RED), Spacer(1, 3 * mm)]
        if texts.cancellation:
            lines = [("ANNULÉ", 13, True), (texts.cancellation, 8.5, False)]
            story += [_banner(lines, width, STAMP_RED), Spacer(1, 3 * mm)]
    elif texts.duplicata or texts.cancellation:
        # A5: one box, the cancellation on a single run of text, to leave room for the rest.
        red = _style("Red", BODY, 7.5, alignment=TA_CENTER, textColor=STAMP_RED)
        rows: list[Flowable] = []
        if texts.duplicata:
            rows.append(para(texts.duplicata, _style("RedBig", red, 11), bold=True))
            if not texts.cancellation:
                rows.append(para(note, red))
        if texts.cancellation:
            rows.append(_rich((("ANNULÉ", True), (texts.cancellation.removeprefix("Annulé"), False)), red))
        story += [_boxed(rows, width * (0.8 if not texts.cancellation else 1), STAMP_RED), Spacer(1, 2 * mm)]
    if wide:
        party_rows: list[tuple[str, object]] = [(kind.party, data.counterpart_name)]
        if data.counterpart_code.strip():
            party_rows.append(("Code", data.counterpart_code))
        party_rows += [("Téléphone", data.counterpart_phone), ("Caissier", data.cashier_name)]
        story.append(key_value_table(party_rows, columns=2, width=width, label_width=(27 * mm, 22 * mm)))
    pages: set[int] = set()
    stamp_size = _stamp_size("ANNULÉ", width, 84 if wide else 60)

    def stamp(drop: float) -> list[Flowable]:
        return [_Stamp("ANNULÉ", pages, stamp_size, drop)] if data.cancelled else []

    story += stamp(55 * mm if wide else 40 * mm)
    sentence = texts.sentence if wide else _with_contact(texts.sentence, data)
    story += [Spacer(1, 3 * mm if wide else 1 * mm), _rich(sentence, _style("Sentence", BODY, 10 if wide else 9))]
    if wide:
        story.append(section_heading("Documents réglés" if data.lines else "Objet du paiement"))
    else:
        story.append(Spacer(1, 1.5 * mm))
    story += stamp(30 * mm)
    if data.lines:
        story.append(para(f"Montants en {texts.symbol}", _style("Unit", SMALL, 7, alignment=TA_RIGHT, textColor=GREY)))
        amount = 23 * mm if wide else 17.5 * mm
        if wide:
            header = ("Référence", "Libellé", "Total", "Déjà payé", "Payé ce jour", "Reste")
            widths = (31 * mm, width - 31 * mm - 4 * amount, *(amount,) * 4)
            align = "LLRRRR"
        else:
            header = ("Pièce", "Total", "Déjà payé", "Payé ce jour", "Reste")
            widths = (width - 4 * amount, *(amount,) * 4)
            align = "LRRRR"
        story.append(_grid(header, _line_rows(data, locale, merged=not wide), widths, align, sheet.size))
    else:
        story.append(para(kind.no_line, _style("NoLine", BODY, 10 if wide else 9), bold=True))
    story.append(Spacer(1, 3 * mm if wide else 2 * mm))
    story += stamp(20 * mm)
    strong = 3 if data.lines else 0
    if wide:
        left, right = width * 0.54, width * 0.46
        means = key_value_table(texts.means, width=left - 4 * mm, label_width=33 * mm)
        totals = _amounts(texts.totals, (right * 0.56, right * 0.44), 9.5, strong)
        story.append(_side_by_side(means, totals, (left, right)))
    else:
        totals = _amounts(texts.totals, (33 * mm, 28 * mm), 8, strong)
        means = _means_inline(texts, _style("Means", BODY, 7.5, leading=9.5))
        story.append(_side_by_side(means, totals, (width - 61 * mm, 61 * mm)))
    story.append(
        signature_block(
            _signature_slots(data, kind),
            width=width,
            box_height=sheet.box,
            lead=[Spacer(1, 2 * mm), *stamp(0), _rich(texts.words, _style("Words", BODY, 10 if wide else 8.5))],
        )
    )
    if printed:
        story += [Spacer(1, 1.5 * mm), para(printed, _style("Printed", SMALL, 7, alignment=TA_RIGHT, textColor=GREY))]
    return story


# --- 80 mm roll ---------------------------------------------------------------------------------

ROLL_WIDTH = 80 * mm
ROLL_MARGIN = 4 * mm


class _Dots(Flowable):
    """« Signature / empreinte : ……… »: room to sign above a dotted line that runs to the right edge."""

    def __init__(self, label: str, size: float, room: float) -> None:
        super().__init__()
        self.label = safe_text(label)
        self.size = size
        self.room = room

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = aW
        self.height = self.room + self.size * 1.4
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        baseline = self.size * 0.4
        canvas.setFont(FONT, self.size)
        canvas.setFillColor(INK)
        canvas.drawString(0, baseline, self.label)
        start = pdfmetrics.stringWidth(self.label, FONT, self.size) + 2
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.7)
        canvas.setDash(0.8, 1.8)
        canvas.line(start, baseline, self.width, baseline)


class _Rule(Flowable):
    """A thin dashed line across the roll, as printed between blocks of a till receipt."""

    def __init__(self, space: float = 2 * mm) -> None:
        super().__init__()
        self.space = space

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = aW, 2 * self.space
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.5)
        self.canv.setDash(2, 1.5)
        self.canv.line(0, self.space, self.width, self.space)


def _pairs(rows: Sequence[tuple[str, str]], widths: tuple[float, float], size: float, strong: int | None) -> Table:
    """Label / value lines for the roll (value on the right, wrapping if long)."""
    label = _style("RollLabel", LABEL, size, textColor=INK)
    value = _style("RollValue", BODY, size, alignment=TA_RIGHT)
    data = [[para(k, label, bold=i == strong), para(v, value, bold=i == strong)] for i, (k, v) in enumerate(rows)]
    table = Table(data, colWidths=list(widths), hAlign="LEFT")
    style: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8),
    ]
    if strong is not None:
        style.append(("LINEABOVE", (0, strong), (-1, strong), 0.7, INK))
    table.setStyle(TableStyle(style))
    return table


def _roll_story(data: ReceiptData, texts: _Texts, letterhead: Letterhead, printed_at: datetime) -> list[Flowable]:
    width = ROLL_WIDTH - 2 * ROLL_MARGIN
    body = _style("RollBody", BODY, 8)
    small = _style("RollSmall", BODY, 7.5)
    centred = _style("RollCentred", small, 7.5, alignment=TA_CENTER, textColor=GREY)
    kind = texts.kind
    contact = " – ".join(
        part
        for part in (
            letterhead.town.strip(),
            f"Tél.{NBSP}: {letterhead.phone.strip()}" if letterhead.phone.strip() else "",
        )
        if part
    )
    story: list[Flowable] = [para(letterhead.title_line(), _style("RollName", BODY, 9, alignment=TA_CENTER), bold=True)]
    if contact:
        story.append(para(contact, centred))
    story += [
        _Rule(),
        para(texts.title, _style("RollTitle", BODY, 9.5, alignment=TA_CENTER), bold=True),
        para(texts.when, _style("RollWhen", body, 8, alignment=TA_CENTER)),
        Spacer(1, 1.5 * mm),
    ]
    if texts.duplicata:
        story += [_banner([(texts.duplicata, 10, True)], width, STAMP_RED), Spacer(1, 1.5 * mm)]
    if texts.cancellation:
        story += [
            _banner([("ANNULÉ", 10, True), (texts.cancellation, 7, False)], width, STAMP_RED),
            Spacer(1, 1.5 * mm),
        ]
    who = data.counterpart_name + (f" ({data.counterpart_code})" if data.counterpart_code.strip() else "")
    party_rows = [(kind.party, who)]
    if data.counterpart_phone.strip():
        party_rows.append(("Téléphone", data.counterpart_phone))
    story += [
        _pairs(party_rows, (18 * mm, width - 18 * mm), 7.5, None),
        Spacer(1, 1.5 * mm),
        _rich(texts.sentence, body),
        Spacer(1, 1.5 * mm),
    ]
    if data.lines:
        rows = [[line.reference, format_money(line.paid_now, data.currency, letterhead.locale)] for line in data.lines]
        story.append(_grid(("Pièce", "Payé ce jour"), rows, (width - 26 * mm, 26 * mm), "LR", 7.5))
    else:
        story.append(para(kind.no_line, body, bold=True))
    strong = 3 if data.lines else 0
    story += [
        Spacer(1, 1.5 * mm),
        _pairs(texts.totals, (36 * mm, width - 36 * mm), 8, strong),
        _Rule(1.5 * mm),
        _pairs(texts.means, (31 * mm, width - 31 * mm), 7.5, None),
        Spacer(1, 2 * mm),
        _rich(texts.words, body),
        _Rule(1.5 * mm),
        _pairs([("Caissier", data.cashier_name or "—")], (18 * mm, width - 18 * mm), 8, None),
    ]
    signer = "du client" if kind.noun == "reçu" else "du bénéficiaire"
    story.append(_Dots(f"Signature / empreinte {signer}{NBSP}:", 7.5, 9 * mm))
    if kind.noun != "reçu":
        story.append(_Dots(f"Visa du gestionnaire{NBSP}:", 7.5, 7 * mm))
    printed = f"Imprimé le {format_datetime(printed_at, letterhead.locale)}"
    story += [Spacer(1, 3 * mm), para(printed, _style("RollPrinted", centred, 6.5, alignment=TA_CENTER))]
    return story


def _pdf_date(moment: datetime) -> str:
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{mins:02d}'"


def _render_roll(data: ReceiptData, texts: _Texts, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """One page 80 mm wide and as tall as its content (a thermal printer cuts after the last line)."""
    register_fonts()
    story = _roll_story(data, texts, letterhead, printed_at)
    inner = ROLL_WIDTH - 2 * ROLL_MARGIN
    heights = [flowable.wrap(inner, 10_000)[1] for flowable in story]
    height = sum(heights) + 2 * ROLL_MARGIN + 2 * mm
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(ROLL_WIDTH, height), invariant=1, lang="fr-FR")
    creation = _pdf_date(printed_at)
    canvas.setDateFormatter(lambda *_ymdhms: creation)
    title = safe_text(texts.title)
    canvas.setTitle(title)
    canvas.setSubject(safe_text(texts.kind.title.capitalize()))
    canvas.setAuthor(letterhead.title_line())
    canvas.setCreator("centre_app")
    canvas.setProducer("centre_app (reportlab)")
    y = height - ROLL_MARGIN
    for flowable, flowable_height in zip(story, heights, strict=True):
        y -= flowable_height
        flowable.drawOn(canvas, ROLL_MARGIN, y)
    if data.cancelled:
        # Over the content (translucent): one stamp per 90 mm of roll, spread over its length.
        content = height - 2 * ROLL_MARGIN
        count = max(1, round(content / (90 * mm)))
        size = _stamp_size("ANNULÉ", inner, 34)
        for index in range(count):
            canvas.saveState()
            canvas.translate(ROLL_WIDTH / 2, height - ROLL_MARGIN - content * (index + 0.5) / count)
            _draw_stamp(canvas, "ANNULÉ", size, 30)
            canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_receipt(data: ReceiptData, letterhead: Letterhead, *, paper: str = "A4", printed_at: datetime) -> bytes:
    """The receipt or voucher as PDF bytes on ``paper`` (« A4 », « A5 » or « 80mm »); same input, same bytes.

    Raises ``ValueError`` for another paper or a ``doc_type`` other than REC, DEC and BPV.
    """
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r} (A4, A5 or 80mm)")
    texts = _texts(data, letterhead.locale)
    if paper == "80mm":
        return _render_roll(data, texts, letterhead, printed_at)
    sheet = _SHEETS[paper]
    # base's footer puts the print date under a long title (« BON DE PAIEMENT VENDEUR N° … ») itself.
    story = _sheet_story(data, texts, letterhead, sheet)
    return render(
        texts.title, "", letterhead, story, pagesize=sheet.pagesize, printed_at=printed_at, subtitle=texts.when
    )
