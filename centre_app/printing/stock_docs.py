"""« Bon de commande » and « Bon de réception », and the pieces every stock document shares.

Shared here (used by :mod:`delivery_note` and :mod:`inventory_sheet` too): the cancellation of a
validated document (:class:`Cancellation`: a red banner under the title and the big translucent
diagonal « ANNULÉ » stamp of the receipts, drawn under the text so every figure stays readable), the
« Arrêté … à la somme de : … » sentence and the way a quantity sits in a narrow column
(« 12 sacs de 50 kg » over « (600 kg) »). The stamp, the banner, the lines table without zebra rows
(the stamp shows through) and the totals box are the receipt's own (:mod:`receipt`), not copies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from centre_app.domain.formatting import NBSP, display_symbol, format_date, format_datetime, format_money
from centre_app.domain.words import amount_phrase
from centre_app.printing.base import (
    CONTENT_WIDTH,
    Letterhead,
    SignatureSlot,
    key_value_table,
    made_at,
    para,
    register_fonts,
    render,
    section_heading,
    signature_block,
)
from centre_app.printing.receipt import (  # the receipt's stamp and tables, shared rather than copied
    STAMP_RED,
    _amounts,
    _banner,
    _grid,
    _rich,
    _Stamp,
    _stamp_size,
    _style,
    _unbroken_figures,
)
from centre_app.printing.styles import BODY, GREY, SMALL

__all__ = [
    "Cancellation",
    "OrderSheetData",
    "OrderSheetLine",
    "ReceptionSheetData",
    "ReceptionSheetLine",
    "amounts_box",
    "cancel_banner",
    "facts_table",
    "lines_grid",
    "render_order",
    "render_reception",
    "signed_on",
    "stacked",
    "stamp_factory",
    "words_sentence",
]

STAMP = "ANNULÉ"
TABLE_SIZE = 8.5


@dataclass(frozen=True)
class Cancellation:
    """How a validated document was cancelled (or an inventory abandoned), as printed in the red banner."""

    at: datetime | None
    by: str
    reason: str
    number: str = ""  # the counter-document (« MVT-2026-00004 »); none for an order
    what: str = "Annulé"  # « Annulée » (commande), « Abandonné » (inventaire)


def cancel_banner(cancellation: Cancellation | None, locale: str, width: float = CONTENT_WIDTH) -> list[Flowable]:
    """« ANNULÉ » and « Annulé le … par … – pièce d'annulation n° … – motif : … » in a red box."""
    if cancellation is None:
        return []
    first = cancellation.what
    if cancellation.at is not None:
        first += f" le {format_datetime(cancellation.at, locale)}"
    if cancellation.by.strip():
        first += f" par {cancellation.by.strip()}"
    parts = [first]
    if cancellation.number:
        parts.append(f"pièce d’annulation n°{NBSP}{cancellation.number}")
    if cancellation.reason.strip():
        parts.append(f"motif{NBSP}: {cancellation.reason.strip()}")
    lines = [(STAMP, 13, True), (" – ".join(parts), 8.5, False)]
    return [_banner(lines, width, STAMP_RED), Spacer(1, 3 * mm)]


def stamp_factory(cancelled: bool, width: float = CONTENT_WIDTH) -> Callable[[float], list[Flowable]]:
    """``stamp(drop)``: a marker that stamps « ANNULÉ » ``drop`` points below where it stands, once per page.

    Spread markers along the story: every page where one lands is stamped (an uncancelled document
    gets none).
    """
    register_fonts()
    pages: set[int] = set()
    size = _stamp_size(STAMP, width, 84)

    def stamp(drop: float) -> list[Flowable]:
        return [_Stamp(STAMP, pages, size, drop)] if cancelled else []

    return stamp


def stacked(described: str) -> str:
    """« 12 sacs de 50 kg (600 kg) » → « 12 sacs de 50 kg » over « (600 kg) »: narrow columns stay tidy."""
    head, sep, tail = described.partition(" (")
    return f"{head}\n({tail}" if sep else described


def lines_grid(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], align: str) -> Table:
    """The lines of a stock document: a grid without zebra rows (a stamp shows through), header on each page."""
    return _grid(header, rows, widths, align, TABLE_SIZE)


def words_sentence(opening: str, amount: int, currency: str) -> Flowable:
    """« Arrêté(e) … à la somme de : cent vingt mille (120 000) francs CFA. » (the figures never split)."""
    runs = ((f"{opening} à la somme de{NBSP}: ", False), (_unbroken_figures(amount_phrase(amount, currency)), True))
    return _rich((*runs, (".", False)), _style("StockWords", BODY, 9.5))


def amounts_box(
    rows: Sequence[tuple[str, str]], strong: int | None, widths: tuple[float, float] = (62 * mm, 36 * mm)
) -> Flowable:
    """Label / amount lines on the right, row ``strong`` bold under a rule (the receipt's totals box)."""
    return _amounts(rows, widths, 9.5, strong)


def facts_table(facts: Sequence[tuple[str, object]], labels: tuple[float, float], first: float) -> Flowable:
    """The document's header facts in two columns of label / value pairs, the first ``first`` wide."""
    gap = 6 * mm
    return key_value_table(facts, columns=2, label_width=labels, pair_widths=(first, CONTENT_WIDTH - first - gap))


def signed_on(letterhead: Letterhead, day: date) -> str:
    """« Fait à Djibo, le 22 novembre 2026 » on the document's own day (a reprint keeps it)."""
    return made_at(letterhead, datetime.combine(day, time()))


def _unit_note(currency: str) -> Flowable:
    return para(
        f"Montants en {display_symbol(currency)}", _style("UnitNote", SMALL, 7, alignment=TA_RIGHT, textColor=GREY)
    )


def _price(amount: int, unit: str, currency: str, locale: str) -> str:
    figure = format_money(amount, currency, locale, symbol=False)
    return f"{figure}\nle {unit}" if unit else figure


# --- bon de commande ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderSheetLine:
    product: str
    product_code: str
    quantity: str  # « 12 sacs de 50 kg (600 kg) »
    unit_price: int  # per ``price_unit``
    price_unit: str  # « sac de 50 kg »
    amount: int
    delivered: str = ""  # « 4 sacs de 50 kg (200 kg) » once something was delivered, else ""
    remaining: str = ""


@dataclass(frozen=True)
class OrderSheetData:
    number: str  # "" for a draft (« PROJET »)
    state_label: str
    order_date: date
    party_name: str
    party_code: str
    party_village: str
    party_phone: str
    price_list_name: str
    social: bool  # prix social / subventionné: the eligibility is printed
    eligibility_note: str
    warehouse_name: str
    delivery_date: date | None
    delivery_place: str
    lines: tuple[OrderSheetLine, ...]
    total: int
    deposit: int  # acompte convenu
    paid: int  # paid so far on the order
    remaining_to_pay: int
    deliveries: tuple[tuple[str, date, bool], ...]  # (BL number, date, cancelled)
    note: str
    signed_by: str  # who confirmed it (or drafted it)
    currency: str
    cancellation: Cancellation | None = None


def _order_story(data: OrderSheetData, letterhead: Letterhead, printed_at: datetime) -> list[Flowable]:
    locale = letterhead.locale

    def money(value: int) -> str:
        return format_money(value, data.currency, locale)

    story: list[Flowable] = cancel_banner(data.cancellation, locale)
    if not data.number:
        story += [
            _banner([("PROJET – commande non confirmée", 11, True), ("Sans numéro ni valeur d’engagement.", 8, False)],
                    CONTENT_WIDTH * 0.8, GREY),
            Spacer(1, 3 * mm),
        ]  # fmt: skip
    stamp = stamp_factory(data.cancellation is not None)
    price_list = data.price_list_name + (f" – éligibilité{NBSP}: {data.eligibility_note}" if data.social else "")
    delivery = format_date(data.delivery_date, locale) if data.delivery_date else "à convenir"
    facts: list[tuple[str, object]] = [
        ("Client", data.party_name),
        ("Date de commande", format_date(data.order_date, locale)),
        ("Code", data.party_code),
        ("État", data.state_label),
        ("Village / secteur", data.party_village),
        ("Magasin", data.warehouse_name),
        ("Téléphone", data.party_phone),
        ("Livraison prévue", f"{delivery} – {data.delivery_place}" if data.delivery_place else delivery),
    ]
    story += [
        facts_table(facts, (30 * mm, 32 * mm), 92 * mm),
        key_value_table([("Liste de prix", price_list)], label_width=30 * mm),
        *stamp(60 * mm),
        section_heading("Articles commandés"),
        _unit_note(data.currency),
    ]  # fmt: skip
    delivered = any(line.delivered for line in data.lines)
    rows: list[list[str]] = []
    for index, line in enumerate(data.lines, start=1):
        row = [str(index), f"{line.product}\n{line.product_code}", stacked(line.quantity)]
        row += [_price(line.unit_price, line.price_unit, data.currency, locale)]
        row += [format_money(line.amount, data.currency, locale, symbol=False)]
        if delivered:
            row.insert(3, stacked(line.remaining) if line.remaining else "—")
        rows.append(row)
    if delivered:
        header = ("N°", "Produit", "Quantité commandée", "Reste à livrer", "Prix unitaire", "Montant")
        widths = (9 * mm, 44 * mm, 36 * mm, 36 * mm, 27 * mm, CONTENT_WIDTH - 152 * mm)
        align = "CLRRRR"
    else:
        header = ("N°", "Produit", "Quantité", "Prix unitaire", "Montant")
        widths = (9 * mm, 62 * mm, 44 * mm, 32 * mm, CONTENT_WIDTH - 147 * mm)
        align = "CLRRR"
    story += [lines_grid(header, rows, widths, align), Spacer(1, 3 * mm), *stamp(10 * mm)]
    totals = [("Total de la commande", money(data.total)), ("Acompte convenu", money(data.deposit))]
    if data.number and data.cancellation is None:
        totals += [("Payé à ce jour", money(data.paid)), ("Reste à payer", money(data.remaining_to_pay))]
    story.append(amounts_box(totals, 0))
    if data.deliveries:
        listed = ", ".join(
            f"{number} du {format_date(day, locale)}{' (annulé)' if cancelled else ''}"
            for number, day, cancelled in data.deliveries
        )
        story += [Spacer(1, 2 * mm), para(f"Bons de livraison{NBSP}: {listed}.", SMALL)]
    if data.note.strip():
        story += [Spacer(1, 2 * mm), para(f"Observations{NBSP}: {data.note.strip()}", SMALL)]
    story.append(
        signature_block(
            [
                SignatureSlot("Le client", f"{data.party_name} – signature"),
                SignatureSlot("Empreinte digitale", "(à défaut de signature)", thumbprint=True),
                SignatureSlot("Pour le centre", data.signed_by or "Nom et signature"),
            ],
            box_height=24 * mm,
            before=signed_on(letterhead, data.order_date if data.number else printed_at.date()),
            lead=[
                Spacer(1, 3 * mm),
                *stamp(45 * mm),
                words_sentence("Arrêtée la présente commande", data.total, data.currency),
            ],
        )
    )
    return story


def render_order(data: OrderSheetData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The « Bon de commande » as PDF bytes (A4); same input, same bytes."""
    day = format_date(data.order_date, letterhead.locale)
    subtitle = f"N°{NBSP}{data.number} du {day}" if data.number else f"Projet du {day}"
    return render("BON DE COMMANDE", data.number, letterhead, _order_story(data, letterhead, printed_at),
                  printed_at=printed_at, subtitle=subtitle)  # fmt: skip


# --- bon de réception -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceptionSheetLine:
    product: str
    product_code: str
    quantity: str  # « 40 sacs de 50 kg (2 000 kg) »
    unit_price: int  # cost per ``price_unit``
    price_unit: str
    amount: int


@dataclass(frozen=True)
class ReceptionSheetData:
    number: str
    business_date: date
    origin_label: str  # « Achat fournisseur », « Don », « Remboursement en nature »
    supplier_name: str
    supplier_code: str
    supplier_reference: str  # the supplier's own delivery note or invoice
    warehouse_name: str
    lines: tuple[ReceptionSheetLine, ...]
    total: int
    user_name: str  # the storekeeper who validated it
    note: str
    due_reference: str  # bought on credit: the payable opened
    payment_number: str  # repayment in kind: the receipt it comes from
    currency: str
    cancellation: Cancellation | None = None


def _reception_story(data: ReceptionSheetData, letterhead: Letterhead, printed_at: datetime) -> list[Flowable]:
    locale = letterhead.locale
    story: list[Flowable] = cancel_banner(data.cancellation, locale)
    stamp = stamp_factory(data.cancellation is not None)
    supplier = f"{data.supplier_name} ({data.supplier_code})" if data.supplier_code else data.supplier_name
    settlement = "Comptant" if data.total else "Sans paiement"
    if data.due_reference:
        settlement = "À crédit (dette fournisseur)"
    elif data.payment_number:
        settlement = f"En nature (reçu {data.payment_number})"
    facts: list[tuple[str, object]] = [
        ("Fournisseur / donateur", supplier),
        ("Date de réception", format_date(data.business_date, locale)),
        ("Origine", data.origin_label),
        ("Magasin", data.warehouse_name),
        ("Réf. du fournisseur", data.supplier_reference),
        ("Règlement", settlement),
    ]
    story += [
        facts_table(facts, (38 * mm, 30 * mm), 88 * mm),
        *stamp(60 * mm),
        section_heading("Marchandises reçues"),
        _unit_note(data.currency),
    ]  # fmt: skip
    rows = [
        [str(i), f"{line.product}\n{line.product_code}", stacked(line.quantity),
         _price(line.unit_price, line.price_unit, data.currency, locale),
         format_money(line.amount, data.currency, locale, symbol=False)]
        for i, line in enumerate(data.lines, start=1)
    ]  # fmt: skip
    widths = (9 * mm, 62 * mm, 44 * mm, 32 * mm, CONTENT_WIDTH - 147 * mm)
    story += [
        lines_grid(("N°", "Produit", "Quantité reçue", "Coût unitaire", "Montant"), rows, widths, "CLRRR"),
        Spacer(1, 3 * mm),
        *stamp(10 * mm),
        amounts_box([("Total du bon de réception", format_money(data.total, data.currency, locale))], 0),
    ]
    if data.note.strip():
        story += [Spacer(1, 2 * mm), para(f"Observations{NBSP}: {data.note.strip()}", SMALL)]
    lead: list[Flowable] = [Spacer(1, 3 * mm), *stamp(45 * mm)]
    if data.total:
        lead.append(words_sentence("Arrêté le présent bon", data.total, data.currency))
    lead += [Spacer(1, 2 * mm), para("Marchandises reçues en bon état et conformes, sauf réserves ci-dessus.", SMALL)]
    story.append(
        signature_block(
            [
                SignatureSlot("Livré par (fournisseur)", data.supplier_name),
                SignatureSlot("Reçu par (magasinier)", data.user_name),
                SignatureSlot("Visa du gestionnaire"),
            ],
            box_height=24 * mm,
            before=signed_on(letterhead, data.business_date),
            lead=lead,
        )
    )
    return story


def render_reception(data: ReceptionSheetData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The « Bon de réception » as PDF bytes (A4); same input, same bytes."""
    subtitle = f"N°{NBSP}{data.number} du {format_date(data.business_date, letterhead.locale)}"
    return render("BON DE RÉCEPTION", data.number, letterhead, _reception_story(data, letterhead, printed_at),
                  printed_at=printed_at, subtitle=subtitle)  # fmt: skip
