"""Printed livestock sales: the contract of a 12-head sale (parties with their papers, animals over several
pages, amounts in figures and in words, « Lu et expliqué en langue … », the four signature and thumbprint
boxes together on the last page), a draft « PROJET », a cancelled contract « ANNULÉ », the bordereau des animaux
and the bon de paiement vendeur."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.services import livestock, livestock_printouts, livestock_workflow, payments
from centre_app.services.context import Actor
from centre_app.services.livestock import DocumentInput, FeeInput
from centre_app.services.livestock_payouts import pay_seller
from centre_app.services.payments import PaymentDraft
from tests.services.livestock_helpers import DAY, Refs, animal, draft, make_refs, tx

# 12 taureaux at 300 000 + 12 500 × i: gross 4 425 000 F. Commission « Bovin, par tête » 2 500 × 12 = 30 000 F
# (seller). Débours: market tax 12 × 1 000 = 12 000 (seller), vaccination 12 000 (buyer), convoyage 45 001
# shared (seller 22 501, buyer 22 500). Net to the seller 4 425 000 − 30 000 − 12 000 − 22 501 = 4 360 499 F;
# the buyer owes 4 425 000 + 12 000 + 22 500 = 4 459 500 F.
FEES = (FeeInput("taxe_marche", "vendeur"), FeeInput("vaccination", "acheteur", 12_000),
        FeeInput("convoyage", "partage", 45_001, "Camion Djibo – Ouagadougou"))  # fmt: skip


def _pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [
        re.sub(r"\s+", " ", page.extract_text().replace("\u202f", " ").replace("\u00a0", " ")) for page in reader.pages
    ]


def _keep(name: str, pdf: bytes) -> None:
    if os.environ.get("LIVESTOCK_PDF_DIR"):  # to look at them: LIVESTOCK_PDF_DIR=/tmp/shots/livestock pytest …
        Path(os.environ["LIVESTOCK_PDF_DIR"], name).write_bytes(pdf)


@pytest.fixture
def refs(db: Database, manager: Actor) -> Refs:
    return make_refs(db, manager)


def _twelve_heads(refs: Refs, **kw: object) -> livestock.ContractDraft:
    lines = [
        animal(refs, "bovin", "taureau", 1, 300_000 + 12_500 * i, age_years=4 + i % 3, body_condition="gras",
               estimated_weight="320", coat="robe fauve" if i % 2 else "blanc moucheté", marks=f"BF-SOUM-{1040 + i}")
        for i in range(12)
    ]  # fmt: skip
    docs = (DocumentInput("certificat_sanitaire", "CS-2026-1187", "Poste vétérinaire de Djibo", DAY),
            DocumentInput("laissez_passer", "LPZ-0452", "DPRA du Soum", DAY))  # fmt: skip
    return draft(refs, *lines, rule="bovin_tete", fees=FEES, documents=docs, **kw)


@pytest.fixture
def concluded(db: Database, clerk: Actor, refs: Refs) -> int:
    with tx(db, clerk) as s:
        return livestock_workflow.conclude_contract(s, livestock.create_contract(s, _twelve_heads(refs)).id).id


def test_twelve_head_contract_paginates_with_the_signatures_together(db: Database, clerk: Actor, concluded) -> None:
    with tx(db, clerk) as s:
        pdf = livestock_printouts.contract_pdf(s, concluded)
        assert livestock_printouts.contract_pdf(s, concluded) == pdf  # same input, same bytes
    _keep("contract-12.pdf", pdf)
    pages = _pages(pdf)
    assert len(pages) >= 2
    whole = " ".join(pages)
    for expected in (
        "Contrat de vente de bétail", "N° CBV-2026-0001 – Mandat de vente – 02/03/2026", "ENTRE LES SOUSSIGNÉS",
        "M. DICKO Amadou", "demeurant à Mentao, Djibo, Soum", "CNIB n° B12345678", "ci-après dénommé « le Vendeur »",
        "M. KOFFI Yao", "Passeport n° CI0456789", "carte professionnelle de commerçant de bétail n° CCB-CI-0042",
        "acheteur à destination de : Côte d'Ivoire", "ci-après dénommé « l’Acheteur »",
        "agissant en qualité de mandataire du Vendeur", "En présence de M. BARRY Hamidou", "en qualité de témoin",
        "Lieu de la vente : Marché à bétail de Djibo, le 02/03/2026", "Article 2 – Désignation des animaux",
        "BF-SOUM-1040", "BF-SOUM-1051", "4 425 000 F CFA", "2 500 F par tête, à la charge : vendeur", "30 000 F CFA",
        "Taxe de marché", "12 000 F CFA", "Convoyage (Camion Djibo – Ouagadougou)", "45 001 F CFA", "22 501 F CFA",
        "Net à payer au Vendeur", "4 360 499 F CFA", "Total dû par l’Acheteur", "4 459 500 F CFA",
        "quatre millions trois cent soixante mille quatre cent quatre-vingt-dix-neuf (4 360 499) francs CFA",
        "quatre millions quatre cent cinquante-neuf mille cinq cents (4 459 500) francs CFA",
        "Certificat sanitaire / de vaccination n° CS-2026-1187, délivré par Poste vétérinaire de Djibo",
    ):  # fmt: skip
        assert expected in whole, expected
    assert f"Page 2 / {len(pages)}" in pages[1]
    assert "Contrat de vente de bétail n° CBV-2026-0001" in pages[1]  # running head on later pages
    last = pages[-1]
    for expected in (
        "Le présent contrat a été lu et expliqué en langue fulfuldé aux parties qui l’ont approuvé.",
        "Article 7 – Règlement des litiges", "Fait à Djibo, le 2 mars 2026, en trois exemplaires originaux.",
        "Le Vendeur", "L’Acheteur", "Le Témoin",
        "Pour le Centre", "« Lu et approuvé »", "DICKO Amadou", "KOFFI Yao", "BARRY Hamidou", "Issa Caissier",
    ):  # fmt: skip
        assert expected in last, expected
    assert last.count("Empreinte") == 4
    assert "Le Vendeur" not in " ".join(p for p in pages[:-1] if "Empreinte" in p)  # no box left on another page


def test_draft_prints_projet_and_cancelled_prints_annule(db: Database, clerk: Actor, manager: Actor, refs) -> None:
    with tx(db, clerk) as s:
        draft_id = livestock.create_contract(s, _twelve_heads(refs)).id
        text = " ".join(_pages(livestock_printouts.contract_pdf(s, draft_id)))
        assert "PROJET – contrat non conclu" in text and "Projet – Mandat de vente – non conclu" in text
        other = livestock_workflow.conclude_contract(s, livestock.create_contract(s, _twelve_heads(refs)).id).id
    with tx(db, manager) as s:
        acb = livestock_workflow.cancel_contract(s, other, "L'acheteur s'est désisté")
        pdf = livestock_printouts.contract_pdf(s, other)
    _keep("contract-cancelled.pdf", pdf)
    text = " ".join(_pages(pdf))
    assert "ANNULÉ" in text and acb in text and "L'acheteur s'est désisté" in text
    assert "CBV-2026-0001" in text  # the number is kept


def test_animals_slip_lists_marks_and_tags_without_prices(db: Database, clerk: Actor, concluded) -> None:
    with tx(db, clerk) as s:
        pdf = livestock_printouts.animals_slip_pdf(s, concluded)
    _keep("slip-12.pdf", pdf)
    text = " ".join(_pages(pdf))
    for expected in (
        "Bordereau des animaux", "Contrat n° CBV-2026-0001", "Marché à bétail de Djibo", "DICKO Amadou",
        "KOFFI Yao", "carte de commerçant n° CCB-CI-0042", "Côte d'Ivoire", "Marque / boucle", "BF-SOUM-1040",
        "BF-SOUM-1051", "taureau", "robe fauve", "blanc moucheté", "Gras", "320 kg",
        "Total : 12 tête(s) – bovins 12.", "Laissez-passer zoosanitaire n° LPZ-0452", "Remis par le Vendeur",
        "Reçu par l’Acheteur", "Pour le Centre", "Empreinte",
    ):  # fmt: skip
        assert expected in text, expected
    assert "F CFA" not in text  # the slip travels with the animals: no prices


def test_seller_payout_voucher(db: Database, clerk: Actor, concluded) -> None:
    # The buyer pays 2 000 000: after his 34 500 of débours, 1 965 500 goes to the price; minus the seller's
    # 64 501 of commission and débours, 1 900 999 may be paid to him. Paid 1 500 000, then 400 000.
    with tx(db, clerk) as s:
        with pytest.raises(DomainError) as refusal:
            livestock_printouts.seller_payout_pdf(s, concluded)
        assert message(refusal.value) == "Aucun paiement au vendeur n'a encore été fait sur le contrat CBV-2026-0001."
        doc = livestock_workflow.get_contract(s, concluded)
        receipt = PaymentDraft("REC", 2_000_000, "especes", "Achat", party_id=doc.buyer.id,
                               allocations=((doc.buyer_due_id, 2_000_000),))  # fmt: skip
        payments.record_payment(s, receipt, accept_warnings=True)
        pay_seller(s, concluded, 1_500_000, accept_warnings=True)
        second = pay_seller(s, concluded, 400_000, "mobile_money", operator="Orange Money",
                            transaction_id="OM2603.1234.A5")  # fmt: skip
        pdf = livestock_printouts.seller_payout_pdf(s, concluded)
        assert livestock_printouts.seller_payout_pdf(s, concluded, second.id) == pdf  # the latest by default
    _keep("payout.pdf", pdf)
    text = " ".join(_pages(pdf))
    for expected in (
        "Bon de paiement vendeur", f"N° {second.number} – contrat n° CBV-2026-0001", "DICKO Amadou",
        "CNIB n° B12345678", "Mobile money – Orange Money – transaction n° OM2603.1234.A5",
        "Prix de vente des animaux 4 425 000 F CFA", "Commission du Centre à la charge du vendeur - 30 000 F CFA",
        "Débours à la charge du vendeur - 34 501 F CFA", "Net revenant au vendeur 4 360 499 F CFA",
        "Déjà payé (bons précédents) 1 500 000 F CFA", "Présent paiement 400 000 F CFA",
        "Reste à payer au vendeur 2 460 499 F CFA",
        "Arrêté le présent bon à la somme de : quatre cent mille (400 000) francs CFA.",
        "Je soussigné DICKO Amadou reconnais avoir reçu", "Le Caissier", "Le Vendeur", "Empreinte du vendeur",
    ):  # fmt: skip
        assert expected in text, expected
