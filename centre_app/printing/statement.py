"""« Relevé de compte » of one party: every document and payment of a period, the running balance.

The balance is positive when the party owes the centre. The list starts with the opening balance,
its header row repeats on every page, and ends with the period's totals; then the closing balance in
figures (« Solde dû par le client » or « Solde en faveur du client »), the credit limit with a warning
when the balance is above it, and the ageing of the sums due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from centre_app.domain.formatting import NBSP, display_symbol, format_date, format_money
from centre_app.printing.base import (
    BODY,
    CONTENT_WIDTH,
    SMALL,
    Letterhead,
    data_table,
    key_value_table,
    para,
    render,
    section_heading,
)
from centre_app.printing.styles import GREY, HEADER_FILL, INK

__all__ = ["AGEING_LABELS", "StatementData", "StatementLine", "render_statement"]

DOC_TITLE = "Relevé de compte"
WARNING_RED = colors.HexColor("#C62828")

# The ageing buckets as the services name them, and as they are printed.
AGEING_LABELS: dict[str, str] = {
    "0-30": "0–30 jours",
    "31-60": "31–60 jours",
    "61-90": "61–90 jours",
    ">90": "Plus de 90 jours",
}


@dataclass(frozen=True)
class StatementLine:
    """One document or payment; ``balance`` is the running balance after it (> 0: owed to the centre)."""

    day: date
    reference: str
    label: str
    debit: int
    credit: int
    balance: int


@dataclass(frozen=True)
class StatementData:
    party_name: str
    party_code: str
    party_village: str
    party_phone: str
    start: date
    end: date  # exclusive: the period is start <= day < end
    opening_balance: int
    lines: tuple[StatementLine, ...]
    closing_balance: int  # > 0: the party owes the centre
    credit_limit: int | None
    ageing: tuple[tuple[str, int], ...]  # (("0-30", 120000), ("31-60", 0), ("61-90", 5000), (">90", 0))
    currency: str


def _last_day(data: StatementData) -> date:
    return data.end - timedelta(days=1) if data.end > data.start else data.end


def _period_text(data: StatementData, locale: str) -> str:
    """« du 01/10/2026 au 31/10/2026 » (the end of the data is exclusive, the printed one inclusive)."""
    return f"du {format_date(data.start, locale)} au {format_date(_last_day(data), locale)}"


def _closing_wording(balance: int) -> str:
    if balance > 0:
        return "Solde dû par le client"
    if balance < 0:
        return "Solde en faveur du client"
    return "Compte soldé"


_COLUMNS = ("Date", "Pièce", "Libellé", "Débit", "Crédit", "Solde")
_AMOUNT = 23 * mm
_WIDTHS = (21 * mm, 33 * mm, CONTENT_WIDTH - 54 * mm - 3 * _AMOUNT, _AMOUNT, _AMOUNT, _AMOUNT)


def _emphasised(rows: list[tuple[str, str]], size: float, *, colour: colors.Color = INK) -> Table:
    """Label / amount lines on the right half, the last one bold under a rule."""
    label = ParagraphStyle("StLabel", parent=BODY, fontSize=size, leading=size * 1.3, textColor=colour)
    value = ParagraphStyle("StValue", parent=label, alignment=TA_RIGHT)
    last = len(rows) - 1
    data = [[para(k, label, bold=i == last), para(v, value, bold=i == last)] for i, (k, v) in enumerate(rows)]
    table = Table(data, colWidths=[92 * mm, 40 * mm], hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 1.8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, HEADER_FILL),
                ("LINEABOVE", (0, last), (-1, last), 0.9, INK),
            ]
        )
    )
    return table


def _story(data: StatementData, letterhead: Letterhead) -> list[Flowable]:
    locale = letterhead.locale

    def money(value: int) -> str:
        return format_money(value, data.currency, locale)

    def figure(value: int) -> str:
        return format_money(value, data.currency, locale, symbol=False)

    def amount(value: int) -> str:
        return figure(value) if value else ""

    first, last = format_date(data.start, locale), format_date(_last_day(data), locale)
    limit = "Aucun" if data.credit_limit is None else money(data.credit_limit)
    facts: list[tuple[str, object]] = [
        ("Client", data.party_name),
        ("Code", data.party_code),
        ("Village / secteur", data.party_village),
        ("Téléphone", data.party_phone),
        ("Période", _period_text(data, locale)),
        ("Plafond de crédit", limit),
    ]
    rows: list[list[str]] = [[first, "", "Solde d’ouverture", "", "", figure(data.opening_balance)]]
    for line in data.lines:
        rows.append(
            [
                format_date(line.day, locale),
                line.reference,
                line.label,
                amount(line.debit),
                amount(line.credit),
                figure(line.balance),
            ]
        )
    total_debit = sum(line.debit for line in data.lines)
    total_credit = sum(line.credit for line in data.lines)
    rows.append(
        ["", "", "Totaux de la période", figure(total_debit), figure(total_credit), figure(data.closing_balance)]
    )
    story: list[Flowable] = [
        key_value_table(
            facts, columns=2, label_width=(33 * mm, 30 * mm), pair_widths=(98 * mm, CONTENT_WIDTH - 104 * mm)
        ),
        section_heading("Mouvements de la période"),
        para(
            f"Montants en {display_symbol(data.currency)} – solde positif{NBSP}: dû par le client{NBSP}; "
            f"solde négatif{NBSP}: en faveur du client.",
            ParagraphStyle("StNote", parent=SMALL, textColor=GREY),
        ),
        Spacer(1, 1.5 * mm),
    ]
    table = data_table(_COLUMNS, rows, _WIDTHS, align="LLLRRR")
    # The opening and the totals rows stand apart from the movements.
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 1), (-1, 1), HEADER_FILL),
                ("BACKGROUND", (0, len(rows)), (-1, len(rows)), HEADER_FILL),
                ("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.8, GREY),
            ]
        )
    )
    story.append(table)
    if not data.lines:
        story.append(para("Aucun mouvement sur la période.", ParagraphStyle("StNone", parent=SMALL, textColor=GREY)))
    closing = data.closing_balance
    summary = [
        (f"Solde d’ouverture au {first}", money(data.opening_balance)),
        ("Total des débits", money(total_debit)),
        ("Total des crédits", money(total_credit)),
        (f"{_closing_wording(closing)} au {last}", money(abs(closing))),
    ]
    # The closing figures and the warning stay together; so do the ageing title and its table.
    closing_block: list[Flowable] = [Spacer(1, 4 * mm), _emphasised(summary, 10)]
    if data.credit_limit is not None and closing > data.credit_limit:
        excess = closing - data.credit_limit
        warning = ParagraphStyle("StWarning", parent=BODY, textColor=WARNING_RED)
        closing_block += [
            Spacer(1, 3 * mm),
            para(
                f"Attention{NBSP}: le solde dû ({money(closing)}) dépasse le plafond de crédit autorisé "
                f"({money(data.credit_limit)}) de {money(excess)}.",
                warning,
                bold=True,
            ),
        ]
    story.append(KeepTogether(closing_block))
    if data.ageing:
        labels = [AGEING_LABELS.get(key, key) for key, _ in data.ageing]
        values = [money(value) for _, value in data.ageing]
        total = sum(value for _, value in data.ageing)
        width = CONTENT_WIDTH / (len(labels) + 1)
        ageing = data_table(
            [*labels, "Total"], [[*values, money(total)]], [width] * (len(labels) + 1), align="R" * (len(labels) + 1)
        )
        story.append(KeepTogether([section_heading(f"Ancienneté des sommes dues au {last}"), ageing]))
    return story


def render_statement(data: StatementData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The statement as PDF bytes (A4, as many pages as needed); identical input gives identical bytes."""
    return render(
        DOC_TITLE,
        data.party_code,
        letterhead,
        _story(data, letterhead),
        printed_at=printed_at,
        subtitle=f"{data.party_name} – {data.party_code} – {_period_text(data, letterhead.locale)}",
    )
