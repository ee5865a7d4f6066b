"""Livestock contracts: the arithmetic of each type with hand-checked figures, each commission rule and payer,
dues opened at conclusion, the whole workflow through the caisse, the achat-revente stock at cost."""

from __future__ import annotations

from datetime import timedelta

import pytest

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.services import dues, integrity, livestock, livestock_stock, livestock_workflow, payments
from centre_app.services.context import Actor
from centre_app.services.livestock import FeeInput
from centre_app.services.livestock_payouts import pay_seller, payout_status
from centre_app.services.livestock_queries import get_contract
from centre_app.services.payments import PaymentDraft
from tests.services.livestock_helpers import DAY, Refs, animal, draft, make_refs, tx


@pytest.fixture
def refs(db: Database, manager: Actor) -> Refs:
    return make_refs(db, manager)


def _concluded(db: Database, actor: Actor, d: livestock.ContractDraft) -> livestock_workflow.ContractDoc:
    with tx(db, actor) as s:
        return livestock_workflow.conclude_contract(s, livestock.create_contract(s, d).id)


def _receipt(db: Database, clerk: Actor, doc, amount: int, means: str = "especes") -> str:
    with tx(db, clerk) as s:
        return payments.record_payment(
            s, PaymentDraft("REC", amount, means, f"Achat de bétail {doc.number}", party_id=doc.buyer.id,
                            allocations=((doc.buyer_due_id, amount),)),
            accept_warnings=True,
        ).number  # fmt: skip


def test_mandat_per_head_seller_with_debours_of_each_payer(db, clerk, refs) -> None:
    # Hand computation:
    #   lines: 2 bœufs × 300 000 = 600 000 ; 1 taureau × 425 000 = 425 000 → gross 1 025 000 F, 3 head.
    #   commission « Bovin, par tête » 2 500 F × 3 = 7 500 F, paid by the seller.
    #   débours: taxe de marché 3 × 1 000 = 3 000 (seller); vaccination 1 500 (buyer);
    #            convoyage 4 501 shared → seller round_half_up(2 250,5) = 2 251, buyer 2 250.
    #   seller bears 7 500 + 3 000 + 2 251 = 12 751 → net to seller 1 025 000 − 12 751 = 1 012 249 F.
    #   buyer owes 1 025 000 + 1 500 + 2 250 = 1 028 750 F. Centre's revenue: the commission, 7 500 F.
    fees = (FeeInput("taxe_marche", "vendeur"), FeeInput("vaccination", "acheteur", 1_500),
            FeeInput("convoyage", "partage", 4_501, "Camion Djibo–Ouagadougou"))  # fmt: skip
    d = draft(
        refs, animal(refs, "bovin", "bœuf (castré)", 2, 300_000, castrated=True, dentition="4 dents",
                     body_condition="gras", estimated_weight="280", coat="blanc moucheté"),
        animal(refs, "bovin", "taureau", 1, 425_000, age_years=5, marks="boucle 0412"),
        rule="bovin_tete", fees=fees,
    )  # fmt: skip
    with tx(db, clerk) as s:
        draft_doc = livestock.create_contract(s, d)
    assert (draft_doc.number, draft_doc.state, draft_doc.state_label) == ("", "brouillon", "Brouillon")
    f = draft_doc.figures
    assert (f.heads, f.gross, f.commission, f.commission_seller, f.commission_buyer) == (3, 1_025_000, 7_500, 7_500, 0)
    assert (f.fees, f.fees_seller, f.fees_buyer) == (9_001, 5_251, 3_750)
    assert (f.net_to_seller, f.buyer_total, f.centre_revenue, f.margin) == (1_012_249, 1_028_750, 7_500, 7_500)
    with tx(db, clerk) as s:
        assert dues.list_dues(s, refs.buyer) == []  # a draft owes nothing
        doc = livestock_workflow.conclude_contract(s, draft_doc.id)
        assert (doc.number, doc.state) == ("CBV-2026-0001", "conclu")
        [buyer_due] = dues.list_dues(s, refs.buyer)
        [seller_due] = dues.list_dues(s, refs.seller, direction="payable")
        assert (buyer_due.reference, buyer_due.amount, buyer_due.source_type) == (doc.number, 1_028_750,
                                                                                  "livestock_buyer")  # fmt: skip
        assert (seller_due.amount, seller_due.source_type) == (1_012_249, "livestock_seller")
        assert buyer_due.label == "Achat de bétail (mandat de vente) CBV-2026-0001 : 3 bovins"
    assert [(x.kind, x.amount, x.seller_share, x.buyer_share) for x in doc.fees] == [
        ("taxe_marche", 3_000, 3_000, 0), ("vaccination", 1_500, 0, 1_500), ("convoyage", 4_501, 2_251, 2_250),
    ]  # fmt: skip
    assert doc.lines[0].described == "bœuf (castré), mâle castré, 4 dents, gras, ~280 kg"
    assert doc.buyer_total_in_words == "un million vingt-huit mille sept cent cinquante (1 028 750) francs CFA"
    assert doc.net_to_seller_in_words.startswith("un million douze mille deux cent quarante-neuf")
    assert doc.seller.identity == "CNIB n° B12345678"
    assert (doc.buyer.identity, doc.buyer.trader_card) == ("Passeport n° CI0456789", "CCB-CI-0042")
    assert (doc.guarantor.name, doc.guarantor_quality_label) == ("BARRY Hamidou", "Témoin")
    assert doc.commission_text == "2\u202f500 F par tête, à la charge : vendeur"
    assert (doc.where, doc.explained_language, doc.destination_country) == ("Marché à bétail de Djibo", "fulfuldé",
                                                                           "Côte d'Ivoire")  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "commission", "seller", "buyer"),
    [
        # gross 501 250 (5 moutons × 65 250 + 2 béliers × 87 500), 7 head, 2 lots
        ("pct_partage", 10_025, 5_013, 5_012),  # 2 % = 10 025; halves 5 012,5 → seller 5 013, buyer 5 012
        ("pct_vendeur", 12_531, 12_531, 0),  # 2,5 % = 12 531,25 → 12 531, rounded once on the whole gross
        ("ovin_tete", 3_500, 0, 3_500),  # 500 × 7 head, buyer
        ("tete_partage", 7_007, 3_504, 3_503),  # 1 001 × 7 = 7 007; halves 3 503,5 → seller 3 504, buyer 3 503
        ("lot_acheteur", 10_000, 0, 10_000),  # 5 000 × 2 lots, buyer
        (None, 0, 0, 0),
    ],
)
def test_each_commission_rule_and_payer(db, clerk, refs, rule, commission, seller, buyer) -> None:
    d = draft(
        refs, animal(refs, "ovin", "mouton (castré)", 5, 65_250, castrated=True),
        animal(refs, "ovin", "bélier", 2, 87_500), kind="vente_directe", rule=rule,
    )  # fmt: skip
    doc = _concluded(db, clerk, d)
    f = doc.figures
    assert (f.gross, f.commission, f.commission_seller, f.commission_buyer) == (501_250, commission, seller, buyer)
    assert f.net_to_seller == 501_250 - seller
    assert f.buyer_total == 501_250 + buyer
    assert f.centre_revenue == commission  # the gross is not the centre's revenue in a vente directe either


def test_achat_revente_stock_at_cost_and_margin(db, clerk, refs) -> None:
    # Hand computation: 10 moutons bought 55 000 and resold 70 000 per head.
    #   gross (sale) 700 000; cost 550 000; margin 150 000 (the centre's revenue is the sale).
    #   débours: taxe de marché 10 × 250 = 2 500 (seller), convoyage 5 000 (buyer).
    #   net to the seller = cost − his débours = 550 000 − 2 500 = 547 500; buyer owes 705 000.
    d = draft(
        refs, animal(refs, "ovin", "mouton (castré)", 10, 70_000, castrated=True, unit_cost=55_000),
        kind="achat_revente", fees=(FeeInput("taxe_marche", "vendeur"), FeeInput("convoyage", "acheteur", 5_000)),
    )  # fmt: skip
    doc = _concluded(db, clerk, d)
    f = doc.figures
    assert (f.gross, f.cost, f.margin, f.centre_revenue) == (700_000, 550_000, 150_000, 700_000)
    assert (f.net_to_seller, f.buyer_total) == (547_500, 705_000)
    with tx(db, clerk) as s:
        [row] = livestock_stock.animals_on_hand(s)
        assert (row.species_name, row.category_name, row.heads, row.value) == ("Ovins", "mouton (castré)", 10, 550_000)
        # The centre pays its own purchase: no need to wait for the buyer.
        assert payout_status(s, doc.id).payable_now == 547_500
        bpv = pay_seller(s, doc.id, 547_500)
        assert bpv.number == "BPV-2026-00001"
        livestock_workflow.deliver_contract(s, doc.id)
        assert livestock_stock.animals_on_hand(s) == []
        assert integrity.run_check(s) == []


def test_workflow_receipts_payouts_states(db, clerk, manager, refs) -> None:
    # gross 2 × 150 000 = 300 000; commission 2 % shared = 6 000 → 3 000 each;
    # taxe de marché 2 × 1 000 = 2 000 (seller). Net 300 000 − 3 000 − 2 000 = 295 000; buyer owes 303 000.
    d = draft(refs, animal(refs, "bovin", "taurillon", 2, 150_000), rule="pct_partage",
              fees=(FeeInput("taxe_marche", "vendeur"),), payment_terms="acompte_solde", deposit=100_000,
              balance_due_date=DAY + timedelta(days=30))  # fmt: skip
    doc = _concluded(db, clerk, d)
    assert (doc.figures.net_to_seller, doc.figures.buyer_total, doc.payment_terms_label) == (
        295_000, 303_000, "Acompte + solde à échéance")  # fmt: skip
    with tx(db, clerk) as s:
        [due] = dues.list_dues(s, refs.buyer)
        assert due.due_date == DAY + timedelta(days=30)
    assert _receipt(db, clerk, doc, 100_000) == "REC-2026-000001"
    with tx(db, clerk) as s:
        # The buyer's 100 000 first cover his own share (3 000), 97 000 go to the price, from which the
        # seller's commission and tax (5 000) are kept: 92 000 may be paid to the seller now.
        assert payout_status(s, doc.id).payable_now == 92_000
        with pytest.raises(DomainError) as err:
            pay_seller(s, doc.id, 92_500)
        assert err.value.code == "livestock.payout_above_available"
        assert "au plus 92\u202f000\u00a0F\u202fCFA" in message(err.value)
        # The caisse's own voucher dialog cannot pay more either (guard in payments.record_payment).
        with pytest.raises(DomainError) as err:
            payments.record_payment(
                s, PaymentDraft("BPV", 92_500, "especes", "Paiement vendeur", party_id=refs.seller,
                                allocations=((doc.seller_due_id, 92_500),))
            )  # fmt: skip
        assert err.value.code == "livestock.payout_above_available"
        assert pay_seller(s, doc.id, 92_000).number == "BPV-2026-00001"
        assert get_contract(s, doc.id).state == "conclu"
        livestock_workflow.deliver_contract(s, doc.id)
        assert get_contract(s, doc.id).state == "paye_partiel"
    _receipt(db, clerk, doc, 203_000, "virement")
    with tx(db, clerk) as s:
        now = get_contract(s, doc.id)
        assert (now.state, now.buyer_paid, now.buyer_remaining, now.seller_payable_now) == (
            "paye_partiel", 303_000, 0, 203_000)  # fmt: skip
        pay_seller(s, doc.id, 203_000, "mobile_money", operator="Orange Money", transaction_id="OM.2603.001")
        done = get_contract(s, doc.id)
        assert (done.state, done.state_label, done.seller_paid, done.seller_remaining) == ("solde", "Soldé",
                                                                                           295_000, 0)  # fmt: skip
        assert [m.number for m in done.receipts] == ["REC-2026-000001", "REC-2026-000002"]
        assert [m.amount for m in done.payouts] == [92_000, 203_000]
        assert integrity.run_check(s) == []


def test_delivery_with_an_expired_certificate_needs_a_manager(db, clerk, manager, refs) -> None:
    cert = livestock.DocumentInput("certificat_sanitaire", "CS-0042", "Service vétérinaire de Djibo",
                                   DAY - timedelta(days=40), DAY - timedelta(days=1))  # fmt: skip
    doc = _concluded(db, clerk, draft(refs, animal(refs, "caprin", "bouc", 3, 35_000), documents=(cert,)))
    assert doc.documents[0].frozen and doc.documents[0].expired
    with tx(db, clerk) as s:
        with pytest.raises(DomainError) as err:
            livestock_workflow.deliver_contract(s, doc.id)
        assert message(err.value).startswith(
            "Livraison refusée : le document « Certificat sanitaire / de vaccination » n° CS-0042 a expiré le "
            "01/03/2026 (livraison du 02/03/2026)."
        )
        with pytest.raises(DomainError) as err:
            livestock_workflow.deliver_contract(s, doc.id, override_reason="Urgence")
        assert err.value.code == "livestock.override_needs_manager"
    with tx(db, manager) as s:
        done = livestock_workflow.deliver_contract(s, doc.id, override_reason="Certificat renouvelé, copie à venir")
        assert (done.state, done.delivered_on, done.delivery_override) == (
            "livre",
            DAY,
            "Certificat renouvelé, copie à venir",
        )
        from centre_app.services.events import list_events

        [event] = [e for e in list_events(s) if e.kind == "livestock.override"]
        assert "CS-0042" in event.detail and "Certificat renouvelé" in event.detail
        assert integrity.run_check(s) == []


def test_documents_added_after_conclusion_are_chained(db, clerk, refs) -> None:
    doc = _concluded(db, clerk, draft(refs, animal(refs, "caprin", "chèvre", 4, 25_000, sex="F")))
    lp = livestock.DocumentInput("laissez_passer", "LP-2026-118", "DPRA du Soum", DAY, DAY + timedelta(days=10))
    with tx(db, clerk) as s:
        livestock_workflow.add_document(s, doc.id, lp)
        [row] = get_contract(s, doc.id).documents
        assert (row.label, row.frozen, row.expired) == ("Laissez-passer zoosanitaire", True, False)
        with pytest.raises(DomainError) as err:
            livestock_workflow.remove_document(s, row.id)
        assert err.value.code == "livestock.document_frozen"
        livestock_workflow.deliver_contract(s, doc.id)
        with pytest.raises(DomainError) as err:
            livestock_workflow.add_document(s, doc.id, lp)
        assert message(err.value) == "Le contrat CBV-2026-0001 est livré : on ne peut plus y ajouter de document."
        assert integrity.run_check(s) == []
