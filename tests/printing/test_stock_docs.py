"""Stock documents on paper: bons de commande, de livraison, de réception, fiche de stock (carried from page
to page), état du stock valorisé and feuille d'inventaire — wording, quantities, amounts, ANNULÉ, glyphs."""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from centre_app.printing.base import Letterhead
from centre_app.printing.delivery_note import DeliveryNoteData, DeliveryNoteLine, render_delivery_note
from centre_app.printing.fonts import FONT_FILES
from centre_app.printing.inventory_sheet import InventorySheetData, InventorySheetLine, render_inventory_sheet
from centre_app.printing.stock_card import StockCardData, StockCardRow, render_stock_card
from centre_app.printing.stock_docs import (
    Cancellation,
    OrderSheetData,
    OrderSheetLine,
    ReceptionSheetData,
    ReceptionSheetLine,
    render_order,
    render_reception,
)
from centre_app.printing.stock_valuation import ValuationData, ValuationProduct, ValuationRow, render_stock_valuation
from centre_app.resources import resource

PRINTED_AT = datetime(2026, 11, 22, 14, 7, tzinfo=UTC)
LETTERHEAD = Letterhead(name="Centre de services agro-pastoral de Djibo", acronym="CSAP", town="Djibo")
NN = "\u202f"  # babel's narrow no-break space, as the services' strings carry it
WORDS = "un million deux cent cinquante mille cinq cents (1 250 500) francs CFA"

ORDER = OrderSheetData(
    number="CMD-2026-00012",
    state_label="Confirmée",
    order_date=date(2026, 11, 20),
    party_name="Groupement Laafi de Mentao",
    party_code="T-00082",
    party_village="Mentao",
    party_phone="+226 70 12 34 56",
    price_list_name="Prix social (subventionné)",
    social=True,
    eligibility_note="OP membre du programme de soutien 2026",
    warehouse_name="Magasin du centre",
    delivery_date=date(2026, 11, 28),
    delivery_place="Mentao, magasin du groupement",
    lines=(
        OrderSheetLine("Tourteau de coton", "TOURTEAU", "12 sacs de 50 kg (600 kg)", 8_500, "sac de 50 kg", 102_000),
        OrderSheetLine("Maïs", "MAIS", f"70 sacs de 100 kg (7{NN}000 kg)", 16_400, "sac de 100 kg", 1_148_500),
    ),
    total=1_250_500,
    deposit=250_000,
    paid=300_000,
    remaining_to_pay=950_500,
    deliveries=(),
    note="",
    signed_by="Issa Caissier",
    currency="XOF",
)
CANCELLED = Cancellation(datetime(2026, 11, 21, 9, 30, tzinfo=UTC), "Gaston Gestionnaire", "Erreur de client")

DELIVERY = DeliveryNoteData(
    number="BL-2026-00031",
    business_date=date(2026, 11, 22),
    at=datetime(2026, 11, 22, 10, 5, tzinfo=UTC),
    order_number="CMD-2026-00012",
    order_date=date(2026, 11, 20),
    party_name="Groupement Laafi de Mentao",
    party_code="T-00082",
    party_village="Mentao",
    party_phone="+226 70 12 34 56",
    warehouse_name="Magasin du centre",
    place="Mentao, magasin du groupement",
    carrier="Transport Barry – camion 11 KK 2345",
    note="",
    user_name="Boureima Magasinier",
    lines=(
        DeliveryNoteLine(
            "Tourteau de coton",
            "TOURTEAU",
            "12 sacs de 50 kg (600 kg)",
            "0 kg",
            "8 sacs de 50 kg (400 kg)",
            "4 sacs de 50 kg (200 kg)",
        ),
    ),
    order_complete=False,
)

RECEPTION = ReceptionSheetData(
    number="BR-2026-00007",
    business_date=date(2026, 11, 3),
    origin_label="Achat fournisseur",
    supplier_name="Huilerie SN-CITEC",
    supplier_code="T-00003",
    supplier_reference="BL-F 251101-06",
    warehouse_name="Magasin du centre",
    lines=(
        ReceptionSheetLine(
            "Tourteau de coton", "TOURTEAU", f"100 sacs de 50 kg (5{NN}000 kg)", 12_505, "sac de 50 kg", 1_250_500
        ),
    ),
    total=1_250_500,
    user_name="Boureima Magasinier",
    note="",
    due_reference="BR-2026-00007",
    payment_number="",
    currency="XOF",
)


def _pages(pdf: bytes) -> list[str]:
    """Text of each page, babel's special spaces and every run of white space made one plain space."""
    reader = PdfReader(io.BytesIO(pdf))
    return [
        re.sub(r"\s+", " ", page.extract_text().replace("\u202f", " ").replace("\u00a0", " ")) for page in reader.pages
    ]


def _text(pdf: bytes) -> str:
    return " ".join(_pages(pdf))


def _missing(text: str, expected: list[str]) -> list[str]:
    return [e for e in expected if e not in text]


def _no_missing_glyph(pdf: bytes) -> None:
    """Every character drawn exists in the embedded font: no black square, no empty box."""
    face = TTFont("probe", str(resource("fonts", FONT_FILES["DejaVuSans"]))).face
    raw = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert [ch for ch in set(raw) if ch not in "\n" and ord(ch) not in face.charToGlyph] == []


def _translucent_stamp(pdf: bytes) -> bool:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    states = page["/Resources"].get("/ExtGState", {})
    return any(float(state.get_object().get("/ca", 1)) < 0.3 for state in states.values())


# --- bon de commande -------------------------------------------------------------------------------


def test_order_has_customer_price_list_lines_totals_and_words() -> None:
    pdf = render_order(ORDER, LETTERHEAD, PRINTED_AT)
    pages = _pages(pdf)
    assert len(pages) == 1
    expected = [
        "BON DE COMMANDE",
        "N° CMD-2026-00012 du 20/11/2026",
        "Client Groupement Laafi de Mentao",
        "Code T-00082",
        "Prix social (subventionné) – éligibilité : OP membre du programme de soutien 2026",
        "Livraison prévue 28/11/2026 – Mentao, magasin du groupement",
        "Magasin du centre",
        "12 sacs de 50 kg (600 kg)",
        "70 sacs de 100 kg (7 000 kg)",
        "8 500 le sac de 50 kg",
        "1 148 500",
        "Total de la commande 1 250 500 F CFA",
        "Acompte convenu 250 000 F CFA",
        "Payé à ce jour 300 000 F CFA",
        "Reste à payer 950 500 F CFA",
        f"Arrêtée la présente commande à la somme de : {WORDS}.",
        "Fait à Djibo, le 20 novembre 2026",
        "Le client",
        "Empreinte digitale",
        "Pour le centre",
        "Issa Caissier",
    ]
    assert _missing(pages[0], expected) == [], pages[0]
    for absent in ("ANNULÉ", "PROJET", "Reste à livrer"):
        assert absent not in pages[0]
    _no_missing_glyph(pdf)


def test_order_partly_delivered_shows_what_remains() -> None:
    lines = (dataclasses.replace(ORDER.lines[0], delivered="8 sacs de 50 kg (400 kg)",
                                 remaining="4 sacs de 50 kg (200 kg)"), ORDER.lines[1])  # fmt: skip
    data = dataclasses.replace(ORDER, lines=lines, deliveries=(("BL-2026-00031", date(2026, 11, 22), False),))
    text = _text(render_order(data, LETTERHEAD, PRINTED_AT))
    assert "Reste à livrer" in text
    assert "4 sacs de 50 kg (200 kg)" in text
    assert "Bons de livraison : BL-2026-00031 du 22/11/2026." in text


def test_cancelled_order_prints_annule_with_its_reason_and_keeps_its_number() -> None:
    pdf = render_order(dataclasses.replace(ORDER, cancellation=dataclasses.replace(CANCELLED, what="Annulée")),
                       LETTERHEAD, PRINTED_AT)  # fmt: skip
    text = _text(pdf)
    expected = ["ANNULÉ", "Annulée le 21/11/2026 09:30 par Gaston Gestionnaire", "motif : Erreur de client",
                "CMD-2026-00012", "1 250 500 F CFA"]  # fmt: skip
    assert _missing(text, expected) == [], text
    assert "Payé à ce jour" not in text
    assert _translucent_stamp(pdf)


def test_draft_order_is_a_project_without_number() -> None:
    text = _text(render_order(dataclasses.replace(ORDER, number="", state_label="Brouillon"), LETTERHEAD, PRINTED_AT))
    assert "PROJET – commande non confirmée" in text
    assert "Projet du 20/11/2026" in text
    assert "Fait à Djibo, le 22 novembre 2026" in text


# --- bon de livraison ------------------------------------------------------------------------------


def test_delivery_note_lines_and_signatures() -> None:
    pdf = render_delivery_note(DELIVERY, LETTERHEAD, PRINTED_AT)
    pages = _pages(pdf)
    assert len(pages) == 1
    expected = [
        "BON DE LIVRAISON",
        "N° BL-2026-00031 du 22/11/2026",
        "Commande CMD-2026-00012 du 20/11/2026",
        "Magasin Magasin du centre",
        "Transporteur Transport Barry – camion 11 KK 2345",
        "Commandé Déjà livré Livré ce jour Reste à livrer",
        "12 sacs de 50 kg (600 kg)",
        "8 sacs de 50 kg (400 kg)",
        "4 sacs de 50 kg (200 kg)",
        "Il reste des marchandises à livrer sur la commande CMD-2026-00012.",
        "Livré par (magasinier)",
        "Boureima Magasinier",
        "Reçu par (client)",
        "Empreinte digitale",
        "Fait à Djibo, le 22 novembre 2026",
    ]
    assert _missing(pages[0], expected) == [], pages[0]
    assert "ANNULÉ" not in pages[0]
    _no_missing_glyph(pdf)


def test_cancelled_delivery_note() -> None:
    data = dataclasses.replace(DELIVERY, cancellation=dataclasses.replace(CANCELLED, number="MVT-2026-000004"),
                               carrier="", order_complete=True)  # fmt: skip
    pdf = render_delivery_note(data, LETTERHEAD, PRINTED_AT)
    text = _text(pdf)
    assert "ANNULÉ" in text
    assert "pièce d’annulation n° MVT-2026-000004" in text
    assert "Enlèvement par le client" in text
    assert "entièrement livrée" not in text
    assert _translucent_stamp(pdf)


# --- bon de réception ------------------------------------------------------------------------------


def test_reception_with_cost_total_and_words() -> None:
    pdf = render_reception(RECEPTION, LETTERHEAD, PRINTED_AT)
    text = _text(pdf)
    expected = [
        "BON DE RÉCEPTION",
        "N° BR-2026-00007 du 03/11/2026",
        "Huilerie SN-CITEC (T-00003)",
        "Achat fournisseur",
        "BL-F 251101-06",
        "À crédit (dette fournisseur)",
        "100 sacs de 50 kg (5 000 kg)",
        "12 505 le sac de 50 kg",
        "Total du bon de réception 1 250 500 F CFA",
        f"Arrêté le présent bon à la somme de : {WORDS}.",
        "Livré par (fournisseur)",
        "Reçu par (magasinier)",
        "Visa du gestionnaire",
    ]
    assert _missing(text, expected) == [], text
    cancelled = _text(render_reception(dataclasses.replace(RECEPTION, cancellation=CANCELLED), LETTERHEAD, PRINTED_AT))
    assert "ANNULÉ" in cancelled
    assert "motif : Erreur de client" in cancelled


# --- fiche de stock --------------------------------------------------------------------------------


def _card(n: int) -> StockCardData:
    rows = []
    balance = 100
    for i in range(1, n + 1):
        exit_ = i % 3 != 0
        balance += -2 if exit_ else 5
        quantity = "2 sacs (100 kg)" if exit_ else "5 sacs (250 kg)"
        label = f"Livraison BL-2026-{i:05d} — Client n° {i} (CMD-2026-{i:05d})"
        stock = f"{balance} sacs ({balance * 50:,} kg)".replace(",", NN)
        day = date(2026, 1, 1) + timedelta(days=i)
        rows.append(StockCardRow(day, label, "" if exit_ else quantity, quantity if exit_ else "", stock))
    return StockCardData(
        product_name="Tourteau de coton", product_code="TOURTEAU", category="Aliment bétail", unit_note="sac de 50 kg",
        warehouse_name="Magasin du centre", start=date(2026, 1, 1), end=date(2026, 11, 1),
        opening=f"100 sacs (5{NN}000 kg)", opening_value=900_000, rows=tuple(rows), total_in="X", total_out="Y",
        closing=f"{balance} sacs ({balance * 50:,} kg)".replace(",", NN), closing_value=1_250_500,
        closing_cost=f"9{NN}250 F{NN}CFA le sac de 50 kg", alert_threshold="50 sacs (2 500 kg)", currency="XOF",
    )  # fmt: skip


def test_stock_card_columns_opening_and_closing() -> None:
    pdf = render_stock_card(_card(4), LETTERHEAD, PRINTED_AT)
    pages = _pages(pdf)
    assert len(pages) == 1
    expected = [
        "FICHE DE STOCK",
        "Tourteau de coton – Magasin du centre – du 01/01/2026 au 31/10/2026",
        "Unité de compte sac de 50 kg",
        "Date Libellé (pièce, tiers) Entrée Sortie Stock Visa",
        "01/01/2026 Stock au début de la période 100 sacs (5 000 kg)",
        "02/01/2026 Livraison BL-2026-00001 Client n° 1 (CMD-2026-00001) 2 sacs (100 kg) 98 sacs (4 900 kg)",
        "04/01/2026 Livraison BL-2026-00003 Client n° 3 (CMD-2026-00003) 5 sacs (250 kg) 101 sacs (5 050 kg)",
        "Totaux de la période X Y 99 sacs (4 950 kg)",
        "Valeur au coût moyen (CUMP) 1 250 500 F CFA",
        "Coût moyen unitaire (CUMP) 9 250 F CFA le sac de 50 kg",
        "Le magasinier",
        "Le gestionnaire",
    ]
    assert _missing(pages[0], expected) == [], pages[0]
    assert "À reporter" not in pages[0]
    _no_missing_glyph(pdf)


def test_long_stock_card_carries_the_balance_from_page_to_page() -> None:
    data = _card(90)
    pages = _pages(render_stock_card(data, LETTERHEAD, PRINTED_AT))
    assert len(pages) >= 3
    for page, following in itertools.pairwise(pages):
        if "À reporter" not in page:
            continue  # only the summary left for the next page
        carried = re.search(r"À reporter (\d+ sacs \([\d ]+ kg\))", page)
        assert carried, page
        balance = carried.group(1)
        # The carried stock is the stock after the last line of the page…
        lines_on_page = re.findall(
            r"\) (?:\d+ sacs \([\d ]+ kg\) )?(\d+ sacs \([\d ]+ kg\)) (?=\d\d/|À reporter)", page
        )
        assert lines_on_page[-1] == balance
        # …and the next page starts from it, under the column titles.
        assert following.find("Date Libellé (pièce, tiers) Entrée Sortie Stock Visa") < following.find(
            f"Report de la page précédente {balance}"
        )
    # Every movement is printed once, none lost nor repeated at a page break.
    text = " ".join(pages)
    assert all(text.count(f"BL-2026-{i:05d} ") == 1 for i in range(1, 91))
    assert text.count("Report de la page précédente") == text.count("À reporter") >= 2
    assert "Totaux de la période" in pages[-1] or "Totaux de la période" in pages[-2]


# --- état du stock valorisé -----------------------------------------------------------------------


def test_stock_valuation_per_product_and_magasin_with_totals_and_words() -> None:
    maize = ValuationProduct(
        "Céréale", "Maïs", "MAIS", "sac de 100 kg",
        (ValuationRow("Magasin du centre", f"50 sacs de 100 kg (5{NN}000 kg)", 17_500, 875_000),
         ValuationRow("Banque de céréales d'Aribinda", "10 sacs de 100 kg (1 000 kg)", 17_500, 175_000)),
        f"60 sacs de 100 kg (6{NN}000 kg)", 17_500, 1_050_000,
    )  # fmt: skip
    cake = ValuationProduct(
        "Aliment bétail", "Tourteau de coton", "TOURTEAU", "sac de 50 kg",
        (ValuationRow("Magasin du centre", "20 sacs de 50 kg (1 000 kg)", 10_025, 200_500),),
        "20 sacs de 50 kg (1 000 kg)", 10_025, 200_500,
    )  # fmt: skip
    data = ValuationData(date(2026, 10, 31), "Tous les magasins", False, (maize, cake), 1_250_500, False, "XOF")
    pdf = render_stock_valuation(data, LETTERHEAD, PRINTED_AT)
    text = _text(pdf)
    expected = [
        "ÉTAT DU STOCK VALORISÉ",
        "au 31 octobre 2026 – Tous les magasins",
        "Produit Magasin Quantité en stock CUMP Valeur",
        "Céréale",
        "Magasin du centre 50 sacs de 100 kg (5 000 kg) 17 500 le sac de 100 kg 875 000",
        "Total Maïs 60 sacs de 100 kg (6 000 kg) 17 500 le sac de 100 kg 1 050 000",
        "Total – Céréale 1 050 000",
        "20 sacs de 50 kg (1 000 kg) 10 025 le sac de 50 kg 200 500",
        "Total – Aliment bétail 200 500",
        "Valeur totale du stock au 31/10/2026 1 250 500 F CFA",
        f"Arrêté le présent état à la somme de : {WORDS}.",
    ]
    assert _missing(text, expected) == [], text
    _no_missing_glyph(pdf)
    one = dataclasses.replace(data, warehouse_name="Magasin du centre", one_warehouse=True)
    assert "Produit Quantité en stock CUMP Valeur" in _text(render_stock_valuation(one, LETTERHEAD, PRINTED_AT))


# --- feuille d'inventaire -------------------------------------------------------------------------

INVENTORY = InventorySheetData(
    number="INV-2026-0004",
    warehouse_name="Banque de céréales d'Aribinda",
    business_date=date(2026, 11, 2),
    state_label="En cours de comptage",
    opened_at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
    opened_by="Boureima Magasinier",
    closed_at=None,
    closed_by="",
    validated=False,
    note="",
    lines=(
        InventorySheetLine(
            "Maïs",
            "MAIS",
            "12 sacs de 100 kg (1 200 kg)",
            "11 sacs de 100 kg (1 100 kg)",
            "-1 sac de 100 kg (-100 kg)",
            True,
            "Issa",
        ),
        InventorySheetLine("Mil", "MIL", "7 sacs de 100 kg (700 kg)", "", "", False, ""),
    ),
    blind=False,
)


def test_inventory_sheet_theoretical_counted_and_difference() -> None:
    pdf = render_inventory_sheet(INVENTORY, LETTERHEAD, PRINTED_AT)
    text = _text(pdf)
    expected = [
        "FEUILLE D’INVENTAIRE",
        "INV-2026-0004",
        "Stock théorique Quantité comptée Écart",
        "12 sacs de 100 kg (1 200 kg) 11 sacs de 100 kg (1 100 kg) -1 sac de 100 kg (-100 kg)",
        "7 sacs de 100 kg (700 kg)",
        "Produits comptés : 1 sur 2 ; produits avec un écart : 1.",
        "Compté par",
        "Le magasinier",
    ]
    assert _missing(text, expected) == [], text
    _no_missing_glyph(pdf)


def test_blind_inventory_sheet_hides_the_theoretical_stock() -> None:
    text = _text(render_inventory_sheet(dataclasses.replace(INVENTORY, blind=True), LETTERHEAD, PRINTED_AT))
    assert "À l’aveugle" in text
    assert "11 sacs de 100 kg (1 100 kg)" in text  # what was counted is shown
    for hidden in ("Stock théorique", "1 200 kg", "700 kg", "Écart", "-100 kg"):
        assert hidden not in text


def test_abandoned_inventory_prints_annule() -> None:
    data = dataclasses.replace(
        INVENTORY, state_label="Abandonné", cancellation=dataclasses.replace(CANCELLED, what="Abandonné")
    )
    pdf = render_inventory_sheet(data, LETTERHEAD, PRINTED_AT)
    assert "Abandonné le 21/11/2026 09:30 par Gaston Gestionnaire" in _text(pdf)
    assert _translucent_stamp(pdf)


@pytest.mark.parametrize(
    "make",
    [
        lambda: render_order(ORDER, LETTERHEAD, PRINTED_AT),
        lambda: render_delivery_note(DELIVERY, LETTERHEAD, PRINTED_AT),
        lambda: render_stock_card(_card(40), LETTERHEAD, PRINTED_AT),
        lambda: render_inventory_sheet(INVENTORY, LETTERHEAD, PRINTED_AT),
    ],
)
def test_same_input_same_bytes(make) -> None:
    assert make() == make()
