"""« Brouillard de caisse » of one day and its « clôture journalière ».

Every receipt and voucher of the day in time order (cancelled ones kept, on a pink ground and marked
« annulé »; a reversal is marked « annulation »), the totals per means of payment, the cash count
against the theoretical balance with the difference and its reason, and the signatures of the
cashier and the manager.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from centre_app.domain.formatting import NBSP, display_symbol, format_date_long, format_money
from centre_app.printing.base import (
    BODY,
    CONTENT_WIDTH,
    SMALL,
    Letterhead,
    SignatureSlot,
    data_table,
    made_at,
    para,
    render,
    section_heading,
    signature_block,
)
from centre_app.printing.styles import GREY, HEADER_FILL, INK

__all__ = ["CANCELLED", "DayBookData", "DayBookLine", "render_day_book"]

CANCELLED = "annulé"  # the status of a cancelled line
CANCELLED_FILL = colors.HexColor("#FBE3E3")


@dataclass(frozen=True)
class DayBookLine:
    at: datetime
    number: str
    counterpart: str
    purpose: str
    means_label: str
    cash_in: int
    cash_out: int
    status: str  # "", « annulé » (a cancelled piece) or « annulation » (the reversal, on the day it was made)


@dataclass(frozen=True)
class DayBookData:
    day: date
    lines: tuple[DayBookLine, ...]
    totals_by_means: tuple[tuple[str, int, int], ...]  # (means_label, total_in, total_out)
    opening_cash: int
    cash_in: int
    cash_out: int
    theoretical_cash: int
    counted_cash: int | None  # None: not counted yet
    difference: int | None  # counted - theoretical
    reason: str
    closing_number: str | None  # None: the day is not closed
    closed_by: str
    currency: str


def _title(data: DayBookData, locale: str) -> str:
    return f"Brouillard de caisse du {format_date_long(data.day, locale)}"


def _status(data: DayBookData) -> str:
    return f"Clôture n°{NBSP}{data.closing_number}" if data.closing_number else "Journée non clôturée"


_COLUMNS = ("Heure", "Pièce", "Tiers", "Objet", "Moyen", "Entrée", "Sortie")
_AMOUNT = 20 * mm
_FIXED = (13 * mm, 32 * mm, 30 * mm, 22 * mm, _AMOUNT, _AMOUNT)  # every column but « Objet »
_WIDTHS = (*_FIXED[:3], CONTENT_WIDTH - sum(_FIXED), *_FIXED[3:])


def _is_cancelled(line: DayBookLine) -> bool:
    return line.status.strip().lower() == CANCELLED


def _ledger(rows: list[tuple[str, str, bool]], width: tuple[float, float], text_rows: int = 0) -> Table:
    """Label / amount lines (bold where asked) for the cash count; the last ``text_rows`` hold text, not amounts."""
    label = ParagraphStyle("DbLabel", parent=BODY, fontSize=9.5, leading=12)
    value = ParagraphStyle("DbValue", parent=label, alignment=TA_RIGHT)
    first_text = len(rows) - text_rows
    data = [
        [para(k, label, bold=b), para(v, label if i >= first_text else value, bold=b)]
        for i, (k, v, b) in enumerate(rows)
    ]
    table = Table(data, colWidths=list(width), hAlign="LEFT")
    style: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, HEADER_FILL),
        ("BOX", (0, 0), (-1, -1), 0.5, GREY),
    ]
    style += [("LINEABOVE", (0, i), (-1, i), 0.9, INK) for i, (_, _, bold) in enumerate(rows) if bold and i]
    table.setStyle(TableStyle(style))
    return table


def _difference(data: DayBookData, money: Callable[[int], str]) -> str:
    if data.difference is None:
        return "—"
    if data.difference > 0:
        return f"+{money(data.difference)} (excédent de caisse)"
    if data.difference < 0:
        return f"{money(data.difference)} (manquant de caisse)"
    return f"{money(0)} (aucun écart)"


def _story(data: DayBookData, letterhead: Letterhead, printed_at: datetime) -> list[Flowable]:
    locale = letterhead.locale

    def money(value: int) -> str:
        return format_money(value, data.currency, locale)

    def amount(value: int) -> str:
        return format_money(value, data.currency, locale, symbol=False) if value else ""

    note = ParagraphStyle("DbNote", parent=SMALL, textColor=GREY)
    cancelled = [i for i, line in enumerate(data.lines) if _is_cancelled(line)]
    count = len(data.lines)
    summary = f"{count}{NBSP}pièce{'s' if count > 1 else ''}"
    if cancelled:
        summary += f", dont {len(cancelled)}{NBSP}annulée{'s' if len(cancelled) > 1 else ''}"
    story: list[Flowable] = [
        section_heading("Opérations de la journée"),
        para(f"{summary} – montants en {display_symbol(data.currency)}.", note),
        Spacer(1, 1.5 * mm),
    ]
    if data.lines:
        rows = [
            [
                f"{line.at:%H:%M}",
                f"{line.number}\n({line.status.strip()})" if line.status.strip() else line.number,
                line.counterpart,
                line.purpose,
                line.means_label,
                amount(line.cash_in),
                amount(line.cash_out),
            ]
            for line in data.lines
        ]
        table = data_table(_COLUMNS, rows, _WIDTHS, align="LLLLLRR")
        table.setStyle(TableStyle([("BACKGROUND", (0, i + 1), (-1, i + 1), CANCELLED_FILL) for i in cancelled]))
        story.append(table)
        if cancelled:
            story.append(
                para(
                    f"Les pièces annulées (fond rose) restent au brouillard avec leur numéro{NBSP}; leur "
                    "annulation figure à sa date comme une opération en sens inverse.",
                    note,
                )
            )
    else:
        story.append(para("Aucune opération ce jour."))

    means_rows = [
        [label, money(total_in), money(total_out), money(total_in - total_out)]
        for label, total_in, total_out in data.totals_by_means
    ]
    all_in = sum(t[1] for t in data.totals_by_means)
    all_out = sum(t[2] for t in data.totals_by_means)
    means_rows.append(["Total", money(all_in), money(all_out), money(all_in - all_out)])
    means_table = data_table(
        ("Moyen de paiement", "Entrées", "Sorties", "Net"),
        means_rows,
        (CONTENT_WIDTH - 3 * 36 * mm, 36 * mm, 36 * mm, 36 * mm),
        align="LRRR",
    )
    last = len(means_rows)
    means_table.setStyle(
        TableStyle(
            [("BACKGROUND", (0, last), (-1, last), HEADER_FILL), ("LINEABOVE", (0, last), (-1, last), 0.8, GREY)]
        )
    )
    story += [section_heading("Totaux par moyen de paiement"), means_table]

    counted = "Non compté" if data.counted_cash is None else money(data.counted_cash)
    cash_rows = [
        ("Solde d’ouverture", money(data.opening_cash), False),
        ("Entrées espèces", money(data.cash_in), False),
        ("Sorties espèces", money(data.cash_out), False),
        ("Solde théorique", money(data.theoretical_cash), True),
        ("Espèces comptées", counted, False),
        ("Écart (compté − théorique)", _difference(data, money), True),
        ("Motif de l’écart", data.reason.strip() or "—", False),
    ]
    closed = (
        f"Journée clôturée{f' par {data.closed_by}' if data.closed_by.strip() else ''} – {_status(data)}."
        if data.closing_number
        else f"Journée non clôturée{NBSP}: les chiffres peuvent encore changer."
    )
    story.append(
        signature_block(
            [
                SignatureSlot("Le caissier", data.closed_by or "Nom et signature"),
                SignatureSlot("Le gestionnaire", "Nom, signature et visa"),
            ],
            before=made_at(letterhead, printed_at),
            box_height=24 * mm,
            lead=[
                section_heading("Arrêté de caisse (espèces)"),
                _ledger(cash_rows, (62 * mm, 74 * mm), text_rows=1),
                Spacer(1, 2 * mm),
                para(closed, note),
            ],
        )
    )
    return story


def render_day_book(data: DayBookData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The day book as PDF bytes (A4, as many pages as needed); identical input gives identical bytes."""
    return render(
        _title(data, letterhead.locale),
        "",
        letterhead,
        _story(data, letterhead, printed_at),
        printed_at=printed_at,
        subtitle=_status(data),
    )
