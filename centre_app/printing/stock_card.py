"""« Fiche de stock » of one product in one magasin (or all magasins) over a period, like the paper card.

Columns date, libellé (document number and party), entrée, sortie, stock after the line, and an empty
« Visa » column for the storekeeper's initials. The first line is the opening stock, the last the
period's totals. When the card runs over several pages the running stock is carried as on paper:
« À reporter » at the foot of a page, « Report de la page précédente » at the head of the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from centre_app.domain.formatting import NBSP, format_date, format_money
from centre_app.printing.base import (
    CONTENT_WIDTH,
    Letterhead,
    SignatureSlot,
    data_table,
    render,
    section_heading,
    signature_block,
)
from centre_app.printing.stock_docs import amounts_box, facts_table, signed_on, stacked
from centre_app.printing.styles import GREY, HEADER_FILL

__all__ = ["CarriedTable", "StockCardData", "StockCardRow", "render_stock_card"]

DOC_TITLE = "FICHE DE STOCK"
CARRIED_IN = "Report de la page précédente"
CARRIED_OUT = "À reporter"


@dataclass(frozen=True)
class StockCardRow:
    day: date
    label: str  # « Livraison BL-2026-00012 — DICKO Aïssata (CMD-2026-00010) »
    entry: str  # « 12 sacs de 50 kg (600 kg) », "" for an exit
    exit: str
    balance: str  # the stock after this line


@dataclass(frozen=True)
class StockCardData:
    product_name: str
    product_code: str
    category: str
    unit_note: str  # the unit the card counts in: « sac de 50 kg (50 kg) »
    warehouse_name: str  # « Tous les magasins » for the whole centre
    start: date
    end: date  # excluded: the card covers start <= day < end
    opening: str
    opening_value: int
    rows: tuple[StockCardRow, ...]
    total_in: str
    total_out: str
    closing: str
    closing_value: int
    closing_cost: str  # « 9 250 F CFA le sac de 50 kg » (CUMP), "" when nothing is in stock
    alert_threshold: str  # "" when the product has none
    currency: str


@dataclass(frozen=True)
class _Line:
    cells: tuple[str, ...]
    carry: str  # what is carried to the next page if the page ends after this line
    emphasised: bool = False


class CarriedTable(Flowable):
    """A list with a running balance carried across pages (« À reporter » / « Report »), header on each page.

    ``carry_column`` is where the balance sits; the carry lines write their wording in column 1. Each
    page is its own table, so every page shows the column titles, the balance brought forward at its
    head and the balance carried at its foot.
    """

    def __init__(
        self,
        header: Sequence[str],
        lines: Sequence[_Line],
        widths: Sequence[float],
        align: str,
        carry_column: int,
        carried_in: str | None = None,
        carried_out: str | None = None,
    ) -> None:
        super().__init__()
        self.header, self.lines, self.widths, self.align = tuple(header), tuple(lines), tuple(widths), align
        self.carry_column, self.carried_in, self.carried_out = carry_column, carried_in, carried_out
        self.table = self._build()

    def _carry(self, wording: str, balance: str) -> tuple[str, ...]:
        cells = [""] * len(self.header)
        cells[1], cells[self.carry_column] = wording, balance
        return tuple(cells)

    def _build(self) -> Table:
        body: list[tuple[str, ...]] = []
        marked: list[int] = []
        if self.carried_in is not None:
            body.append(self._carry(CARRIED_IN, self.carried_in))
            marked.append(len(body))
        for line in self.lines:
            body.append(line.cells)
            if line.emphasised:
                marked.append(len(body))
        if self.carried_out is not None:
            body.append(self._carry(CARRIED_OUT, self.carried_out))
            marked.append(len(body))
        table = data_table(self.header, body, self.widths, align=self.align)
        style: list[tuple[object, ...]] = [("BACKGROUND", (0, i), (-1, i), HEADER_FILL) for i in marked]
        style += [("LINEABOVE", (0, i), (-1, i), 0.8, GREY) for i in marked if i > 1]
        table.setStyle(TableStyle(style))
        return table

    def _part(self, lines: Sequence[_Line], carried_in: str | None, carried_out: str | None) -> CarriedTable:
        return CarriedTable(
            self.header, lines, self.widths, self.align, self.carry_column, carried_in=carried_in,
            carried_out=carried_out,
        )  # fmt: skip

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = self.table.wrap(aW, aH)
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        """As many lines as fit with the « À reporter » line under them; the rest starts with « Report »."""
        if len(self.lines) < 2:
            return []
        self.table.wrap(aW, aH)
        heights = list(self.table._rowHeights)  # header, [report], lines..., [à reporter]
        first = 2 if self.carried_in is not None else 1
        probe = self._part([], None, self.lines[0].carry)
        probe.wrap(aW, aH)
        used = sum(heights[:first]) + probe.table._rowHeights[-1]
        count = 0
        for height in heights[first : first + len(self.lines)]:
            if used + height > aH:
                break
            used += height
            count += 1
        count = min(count, len(self.lines) - 1)
        if count == 0:
            return []
        carried = self.lines[count - 1].carry
        return [
            self._part(self.lines[:count], self.carried_in, carried),
            self._part(self.lines[count:], carried, self.carried_out),
        ]

    def draw(self) -> None:
        self.table.drawOn(self.canv, 0, 0)


_HEADER = ("Date", "Libellé (pièce, tiers)", "Entrée", "Sortie", "Stock", "Visa")
_QUANTITY = 27 * mm
_WIDTHS = (21 * mm, CONTENT_WIDTH - 21 * mm - 3 * _QUANTITY - 13 * mm, _QUANTITY, _QUANTITY, _QUANTITY, 13 * mm)


def _last_day(data: StockCardData) -> date:
    return data.end - timedelta(days=1) if data.end > data.start else data.end


def _period(data: StockCardData, locale: str) -> str:
    return f"du {format_date(data.start, locale)} au {format_date(_last_day(data), locale)}"


def _story(data: StockCardData, letterhead: Letterhead, printed_at: datetime) -> list[Flowable]:
    locale = letterhead.locale
    facts: list[tuple[str, object]] = [
        ("Produit", f"{data.product_name} ({data.product_code})"),
        ("Magasin", data.warehouse_name),
        ("Catégorie", data.category),
        ("Période", _period(data, locale)),
        ("Unité de compte", data.unit_note),
        ("Seuil d’alerte", data.alert_threshold or "Aucun"),
    ]
    first, last = format_date(data.start, locale), format_date(_last_day(data), locale)
    lines = [_Line((first, "Stock au début de la période", "", "", stacked(data.opening), ""), data.opening, True)]
    for r in data.rows:
        # « Livraison BL-… — party (CMD-…) »: the document on one line, the party under it.
        label = r.label.replace(" — ", "\n", 1)
        cells = (format_date(r.day, locale), label, stacked(r.entry), stacked(r.exit), stacked(r.balance), "")
        lines.append(_Line(cells, r.balance))
    lines.append(
        _Line(("", "Totaux de la période", stacked(data.total_in), stacked(data.total_out), stacked(data.closing), ""),
              data.closing, True)
    )  # fmt: skip
    story: list[Flowable] = [
        facts_table(facts, (27 * mm, 24 * mm), 90 * mm),
        section_heading("Mouvements"),
        CarriedTable(_HEADER, lines, _WIDTHS, "LLRRRC", carry_column=4),
    ]  # fmt: skip
    if not data.rows:
        story.append(section_heading("Aucun mouvement sur la période."))

    def money(value: int) -> str:
        return format_money(value, data.currency, locale)

    summary = [
        (f"Stock au {first}", data.opening),
        ("Valeur d’ouverture", money(data.opening_value)),
        ("Total des entrées", data.total_in),
        ("Total des sorties", data.total_out),
        (f"Stock au {last}", data.closing),
        ("Valeur au coût moyen (CUMP)", money(data.closing_value)),
    ]
    if data.closing_cost:
        summary.append((f"Coût moyen unitaire{NBSP}(CUMP)", data.closing_cost))
    story.append(
        signature_block(
            [SignatureSlot("Le magasinier", "Visa"), SignatureSlot("Le gestionnaire", "Visa")],
            box_height=20 * mm,
            before=signed_on(letterhead, printed_at.date()),
            lead=[Spacer(1, 4 * mm), amounts_box(summary, 4, widths=(62 * mm, 70 * mm))],
        )
    )
    return story


def render_stock_card(data: StockCardData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The fiche de stock as PDF bytes (A4, as many pages as needed); same input, same bytes."""
    subtitle = f"{data.product_name} – {data.warehouse_name} – {_period(data, letterhead.locale)}"
    return render(DOC_TITLE, data.product_code, letterhead, _story(data, letterhead, printed_at),
                  printed_at=printed_at, subtitle=subtitle)  # fmt: skip
