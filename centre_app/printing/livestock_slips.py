"""The two small papers of a livestock sale besides the contract (PRODUCT.md §4):

* « Bordereau des animaux »: the list that travels with the convoy or stays at the market gate — each line's
  species, category, breed, sex, age, coat and marks, brand or ear tag, condition and weight, the heads per
  species, the papers that go with the animals; no prices. Signed (or thumbprinted) by who hands the animals
  over and who takes them.
* « Bon de paiement vendeur »: what the seller is owed (price, minus the commission and the débours he bears =
  net), what he already had, this payment, what remains, the amount in words, the cashier's and the seller's
  signatures with a thumbprint box.

A cancelled contract (or payment) prints its red banner and the « ANNULÉ » stamp, its number kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from centre_app.domain.formatting import NBSP, format_date, format_datetime, format_money
from centre_app.printing.base import CONTENT_WIDTH, Letterhead, SignatureSlot, para, render, section_heading
from centre_app.printing.livestock_contract import ContractPrint, PartyPrint, signature_grid
from centre_app.printing.stock_docs import (
    Cancellation,
    amounts_box,
    cancel_banner,
    facts_table,
    lines_grid,
    signed_on,
    stamp_factory,
    words_sentence,
)
from centre_app.printing.styles import BODY, SMALL

__all__ = ["PayoutPrint", "render_animals_slip", "render_seller_payout"]


@dataclass(frozen=True)
class PayoutPrint:
    """One bon de paiement vendeur (BPV) of a contract."""

    contract: ContractPrint
    number: str
    at: datetime
    amount: int
    paid_before: int  # valid vouchers of the contract before this one
    means_label: str
    operator: str
    transaction_id: str
    cashier: str
    cancellation: Cancellation | None = None


def _who(p: PartyPrint) -> str:
    return " – ".join(x for x in (f"{p.name} ({p.code})" if p.code else p.name, p.address, p.identity) if x)


def _heads_by_species(d: ContractPrint) -> str:
    heads: Counter[str] = Counter()
    for x in d.lines:
        heads[x.species.lower()] += x.heads
    return ", ".join(f"{name} {n}" for name, n in heads.items())


def _slip_story(d: ContractPrint, letterhead: Letterhead) -> list[Flowable]:
    locale = letterhead.locale
    story: list[Flowable] = cancel_banner(d.cancellation, locale)
    stamp = stamp_factory(d.cancellation is not None)
    buyer = _who(d.buyer) + (f" – carte de commerçant n°{NBSP}{d.buyer.trader_card}" if d.buyer.trader_card else "")
    facts: list[tuple[str, object]] = [
        ("Contrat", d.number or "projet (non conclu)"), ("Date", format_date(d.contract_date, locale)),
        ("Type", d.type_label), ("Marché / lieu", d.where), ("Vendeur", _who(d.seller)), ("Destination",
        d.destination), ("Acheteur", buyer), ("Agent", d.agent),
    ]  # fmt: skip
    story += [facts_table(facts, (24 * mm, 24 * mm), 104 * mm), Spacer(1, 3 * mm), *stamp(40 * mm)]
    header = ("N°", "Espèce / catégorie", "Race", "Sexe", "Âge / dentition", "Robe / signalement",
              "Marque / boucle", "État", "Poids est.", "Têtes")  # fmt: skip
    widths = (7 * mm, 24 * mm, 22 * mm, 14 * mm, 18 * mm, CONTENT_WIDTH - 151 * mm, 26 * mm, 13 * mm, 15 * mm,
              12 * mm)  # fmt: skip
    rows = [(str(x.position), f"{x.species}\n{x.category}", x.breed, x.sex, x.age, x.coat, x.marks, x.condition,
             x.weight.replace("~", ""), str(x.heads)) for x in d.lines]  # fmt: skip
    rows.append(("", "Total", "", "", "", "", "", "", "", str(d.heads)))
    total = para(f"Total{NBSP}: {d.heads} tête(s) – {_heads_by_species(d)}.", BODY, bold=True)
    story += [lines_grid(header, rows, widths, "CLLLLLLLRR"), Spacer(1, 2 * mm), total, *stamp(10 * mm)]
    papers: list[Flowable] = [section_heading("Documents accompagnant les animaux")]
    if d.documents:
        for x in d.documents:
            until = f", valable jusqu’au {format_date(x.expires_on, locale)}" if x.expires_on else ""
            papers.append(para(f"– {x.label} n°{NBSP}{x.number} ({x.issuer}, {format_date(x.issued_on, locale)}"
                               f"{until})"))  # fmt: skip
    else:
        papers.append(para("Aucun document enregistré."))
    made = signed_on(letterhead, d.contract_date)
    slots = [[SignatureSlot("Remis par le Vendeur", d.seller.name), SignatureSlot("Empreinte", "", thumbprint=True),
              SignatureSlot("Reçu par l’Acheteur\nou le convoyeur", d.buyer.name),
              SignatureSlot("Empreinte", "", thumbprint=True)],
             [SignatureSlot("Pour le Centre", d.agent), SignatureSlot("Cachet", "", thumbprint=True)]]  # fmt: skip
    # The papers stay with the signatures: the boxes never stand alone on a page.
    story.append(signature_grid(slots, [*papers, Spacer(1, 2 * mm), para(made)], box_height=22 * mm))
    return story


def render_animals_slip(data: ContractPrint, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The bordereau des animaux of a contract, as PDF bytes (A4)."""
    subtitle = f"Contrat n°{NBSP}{data.number}" if data.number else "Contrat non conclu (projet)"
    return render("Bordereau des animaux", data.number, letterhead, _slip_story(data, letterhead),
                  printed_at=printed_at, subtitle=subtitle)  # fmt: skip


def _payout_story(p: PayoutPrint, letterhead: Letterhead) -> list[Flowable]:
    d, locale = p.contract, letterhead.locale

    def money(value: int) -> str:
        return format_money(value, d.currency, locale)

    story: list[Flowable] = cancel_banner(p.cancellation or d.cancellation, locale)
    stamp = stamp_factory((p.cancellation or d.cancellation) is not None)
    means = " – ".join(x for x in (p.means_label, p.operator, f"transaction n°{NBSP}{p.transaction_id}"
                                   if p.transaction_id else "") if x)  # fmt: skip
    facts: list[tuple[str, object]] = [
        ("Vendeur", _who(d.seller)), ("Date", format_datetime(p.at, locale)),
        ("Contrat", f"{d.number} du {format_date(d.contract_date, locale)}"), ("Moyen", means),
        ("Animaux", f"{d.heads} tête(s) – {_heads_by_species(d)} – {d.where}"), ("Caissier", p.cashier),
    ]  # fmt: skip
    story += [facts_table(facts, (22 * mm, 22 * mm), 104 * mm), Spacer(1, 4 * mm), *stamp(30 * mm)]
    resale = d.contract_type == "achat_revente"
    rows = [
        ("Prix d’achat des animaux" if resale else "Prix de vente des animaux", money(d.cost if resale else d.gross))
    ]
    if d.commission_seller:
        rows.append(("Commission du Centre à la charge du vendeur", f"− {money(d.commission_seller)}"))
    if d.fees_seller:
        rows.append(("Débours à la charge du vendeur", f"− {money(d.fees_seller)}"))
    rows += [
        ("Net revenant au vendeur", money(d.net_to_seller)),
        ("Déjà payé (bons précédents)", money(p.paid_before)),
        ("Présent paiement", money(p.amount)),
        ("Reste à payer au vendeur", money(d.net_to_seller - p.paid_before - p.amount)),
    ]
    strong = len(rows) - 2
    story += [amounts_box(rows, strong, (90 * mm, 38 * mm)), Spacer(1, 4 * mm),
              words_sentence("Arrêté le présent bon", p.amount, d.currency), Spacer(1, 3 * mm)]  # fmt: skip
    if d.fees:
        detail = "; ".join(f"{f.label} {money(f.seller_share)}" for f in d.fees if f.seller_share)
        if detail:
            story.append(para(f"Débours à la charge du vendeur{NBSP}: {detail}.", SMALL))
    civil = {"M": "Je soussigné", "F": "Je soussignée"}.get(d.seller.sex or "", "Je soussigné(e)")
    statement = (f"{civil} {d.seller.name} reconnais avoir reçu du Centre la somme de {money(p.amount)} au titre de "
                 f"la vente de mes animaux (contrat n°{NBSP}{d.number}).")  # fmt: skip
    received = "Le Vendeur\n«\u00a0Reçu la somme\u00a0»"
    slots = [[SignatureSlot("Le Caissier", p.cashier), SignatureSlot(received, d.seller.name),
              SignatureSlot("Empreinte du vendeur", "(à défaut de signature)", thumbprint=True)]]  # fmt: skip
    story.append(signature_grid(slots, [Spacer(1, 2 * mm), para(statement), Spacer(1, 2 * mm),
                                        para(signed_on(letterhead, p.at.date()))]))  # fmt: skip
    return story


def render_seller_payout(data: PayoutPrint, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """One bon de paiement vendeur, as PDF bytes (A4)."""
    subtitle = f"N°{NBSP}{data.number} – contrat n°{NBSP}{data.contract.number}"
    return render("Bon de paiement vendeur", data.number, letterhead, _payout_story(data, letterhead),
                  printed_at=printed_at, subtitle=subtitle)  # fmt: skip
