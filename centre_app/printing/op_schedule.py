"""« Échéancier de paiement » of an OP contract: each dated payment (contract and avenants), what receipts
paid on it, what remains, and which are late at the date of printing; totals, then the OP's acknowledgement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from centre_app.domain.formatting import format_date, format_money
from centre_app.printing.base import (
    CONTENT_WIDTH,
    SMALL,
    Letterhead,
    SignatureSlot,
    data_table,
    key_value_table,
    para,
    render,
    section_heading,
    signature_block,
)

__all__ = ["ScheduleLinePrint", "SchedulePrintData", "render_op_schedule"]

DOC_TITLE = "Échéancier de paiement"


@dataclass(frozen=True)
class ScheduleLinePrint:
    position: int
    source_number: str  # the contract or avenant the line belongs to
    due_date: date
    label: str
    amount: int
    paid: int
    remaining: int
    state_label: str  # « Payée », « En retard »…
    receipts: tuple[str, ...]


@dataclass(frozen=True)
class SchedulePrintData:
    number: str
    op_name: str
    object: str
    state_label: str
    effect_date: date
    end_date: date
    as_of: date
    lines: tuple[ScheduleLinePrint, ...]
    late_amount: int
    currency: str = "XOF"


def _story(data: SchedulePrintData, letterhead: Letterhead) -> list[Flowable]:
    loc, cur = letterhead.locale, data.currency

    def money(v: int) -> str:
        return format_money(v, cur, loc)

    total = sum(x.amount for x in data.lines)
    paid = sum(x.paid for x in data.lines)
    story: list[Flowable] = [
        key_value_table(
            [
                ("Organisation", data.op_name),
                ("Contrat", f"{data.number} ({data.state_label})"),
                ("Objet", data.object),
                ("Période", f"du {format_date(data.effect_date, loc)} au {format_date(data.end_date, loc)}"),
            ],
            columns=1,
            label_width=30 * mm,
        ),
        section_heading(f"Situation au {format_date(data.as_of, loc)}"),
    ]
    rows = []
    for i, x in enumerate(data.lines, start=1):
        what = [x.label or "Échéance"]
        if x.source_number != data.number:
            what.append(f"({x.source_number})")
        if x.receipts:
            what.append("Reçu(s) : " + ", ".join(x.receipts))
        rows.append((str(i), format_date(x.due_date, loc), "\n".join(what), money(x.amount), money(x.paid),
                     money(x.remaining), x.state_label))  # fmt: skip
    rows.append(("", "", "Total", money(total), money(paid), money(total - paid), ""))
    widths = (8 * mm, 22 * mm, CONTENT_WIDTH - 126 * mm, 25 * mm, 25 * mm, 25 * mm, 21 * mm)
    story.append(data_table(("N°", "Échéance", "Objet et reçus", "Montant", "Payé", "Reste", "État"), rows, widths,
                            align="CCLRRRC"))  # fmt: skip
    story.append(Spacer(1, 2 * mm))
    story.append(para(f"Montant en retard au {format_date(data.as_of, loc)} : {money(data.late_amount)}", bold=True))
    story.append(para("Chaque paiement est fait à la caisse du centre contre un reçu numéroté.", SMALL))
    story.append(
        signature_block(
            [
                SignatureSlot("Pour le Centre", "Nom, signature et cachet"),
                SignatureSlot("Pour l’OP", "Nom et signature"),
                SignatureSlot("Empreinte", "(à défaut de signature)", thumbprint=True),
            ],
            box_height=24 * mm,
        )
    )
    return story


def render_op_schedule(data: SchedulePrintData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    return render(DOC_TITLE, data.number, letterhead, _story(data, letterhead), printed_at=printed_at,
                  subtitle=f"Contrat n° {data.number} – {data.op_name}")  # fmt: skip
