"""« Feuille d'inventaire »: the count sheet of one magasin.

One line per product: the theoretical stock at opening, the quantity counted (printed when it was
entered, else a blank cell tall enough to write in) and the difference. A blind count sheet
(« comptage à l'aveugle ») hides the theoretical stock and the difference so the counters are not
led by them. An abandoned inventory keeps its number and prints « ANNULÉ » like a receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, TableStyle

from centre_app.domain.formatting import NBSP, format_date, format_datetime
from centre_app.printing.base import (
    CONTENT_WIDTH,
    Letterhead,
    SignatureSlot,
    data_table,
    para,
    render,
    section_heading,
    signature_block,
)
from centre_app.printing.stock_docs import (
    Cancellation,
    cancel_banner,
    facts_table,
    lines_grid,
    signed_on,
    stacked,
    stamp_factory,
)
from centre_app.printing.styles import BODY, SMALL

__all__ = ["InventorySheetData", "InventorySheetLine", "render_inventory_sheet"]

DOC_TITLE = "FEUILLE D’INVENTAIRE"


@dataclass(frozen=True)
class InventorySheetLine:
    product: str
    product_code: str
    theoretical: str  # « 120 sacs de 50 kg (6 000 kg) »
    counted: str  # "" while not counted: a blank to fill by hand
    difference: str  # counted − theoretical, "" while not counted
    has_difference: bool
    counted_by: str


@dataclass(frozen=True)
class InventorySheetData:
    number: str
    warehouse_name: str
    business_date: date  # day of the count
    state_label: str  # « En cours de comptage », « Validé », « Abandonné »
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None
    closed_by: str
    validated: bool
    note: str
    lines: tuple[InventorySheetLine, ...]
    blind: bool  # hide the theoretical stock and the differences
    cancellation: Cancellation | None = None  # an abandoned inventory


def _rows(data: InventorySheetData) -> tuple[list[str], list[list[str]], list[float], str]:
    if data.blind:
        header = ["N°", "Produit", "Quantité comptée", "Remarques"]
        widths = [8 * mm, 60 * mm, 50 * mm, CONTENT_WIDTH - 118 * mm]
        rows = [[str(i), f"{x.product}\n{x.product_code}", stacked(x.counted), ""] for i, x in enumerate(data.lines, 1)]
        return header, rows, widths, "CLRL"
    header = ["N°", "Produit", "Stock théorique", "Quantité comptée", "Écart", "Remarques"]
    widths = [8 * mm, 33 * mm, 39 * mm, 39 * mm, 34 * mm, CONTENT_WIDTH - 153 * mm]
    rows = [
        [str(i), f"{x.product}\n{x.product_code}", stacked(x.theoretical), stacked(x.counted), stacked(x.difference),
         ""]
        for i, x in enumerate(data.lines, 1)
    ]  # fmt: skip
    return header, rows, widths, "CLRRRL"


def _story(data: InventorySheetData, letterhead: Letterhead, printed_at: datetime) -> list[Flowable]:
    locale = letterhead.locale
    story: list[Flowable] = cancel_banner(data.cancellation, locale)
    stamp = stamp_factory(data.cancellation is not None)
    opened = f"{data.opened_by}, le {format_datetime(data.opened_at, locale)}"
    closed = f"{data.closed_by}, le {format_datetime(data.closed_at, locale)}" if data.closed_at else "—"
    facts: list[tuple[str, object]] = [
        ("Magasin", data.warehouse_name),
        ("Date du comptage", format_date(data.business_date, locale)),
        ("Ouvert par", opened),
        ("État", data.state_label),
        ("Clôturé par", closed),
        ("Comptage", "À l’aveugle" if data.blind else "Stock théorique affiché"),
    ]
    story += [
        facts_table(facts, (26 * mm, 32 * mm), 94 * mm),
        *stamp(60 * mm),
        section_heading("Produits à compter"),
    ]  # fmt: skip
    header, rows, widths, align = _rows(data)
    table = (
        lines_grid(header, rows, widths, align) if data.cancellation else data_table(header, rows, widths, align=align)
    )
    # Room to write a count by hand on the lines not counted yet.
    blanks = [i for i, x in enumerate(data.lines, 1) if not x.counted]
    pad = [("TOPPADDING", (0, i), (-1, i), 7) for i in blanks] + [("BOTTOMPADDING", (0, i), (-1, i), 7) for i in blanks]
    if pad:
        table.setStyle(TableStyle(pad))
    story += [table, *stamp(10 * mm)]
    counted = sum(1 for x in data.lines if x.counted)
    summary = f"Produits comptés{NBSP}: {counted} sur {len(data.lines)}"
    if not data.blind:
        gaps = sum(1 for x in data.lines if x.has_difference)
        summary += f"{NBSP}; produits avec un écart{NBSP}: {gaps}"
    story += [Spacer(1, 2 * mm), para(summary + ".", SMALL)]
    if data.note.strip():
        story += [Spacer(1, 1 * mm), para(f"Observations{NBSP}: {data.note.strip()}", SMALL)]
    if data.validated:
        closing = (
            "Inventaire validé : chaque écart a été enregistré en « ajustement d’inventaire » ; "
            "les quantités comptées sont désormais le stock du magasin."
        )
    else:
        closing = "Quantités comptées sur place, produit par produit, par les soussignés."
    story.append(
        signature_block(
            [SignatureSlot("Compté par", "Nom et signature"), SignatureSlot("Le magasinier", "Nom et signature"),
             SignatureSlot("Le gestionnaire", "Visa")],
            box_height=22 * mm,
            before=signed_on(letterhead, data.business_date),
            lead=[Spacer(1, 2 * mm), *stamp(45 * mm), para(closing, BODY)],
        )
    )  # fmt: skip
    return story


def render_inventory_sheet(data: InventorySheetData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The feuille d'inventaire as PDF bytes (A4, as many pages as needed); same input, same bytes."""
    subtitle = f"N°{NBSP}{data.number} – {data.warehouse_name} – {format_date(data.business_date, letterhead.locale)}"
    return render(DOC_TITLE, data.number, letterhead, _story(data, letterhead, printed_at), printed_at=printed_at,
                  subtitle=subtitle)  # fmt: skip
