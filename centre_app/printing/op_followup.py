"""« Rapport trimestriel de suivi » of an OP contract: obligations of both parties (state at the end of the
quarter), performance indicators (value of the quarter, cumulative, achievement of the target), the
payments due up to the end of the quarter, the quarter's incidents, a box for observations and the
signatures of both parties."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from centre_app.domain.formatting import format_date, format_money, format_number
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
from centre_app.printing.styles import GREY

__all__ = ["FollowUpData", "FollowUpIndicator", "FollowUpObligation", "FollowUpPayment", "render_op_followup"]

DOC_TITLE = "Rapport trimestriel de suivi"


@dataclass(frozen=True)
class FollowUpObligation:
    side_label: str
    deliverable: str
    quantity: str
    due_date: date | None
    state_label: str  # at the end of the quarter
    done_on: date | None
    notes: str


@dataclass(frozen=True)
class FollowUpIndicator:
    name: str
    unit: str
    target: Decimal
    quarter_value: Decimal | None
    cumulative: Decimal | None  # sum of the quarters so far (a rate in %: its latest value)
    achievement: Decimal | None  # cumulative / target, in percent


@dataclass(frozen=True)
class FollowUpPayment:
    due_date: date
    label: str
    amount: int
    paid: int  # by receipts dated before the end of the quarter
    state_label: str


@dataclass(frozen=True)
class FollowUpData:
    number: str
    op_name: str
    service_label: str
    state_label: str
    effect_date: date
    end_date: date
    quarter_label: str  # « 2e trimestre 2026 »
    start: date
    last_day: date
    as_of: date  # states are those of this day: the end of the quarter, or today if it is not over
    obligations: tuple[FollowUpObligation, ...]
    indicators: tuple[FollowUpIndicator, ...]
    payments: tuple[FollowUpPayment, ...]
    incidents: tuple[tuple[date, str, str, str], ...]  # (date, kind, description, action taken)
    signatories: tuple[tuple[str, str, str], ...]
    currency: str = "XOF"


def _number(value: Decimal | None, suffix: str = "") -> str:
    return "—" if value is None else f"{format_number(value)}{suffix}"


def _observations_box() -> Table:
    box = Table([[para("Observations, difficultés et mesures correctives convenues :", SMALL)]],
                colWidths=[CONTENT_WIDTH], rowHeights=[26 * mm])  # fmt: skip
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, GREY), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return box


def _story(data: FollowUpData, letterhead: Letterhead) -> list[Flowable]:
    loc, cur = letterhead.locale, data.currency
    period = f"du {format_date(data.start, loc)} au {format_date(data.last_day, loc)}"
    story: list[Flowable] = [
        key_value_table(
            [
                ("Organisation", data.op_name),
                ("Prestation", data.service_label),
                ("Contrat", f"{data.number} ({data.state_label})"),
                ("En vigueur", f"du {format_date(data.effect_date, loc)} au {format_date(data.end_date, loc)}"),
                ("Trimestre", f"{data.quarter_label}, {period}"),
            ],
            columns=1,
            label_width=30 * mm,
        ),
        section_heading("1. Obligations des parties"),
    ]
    if data.obligations:
        rows = [
            (o.side_label, o.deliverable + (f"\n{o.notes}" if o.notes else ""), o.quantity or "—",
             format_date(o.due_date, loc) if o.due_date else "—", o.state_label,
             format_date(o.done_on, loc) if o.done_on else "—")
            for o in data.obligations
        ]  # fmt: skip
        widths = (16 * mm, CONTENT_WIDTH - 116 * mm, 30 * mm, 22 * mm, 24 * mm, 24 * mm)
        story.append(data_table(("Partie", "Livrable", "Quantité", "Échéance", "État", "Réalisé le"), rows, widths,
                                align="LLRCCC"))  # fmt: skip
    else:
        story.append(para("Aucune obligation."))
    story.append(section_heading("2. Indicateurs de performance"))
    if data.indicators:
        rows = [
            (i.name, i.unit, _number(i.target), _number(i.quarter_value), _number(i.cumulative),
             _number(i.achievement, " %"))
            for i in data.indicators
        ]  # fmt: skip
        widths = (CONTENT_WIDTH - 118 * mm, 26 * mm, 22 * mm, 24 * mm, 24 * mm, 22 * mm)
        story.append(data_table(("Indicateur", "Unité", "Objectif", "Trimestre", "Cumul", "Réalisé"), rows, widths,
                                align="LLRRRR"))  # fmt: skip
        story.append(Spacer(1, 1 * mm))
        story.append(para("Cumul : total des trimestres mesurés depuis la prise d’effet (pour un taux en %, la "
                          "dernière valeur mesurée) ; réalisé : cumul rapporté à l’objectif.", SMALL))  # fmt: skip
    else:
        story.append(para("Aucun indicateur."))
    situation = f" (situation au {format_date(data.as_of, loc)})" if data.as_of != data.last_day else ""
    story.append(section_heading(f"3. Paiements dus jusqu’au {format_date(data.last_day, loc)}{situation}"))
    if data.payments:
        rows = [
            (format_date(p.due_date, loc), p.label or "Échéance", format_money(p.amount, cur, loc),
             format_money(p.paid, cur, loc), format_money(p.amount - p.paid, cur, loc), p.state_label)
            for p in data.payments
        ]  # fmt: skip
        widths = (22 * mm, CONTENT_WIDTH - 122 * mm, 26 * mm, 26 * mm, 26 * mm, 22 * mm)
        story.append(data_table(("Échéance", "Objet", "Montant", "Payé", "Reste", "État"), rows, widths,
                                align="CLRRRC"))  # fmt: skip
    else:
        story.append(para("Aucune échéance avant la fin du trimestre."))
    story.append(section_heading("4. Incidents du trimestre"))
    if data.incidents:
        rows = [(format_date(d, loc), kind, text, action or "—") for d, kind, text, action in data.incidents]
        widths = (22 * mm, 34 * mm, (CONTENT_WIDTH - 56 * mm) / 2, (CONTENT_WIDTH - 56 * mm) / 2)
        story.append(data_table(("Date", "Type", "Description", "Suite donnée"), rows, widths))
    else:
        story.append(para("Aucun incident signalé."))

    def caption(side: str) -> str:
        return "\n".join(f"{n}, {c}" if c else n for s, n, c in data.signatories if s == side) or "Nom, qualité"

    # The observations and the signatures under them stay on one page.
    story.append(
        signature_block(
            [
                SignatureSlot("Pour le Centre", caption("centre")),
                SignatureSlot("Pour l’OP", caption("op")),
                SignatureSlot("Empreinte", "(à défaut de signature)", thumbprint=True),
            ],
            box_height=24 * mm,
            lead=[section_heading("5. Observations"), _observations_box()],
        )
    )
    return story


def render_op_followup(data: FollowUpData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    return render(DOC_TITLE, data.number, letterhead, _story(data, letterhead), printed_at=printed_at,
                  subtitle=f"Contrat n° {data.number} – {data.quarter_label}")  # fmt: skip
