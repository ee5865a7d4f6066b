"""« État du stock valorisé » at a date: per product and magasin, quantity in packaging units, CUMP, value.

Products are grouped by category (céréales, aliments bétail, autres intrants) with a subtotal per
category; a product held in several magasins gets one line per magasin and a total line. The grand
total is written in figures and in words, then signed by the storekeeper and the manager.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, TableStyle

from centre_app.domain.formatting import NBSP, display_symbol, format_date, format_date_long, format_money
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
from centre_app.printing.stock_docs import amounts_box, signed_on, stacked, words_sentence
from centre_app.printing.styles import GREY, HEADER_FILL, SMALL

__all__ = ["ValuationData", "ValuationProduct", "ValuationRow", "render_stock_valuation"]

DOC_TITLE = "ÉTAT DU STOCK VALORISÉ"


@dataclass(frozen=True)
class ValuationRow:
    """A product in one magasin."""

    warehouse: str
    quantity: str  # « 120 sacs de 50 kg (6 000 kg) »
    cost: int | None  # CUMP per ``ValuationProduct.cost_unit``; None when nothing is in stock
    value: int


@dataclass(frozen=True)
class ValuationProduct:
    category: str  # « Céréale », « Aliment bétail »
    name: str
    code: str
    cost_unit: str  # « sac de 50 kg »: the unit the CUMP is given for
    rows: tuple[ValuationRow, ...]  # one per magasin holding it
    quantity: str  # all those magasins together
    cost: int | None
    value: int


@dataclass(frozen=True)
class ValuationData:
    at_date: date  # end of that day
    warehouse_name: str  # « Tous les magasins » or the one magasin
    one_warehouse: bool  # a single magasin was asked for: no magasin column
    products: tuple[ValuationProduct, ...]  # sorted by category, then name
    total_value: int
    cost_per_warehouse: bool  # CUMP kept per magasin (else one CUMP per product, value shared)
    currency: str


def _cost(value: int | None, unit: str, data: ValuationData, locale: str) -> str:
    if value is None:
        return "—"
    return f"{format_money(value, data.currency, locale, symbol=False)}\nle {unit}"


def _table(data: ValuationData, locale: str) -> Flowable:
    def figure(value: int) -> str:
        return format_money(value, data.currency, locale, symbol=False)

    rows: list[list[str]] = []
    headings: list[int] = []
    totals: list[int] = []
    for category, group in groupby(data.products, key=lambda p: p.category):
        products = list(group)
        rows.append([category, "", "", "", ""])
        headings.append(len(rows))
        for p in products:
            name = f"{p.name}\n{p.code}"
            if len(p.rows) == 1 or data.one_warehouse:
                r = p.rows[0] if p.rows else ValuationRow("", p.quantity, p.cost, p.value)
                rows.append([name, r.warehouse, stacked(p.quantity), _cost(p.cost, p.cost_unit, data, locale),
                             figure(p.value)])  # fmt: skip
                continue
            for index, r in enumerate(p.rows):
                rows.append([name if index == 0 else "", r.warehouse, stacked(r.quantity),
                             _cost(r.cost, p.cost_unit, data, locale), figure(r.value)])  # fmt: skip
            rows.append([f"Total {p.name}", "", stacked(p.quantity), _cost(p.cost, p.cost_unit, data, locale),
                         figure(p.value)])  # fmt: skip
            totals.append(len(rows))
        rows.append([f"Total – {category}", "", "", "", figure(sum(p.value for p in products))])
        totals.append(len(rows))
    if data.one_warehouse:
        header = ["Produit", "Quantité en stock", "CUMP", "Valeur"]
        rows = [[r[0], r[2], r[3], r[4]] for r in rows]
        widths = [CONTENT_WIDTH - 44 * mm - 38 * mm - 30 * mm, 44 * mm, 38 * mm, 30 * mm]
        align = "LRRR"
    else:
        header = ["Produit", "Magasin", "Quantité en stock", "CUMP", "Valeur"]
        widths = [42 * mm, CONTENT_WIDTH - 42 * mm - 40 * mm - 32 * mm - 27 * mm, 40 * mm, 32 * mm, 27 * mm]
        align = "LLRRR"
    table = data_table(header, rows, widths, align=align)
    style: list[tuple[object, ...]] = []
    for i in headings:
        style += [("SPAN", (0, i), (-1, i)), ("BACKGROUND", (0, i), (-1, i), HEADER_FILL)]
    for i in totals:
        style += [("BACKGROUND", (0, i), (-1, i), HEADER_FILL), ("LINEABOVE", (0, i), (-1, i), 0.8, GREY)]
    table.setStyle(TableStyle(style))
    return table


def _story(data: ValuationData, letterhead: Letterhead, printed_at: datetime) -> list[Flowable]:
    locale = letterhead.locale
    scope = (
        "le coût moyen unitaire pondéré (CUMP) est tenu par magasin"
        if data.cost_per_warehouse
        else "le coût moyen unitaire pondéré (CUMP) est celui du produit pour tous les magasins ; la valeur est "
        "répartie entre magasins au prorata des quantités"
    )
    story: list[Flowable] = [
        para(
            f"Stock à la fin de la journée du {format_date(data.at_date, locale)} – {data.warehouse_name}. "
            f"Montants en {display_symbol(data.currency)}{NBSP}; {scope}.",
            SMALL,
        ),
        Spacer(1, 2 * mm),
    ]
    if data.products:
        story.append(_table(data, locale))
    else:
        story.append(section_heading("Aucun stock à cette date."))
    total = [(f"Valeur totale du stock au {format_date(data.at_date, locale)}",
              format_money(data.total_value, data.currency, locale))]  # fmt: skip
    story.append(
        signature_block(
            [SignatureSlot("Le magasinier"), SignatureSlot("Le gestionnaire")],
            box_height=22 * mm,
            before=signed_on(letterhead, printed_at.date()),
            lead=[
                Spacer(1, 4 * mm),
                amounts_box(total, 0, widths=(80 * mm, 40 * mm)),
                Spacer(1, 3 * mm),
                words_sentence("Arrêté le présent état", data.total_value, data.currency),
            ],
        )
    )
    return story


def render_stock_valuation(data: ValuationData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The état du stock valorisé as PDF bytes (A4, as many pages as needed); same input, same bytes."""
    subtitle = f"au {format_date_long(data.at_date, letterhead.locale)} – {data.warehouse_name}"
    return render(DOC_TITLE, "", letterhead, _story(data, letterhead, printed_at), printed_at=printed_at,
                  subtitle=subtitle)  # fmt: skip
