"""Receipts and payment vouchers on A4, A5 and the 80 mm roll: wording, amounts, DUPLICATA, ANNULÉ, stable bytes."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfbase.ttfonts import TTFont

from centre_app.printing.base import Letterhead
from centre_app.printing.receipt import PAPERS, ReceiptData, ReceiptLine, render_receipt
from centre_app.resources import resource

PRINTED_AT = datetime(2026, 11, 22, 14, 7, tzinfo=UTC)
LETTERHEAD = Letterhead(
    name="Centre de services agro-pastoral de Djibo",
    acronym="CSAP",
    legal_form="Association",
    address="Secteur 3, route de Dori",
    po_box="45 Djibo",
    phone="+226 24 56 01 23",
    tax_id="00045678 K",
    town="Djibo",
)
WORDS = "cent soixante et onze mille deux cent cinquante"
ARRETE = f"Arrêté le présent reçu à la somme de : {WORDS} (171 250) francs CFA."

RECEIPT = ReceiptData(
    doc_type="REC",
    number="REC-2026-000123",
    at=datetime(2026, 11, 22, 14, 5, tzinfo=UTC),
    counterpart_name="DICKO Aïssata",
    counterpart_code="T-00082",
    counterpart_phone="+226 70 12 34 56",
    amount=171_250,
    currency="XOF",
    means_label="Mobile money",
    operator="Orange Money",
    transaction_id="MP261122.1405.A12345",
    payer_number="+226 76 98 76 54",
    fees=1_500,
    in_kind="",
    purpose="Règlement de commande et commission",
    lines=(
        ReceiptLine("CMD-2026-00012", "Commande de 12 sacs de tourteau de coton", 210_000, 60_000, 121_250, 28_750),
        ReceiptLine("CBV-2026-0042", "Commission sur vente de 3 bovins", 50_000, 0, 50_000, 0),
    ),
    document_total=260_000,
    paid_before=60_000,
    paid_now=171_250,
    remaining=28_750,
    cashier_name="Issa Caissier",
    copy_number=0,
    cancelled=False,
    cancellation_number=None,
    cancellation_reason="",
    cancelled_at=None,
)
CANCELLED = dataclasses.replace(
    RECEIPT,
    cancelled=True,
    cancellation_number="ANR-2026-000004",
    cancellation_reason="Erreur sur le montant saisi",
    cancelled_at=datetime(2026, 11, 22, 16, 40, tzinfo=UTC),
)
SELLER = dataclasses.replace(
    RECEIPT,
    doc_type="BPV",
    number="BPV-2026-000017",
    counterpart_name="BARRY Hamidou",
    counterpart_code="T-00015",
    counterpart_phone="+226 78 11 22 33",
    amount=950_000,
    means_label="Espèces",
    operator=None,
    transaction_id=None,
    payer_number="",
    fees=0,
    purpose="Paiement net de la vente de 3 bovins (commission déduite)",
    lines=(ReceiptLine("CBV-2026-0042", "Vente de 3 bovins – net vendeur", 950_000, 0, 950_000, 0),),
    document_total=950_000,
    paid_before=0,
    paid_now=950_000,
    remaining=0,
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


def _render(data: ReceiptData, paper: str) -> bytes:
    return render_receipt(data, LETTERHEAD, paper=paper, printed_at=PRINTED_AT)


def test_a4_receipt_has_everything_the_office_asks_for() -> None:
    pdf = _render(RECEIPT, "A4")
    pages = _pages(pdf)
    assert len(pages) == 1
    text = pages[0]
    expected = [
        "Centre de services agro-pastoral de Djibo (CSAP)",
        "IFU : 00045678 K",
        "REÇU N° REC-2026-000123",
        "Le 22/11/2026 à 14:05",
        "Client DICKO Aïssata",
        "Code T-00082",
        "Téléphone +226 70 12 34 56",
        "Reçu de M./Mme DICKO Aïssata la somme de 171 250 F CFA pour règlement de commande et commission "
        "(réf. CMD-2026-00012, CBV-2026-0042).",
        "Documents réglés",
        "Montants en F CFA",
        "Référence Libellé Total Déjà payé Payé ce jour Reste",
        "CMD-2026-00012 Commande de 12 sacs de tourteau de coton 210 000 60 000 121 250 28 750",
        "CBV-2026-0042 Commission sur vente de 3 bovins 50 000 0 50 000 0",
        "Total des documents 260 000 F CFA",
        "Payé ce jour 171 250 F CFA",
        "Déjà payé 60 000 F CFA",
        "Reste à payer 28 750 F CFA",
        "Moyen de paiement Mobile money – Orange Money",
        "N° de transaction MP261122.1405.A12345",
        "N° du payeur +226 76 98 76 54",
        "Frais de transaction 1 500 F CFA",
        ARRETE,
        "Le caissier",
        "Le client",
        "Issa Caissier",
        "Signature ou empreinte digitale",
        "REÇU N° REC-2026-000123 Imprimé le 22/11/2026 14:07",
        "Page 1 / 1",
    ]
    assert _missing(text, expected) == [], text
    for absent in ("DUPLICATA", "ANNULÉ", "Avance", "Visa du gestionnaire"):
        assert absent not in text


@pytest.mark.parametrize("paper", PAPERS)
def test_every_paper_has_the_amount_in_figures_and_in_words_on_one_page(paper: str) -> None:
    pdf = _render(RECEIPT, paper)
    pages = _pages(pdf)
    assert len(pages) == 1
    expected = [
        "REÇU N° REC-2026-000123",
        "Le 22/11/2026 à 14:05",
        "171 250 F CFA",
        WORDS,
        ARRETE,
        "CMD-2026-00012",
        "CBV-2026-0042",
        "Payé ce jour",
        "Déjà payé 60 000 F CFA",
        "Reste à payer 28 750 F CFA",
        "Mobile money – Orange Money",
        "MP261122.1405.A12345",
        "Issa Caissier",
        "Imprimé le 22/11/2026 14:07",
    ]
    assert _missing(pages[0], expected) == [], pages[0]


def test_page_sizes() -> None:
    def size(pdf: bytes) -> tuple[float, float]:
        box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
        return float(box.width), float(box.height)

    assert size(_render(RECEIPT, "A4")) == pytest.approx(A4, abs=0.01)
    assert size(_render(RECEIPT, "A5")) == pytest.approx(A5, abs=0.01)
    width, height = size(_render(RECEIPT, "80mm"))
    assert width == pytest.approx(80 * mm, abs=0.01)
    assert 100 * mm < height < 297 * mm


def test_the_roll_is_one_page_as_long_as_its_content() -> None:
    many = tuple(ReceiptLine(f"CMD-2026-{n:05d}", f"Commande n° {n}", 10_000, 0, 10_000, 0) for n in range(1, 31))
    long_receipt = dataclasses.replace(
        RECEIPT, lines=many, amount=300_000, document_total=300_000, paid_before=0, paid_now=300_000, remaining=0
    )
    short = PdfReader(io.BytesIO(_render(RECEIPT, "80mm")))
    long = PdfReader(io.BytesIO(_render(long_receipt, "80mm")))
    assert len(long.pages) == 1
    assert float(long.pages[0].mediabox.height) > float(short.pages[0].mediabox.height) + 80 * mm
    text = _text(_render(long_receipt, "80mm"))
    assert all(f"CMD-2026-{n:05d} 10 000 F CFA" in text for n in range(1, 31))
    assert "trois cent mille (300 000) francs CFA" in text


def test_roll_has_a_centred_short_header_and_a_dotted_signature_line() -> None:
    text = _text(_render(RECEIPT, "80mm"))
    assert "Centre de services agro-pastoral de Djibo (CSAP)" in text
    assert "Djibo – Tél. : +226 24 56 01 23" in text
    assert "IFU" not in text  # not the full letterhead
    assert "Pièce Payé ce jour" in text  # the simplified table
    assert "CMD-2026-00012 121 250 F CFA" in text
    assert "Caissier Issa Caissier" in text
    assert "Signature / empreinte du client :" in text
    assert "Page" not in text


@pytest.mark.parametrize("paper", PAPERS)
def test_a_reprint_says_duplicata(paper: str) -> None:
    text = _text(_render(dataclasses.replace(RECEIPT, copy_number=2), paper))
    assert "DUPLICATA n° 2" in text
    assert ARRETE in text


@pytest.mark.parametrize("paper", PAPERS)
def test_a_cancelled_receipt_keeps_its_number_and_amounts_under_the_stamp(paper: str) -> None:
    pdf = _render(CANCELLED, paper)
    pages = _pages(pdf)
    assert len(pages) == 1
    text = pages[0]
    expected = [
        "REÇU N° REC-2026-000123",
        "ANNULÉ",
        "le 22/11/2026 16:40",
        "pièce d’annulation n° ANR-2026-000004",
        "motif : Erreur sur le montant saisi",
        "171 250 F CFA",
        "Reste à payer 28 750 F CFA",
        ARRETE,
    ]
    assert _missing(text, expected) == [], text
    # The stamp is translucent (a graphics state with a fill alpha well below 1), never an opaque block.
    states = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/ExtGState"]
    assert min(float(state.get_object().get("/ca", 1)) for state in states.values()) < 0.3


def test_a_cancelled_duplicata_says_both() -> None:
    for paper in PAPERS:
        text = _text(_render(dataclasses.replace(CANCELLED, copy_number=1), paper))
        assert "DUPLICATA n° 1" in text
        assert "ANR-2026-000004" in text


@pytest.mark.parametrize("paper", PAPERS)
def test_seller_payment_voucher(paper: str) -> None:
    pdf = _render(SELLER, paper)
    pages = _pages(pdf)
    assert len(pages) == 1
    text = pages[0]
    expected = [
        "BON DE PAIEMENT VENDEUR N° BPV-2026-000017",
        "Payé à M./Mme BARRY Hamidou",
        "la somme de 950 000 F CFA pour paiement net de la vente de 3 bovins (commission déduite)",
        "CBV-2026-0042",
        "Arrêté le présent bon à la somme de : neuf cent cinquante mille (950 000) francs CFA.",
        "Espèces",
        "Visa du gestionnaire",
        "Imprimé le 22/11/2026 14:07",
    ]
    if paper == "80mm":
        expected += ["Vendeur BARRY Hamidou (T-00015)", "Signature / empreinte du bénéficiaire :"]
    else:
        expected += ["Le caissier", "Le bénéficiaire (signature ou empreinte digitale)"]
    assert _missing(text, expected) == [], text
    assert "reçu" not in text.lower().replace("reçu de", "")


def test_disbursement_voucher_without_documents() -> None:
    voucher = dataclasses.replace(
        SELLER,
        doc_type="DEC",
        number="DEC-2026-000031",
        counterpart_name="Station Total de Djibo",
        counterpart_code="",
        purpose="Achat de 40 litres de gasoil",
        lines=(),
        amount=34_000,
        document_total=34_000,
        paid_now=34_000,
    )
    for paper in PAPERS:
        text = _text(_render(voucher, paper))
        assert "BON DE DÉCAISSEMENT N° DEC-2026-000031" in text
        assert "Payé à M./Mme Station Total de Djibo" in text
        assert "34 000 F CFA pour achat de 40 litres de gasoil." in text
        assert "trente-quatre mille (34 000) francs CFA" in text
        assert "Reste à payer" not in text


def test_an_advance_says_so_instead_of_a_table() -> None:
    advance = dataclasses.replace(
        RECEIPT, lines=(), purpose="", document_total=171_250, paid_before=0, paid_now=171_250, remaining=0
    )
    for paper in PAPERS:
        text = _text(_render(advance, paper))
        assert "Avance / crédit au compte du client" in text
        assert "Payé ce jour 171 250 F CFA" in text
        assert "Reste à payer" not in text
        assert "Référence" not in text
        assert ARRETE in text


def test_in_kind_payment_and_a_currency_with_centimes() -> None:
    data = dataclasses.replace(
        RECEIPT,
        currency="MAD",
        amount=125_050,
        means_label="En nature",
        operator=None,
        transaction_id=None,
        payer_number="",
        fees=0,
        in_kind="2 sacs de mil de 100 kg (valeur convenue 1 250,50 DH)",
        lines=(),
        purpose="",
        document_total=125_050,
        paid_before=0,
        paid_now=125_050,
        remaining=0,
    )
    letterhead = dataclasses.replace(LETTERHEAD, locale="fr_MA", currency="MAD")
    for paper in PAPERS:
        text = _text(render_receipt(data, letterhead, paper=paper, printed_at=PRINTED_AT))
        assert "1 250,50 DH" in text
        assert "mille deux cent cinquante dirhams cinquante centimes (1 250,50 DH)" in text
        assert "2 sacs de mil de 100 kg" in text


@pytest.mark.parametrize("paper", PAPERS)
def test_same_input_same_bytes(paper: str) -> None:
    first = _render(CANCELLED, paper)
    assert _render(CANCELLED, paper) == first
    assert first.startswith(b"%PDF-")


def test_creation_date_is_the_print_date() -> None:
    for paper in ("A4", "80mm"):
        info = PdfReader(io.BytesIO(_render(RECEIPT, paper))).metadata
        assert info is not None
        assert info["/CreationDate"].startswith("D:20261122140700")
        assert info["/Title"].startswith("REÇU N")


def test_every_character_has_a_glyph() -> None:
    face = TTFont("probe", str(resource("fonts", "DejaVuSans.ttf"))).face
    for paper in PAPERS:
        reader = PdfReader(io.BytesIO(_render(CANCELLED, paper)))
        text = "".join(page.extract_text() for page in reader.pages)
        assert [ch for ch in set(text) if ch != "\n" and ord(ch) not in face.charToGlyph] == []


def test_odd_text_is_printed_as_text() -> None:
    data = dataclasses.replace(RECEIPT, counterpart_name="OUÉDRAOGO <Œuvre> & Fils\u200b", purpose="Frais <b>x</b>")
    for paper in PAPERS:
        text = _text(_render(data, paper))
        assert "OUÉDRAOGO <Œuvre> & Fils" in text
        assert "frais <b>x</b>" in text


def test_unknown_paper_or_document_type_is_refused() -> None:
    with pytest.raises(ValueError, match="paper"):
        render_receipt(RECEIPT, LETTERHEAD, paper="Letter", printed_at=PRINTED_AT)
    with pytest.raises(ValueError, match="REC, DEC or BPV"):
        render_receipt(dataclasses.replace(RECEIPT, doc_type="FAC"), LETTERHEAD, printed_at=PRINTED_AT)
