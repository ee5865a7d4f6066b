"""Livestock contracts: every refusal in French with nothing saved, every transition that is not allowed,
cancellation by a counter-document, triggers on concluded contracts, tampering named by `check`."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from centre_app.domain.errors import DomainError, message
from centre_app.models.cash import Payment
from centre_app.models.database import Database
from centre_app.models.livestock import LivestockContract, LivestockContractLine, LivestockDocument
from centre_app.services import dues, integrity, livestock, livestock_workflow, payments
from centre_app.services.context import Actor, PermissionDenied
from centre_app.services.events import list_events
from centre_app.services.livestock import DocumentInput, FeeInput
from centre_app.services.livestock_payouts import pay_seller
from centre_app.services.livestock_queries import get_contract
from centre_app.services.payments import PaymentDraft
from tests.services.livestock_helpers import DAY, Refs, animal, draft, make_refs, tx


@pytest.fixture
def refs(db: Database, manager: Actor) -> Refs:
    return make_refs(db, manager)


def _count(db: Database, clerk: Actor, model: type = LivestockContract) -> int:
    with db.reading(clerk) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _refused(db: Database, actor: Actor, fn) -> str:
    with pytest.raises(DomainError) as err, tx(db, actor) as s:
        fn(s)
    return message(err.value)


def _bull(refs: Refs, **kw) -> livestock.AnimalLineInput:
    return animal(refs, "bovin", "taureau", 1, 350_000, **kw)


BAD_DRAFTS = [
    (lambda r: draft(r, _bull(r), seller_id=r.buyer), "Le vendeur et l'acheteur doivent être deux tiers différents."),
    (lambda r: draft(r, _bull(r), contract_date=DAY + timedelta(days=1)), "La date 03/03/2026 est dans le futur"),
    (lambda r: draft(r, _bull(r), market_id=None), "Indiquez le marché ou le lieu de la vente."),
    (lambda r: draft(r, _bull(r), guarantor_id=r.seller), "Le garant ou témoin ne peut être ni le vendeur"),
    (lambda r: draft(r, _bull(r), explained_language=" "), "Indiquez la langue dans laquelle le contrat a été lu"),
    (draft, "Le contrat doit comporter au moins une ligne d'animaux."),
    (lambda r: draft(r, _bull(r), deposit=50_000), "Un contrat au comptant n'a ni acompte ni échéance"),
    (lambda r: draft(r, _bull(r), payment_terms="acompte_solde", deposit=50_000),
     "Indiquez la date d'échéance du solde"),
    (lambda r: draft(r, _bull(r), payment_terms="acompte_solde", deposit=350_000, balance_due_date=DAY),
     "L'acompte (350\u202f000\u00a0F\u202fCFA) doit être inférieur au total dû par l'acheteur"),
    (lambda r: draft(r, livestock.AnimalLineInput("bovin", r.categories[("ovin", "bélier")], 1, 60_000, sex="M")),
     "Ligne 1 : choisissez une catégorie de l'espèce « bovin »."),
    (lambda r: draft(r, _bull(r, sex="")), "Ligne 1 : indiquez le sexe de l'animal (mâle ou femelle)."),
    (lambda r: draft(r, animal(r, "bovin", "vache", 1, 200_000, sex="F", castrated=True)),
     "Ligne 1 : seul un mâle peut être castré."),
    (lambda r: draft(r, _bull(r), animal(r, "ovin", "bélier", 0, 60_000)),
     "Ligne 2 : le nombre de têtes doit être un entier entre 1 et 10 000 (0)."),
    (lambda r: draft(r, animal(r, "bovin", "taureau", 1, 0)),
     "Ligne 1 : le prix par tête doit être un montant supérieur à zéro."),
    (lambda r: draft(r, _bull(r, estimated_weight="beaucoup")), "Ligne 1 : poids estimé invalide (beaucoup)"),
    (lambda r: draft(r, _bull(r, dentition="12 dents")), "Ligne 1 : dentition « 12 dents » inconnue."),
    (lambda r: draft(r, _bull(r, unit_cost=300_000)), "Ligne 1 : un prix d'achat ne s'indique que pour"),
    (lambda r: draft(r, _bull(r), kind="achat_revente"), "Ligne 1 : indiquez le prix d'achat par tête"),
    (lambda r: draft(r, _bull(r, unit_cost=300_000), kind="achat_revente", rule="pct_partage"),
     "Un contrat d'achat-revente n'a pas de commission"),
    (lambda r: draft(r, _bull(r), animal(r, "ovin", "bélier", 2, 60_000), rule="bovin_tete"),
     "La règle de commission « Bovin, par tête » ne vaut que pour l'espèce « bovin » : la ligne 2"),
    (lambda r: draft(r, _bull(r), fees=(FeeInput("taxe_marche", "vendeur", 5_000),)),
     "La taxe de marché vient du barème du marché (1\u202f000\u00a0F\u202fCFA) : elle ne se saisit pas"),
    (lambda r: draft(r, _bull(r), market_id=None, place="Parc de Mentao", fees=(FeeInput("taxe_marche", "vendeur"),)),
     "La taxe de marché suppose un marché"),
    (lambda r: draft(r, _bull(r), fees=(FeeInput("convoyage", "vendeur", 0),)),
     "Le montant du débours « Convoyage » doit être supérieur à zéro."),
    (lambda r: draft(r, _bull(r), fees=(FeeInput("gardiennage", "vendeur", 500), FeeInput("gardiennage", "acheteur",
                                                                                           500))),
     "Le débours « Gardiennage » est indiqué deux fois."),
    (lambda r: draft(r, _bull(r), fees=(FeeInput("convoyage", "personne", 500),)),
     "La valeur du champ « Payeur (Convoyage) » n'est pas valide : personne."),
    (lambda r: draft(r, animal(r, "caprin", "bouc", 1, 20_000), fees=(FeeInput("frais_route", "vendeur", 25_000),)),
     "Le net à payer au vendeur serait nul ou négatif"),
    (lambda r: draft(r, _bull(r), documents=(DocumentInput("laissez_passer", "LP-1", "", DAY),)),
     "Le champ « Émetteur (Laissez-passer zoosanitaire) » est obligatoire."),
    (lambda r: draft(r, _bull(r), documents=(DocumentInput("ticket_marche", "T-9", "Mairie", DAY,
                                                           DAY - timedelta(days=1)),)),
     "Le document « Ticket de marché » n° T-9 expire avant sa date de délivrance."),
]  # fmt: skip


@pytest.mark.parametrize(("make", "expected"), BAD_DRAFTS)
def test_bad_input_is_refused_in_french_and_nothing_is_saved(db, clerk, refs, make, expected) -> None:
    text_ = _refused(db, clerk, lambda s: livestock.create_contract(s, make(refs)))
    assert expected in text_, text_
    assert _count(db, clerk) == 0
    assert _count(db, clerk, LivestockContractLine) == 0


def test_a_concluded_contract_cannot_be_edited_nor_deleted(db, clerk, refs, tmp_path: Path) -> None:
    with tx(db, clerk) as s:
        d = draft(refs, _bull(refs), fees=(FeeInput("taxe_marche", "vendeur"),))
        doc = livestock_workflow.conclude_contract(s, livestock.create_contract(s, d).id)
    for fn in (
        lambda s: livestock.update_contract(s, doc.id, draft(refs, _bull(refs), note="prix changé")),
        lambda s: livestock.delete_draft(s, doc.id),
        lambda s: livestock_workflow.conclude_contract(s, doc.id),
    ):
        assert _refused(db, clerk, fn) == (
            "Le contrat CBV-2026-0001 est conclu : il ne peut plus être modifié (seul un gestionnaire peut l'annuler)."
        )
    # The database refuses too, whatever the program.
    for sql in (
        "UPDATE livestock_contracts SET gross = 1",
        "DELETE FROM livestock_contracts",
        "UPDATE livestock_contract_lines SET unit_price = 1",
        "DELETE FROM livestock_contract_lines",
        "UPDATE livestock_contract_fees SET amount = 1",
        "INSERT INTO livestock_contract_lines (contract_id, position, species_code, category_id, sex, castrated, "
        "dentition, coat, marks, body_condition, heads, unit_price, amount, unit_cost, cost_amount) "
        f"SELECT {doc.id}, 9, species_code, category_id, sex, castrated, dentition, coat, marks, body_condition, "
        "heads, unit_price, amount, unit_cost, cost_amount FROM livestock_contract_lines",
    ):
        with pytest.raises(Exception, match="immutable"), db.engine.begin() as conn:
            conn.execute(text(sql))
    with tx(db, clerk) as s:
        assert get_contract(s, doc.id).figures.gross == 350_000


def test_drafts_are_free(db, clerk, refs) -> None:
    with tx(db, clerk) as s:
        doc = livestock.create_contract(s, draft(refs, _bull(refs), documents=(
            DocumentInput("ticket_marche", "T-1", "Mairie de Djibo", DAY),)))  # fmt: skip
        changed = livestock.update_contract(s, doc.id, draft(refs, _bull(refs), animal(refs, "ovin", "bélier", 3,
                                                                                         70_000)))  # fmt: skip
        assert (changed.figures.heads, changed.figures.gross, changed.documents) == (4, 560_000, ())
        doc_id = livestock_workflow.add_document(s, doc.id, DocumentInput("ticket_marche", "T-2", "Mairie", DAY))
        livestock_workflow.remove_document(s, doc_id)
        livestock.delete_draft(s, doc.id)
    assert _count(db, clerk) == _count(db, clerk, LivestockDocument) == 0


def test_transitions_that_are_not_allowed(db, clerk, manager, refs) -> None:
    with tx(db, clerk) as s:
        draft_id = livestock.create_contract(s, draft(refs, _bull(refs))).id
    assert _refused(db, clerk, lambda s: livestock_workflow.deliver_contract(s, draft_id)) == (
        f"Le contrat {draft_id} est « Brouillon » : il ne peut pas passer à « Livré »."
    )
    assert "aucun paiement au vendeur" in _refused(db, clerk, lambda s: pay_seller(s, draft_id, 1_000))
    assert _refused(db, manager, lambda s: livestock_workflow.cancel_contract(s, draft_id, "Erreur")) == (
        "Un brouillon ne s'annule pas : supprimez-le."
    )
    with tx(db, clerk) as s:
        doc = livestock_workflow.conclude_contract(s, draft_id)
        livestock_workflow.deliver_contract(s, doc.id)
    assert "« Livré » : il ne peut pas passer à « Livré »" in _refused(
        db, clerk, lambda s: livestock_workflow.deliver_contract(s, doc.id)
    )
    assert _refused(db, manager, lambda s: livestock_workflow.cancel_contract(s, doc.id, "Erreur")) == (
        "Le contrat CBV-2026-0001 est livré : il ne peut plus être annulé."
    )
    with pytest.raises(Exception, match="immutable"), db.engine.begin() as conn:
        conn.execute(text("UPDATE livestock_contracts SET delivered_on = '2026-03-01'"))


def test_payout_above_what_the_buyer_paid_is_refused_and_nothing_saved(db, clerk, refs) -> None:
    # Net to the seller 350 000 (no commission, no débours); the buyer has paid nothing yet.
    with tx(db, clerk) as s:
        doc = livestock_workflow.conclude_contract(s, livestock.create_contract(s, draft(refs, _bull(refs))).id)
    refusal = _refused(db, clerk, lambda s: pay_seller(s, doc.id, 10_000))
    assert refusal == (
        "Paiement refusé : pour le contrat CBV-2026-0001, le vendeur peut recevoir au plus 0\u00a0F\u202fCFA "
        "maintenant (vous demandez 10\u202f000\u00a0F\u202fCFA). Payé par l'acheteur : 0\u00a0F\u202fCFA ; "
        "commission et débours à la charge du vendeur : 0\u00a0F\u202fCFA ; déjà versé au vendeur : 0\u00a0F\u202fCFA."
    )
    assert "Le montant doit être supérieur à zéro." in _refused(db, clerk, lambda s: pay_seller(s, doc.id, 0))
    assert _count(db, clerk, Payment) == 0


def test_cancellation_is_a_managers_counter_document(db, clerk, manager, refs) -> None:
    with tx(db, clerk) as s:
        doc = livestock_workflow.conclude_contract(s, livestock.create_contract(s, draft(refs, _bull(refs))).id)
    with pytest.raises(PermissionDenied), tx(db, clerk) as s:
        livestock_workflow.cancel_contract(s, doc.id, "Erreur")
    assert _refused(db, manager, lambda s: livestock_workflow.cancel_contract(s, doc.id, "  ")) == (
        "Le motif de l'annulation du contrat est obligatoire."
    )
    with tx(db, clerk) as s:
        receipt = payments.record_payment(
            s, PaymentDraft("REC", 50_000, "especes", "Acompte", party_id=refs.buyer,
                            allocations=((doc.buyer_due_id, 50_000),))
        )  # fmt: skip
    assert "a déjà des paiements (50\u202f000\u00a0F\u202fCFA)" in _refused(
        db, manager, lambda s: livestock_workflow.cancel_contract(s, doc.id, "Le vendeur se rétracte")
    )
    with tx(db, manager) as s:
        payments.cancel_payment(s, receipt.id, "Contrat abandonné, acompte rendu")
        number = livestock_workflow.cancel_contract(s, doc.id, "Le vendeur se rétracte")
        assert number == "ACB-2026-0001"
        gone = get_contract(s, doc.id)
        assert (gone.state, gone.cancellation_number, gone.cancel_reason) == ("annule", number,
                                                                             "Le vendeur se rétracte")  # fmt: skip
        assert dues.list_dues(s, refs.buyer) == dues.list_dues(s, refs.seller, direction="payable") == []
        event = next(e for e in list_events(s) if e.kind == "cancellation" and number in e.detail)
        assert "CBV-2026-0001" in event.detail
        assert integrity.run_check(s) == []
    assert _refused(db, manager, lambda s: livestock_workflow.cancel_contract(s, doc.id, "Encore")) == (
        "Le contrat CBV-2026-0001 est déjà annulé (ACB-2026-0001)."
    )
    with pytest.raises(Exception, match="immutable"), db.engine.begin() as conn:
        conn.execute(text("UPDATE livestock_contracts SET status = 'conclu'"))


@pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")
def test_tampering_is_named_by_check(db, db_path: Path, clerk, refs) -> None:
    with tx(db, clerk) as s:
        for price in (350_000, 410_000):
            new = livestock.create_contract(s, draft(refs, animal(refs, "bovin", "taureau", 1, price)))
            livestock_workflow.conclude_contract(s, new.id)
        assert integrity.run_check(s) == []
    db.dispose()
    con = sqlite3.connect(db_path)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    con.execute("UPDATE livestock_contracts SET gross = 1350000 WHERE number = 'CBV-2026-0002'")
    con.commit()
    con.close()
    with db.reading(clerk) as s:
        found = [d.message for d in integrity.run_check(s)]
    assert (
        "Contrats de bétail : le contrat de vente de bétail CBV-2026-0002 a été modifié après validation "
        "(son empreinte ne correspond plus à son contenu)."
    ) in found
    assert any("les montants du contrat CBV-2026-0002 ne correspondent plus" in m for m in found)
    con = sqlite3.connect(db_path)
    con.execute("UPDATE livestock_contracts SET gross = 410000 WHERE number = 'CBV-2026-0002'")
    con.execute("UPDATE livestock_contract_lines SET unit_price = 1, amount = 1 WHERE position = 1 AND contract_id = 1")
    con.commit()
    con.close()
    with db.reading(clerk) as s:
        found = [d.message for d in integrity.run_check(s)]
    assert any("le contrat de vente de bétail CBV-2026-0001 a été modifié" in m for m in found), found


def test_an_accountant_cannot_write_contracts(db, accountant, refs) -> None:
    with pytest.raises(PermissionDenied) as err, tx(db, accountant) as s:
        livestock.create_contract(s, draft(refs, _bull(refs)))
    assert message(err.value) == (
        "Action refusée : le rôle « Comptable » ne permet pas de saisir et valider des documents."
    )


def test_cancelled_achat_revente_gives_the_animals_back(db, clerk, manager, refs) -> None:
    from centre_app.services import livestock_stock

    d = draft(refs, animal(refs, "caprin", "bouc", 6, 40_000, unit_cost=31_000), kind="achat_revente")
    with tx(db, clerk) as s:
        doc = livestock_workflow.conclude_contract(s, livestock.create_contract(s, d).id)
        assert [(r.heads, r.value) for r in livestock_stock.animals_on_hand(s)] == [(6, 186_000)]
    with tx(db, manager) as s:
        livestock_workflow.cancel_contract(s, doc.id, "Le vendeur reprend ses boucs")
        assert livestock_stock.animals_on_hand(s) == []
        assert livestock_stock.animals_on_hand(s, on=DAY - timedelta(days=1)) == []
        assert integrity.run_check(s) == []


@pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")
def test_a_tampered_document_is_named(db, db_path: Path, clerk, refs) -> None:
    cert = DocumentInput("certificat_sanitaire", "CZS-0042", "Service vétérinaire de Djibo", DAY, DAY + timedelta(7))
    with tx(db, clerk) as s:
        livestock_workflow.conclude_contract(s, livestock.create_contract(s, draft(refs, _bull(refs),
                                                                                   documents=(cert,))).id)  # fmt: skip
    with pytest.raises(Exception, match="immutable"), db.engine.begin() as conn:
        conn.execute(text("UPDATE livestock_documents SET expires_on = '2027-01-01'"))
    db.dispose()
    con = sqlite3.connect(db_path)
    con.execute("DROP TRIGGER trg_livestock_documents_frozen")
    con.execute("UPDATE livestock_documents SET expires_on = '2027-01-01'")
    con.commit()
    con.close()
    with db.reading(clerk) as s:
        found = [d.message for d in integrity.run_check(s)]
    assert (
        "Documents des contrats de bétail : le document certificat sanitaire / de vaccination n° CZS-0042 a été "
        "modifié après validation (son empreinte ne correspond plus à son contenu)."
    ) in found
