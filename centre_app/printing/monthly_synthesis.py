"""« Synthèse mensuelle » for managers (PRODUCT.md §9.1): key figures against the previous month and the same
month a year before, sales by activity over twelve months (bar chart), livestock sold by species, cereal and
feed sold and bought, stock at the month's end, receipts by means (pie), debts with ageing, orders
outstanding and OP contracts — A4, a pure function of :class:`SynthesisData` (same input, same bytes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from babel.dates import format_date as babel_format_date
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from centre_app.domain.formatting import NBSP, display_symbol, format_date, format_money, format_month, format_number
from centre_app.domain.money import round_half_up
from centre_app.printing.base import CONTENT_WIDTH, FONT, Letterhead, data_table, para, render, section_heading
from centre_app.printing.styles import GREY, HEADER_FILL, SMALL, safe_text

__all__ = [
    "DebtLine",
    "ExtraTable",
    "FlowLine",
    "KeyFigure",
    "LivestockLine",
    "MeansLine",
    "MonthBar",
    "OpLine",
    "OutstandingLine",
    "StockLine",
    "SynthesisData",
    "render_monthly_synthesis",
]

DOC_TITLE = "Synthèse mensuelle"
TOP_PRODUCTS = 8
TOP_DEBTORS = 12
TOP_ORDERS = 8
TOP_OP = 10
PALETTE = [colors.HexColor(c) for c in ("#2563EB", "#F59E0B", "#10B981", "#EF4444", "#8B5CF6", "#0EA5E9",
                                        "#84CC16", "#EC4899", "#6B7280")]  # fmt: skip


@dataclass(frozen=True)
class KeyFigure:
    label: str
    values: tuple[int, int, int] | None  # this month, previous month, same month last year; None: a heading row
    total: bool = False  # printed in bold


@dataclass(frozen=True)
class MonthBar:
    month: date  # first day
    amounts: tuple[int, ...]  # one per ``SynthesisData.activities``


@dataclass(frozen=True)
class LivestockLine:
    species: str
    heads: int
    gross: int
    commission: int
    margin: int  # achat-revente: sale − cost


@dataclass(frozen=True)
class FlowLine:
    name: str
    detail: str  # category (sales) or origin (purchases: achat / don…)
    quantity: Decimal  # base unit
    unit: str  # « kg »
    amount: int


@dataclass(frozen=True)
class StockLine:
    name: str
    category: str
    quantity: str  # « 46,74 sacs de 50 kg (2 337 kg) »
    cump: int | None
    cump_unit: str
    value: int


@dataclass(frozen=True)
class MeansLine:
    label: str
    count: int
    received: int
    paid_out: int


@dataclass(frozen=True)
class DebtLine:
    name: str
    code: str
    buckets: tuple[int, int, int, int]  # 0-30, 31-60, 61-90, >90 days
    total: int


@dataclass(frozen=True)
class OutstandingLine:
    number: str
    day: date
    party: str
    product: str
    remaining: str  # quantity with its unit
    amount: int


@dataclass(frozen=True)
class OpLine:
    number: str
    op_name: str
    detail: str  # service, deliverable or schedule label
    day: date | None
    amount: int | None
    state: str


@dataclass(frozen=True)
class ExtraTable:
    """A module's own table (``monthly_report.SHEET_SOURCES``): kinds text / money / integer / quantity / date."""

    title: str
    columns: tuple[tuple[str, str], ...]  # (title, kind)
    rows: tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class SynthesisData:
    month: date  # first day
    last_day: date
    currency: str
    locale: str
    chart_divisor: int  # minor units per thousand of the currency: the chart is in thousands
    locked: bool
    key_figures: tuple[KeyFigure, ...]
    activities: tuple[str, ...]
    bars: tuple[MonthBar, ...]  # twelve months, oldest first
    livestock: tuple[LivestockLine, ...]
    sold: tuple[FlowLine, ...]
    bought: tuple[FlowLine, ...]
    stock: tuple[StockLine, ...]
    receipts: tuple[MeansLine, ...]
    debts: tuple[DebtLine, ...]  # largest first
    outstanding: tuple[OutstandingLine, ...]
    op_in_force: int  # contracts in force during the month
    op_as_of: date  # the day late obligations and payments are judged on (the print date)
    op_expiring: tuple[OpLine, ...]  # end within 60 days after the month
    op_obligations: tuple[OpLine, ...]  # late
    op_late_payments: tuple[OpLine, ...]
    extra: tuple[ExtraTable, ...] = ()

    @property
    def receipts_total(self) -> int:
        return sum(m.received for m in self.receipts)


class _Fmt:
    def __init__(self, data: SynthesisData) -> None:
        self.data = data

    def money(self, value: int | None) -> str:
        return "—" if value is None else format_money(value, self.data.currency, self.data.locale, symbol=False)

    def money_cfa(self, value: int) -> str:
        return format_money(value, self.data.currency, self.data.locale)

    def number(self, value: int | Decimal) -> str:
        return format_number(value, self.data.locale)

    def day(self, value: date | None) -> str:
        return format_date(value, self.data.locale) if value else "—"


def _short_month(d: date, locale: str) -> str:
    return safe_text(babel_format_date(d, "MMM yy", locale=locale))


def _style_rows(table: Table, bold_rows: Sequence[int], heading_rows: Sequence[int] = ()) -> Table:
    style: list[tuple[object, ...]] = []
    for i in bold_rows:
        style += [("BACKGROUND", (0, i), (-1, i), HEADER_FILL), ("LINEABOVE", (0, i), (-1, i), 0.8, GREY)]
    for i in heading_rows:
        style += [("SPAN", (0, i), (-1, i)), ("BACKGROUND", (0, i), (-1, i), HEADER_FILL)]
    table.setStyle(TableStyle(style))
    return table


def _key_figures(data: SynthesisData, f: _Fmt) -> Flowable:
    loc = data.locale
    prev_month = date(data.month.year - (data.month.month == 1), (data.month.month - 2) % 12 + 1, 1)
    header = ["", format_month(data.month, loc), format_month(prev_month, loc),
              format_month(data.month.replace(year=data.month.year - 1), loc)]  # fmt: skip
    rows: list[list[str]] = []
    bold: list[int] = []
    headings: list[int] = []
    for k in data.key_figures:
        if k.values is None:
            rows.append([k.label, "", "", ""])
            headings.append(len(rows))
            continue
        rows.append([k.label, *(f.money(v) for v in k.values)])
        if k.total:
            bold.append(len(rows))
    widths = [CONTENT_WIDTH - 3 * 36 * mm, 36 * mm, 36 * mm, 36 * mm]
    return _style_rows(data_table(header, rows, widths, align="LRRR"), bold, headings)


def _bar_chart(data: SynthesisData) -> Drawing:
    width, height = CONTENT_WIDTH, 72 * mm
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 20 * mm, 14 * mm, width - 24 * mm, height - 19 * mm
    series = [
        [int(round_half_up(Fraction(b.amounts[i], data.chart_divisor))) for b in data.bars]
        for i in range(len(data.activities))
    ] or [[0 for _ in data.bars]]
    chart.data = series
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [_short_month(b.month, data.locale) for b in data.bars]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: safe_text(format_number(int(v), data.locale))
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E5E7EB")
    chart.barSpacing = 0
    chart.groupSpacing = 6
    chart.bars.strokeWidth = 0
    for i in range(len(series)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
    drawing.add(chart)
    unit = safe_text(f"en milliers de {display_symbol(data.currency)}")
    drawing.add(String(0, height - 6, unit, fontName=FONT, fontSize=7, fillColor=GREY))
    if data.activities:
        legend = Legend()
        legend.x, legend.y = 20 * mm, 5 * mm
        legend.fontName, legend.fontSize = FONT, 7.5
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.dx = legend.dy = 7
        legend.deltax = 10
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], safe_text(a)) for i, a in enumerate(data.activities)]
        drawing.add(legend)
    return drawing


def _percent(part: int, total: int) -> str:
    share = round_half_up(Fraction(100 * part, total))
    return f"<{NBSP}1{NBSP}%" if share == 0 and part else f"{share}{NBSP}%"


def _pie(data: SynthesisData) -> Drawing | None:
    parts = [(m.label, m.received) for m in data.receipts if m.received > 0]
    if not parts:
        return None
    size = 34 * mm
    drawing = Drawing(66 * mm, size + 4 * mm)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 2 * mm, 2 * mm, size, size
    pie.data = [v for _l, v in parts]
    pie.labels = None
    pie.slices.strokeWidth = 0.5
    pie.slices.strokeColor = colors.white
    for i in range(len(parts)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    drawing.add(pie)
    total = sum(v for _l, v in parts)
    legend = Legend()
    legend.x, legend.y = size + 6 * mm, size
    legend.fontName, legend.fontSize = FONT, 7
    legend.alignment = "right"
    legend.columnMaximum = len(parts)
    legend.dx = legend.dy = 6
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)], safe_text(f"{label} {_percent(v, total)}")) for i, (label, v) in enumerate(parts)
    ]
    drawing.add(legend)
    return drawing


def _livestock(data: SynthesisData, f: _Fmt) -> list[Flowable]:
    if not data.livestock:
        return [para("Aucun contrat de bétail conclu dans le mois.", SMALL)]
    rows = [[x.species, f.number(x.heads), f.money(x.gross), f.money(x.commission), f.money(x.margin)]
            for x in data.livestock]  # fmt: skip
    t = [sum(getattr(x, k) for x in data.livestock) for k in ("heads", "gross", "commission", "margin")]
    rows.append(["Total", f.number(t[0]), f.money(t[1]), f.money(t[2]), f.money(t[3])])
    header = ["Espèce", "Têtes", "Valeur brute", "Commissions", "Marge achat-revente"]
    widths = [CONTENT_WIDTH - 4 * 33 * mm, 33 * mm, 33 * mm, 33 * mm, 33 * mm]
    return [_style_rows(data_table(header, rows, widths, align="LRRRR"), [len(rows)])]


def _flows(lines: Sequence[FlowLine], f: _Fmt, detail: str, empty: str) -> list[Flowable]:
    if not lines:
        return [para(empty, SMALL)]
    ordered = sorted(lines, key=lambda x: (-x.amount, x.name))
    rows = [[x.name, x.detail, f"{f.number(x.quantity)}{NBSP}{x.unit}", f.money(x.amount)]
            for x in ordered[:TOP_PRODUCTS]]  # fmt: skip
    rest = ordered[TOP_PRODUCTS:]
    if rest:
        rows.append([f"Autres ({len(rest)} lignes)", "", "", f.money(sum(x.amount for x in rest))])
    rows.append(["Total", "", "", f.money(sum(x.amount for x in lines))])
    widths = [CONTENT_WIDTH - 34 * mm - 40 * mm - 32 * mm, 34 * mm, 40 * mm, 32 * mm]
    return [_style_rows(data_table(["Produit", detail, "Quantité", "Montant"], rows, widths, align="LLRR"),
                        [len(rows)])]  # fmt: skip


def _stock(data: SynthesisData, f: _Fmt) -> list[Flowable]:
    if not data.stock:
        return [para("Aucun stock en fin de mois.", SMALL)]
    rows = [[x.name, x.quantity, f"{f.money(x.cump)}\nle {x.cump_unit}" if x.cump is not None else "—",
             f.money(x.value)] for x in data.stock]  # fmt: skip
    rows.append(["Valeur totale du stock", "", "", f.money(sum(x.value for x in data.stock))])
    widths = [CONTENT_WIDTH - 62 * mm - 32 * mm - 28 * mm, 62 * mm, 32 * mm, 28 * mm]
    return [_style_rows(data_table(["Produit", "Quantité", "CUMP", "Valeur"], rows, widths, align="LRRR"),
                        [len(rows)])]  # fmt: skip


def _receipts(data: SynthesisData, f: _Fmt) -> list[Flowable]:
    if not data.receipts:
        return [para("Aucun encaissement ni décaissement dans le mois.", SMALL)]
    rows = [[m.label, f.number(m.count), f.money(m.received), f.money(m.paid_out)] for m in data.receipts]
    rows.append(["Total", f.number(sum(m.count for m in data.receipts)), f.money(data.receipts_total),
                 f.money(sum(m.paid_out for m in data.receipts))])  # fmt: skip
    widths = [34 * mm, 16 * mm, 28 * mm, 28 * mm]
    table = _style_rows(data_table(["Moyen", "Pièces", "Encaissé", "Décaissé"], rows, widths, align="LRRR"),
                        [len(rows)])  # fmt: skip
    pie = _pie(data)
    if pie is None:
        return [table]
    side = Table([[table, pie]], colWidths=[sum(widths) + 4 * mm, CONTENT_WIDTH - sum(widths) - 4 * mm],
                 hAlign="LEFT")  # fmt: skip
    side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return [side]


def _debts(data: SynthesisData, f: _Fmt) -> list[Flowable]:
    if not data.debts:
        return [para("Aucune créance client en fin de mois.", SMALL)]
    rows = [[x.name, *(f.money(b) for b in x.buckets), f.money(x.total)]
            for x in data.debts[:TOP_DEBTORS]]  # fmt: skip
    rest = data.debts[TOP_DEBTORS:]
    if rest:
        rows.append([f"Autres clients ({len(rest)})", *(f.money(sum(x.buckets[i] for x in rest)) for i in range(4)),
                     f.money(sum(x.total for x in rest))])  # fmt: skip
    rows.append(["Total", *(f.money(sum(x.buckets[i] for x in data.debts)) for i in range(4)),
                 f.money(sum(x.total for x in data.debts))])  # fmt: skip
    header = ["Client", "0–30 j", "31–60 j", "61–90 j", "> 90 j", "Total"]
    widths = [CONTENT_WIDTH - 5 * 21 * mm, *(21 * mm,) * 5]
    return [_style_rows(data_table(header, rows, widths, align="LRRRRR"), [len(rows)])]


def _outstanding(data: SynthesisData, f: _Fmt) -> list[Flowable]:
    if not data.outstanding:
        return [para("Aucune commande en attente de livraison en fin de mois.", SMALL)]
    ordered = sorted(data.outstanding, key=lambda x: (-x.amount, x.day, x.number))
    rows = [[f"{x.number}\n{f.day(x.day)}", x.party, x.product, x.remaining, f.money(x.amount)]
            for x in ordered[:TOP_ORDERS]]  # fmt: skip
    rest = ordered[TOP_ORDERS:]
    if rest:
        rows.append([f"Autres ({len(rest)})", "", "", "", f.money(sum(x.amount for x in rest))])
    rows.append(["Total", "", "", "", f.money(sum(x.amount for x in data.outstanding))])
    widths = [30 * mm, CONTENT_WIDTH - 30 * mm - 40 * mm - 34 * mm - 26 * mm, 40 * mm, 34 * mm, 26 * mm]
    header = ["Commande", "Client", "Produit", "Reste à livrer", "Montant"]
    return [_style_rows(data_table(header, rows, widths, align="LLLRR"), [len(rows)])]


def _op_table(title: str, lines: Sequence[OpLine], f: _Fmt, detail: str, day: str, empty: str) -> list[Flowable]:
    """A sub-heading and its table; the « Montant » column only when some line has an amount."""
    head: list[Flowable] = [CondPageBreak(30 * mm), Spacer(1, 2 * mm), para(title, bold=True)]
    if not lines:
        return [*head, para(empty, SMALL)]
    amounts = any(x.amount is not None for x in lines)
    rows = [[x.number, x.op_name, x.detail, f.day(x.day), *([f.money(x.amount)] if amounts else []), x.state]
            for x in lines[:TOP_OP]]  # fmt: skip
    if len(lines) > TOP_OP:
        rows.append([f"… et {len(lines) - TOP_OP} autres", *[""] * (len(rows[0]) - 1)])
    fixed = [30 * mm, 40 * mm, 22 * mm, *([24 * mm] if amounts else []), 26 * mm]
    widths = [*fixed[:2], CONTENT_WIDTH - sum(fixed), *fixed[2:]]
    header = ["Contrat", "OP", detail, day, *(["Montant"] if amounts else []), "État"]
    return [*head, data_table(header, rows, widths, align="LLLR" + ("R" if amounts else "") + "L")]


def _cell(value: object, kind: str, f: _Fmt) -> str:
    if value is None:
        return ""
    if kind == "money" and isinstance(value, int):
        return f.money(value)
    if kind in ("integer", "quantity") and isinstance(value, (int, Decimal)):
        return f.number(value)
    if kind == "date" and isinstance(value, date):
        return f.day(value)
    return str(value)


def _extra(table: ExtraTable, f: _Fmt) -> list[Flowable]:
    if not table.rows:
        return [section_heading(table.title), para("Rien à signaler dans le mois.", SMALL)]
    n = len(table.columns)
    header = [title for title, _k in table.columns]
    align = "".join("R" if k in ("money", "integer", "quantity") else "L" for _t, k in table.columns)
    rows = [[_cell(v, k, f) for v, (_t, k) in zip(row, table.columns, strict=True)] for row in table.rows]
    return [section_heading(table.title), data_table(header, rows, [CONTENT_WIDTH / n] * n, align=align)]


def _section(title: str, body: list[Flowable], room: float = 45 * mm) -> list[Flowable]:
    """A heading kept with the start of its table (never alone at the foot of a page)."""
    return [CondPageBreak(room), section_heading(title), *body]


def _story(data: SynthesisData) -> list[Flowable]:
    f = _Fmt(data)
    loc = data.locale
    note = (f"Montants en "
            f"{display_symbol(data.currency)}{NBSP}; ventes au prix de la commande à la livraison, commissions "
            "bétail à la conclusion du contrat, positions (stock, créances, commandes) au soir du dernier "
            "jour.")  # fmt: skip
    if data.locked:
        note += " Mois verrouillé."
    story: list[Flowable] = [para(note, SMALL), Spacer(1, 2 * mm)]
    story += [section_heading("Chiffres clés"), _key_figures(data, f)]
    story += [KeepTogether([section_heading("Ventes par activité sur douze mois"), _bar_chart(data)])]
    story += _section("Bétail vendu par espèce", _livestock(data, f))
    story += _section("Céréales et aliments vendus (principaux produits)",
                      _flows(data.sold, f, "Catégorie", "Aucune vente livrée dans le mois."))  # fmt: skip
    story += _section("Céréales et aliments achetés ou reçus (principaux produits)",
                      _flows(data.bought, f, "Origine", "Aucune réception dans le mois."))  # fmt: skip
    story += _section(f"Stock au {format_date(data.last_day, loc)} (valeur au CUMP)", _stock(data, f))
    story += _section("Encaissements et décaissements par moyen de paiement", _receipts(data, f), 60 * mm)
    story += _section("Créances clients par ancienneté", _debts(data, f))
    story += _section("Commandes restant à livrer", _outstanding(data, f))
    op_intro = (f"{data.op_in_force} contrat(s) OP en vigueur dans le mois. Obligations et échéances jugées au "
                f"{format_date(data.op_as_of, loc)}.")  # fmt: skip
    story += _section("Contrats OP", [para(op_intro, SMALL)], 60 * mm)
    story += _op_table("Contrats arrivant à échéance dans les 60 jours suivant le mois", data.op_expiring, f,
                       "Prestation", "Fin", "Aucun contrat n'arrive à échéance.")  # fmt: skip
    story += _op_table("Obligations en retard", data.op_obligations, f, "Obligation", "Prévue le",
                       "Aucune obligation en retard.")  # fmt: skip
    story += _op_table("Échéances de paiement en retard", data.op_late_payments, f, "Échéance", "Due le",
                       "Aucune échéance en retard.")  # fmt: skip
    for table in data.extra:
        story += [CondPageBreak(40 * mm), *_extra(table, f)]
    return story


def render_monthly_synthesis(data: SynthesisData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The synthèse mensuelle as PDF bytes (A4); same input, same bytes."""
    title = f"{DOC_TITLE} — {format_month(data.month, data.locale)}"
    span = f"du {format_date(data.month, data.locale)} au {format_date(data.last_day, data.locale)}"
    return render(title, "", letterhead, _story(data), printed_at=printed_at, subtitle=span)
