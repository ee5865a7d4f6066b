"""« Bon de livraison »: what leaves the magasin today against a confirmed order.

Per line: ordered, already delivered by earlier bons, delivered now (in bold terms: what the customer
signs for) and what remains to deliver after this one. No prices: the bon travels with the goods.
Signatures « Livré par » (the storekeeper), « Transporteur » when someone carried the goods, « Reçu par »
with a thumbprint box for customers who cannot sign. A cancelled bon keeps its number and prints
« ANNULÉ » like a receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from centre_app.domain.formatting import NBSP, format_date
from centre_app.printing.base import (
    CONTENT_WIDTH,
    Letterhead,
    SignatureSlot,
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

__all__ = ["DeliveryNoteData", "DeliveryNoteLine", "render_delivery_note"]


@dataclass(frozen=True)
class DeliveryNoteLine:
    product: str
    product_code: str
    ordered: str  # « 20 sacs de 50 kg (1 000 kg) »
    delivered_before: str  # « 0 kg » when nothing was delivered before
    delivered_now: str
    remaining_after: str


@dataclass(frozen=True)
class DeliveryNoteData:
    number: str
    business_date: date
    at: datetime
    order_number: str
    order_date: date
    party_name: str
    party_code: str
    party_village: str
    party_phone: str
    warehouse_name: str
    place: str  # lieu de livraison
    carrier: str  # transporteur / chauffeur, véhicule (free text), "" when the customer took the goods
    note: str
    user_name: str  # who delivered (the storekeeper who validated the bon)
    lines: tuple[DeliveryNoteLine, ...]
    order_complete: bool  # nothing remains to deliver on the order after this bon
    cancellation: Cancellation | None = None


def _story(data: DeliveryNoteData, letterhead: Letterhead, printed_at: datetime) -> list[Flowable]:
    locale = letterhead.locale
    story: list[Flowable] = cancel_banner(data.cancellation, locale)
    stamp = stamp_factory(data.cancellation is not None)
    customer = f"{data.party_name} ({data.party_code})" if data.party_code else data.party_name
    facts: list[tuple[str, object]] = [
        ("Client", customer),
        ("Date", format_date(data.business_date, locale)),
        ("Village / secteur", data.party_village),
        ("Commande", f"{data.order_number} du {format_date(data.order_date, locale)}"),
        ("Téléphone", data.party_phone),
        ("Magasin", data.warehouse_name),
        ("Lieu de livraison", data.place),
        ("Transporteur", data.carrier or "Enlèvement par le client"),
    ]
    story += [
        facts_table(facts, (30 * mm, 25 * mm), 86 * mm),
        *stamp(55 * mm),
        section_heading("Marchandises livrées"),
    ]  # fmt: skip
    rows = [
        [str(i), f"{line.product}\n{line.product_code}", stacked(line.ordered), stacked(line.delivered_before),
         stacked(line.delivered_now), stacked(line.remaining_after)]
        for i, line in enumerate(data.lines, start=1)
    ]  # fmt: skip
    quantity = 33 * mm
    widths = (9 * mm, CONTENT_WIDTH - 9 * mm - 4 * quantity, *(quantity,) * 4)
    header = ("N°", "Produit", "Commandé", "Déjà livré", "Livré ce jour", "Reste à livrer")
    story += [lines_grid(header, rows, widths, "CLRRRR"), Spacer(1, 3 * mm), *stamp(10 * mm)]
    if data.cancellation is None:
        closing = (
            f"La commande {data.order_number} est entièrement livrée."
            if data.order_complete
            else f"Il reste des marchandises à livrer sur la commande {data.order_number}."
        )
        story.append(para(closing, BODY, bold=True))
    if data.note.strip():
        story += [Spacer(1, 2 * mm), para(f"Observations{NBSP}: {data.note.strip()}", SMALL)]
    slots = [SignatureSlot("Livré par (magasinier)", data.user_name)]
    if data.carrier:
        slots.append(SignatureSlot("Transporteur", data.carrier))
    slots += [
        SignatureSlot("Reçu par (client)", "Nom et signature"),
        SignatureSlot("Empreinte digitale", "(à défaut de signature)", thumbprint=True),
    ]
    statement = (
        f"Je soussigné(e) reconnais avoir reçu les marchandises de la colonne « Livré ce jour », "
        f"en bon état et conformes au présent bon n°{NBSP}{data.number}."
    )
    story.append(
        signature_block(
            slots,
            box_height=26 * mm,
            before=signed_on(letterhead, data.business_date),
            lead=[Spacer(1, 2 * mm), *stamp(45 * mm), para(statement, BODY)],
        )
    )
    return story


def render_delivery_note(data: DeliveryNoteData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The « Bon de livraison » as PDF bytes (A4); same input, same bytes."""
    subtitle = f"N°{NBSP}{data.number} du {format_date(data.business_date, letterhead.locale)}"
    return render("BON DE LIVRAISON", data.number, letterhead, _story(data, letterhead, printed_at),
                  printed_at=printed_at, subtitle=subtitle)  # fmt: skip
