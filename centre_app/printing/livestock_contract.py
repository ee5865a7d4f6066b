"""« Contrat de vente de bétail » on paper, in French (PRODUCT.md §4, §11).

The parties with their identity papers (« ci-après dénommé « le Vendeur » »), the centre in its role (mandataire,
intermédiaire, or buyer then reseller), the guarantor or witness, numbered articles: object, the animals (a
table that runs over as many pages as needed, its header repeated), price with the commission and each débours
with who pays it, amounts in figures and in words, payment terms, papers, guarantees, disputes; then « Lu et
expliqué en langue … aux parties qui l'ont approuvé », « Fait à …, le … » and the signature and thumbprint boxes of
the seller, the buyer, the guarantor or witness and the centre — all kept together on one page. A draft prints as a
« PROJET »; a cancelled contract keeps its number under a red banner and the « ANNULÉ » stamp.
The print data (also used by the animals slip and the seller's voucher, livestock_slips.py) are defined here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from centre_app.domain.formatting import NBSP, display_symbol, format_date, format_money
from centre_app.printing.base import CONTENT_WIDTH, Letterhead, SignatureSlot, para, render
from centre_app.printing.receipt import _banner  # the receipts' banner, shared as stock_docs does
from centre_app.printing.stock_docs import (
    Cancellation,
    amounts_box,
    cancel_banner,
    lines_grid,
    signed_on,
    stamp_factory,
    words_sentence,
)
from centre_app.printing.styles import GREY, HEADING, SMALL, safe_text
from centre_app.printing.tables import signature_block

__all__ = [
    "AnimalPrint", "ContractPrint", "DocumentPrint", "FeePrint", "PartyPrint", "money_boxes", "render_contract",
    "signature_grid",
]  # fmt: skip

TITLE = "Contrat de vente de bétail"
ARTICLE = HEADING
CENTRE_ROLE = {
    "mandat": "agissant en qualité de mandataire du Vendeur",
    "vente_directe": "agissant en qualité d’intermédiaire entre les parties",
    "achat_revente": "agissant en qualité d’acheteur des animaux puis de revendeur",
}


@dataclass(frozen=True)
class PartyPrint:
    name: str
    code: str
    kind: str  # personne / organisation
    sex: str | None  # M / F
    address: str  # « Mentao, Djibo, Soum »
    identity: str  # « CNIB n° B12345678 »
    phone: str
    trader_card: str
    tax_id: str
    rccm: str


@dataclass(frozen=True)
class AnimalPrint:
    position: int
    species: str
    category: str
    breed: str
    sex: str  # « mâle castré », « femelle », « lot mixte »
    age: str  # « 3 ans (4 dents) »
    condition: str
    weight: str  # « ~280 kg » or ""
    described: str  # the whole designation in words
    coat: str
    marks: str
    heads: int
    unit_price: int
    amount: int


@dataclass(frozen=True)
class FeePrint:
    label: str
    amount: int
    payer: str  # « Vendeur », « Acheteur », « Partagé »
    seller_share: int
    buyer_share: int
    note: str


@dataclass(frozen=True)
class DocumentPrint:
    label: str
    number: str
    issuer: str
    issued_on: date
    expires_on: date | None


@dataclass(frozen=True)
class ContractPrint:
    """Everything printed about one contract, display-ready; amounts in minor units."""

    number: str  # "" for a draft
    contract_type: str  # mandat / vente_directe / achat_revente
    type_label: str
    state_label: str
    contract_date: date
    where: str
    seller: PartyPrint
    buyer: PartyPrint
    destination: str
    guarantor: PartyPrint | None
    guarantor_name: str
    guarantor_quality: str  # garant / temoin / ""
    agent: str
    payment_terms: str  # comptant / acompte_solde
    deposit: int
    balance_due_date: date | None
    commission_text: str
    heads: int
    gross: int
    cost: int
    commission: int
    commission_seller: int
    commission_buyer: int
    fees_total: int
    fees_seller: int
    fees_buyer: int
    net_to_seller: int
    buyer_total: int
    net_words: str
    buyer_total_words: str
    language: str
    note: str
    lines: tuple[AnimalPrint, ...]
    fees: tuple[FeePrint, ...]
    documents: tuple[DocumentPrint, ...]
    currency: str
    cancellation: Cancellation | None = None


def _party(p: PartyPrint, role: str, extra: str = "") -> str:
    """« M. DICKO Amadou (T00012), demeurant à Mentao, Djibo, CNIB n° …, ci-après dénommé « le Vendeur » »."""
    civil = {"M": "M. ", "F": "Mme "}.get(p.sex or "", "") if p.kind == "personne" else ""
    parts = [f"{civil}{p.name}" + (f" ({p.code})" if p.code else "")]
    if extra:
        parts.append(extra)
    if p.trader_card:
        parts.append(f"titulaire de la carte professionnelle de commerçant de bétail n°{NBSP}{p.trader_card}")
    if p.address:
        parts.append(("dont le siège est à " if p.kind != "personne" else "demeurant à ") + p.address)
    papers = (p.identity, f"IFU{NBSP}{p.tax_id}" if p.tax_id else "", f"RCCM{NBSP}{p.rccm}" if p.rccm else "",
              f"tél.{NBSP}{p.phone}" if p.phone else "")  # fmt: skip
    parts += [x for x in papers if x]
    named = "dénommée" if p.sex == "F" and p.kind == "personne" else "dénommé"
    return ", ".join(parts) + f", ci-après {named} «{NBSP}{role}{NBSP}»"


def signature_grid(rows: list[list[SignatureSlot]], lead: list[Flowable], box_height: float = 26 * mm) -> Flowable:
    """Several rows of signature and thumbprint boxes kept on one page with ``lead`` (the text they sign).

    Each row is the table of :func:`~centre_app.printing.tables.signature_block`; the rows are laid out in one
    KeepTogether, so that no box is ever left alone on the next page."""
    tables = [signature_block(row, box_height=box_height)._content[-1] for row in rows]  # type: ignore[attr-defined]
    parts: list[Flowable] = [*lead, Spacer(1, 4 * mm)]
    for table in tables:
        parts += [table, Spacer(1, 4 * mm)]
    return KeepTogether(parts)


def money_boxes(left: list[tuple[str, str]], right: list[tuple[str, str]]) -> Table:
    """Two label / amount boxes side by side (the seller's side, the buyer's side), last line bold."""
    half = (CONTENT_WIDTH - 6 * mm) / 2
    widths = (half - 34 * mm, 34 * mm)
    table = Table([[amounts_box(left, len(left) - 1, widths), amounts_box(right, len(right) - 1, widths)]],
                  colWidths=[half + 3 * mm, half + 3 * mm], hAlign="LEFT")  # fmt: skip
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return table


def _article(number: int, title: str, first: list[Flowable]) -> list[Flowable]:
    """A heading never left alone at the bottom of a page: kept with its first paragraph."""
    return [CondPageBreak(25 * mm), KeepTogether([para(f"Article {number} – {title}", ARTICLE), *first[:1]]),
            *first[1:]]  # fmt: skip


def _story(d: ContractPrint, letterhead: Letterhead) -> list[Flowable]:
    locale = letterhead.locale

    def money(value: int) -> str:
        return format_money(value, d.currency, locale)

    story: list[Flowable] = cancel_banner(d.cancellation, locale)
    stamp = stamp_factory(d.cancellation is not None)
    if not d.number:
        lines = [("PROJET – contrat non conclu", 11, True), ("Sans numéro ni valeur contractuelle.", 8, False)]
        story += [_banner(lines, CONTENT_WIDTH * 0.8, GREY), Spacer(1, 3 * mm)]
    story += [*stamp(60 * mm), para("ENTRE LES SOUSSIGNÉS :", HEADING)]
    buyer_extra = f"acheteur à destination de{NBSP}: {d.destination}" if d.destination else ""
    story += [para(_party(d.seller, "le Vendeur") + " ;"), Spacer(1, 1.5 * mm),
              para(_party(d.buyer, "l’Acheteur", buyer_extra) + " ;"), Spacer(1, 1.5 * mm)]  # fmt: skip
    centre = letterhead.title_line()
    agent = f", représenté par {d.agent}, agent," if d.agent else ","
    story.append(para(f"ET {centre}{agent} ci-après dénommé «{NBSP}le Centre{NBSP}», {CENTRE_ROLE[d.contract_type]}."))
    quality = "garant" if d.guarantor_quality == "garant" else "témoin"
    if d.guarantor is not None:
        story += [Spacer(1, 1.5 * mm), para("En présence de " + _party(d.guarantor, f"le {quality.capitalize()}")
                                            + f", en qualité de {quality}.")]  # fmt: skip
    elif d.guarantor_name:
        story += [Spacer(1, 1.5 * mm), para(f"En présence de {d.guarantor_name}, en qualité de {quality}.")]
    story += [para("IL A ÉTÉ CONVENU CE QUI SUIT :", HEADING)]
    day = format_date(d.contract_date, locale)
    place = f"Lieu de la vente{NBSP}: {d.where}, le {day}."
    objects = {
        "mandat": "Le Vendeur a donné mandat au Centre de vendre pour son compte les animaux désignés à l’article 2. "
                  "Le Vendeur, représenté par le Centre, les vend à l’Acheteur, qui l’accepte. " + place,
        "vente_directe": "Le Vendeur vend à l’Acheteur, qui l’accepte, les animaux désignés à l’article 2. La vente "
                         "est conclue par l’intermédiaire du Centre. " + place,
        "achat_revente": "Le Centre achète au Vendeur les animaux désignés à l’article 2 et les revend à l’Acheteur, "
                         "qui l’accepte. " + place,
    }  # fmt: skip
    story += _article(1, f"Objet ({d.type_label.lower()})", [para(objects[d.contract_type])])
    widths = (8 * mm, 15 * mm, CONTENT_WIDTH - 130 * mm, 27 * mm, 27 * mm, 12 * mm, 19 * mm, 22 * mm)
    rows = [(str(x.position), x.species, x.described, x.coat, x.marks, str(x.heads),
             format_money(x.unit_price, d.currency, locale, symbol=False),
             format_money(x.amount, d.currency, locale, symbol=False)) for x in d.lines]  # fmt: skip
    rows.append(("", "", "Total", "", "", str(d.heads), "", format_money(d.gross, d.currency, locale, symbol=False)))
    header = ("N°", "Espèce", "Désignation", "Robe / signalement", "Marque / boucle", "Têtes", "Prix / tête", "Montant")
    count = f"{d.heads} tête(s) en {len(d.lines)} ligne(s) ; prix et montants en {display_symbol(d.currency)}."
    story += _article(2, "Désignation des animaux", [para(count, SMALL), lines_grid(header, rows, widths, "CLLLLRRR")])
    articles = (
        ("Prix, commission et débours", _price(d, money)),
        ("Modalités de paiement", [para(x) for x in _payment(d, money, locale)]),
        ("Documents sanitaires et administratifs", _papers(d, locale)),
        ("Garanties", [para(x) for x in _guarantees(d, quality)]),
    )
    for number, (title, body) in enumerate(articles, start=3):
        story += [*stamp(20 * mm), *_article(number, title, body)]  # every page where an article starts is stamped
    town = letterhead.town.strip()
    court = f"le tribunal compétent de {town}" if town else "le tribunal compétent"
    disputes = (
        "Tout différend né du présent contrat est d’abord réglé à l’amiable, au besoin devant les autorités "
        f"coutumières ou le comité de gestion du marché ; à défaut d’accord, il est porté devant {court}."
    )
    # The last article and the closing lines stay with the signatures: the boxes never stand alone on a page.
    last: list[Flowable] = [*stamp(10 * mm), para("Article 7 – Règlement des litiges", ARTICLE), para(disputes)]
    if d.note.strip():
        last += [Spacer(1, 2 * mm), para(f"Observations{NBSP}: {d.note.strip()}")]
    explained = f"Le présent contrat a été lu et expliqué en langue {d.language} aux parties qui l’ont approuvé."
    made = signed_on(letterhead, d.contract_date) + ", en trois exemplaires originaux."
    witness = "Le Garant" if d.guarantor_quality == "garant" else "Le Témoin"
    named = d.guarantor.name if d.guarantor else d.guarantor_name
    approved = "\n«\u00a0Lu et approuvé\u00a0»"
    slots = [
        [SignatureSlot("Le Vendeur" + approved, d.seller.name), SignatureSlot("Empreinte", "", thumbprint=True),
         SignatureSlot("L’Acheteur" + approved, d.buyer.name), SignatureSlot("Empreinte", "", thumbprint=True)],
        [SignatureSlot(witness, named or "Nom :"), SignatureSlot("Empreinte", "", thumbprint=True),
         SignatureSlot("Pour le Centre", d.agent or centre), SignatureSlot("Empreinte", "", thumbprint=True)],
    ]  # fmt: skip
    lead = [*last, Spacer(1, 3 * mm), para(explained, bold=True), Spacer(1, 2 * mm), para(made)]
    story.append(signature_grid(slots, lead))
    return story


def _price(d: ContractPrint, m: Callable[[int], str]) -> list[Flowable]:
    out: list[Flowable] = []
    if d.contract_type == "achat_revente":
        out.append(para(f"Le Centre achète les animaux au Vendeur pour {m(d.cost)} et les revend à l’Acheteur pour "
                        f"{m(d.gross)}. Aucune commission n’est due."))  # fmt: skip
    elif d.commission:
        out.append(para(f"Le prix des animaux est de {m(d.gross)}. Commission du Centre{NBSP}: {d.commission_text}, "
                        f"soit {m(d.commission)}."))  # fmt: skip
    else:
        out.append(para(f"Le prix des animaux est de {m(d.gross)}. Aucune commission n’est due au Centre."))
    if d.fees:
        rows = [(f.label + (f" ({f.note})" if f.note else ""), m(f.amount), f.payer, m(f.seller_share),
                 m(f.buyer_share)) for f in d.fees]  # fmt: skip
        rows.append(("Total des débours", m(d.fees_total), "", m(d.fees_seller), m(d.fees_buyer)))
        widths = (CONTENT_WIDTH - 118 * mm, 30 * mm, 22 * mm, 33 * mm, 33 * mm)
        out += [Spacer(1, 1.5 * mm), lines_grid(("Débours", "Montant", "À la charge de", "Part du Vendeur",
                                                  "Part de l’Acheteur"), rows, widths, "LRCRR")]  # fmt: skip
    else:
        out.append(para("Aucun débours n’est mis à la charge des parties."))
    base = "Prix d’achat des animaux" if d.contract_type == "achat_revente" else "Prix des animaux"
    seller = [(base, m(d.cost if d.contract_type == "achat_revente" else d.gross))]
    if d.commission_seller:
        seller.append(("Commission à sa charge", f"− {m(d.commission_seller)}"))
    if d.fees_seller:
        seller.append(("Débours à sa charge", f"− {m(d.fees_seller)}"))
    seller.append(("Net à payer au Vendeur", m(d.net_to_seller)))
    buyer = [("Prix des animaux", m(d.gross))]
    if d.commission_buyer:
        buyer.append(("Commission à sa charge", f"+ {m(d.commission_buyer)}"))
    if d.fees_buyer:
        buyer.append(("Débours à sa charge", f"+ {m(d.fees_buyer)}"))
    buyer.append(("Total dû par l’Acheteur", m(d.buyer_total)))
    out += [Spacer(1, 2.5 * mm), KeepTogether([money_boxes(seller, buyer), Spacer(1, 2 * mm),
            words_sentence("Net à payer au Vendeur arrêté", d.net_to_seller, d.currency),
            words_sentence("Total dû par l’Acheteur arrêté", d.buyer_total, d.currency)])]  # fmt: skip
    return out


def _payment(d: ContractPrint, m: Callable[[int], str], locale: str) -> list[str]:
    if d.payment_terms == "acompte_solde" and d.balance_due_date is not None:
        due = format_date(d.balance_due_date, locale)
        first = (f"L’Acheteur verse au Centre un acompte de {m(d.deposit)} à la signature et le solde de "
                 f"{m(d.buyer_total - d.deposit)} au plus tard le {due}.")  # fmt: skip
    else:
        first = f"L’Acheteur paie au Centre le total dû de {m(d.buyer_total)} au comptant, à la signature."
    lines = [first + " Chaque paiement donne lieu à un reçu numéroté."]
    if d.contract_type == "achat_revente":
        lines.append(f"Le Centre paie au Vendeur le prix net de {m(d.net_to_seller)} contre un bon de paiement "
                     "vendeur signé ou marqué de son empreinte.")  # fmt: skip
    else:
        lines.append("Le Centre ne fait pas d’avance au Vendeur : il lui reverse le net qui lui revient au fur et à "
                     "mesure des paiements de l’Acheteur, contre un bon de paiement vendeur signé ou marqué de son "
                     "empreinte.")  # fmt: skip
    return lines


def _papers(d: ContractPrint, locale: str) -> list[Flowable]:
    if not d.documents:
        return [para("Aucun document n’est enregistré à la date du contrat ; les parties s’engagent à produire ceux "
                     "qu’exigent la santé animale et le transport des animaux.")]  # fmt: skip
    out: list[Flowable] = [para("Les animaux sont accompagnés des documents suivants :")]
    for x in d.documents:
        until = f", valable jusqu’au {format_date(x.expires_on, locale)}" if x.expires_on else ""
        out.append(para(f"– {x.label} n°{NBSP}{x.number}, délivré par {x.issuer} le "
                        f"{format_date(x.issued_on, locale)}{until} ;"))  # fmt: skip
    return out


def _guarantees(d: ContractPrint, quality: str) -> list[str]:
    out = [
        "Le Vendeur garantit être le propriétaire légitime des animaux vendus, qu’ils ne sont ni volés, ni gagés, ni "
        "l’objet d’un litige, et que les marques et signalements déclarés sont exacts.",
        "L’Acheteur reconnaît avoir vu et examiné les animaux et les accepter dans l’état où ils se trouvent. Les "
        "risques passent à l’Acheteur à la livraison des animaux.",
    ]  # fmt: skip
    if d.guarantor is not None or d.guarantor_name:
        if quality == "garant":
            out.append("Le Garant se porte garant de l’identité du Vendeur et de l’origine des animaux.")
        else:
            out.append("Le Témoin atteste de l’accord des parties sur les animaux et sur le prix.")
    return out


def render_contract(data: ContractPrint, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The contract as PDF bytes (A4); same input, same bytes."""
    if data.number:
        subtitle = f"N°{NBSP}{data.number} – {data.type_label} – {format_date(data.contract_date, letterhead.locale)}"
    else:
        subtitle = f"Projet – {data.type_label} – non conclu"
    return render(TITLE, data.number, letterhead, _story(data, letterhead), printed_at=printed_at,
                  subtitle=safe_text(subtitle))  # fmt: skip
