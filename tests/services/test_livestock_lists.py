"""Livestock contract lists for the screens: filters (period, market, species, state, type, party), paging and
order, totals of heads and amounts, the history of a seller and of a buyer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from centre_app.domain.errors import DomainError
from centre_app.models.database import Database
from centre_app.services import livestock, livestock_lists, livestock_ref, livestock_workflow, payments
from centre_app.services.context import Actor
from centre_app.services.livestock import FeeInput
from centre_app.services.livestock_payouts import pay_seller
from centre_app.services.livestock_queries import get_contract
from centre_app.services.payments import PaymentDraft
from tests.services.livestock_helpers import DAY, Refs, animal, draft, make_refs, tx


@pytest.fixture
def refs(db: Database, manager: Actor) -> Refs:
    return make_refs(db, manager)


@pytest.fixture
def book(db: Database, clerk: Actor, manager: Actor, refs: Refs) -> dict[str, int]:
    """Five contracts of 2 March 2026 (A–D concluded, E a draft) and one of 9 March at Aribinda:

    A mandat 2 bovins 300 000 (600 000), 2 % shared → 12 000 (6 000 each): the buyer pays his 606 000, the
      seller gets his net 594 000, delivered → soldé.
    B vente directe 10 ovins 65 000 (650 000), ovin 500/head buyer → 5 000; delivered, buyer paid 100 000.
    C achat-revente 5 caprins 30 000 (150 000) at cost 22 000 (110 000): concluded, not delivered.
    D mandat 1 bovin 400 000 by SIDIBÉ to KOFFI, cancelled.
    E draft 3 ovins.
    F (9 March, Aribinda) mandat 4 bovins 250 000 (1 000 000), market tax 4 000 seller.
    """
    out: dict[str, int] = {}
    with tx(db, manager) as s:
        aribinda = livestock_ref.create_market(s, "Marché d'Aribinda", "Aribinda", "vendredi")
        livestock_ref.set_market_tax(s, aribinda, "bovin", 1_000, DAY)
    specs = {
        "A": draft(refs, animal(refs, "bovin", "bœuf (castré)", 2, 300_000, castrated=True), rule="pct_partage"),
        "B": draft(refs, animal(refs, "ovin", "bélier", 10, 65_000), kind="vente_directe", rule="ovin_tete"),
        "C": draft(refs, animal(refs, "caprin", "bouc", 5, 30_000, unit_cost=22_000), kind="achat_revente"),
        "D": draft(refs, animal(refs, "bovin", "taureau", 1, 400_000), seller_id=refs.other_seller),
    }
    with tx(db, clerk) as s:
        for key, d in specs.items():
            out[key] = livestock_workflow.conclude_contract(s, livestock.create_contract(s, d).id).id
        out["E"] = livestock.create_contract(s, draft(refs, animal(refs, "ovin", "brebis", 3, 45_000, sex="F"))).id
        for key, amount in (("A", 606_000), ("B", 100_000)):
            c = get_contract(s, out[key])
            payments.record_payment(
                s, PaymentDraft("REC", amount, "especes", f"Achat {c.number}", party_id=refs.buyer,
                                allocations=((c.buyer_due_id, amount),)), accept_warnings=True,
            )  # fmt: skip
            livestock_workflow.deliver_contract(s, out[key])
        pay_seller(s, out["A"], 594_000)
    with tx(db, manager) as s:
        livestock_workflow.cancel_contract(s, out["D"], "Animal malade, vente abandonnée")
    later = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
    with tx(db, clerk, later) as s:
        f = draft(refs, animal(refs, "bovin", "taurillon", 4, 250_000), market_id=aribinda,
                  contract_date=DAY + timedelta(days=7), fees=(FeeInput("taxe_marche", "vendeur"),))  # fmt: skip
        out["F"] = livestock_workflow.conclude_contract(s, livestock.create_contract(s, f).id).id
    return out


def test_states_and_filters(db, clerk, refs, book) -> None:
    with db.reading(clerk) as s:
        rows = livestock_lists.list_contracts(s)
        assert [r.number for r in rows] == ["CBV-2026-0005", "", "CBV-2026-0004", "CBV-2026-0003", "CBV-2026-0002",
                                            "CBV-2026-0001"]  # fmt: skip
        states = {r.number or "brouillon": r.state for r in rows}
        assert states == {
            "CBV-2026-0001": "solde", "CBV-2026-0002": "paye_partiel", "CBV-2026-0003": "conclu",
            "CBV-2026-0004": "annule", "brouillon": "brouillon", "CBV-2026-0005": "conclu",
        }  # fmt: skip
        for state in ("solde", "paye_partiel", "annule", "brouillon"):
            assert [r.state for r in livestock_lists.list_contracts(s, state=state)] == [state]
        assert len(livestock_lists.list_contracts(s, state="conclu")) == 2
        assert [r.species for r in livestock_lists.list_contracts(s, species_code="caprin")] == ["5 caprins"]
        assert [r.where for r in livestock_lists.list_contracts(s, start=DAY + timedelta(days=1))] == [
            "Marché d'Aribinda"]  # fmt: skip
        assert len(livestock_lists.list_contracts(s, market_id=refs.market)) == 5
        assert [r.seller_name for r in livestock_lists.list_contracts(s, party_id=refs.other_seller)] == [
            "SIDIBÉ Fatimata"]  # fmt: skip
        assert [r.number for r in livestock_lists.list_contracts(s, search="cbv-2026-0003")] == ["CBV-2026-0003"]
        assert len(livestock_lists.list_contracts(s, search="sidibe")) == 1  # accents are not needed
        assert [r.type_label for r in livestock_lists.list_contracts(s, contract_type="achat_revente")] == [
            "Achat-revente"]  # fmt: skip
        page = livestock_lists.list_contracts(s, order="gross", offset=1, limit=2)
        assert [r.gross for r in page] == [150_000, 400_000]
        assert livestock_lists.count_contracts(s) == 6
        assert livestock_lists.count_contracts(s, state="paye_partiel") == 1
        with pytest.raises(DomainError):
            livestock_lists.list_contracts(s, state="vendu")


def test_totals_leave_drafts_and_cancelled_out(db, clerk, book) -> None:
    with db.reading(clerk) as s:
        t = livestock_lists.contract_totals(s)
        # A 600 000 + B 650 000 + C 150 000 + F 1 000 000; heads 2 + 10 + 5 + 4.
        assert (t.contracts, t.heads, t.gross) == (4, 21, 2_400_000)
        # Commission: A 12 000 + B 5 000 (C none, F none); margin adds C's 150 000 − 110 000 = 40 000.
        assert (t.commission, t.margin) == (17_000, 57_000)
        # Buyer totals: A 606 000, B 655 000, C 150 000, F 1 000 000; paid: A 606 000, B 100 000.
        assert t.buyer_total == 606_000 + 655_000 + 150_000 + 1_000_000
        assert t.buyer_paid == 606_000 + 100_000
        assert t.buyer_remaining == t.buyer_total - t.buyer_paid
        assert t.heads_by_species == {"Bovins": 6, "Ovins": 10, "Caprins": 5}
        cancelled = livestock_lists.contract_totals(s, state="annule")
        assert (cancelled.contracts, cancelled.gross) == (1, 400_000)


def test_history_of_a_seller_and_a_buyer(db, clerk, refs, book) -> None:
    with db.reading(clerk) as s:
        seller = livestock_lists.party_history(s, refs.seller)
        assert seller.party.identity == "CNIB n° B12345678"
        assert len(seller.as_seller) == 5 and seller.as_buyer == ()
        # Nets: A 594 000, B 650 000 (the buyer bears the commission), C 110 000 (cost), F 1 000 000 − 4 000.
        assert seller.seller_totals.net_to_seller == 594_000 + 650_000 + 110_000 + 996_000
        buyer = livestock_lists.party_history(s, refs.buyer)
        assert len(buyer.as_buyer) == 6
        assert buyer.buyer_totals.buyer_paid == 706_000
