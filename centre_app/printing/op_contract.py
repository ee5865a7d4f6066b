"""The contract with a producer organisation (or one of its avenants) on paper, in French.

The text is the one the contract was signed with (frozen sections: parties « ci-après dénommé(e) »,
numbered articles, « Fait à …, le …, en N exemplaires originaux »), followed by signature and thumbprint
boxes for both parties and the annexes (échéancier, obligations, indicators). A draft prints as a
« PROJET ». Every page carries the letterhead and « Page N / M ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from centre_app.domain.formatting import NBSP, NNBSP, format_date, format_money
from centre_app.printing.base import (
    BODY,
    CONTENT_WIDTH,
    HEADING,
    Letterhead,
    SignatureSlot,
    data_table,
    key_value_table,
    para,
    render,
    section_heading,
    signature_block,
)
from centre_app.printing.styles import GREY, safe_text

__all__ = ["ContractPrintData", "ContractSection", "render_op_contract"]

CLAUSE = ParagraphStyle("Clause", parent=BODY, fontSize=9.8, leading=13.2, alignment=TA_JUSTIFY, spaceAfter=1.6 * mm)
BULLET = ParagraphStyle(
    "ClauseBullet", parent=CLAUSE, leftIndent=6 * mm, firstLineIndent=-3.5 * mm, spaceAfter=0.8 * mm
)
SUB_BULLET = ParagraphStyle("ClauseSubBullet", parent=BULLET, leftIndent=11 * mm)
PARTY = ParagraphStyle("ClauseParty", parent=CLAUSE, alignment=TA_LEFT)
CENTRED = ParagraphStyle("ClauseCentred", parent=CLAUSE, alignment=TA_CENTER)
ARTICLE = ParagraphStyle("Article", parent=HEADING, fontSize=10.2, spaceBefore=3.2 * mm, spaceAfter=1.2 * mm)
PARTIES = ParagraphStyle("Parties", parent=ARTICLE, alignment=TA_CENTER, spaceBefore=1 * mm)
UNNUMBERED_CODES = frozenset({"parties", "signature", "av_parties", "av_signature"})
DRAFT_NOTE = ParagraphStyle("DraftNote", parent=BODY, alignment=TA_CENTER, textColor=GREY, fontSize=9)


@dataclass(frozen=True)
class ContractSection:
    code: str
    heading: str
    body: str


@dataclass(frozen=True)
class ContractPrintData:
    """Everything printed, display-ready (labels, not codes), amounts in minor units."""

    title: str  # « Contrat de prestation de services », « Avenant au contrat de prestation de services »
    number: str  # "" for a draft
    draft_label: str  # « brouillon n° 12 » for a draft, "" once signed
    service_label: str
    op_name: str
    parent_number: str  # an avenant's contract
    effect_date: date
    end_date: date
    amount: int
    signature_date: date | None
    sections: tuple[ContractSection, ...]
    signatories: tuple[tuple[str, str, str], ...]  # (side, name, capacity)
    schedule: tuple[tuple[int, date, str, int], ...]  # (n°, due date, label, amount)
    obligations: tuple[tuple[str, str, str, date | None], ...]  # (side label, deliverable, quantity, due date)
    indicators: tuple[tuple[str, str, str], ...]  # (name, unit, target)
    currency: str = "XOF"


_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")


def _typeset(text: str) -> str:
    """French typography: no line break just inside « guillemets » nor inside a number (« 325 000 »)."""
    return _THOUSANDS.sub("\u00a0", text.replace("« ", "«\u00a0").replace(" »", "\u00a0»"))


def _indented(text: str, style: ParagraphStyle) -> Flowable:
    """A list line: always a Paragraph (``para`` draws a one-line text at the left margin, without the indent).
    Plain text, made safe and escaped as ``para`` does."""
    return Paragraph(escape(safe_text(text)).replace(NNBSP, NBSP), style)


def _body(text: str, style: ParagraphStyle = CLAUSE) -> list[Flowable]:
    out: list[Flowable] = []
    for line in text.split("\n"):
        stripped = _typeset(line.strip())
        if not stripped:
            out.append(Spacer(1, 1.2 * mm))
        elif stripped.startswith("– "):
            out.append(_indented(stripped, BULLET))
        elif stripped.startswith("• "):
            out.append(_indented(stripped, SUB_BULLET))
        elif stripped == "ET":
            out.append(para(stripped, CENTRED, bold=True))
        else:
            out.append(para(stripped, style))
    return out


def _signatures(data: ContractPrintData, made: str, lead: list[Flowable]) -> Flowable:
    def caption(side: str) -> str:
        people = [f"{name}, {capacity}" if capacity else name for s, name, capacity in data.signatories if s == side]
        return "\n".join(people) or "Nom, qualité"

    return signature_block(
        [
            SignatureSlot("Pour le Centre\n« Lu et approuvé »", caption("centre")),
            SignatureSlot("Empreinte", "(à défaut de signature)", thumbprint=True),
            SignatureSlot("Pour l’OP\n« Lu et approuvé »", caption("op")),
            SignatureSlot("Empreinte", "(à défaut de signature)", thumbprint=True),
        ],
        box_height=32 * mm,
        before=made,
        lead=lead,
    )


def _annexes(data: ContractPrintData, letterhead: Letterhead) -> list[Flowable]:
    locale, currency = letterhead.locale, data.currency
    story: list[Flowable] = [PageBreak(), section_heading("Annexe 1 – Échéancier de paiement")]
    if data.schedule:
        rows = [
            (str(n), format_date(due, locale), label, format_money(amount, currency, locale))
            for n, due, label, amount in data.schedule
        ]
        rows.append(("", "", "Total", format_money(sum(x[3] for x in data.schedule), currency, locale)))
        story.append(data_table(("N°", "Échéance", "Objet", "Montant"), rows,
                                (12 * mm, 26 * mm, CONTENT_WIDTH - 76 * mm, 38 * mm), align="CCLR"))  # fmt: skip
    else:
        story.append(para("Aucune échéance."))
    story.append(section_heading("Annexe 2 – Obligations des parties"))
    if data.obligations:
        rows = [
            (side, what, qty, format_date(due, locale) if due else "—") for side, what, qty, due in data.obligations
        ]
        story.append(data_table(("Partie", "Livrable / engagement", "Quantité", "Échéance"), rows,
                                (18 * mm, CONTENT_WIDTH - 82 * mm, 38 * mm, 26 * mm), align="LLRC"))  # fmt: skip
    else:
        story.append(para("Aucune obligation chiffrée."))
    story.append(section_heading("Annexe 3 – Indicateurs de performance (suivi trimestriel)"))
    if data.indicators:
        story.append(data_table(("Indicateur", "Unité", "Objectif"), list(data.indicators),
                                (CONTENT_WIDTH - 70 * mm, 35 * mm, 35 * mm), align="LLR"))  # fmt: skip
    else:
        story.append(para("Aucun indicateur."))
    return story


def _story(data: ContractPrintData, letterhead: Letterhead) -> list[Flowable]:
    locale = letterhead.locale
    story: list[Flowable] = []
    if data.draft_label:
        story.append(para(f"PROJET ({data.draft_label}) – document non signé, sans valeur contractuelle", DRAFT_NOTE,
                          bold=True))  # fmt: skip
        story.append(Spacer(1, 2 * mm))
    summary = [
        ("Organisation", data.op_name),
        ("Prestation", data.service_label),
        ("Période", f"du {format_date(data.effect_date, locale)} au {format_date(data.end_date, locale)}"),
        ("Montant", format_money(data.amount, data.currency, locale)),
    ]
    if data.parent_number:
        summary.insert(0, ("Contrat modifié", data.parent_number))
    story.append(key_value_table(summary, columns=2, label_width=26 * mm))
    story.append(Spacer(1, 3 * mm))
    made = ""
    numbered = [s for s in data.sections if s.code not in UNNUMBERED_CODES]
    last = numbered[-1] if numbered else None
    for s in data.sections:
        if s.code in ("signature", "av_signature"):
            made = s.body
            continue
        if s.code in ("parties", "av_parties"):
            story.append(para(s.heading.upper(), PARTIES))
            story += _body(s.body, PARTY)  # long registration numbers would stretch justified lines
            continue
        if s is last:
            continue  # printed with the signatures: they never stand alone on a page
        # A heading never stays alone at the bottom of a page.
        story.append(CondPageBreak(22 * mm))
        story.append(KeepTogether([para(s.heading, ARTICLE), *_body(s.body)[:1]]))
        story += _body(s.body)[1:]
    lead = [para(last.heading, ARTICLE), *_body(last.body)] if last is not None else []
    story.append(_signatures(data, made, lead))
    return story + _annexes(data, letterhead)


def render_op_contract(data: ContractPrintData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The contract (or avenant) as PDF bytes (A4); same input, same bytes."""
    subtitle = f"N° {data.number}" if data.number else "Projet – non signé"
    if data.number and data.signature_date:
        subtitle += f" – signé le {format_date(data.signature_date, letterhead.locale)}"
    return render(data.title, data.number, letterhead, _story(data, letterhead), printed_at=printed_at,
                  subtitle=subtitle)  # fmt: skip
