"""Orders: drafts, confirmation (prices at the order date, CMD number, receivable due, credit limit),
partial deliveries in two parts, « soldée » after payment, reste à livrer, cancellations, warnings."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.services import (
    catalog,
    deliveries,
    dues,
    integrity,
    order_lists,
    orders,
    parties,
    payments,
    stock,
    stock_reports,
    stock_supplies,
)
from centre_app.services.context import Actor, PermissionDenied
from centre_app.services.deliveries import DeliveryDraft, DeliveryLineInput
from centre_app.services.orders import OrderDraft
from centre_app.services.parties import PartyInput
from centre_app.services.payments import PaymentDraft
from centre_app.services.stock import ReceptionDraft
from tests.services.stock_helpers import DAY, Refs, line, make_refs, tx


@pytest.fixture
def refs(db: Database, manager: Actor, clerk: Actor) -> Refs:
    r = make_refs(db, manager)
    with tx(db, clerk) as s:
        stock.record_reception(
            s, ReceptionDraft(r.centre, (line(r, "TOURTEAU", 40, price=7_500), line(r, "MAIS", 10, "SAC100", 15_000)),
                              supplier_id=r.supplier)
        )  # fmt: skip
    return r


def _draft(refs: Refs, *lines, party: int | None = None, price_list: str = "NORMAL", **kw) -> OrderDraft:
    return OrderDraft(party or refs.customer, refs.lists[price_list], tuple(lines), **kw)


def _confirmed(db, actor, refs, *lines, **kw) -> orders.OrderDoc:
    with tx(db, actor) as s:
        return orders.confirm_order(s, orders.create_order(s, _draft(refs, *lines, **kw)).id)


def test_workflow_from_draft_to_soldee(db, clerk, refs) -> None:
    with tx(db, clerk) as s:
        draft = orders.create_order(
            s, _draft(refs, line(refs, "TOURTEAU", 12), line(refs, "MAIS", 3, "SAC100"), deposit=50_000,
                      delivery_date=DAY + timedelta(days=7), delivery_place="Mentao")
        )  # fmt: skip
        assert (draft.number, draft.state, draft.total) == ("", "brouillon", 12 * 10_000 + 3 * 17_500)
        assert dues.list_dues(s, refs.customer) == []
        smaller = _draft(refs, line(refs, "TOURTEAU", 10), line(refs, "MAIS", 3, "SAC100"), deposit=50_000)
        draft = orders.update_order(s, draft.id, smaller)
        order = orders.confirm_order(s, draft.id)
    assert (order.number, order.state, order.total) == ("CMD-2026-00001", "confirmee", 152_500)
    assert order.lines[0].described == "10\u00a0sacs de 50 kg (500\u00a0kg)"
    with tx(db, clerk) as s:
        [due] = dues.list_dues(s, refs.customer)
        assert (due.reference, due.amount, due.source_type) == ("CMD-2026-00001", 152_500, "order")
        acompte = payments.record_payment(
            s, PaymentDraft("REC", 50_000, "especes", "Acompte CMD-2026-00001", party_id=refs.customer,
                            allocations=((due.id, 50_000),))
        )  # fmt: skip
        assert acompte.number == "REC-2026-000001"
        first = deliveries.record_delivery(
            s,
            DeliveryDraft(order.id, (DeliveryLineInput(order.lines[0].id, 6), DeliveryLineInput(order.lines[1].id, 1))),
        )
        assert first.number == "BL-2026-00001"
        assert first.lines[0].remaining_after_described == "4\u00a0sacs de 50 kg (200\u00a0kg)"
        assert first.total_amount == 6 * 10_000 + 17_500
        mid = orders.get_order(s, order.id)
        assert mid.state == "livree_partiellement"
        assert [x.remaining for x in mid.lines] == [Decimal(200), Decimal(200)]
        second = deliveries.deliver_remaining(s, order.id, carrier="Charrette de M. Sow")
        assert second.lines[0].delivered_before == Decimal(300)
        assert orders.get_order(s, order.id).state == "livree"
        payments.record_payment(
            s, PaymentDraft("REC", 102_500, "mobile_money", "Solde CMD-2026-00001", party_id=refs.customer,
                            operator="Orange Money", transaction_id="PP260302.1200.A1",
                            allocations=((due.id, 102_500),))
        )  # fmt: skip
        done = orders.get_order(s, order.id)
        assert (done.state, done.state_label, done.paid, done.remaining_to_pay) == ("soldee", "Soldée", 152_500, 0)
        assert [r.number for r in order_lists.list_orders(s, state="soldee")] == ["CMD-2026-00001"]
        assert order_lists.list_orders(s, state="livree") == []
        assert integrity.run_check(s) == []


def test_reste_a_livrer_per_order_customer_and_overall(db, clerk, refs) -> None:
    a = _confirmed(db, clerk, refs, line(refs, "TOURTEAU", 10))
    b = _confirmed(db, clerk, refs, line(refs, "TOURTEAU", 5), line(refs, "MAIS", 2, "SAC100"), party=refs.op)
    with tx(db, clerk) as s:
        deliveries.record_delivery(s, DeliveryDraft(a.id, (DeliveryLineInput(a.lines[0].id, 4),)))
        [only] = deliveries.remaining_to_deliver(s, order_id=a.id)
        assert (only.remaining_described, only.remaining_amount) == ("6\u00a0sacs de 50 kg (300\u00a0kg)", 60_000)
        assert [r.product_name for r in deliveries.remaining_to_deliver(s, party_id=refs.op)] == ["Tourteau de coton",
                                                                                                 "Maïs"]  # fmt: skip
        totals = {t.product_name: t for t in deliveries.remaining_totals(s)}
        assert totals["Tourteau de coton"].described == "11\u00a0sacs de 50 kg (550\u00a0kg)"
        assert (totals["Tourteau de coton"].orders, totals["Maïs"].amount) == (2, 35_000)
    assert b.number == "CMD-2026-00002"


def test_prices_come_from_the_list_at_the_order_date(db, clerk, manager, refs) -> None:
    with tx(db, manager) as s:
        catalog.set_price(s, refs.lists["NORMAL"], refs.products["TOURTEAU"], "SAC50", 11_000, DAY + timedelta(days=1))
    order = _confirmed(db, clerk, refs, line(refs, "TOURTEAU", 3), line(refs, "TOURTEAU", 100, "kg"))
    # 3 sacs at 10 000 (the new price starts tomorrow); 100 kg priced from the sac: 100 / 50 × 10 000
    assert [(x.unit_price, x.price_unit, x.amount) for x in order.lines] == [(10_000, "SAC50", 30_000),
                                                                             (10_000, "SAC50", 20_000)]  # fmt: skip
    with pytest.raises(DomainError) as err, tx(db, clerk) as s:
        orders.create_order(s, _draft(refs, line(refs, "RIZ", 1, "SAC50")))
    assert err.value.code == "price.none"
    assert "Riz" in message(err.value)


def test_social_price_list_needs_an_eligibility_note(db, clerk, refs) -> None:
    with pytest.raises(DomainError) as err, tx(db, clerk) as s:
        orders.create_order(s, _draft(refs, line(refs, "TOURTEAU", 2), price_list="SOCIAL"))
    assert err.value.code == "order.eligibility_required"
    assert "Membres des OP sous contrat" in message(err.value)
    order = _confirmed(db, clerk, refs, line(refs, "TOURTEAU", 2), price_list="SOCIAL",
                       eligibility_note="Membre du groupement Laafi")  # fmt: skip
    assert (order.total, order.price_list_kind) == (17_000, "social")


def test_credit_limit_and_manager_override(db, clerk, manager, refs) -> None:
    with tx(db, clerk) as s:
        poor = parties.create_party(s, PartyInput(name="BARRY Hama", credit_limit=50_000)).id
        o = orders.create_order(s, _draft(refs, line(refs, "TOURTEAU", 6), party=poor))
    with pytest.raises(DomainError) as err, tx(db, clerk) as s:
        orders.confirm_order(s, o.id)
    assert err.value.code == "credit.limit_exceeded"
    with pytest.raises(DomainError), tx(db, clerk) as s:
        orders.confirm_order(s, o.id, override_reason="Je le connais")  # a clerk cannot override
    with tx(db, clerk) as s:
        assert orders.get_order(s, o.id).state == "brouillon"
    with tx(db, manager) as s:
        assert orders.confirm_order(s, o.id, override_reason="Récolte attendue en octobre").number == "CMD-2026-00001"


def test_order_refusals(db, clerk, refs) -> None:
    cases = [
        (_draft(refs), "stock.no_lines"),
        (_draft(refs, line(refs, "TOURTEAU", 2), deposit=30_000), "order.deposit_above_total"),
        (_draft(refs, line(refs, "TOURTEAU", 2), order_date=DAY, delivery_date=DAY - timedelta(days=1)),
         "order.delivery_before_order"),
        (_draft(refs, line(refs, "TOURTEAU", 2, "SAC100")), "quantity.unknown_unit"),
        (_draft(refs, line(refs, "TOURTEAU", -2)), "quantity.negative"),
    ]  # fmt: skip
    for draft, code in cases:
        with pytest.raises(DomainError) as err, tx(db, clerk) as s:
            orders.create_order(s, draft)
        assert err.value.code == code, code
    order = _confirmed(db, clerk, refs, line(refs, "TOURTEAU", 2))
    with pytest.raises(DomainError) as err, tx(db, clerk) as s:
        orders.update_order(s, order.id, _draft(refs, line(refs, "TOURTEAU", 3)))
    assert err.value.code == "order.not_draft"
    with pytest.raises(DomainError) as err, tx(db, clerk) as s:
        orders.delete_draft(s, order.id)
    assert err.value.code == "order.not_draft"
    with pytest.raises(Exception, match="immutable"), db.engine.begin() as conn:
        conn.execute(text("UPDATE order_lines SET amount = 1"))
    with pytest.raises(Exception, match="immutable"), db.engine.begin() as conn:
        conn.execute(text("UPDATE orders SET total = 1"))
    with tx(db, clerk) as s:
        draft = orders.create_order(s, _draft(refs, line(refs, "TOURTEAU", 1)))
        orders.delete_draft(s, draft.id)
        with pytest.raises(DomainError) as err:
            deliveries.record_delivery(s, DeliveryDraft(order.id, (DeliveryLineInput(999, 1),)))
        assert err.value.code == "delivery.line_not_in_order"


def test_cancel_order_rules(db, clerk, manager, refs) -> None:
    order = _confirmed(db, clerk, refs, line(refs, "TOURTEAU", 4))
    with pytest.raises(PermissionDenied), tx(db, clerk) as s:
        orders.cancel_order(s, order.id, "Client parti")
    with pytest.raises(DomainError) as err, tx(db, manager) as s:
        orders.cancel_order(s, order.id, "")
    assert err.value.code == "order.reason_required"
    with tx(db, clerk) as s:
        payments.record_payment(s, PaymentDraft("REC", 5_000, "especes", "Acompte", party_id=refs.customer,
                                                allocations=((order.due_id, 5_000),)))  # fmt: skip
    with pytest.raises(DomainError) as err, tx(db, manager) as s:
        orders.cancel_order(s, order.id, "Client parti")
    assert err.value.code == "order.has_payments"
    assert "5\u202f000" in message(err.value)
    other = _confirmed(db, clerk, refs, line(refs, "TOURTEAU", 4))
    with tx(db, clerk) as s:
        bl = deliveries.record_delivery(s, DeliveryDraft(other.id, (DeliveryLineInput(other.lines[0].id, 1),)))
    with pytest.raises(DomainError) as err, tx(db, manager) as s:
        orders.cancel_order(s, other.id, "Erreur")
    assert err.value.code == "order.has_deliveries"
    with tx(db, manager) as s:
        back = deliveries.cancel_delivery(s, bl.id, "Mauvais produit chargé")
        assert back.status == "annule" and back.cancellation_number.startswith("MVT-")
        assert orders.get_order(s, other.id).state == "confirmee"
        cancelled = orders.cancel_order(s, other.id, "Le client renonce")
        assert (cancelled.state, cancelled.cancel_reason) == ("annulee", "Le client renonce")
        assert [d.reference for d in dues.list_dues(s, refs.customer)] == [order.number]
        with pytest.raises(DomainError) as err:
            deliveries.record_delivery(s, DeliveryDraft(other.id, (DeliveryLineInput(other.lines[0].id, 1),)))
        assert err.value.code == "order.cancelled"
        assert integrity.run_check(s) == []


def test_shortage_warnings_and_orders_waiting_for_stock(db, clerk, refs) -> None:
    first = _confirmed(db, clerk, refs, line(refs, "TOURTEAU", 30))
    second = _confirmed(db, clerk, refs, line(refs, "TOURTEAU", 25), party=refs.op)
    with tx(db, clerk) as s:
        [short] = stock_reports.shortages(s)
        assert (short.product_name, short.missing_described) == (
            "Tourteau de coton",
            "15\u00a0sacs de 50 kg (750\u00a0kg)",
        )
        assert [o.order_number for o in stock_reports.orders_waiting_for_stock(s)] == [second.number]
        assert stock_reports.order_shortages(s, first.id)[0].to_deliver == Decimal(2750)
        stock_supplies.plan_supply(s, refs.products["TOURTEAU"], refs.centre, 20, "SAC50", DAY + timedelta(days=10),
                          supplier_id=refs.supplier)  # fmt: skip
        assert stock_reports.shortages(s) == []
        assert len(stock_supplies.list_expected_supplies(s)) == 1


def test_delivery_refused_before_confirmation_and_when_done(db, clerk, refs) -> None:
    with tx(db, clerk) as s:
        draft = orders.create_order(s, _draft(refs, line(refs, "TOURTEAU", 2)))
        with pytest.raises(DomainError) as err:
            deliveries.record_delivery(s, DeliveryDraft(draft.id, (DeliveryLineInput(draft.lines[0].id, 1),)))
        assert err.value.code == "order.not_confirmed"
        order = orders.confirm_order(s, draft.id)
        deliveries.deliver_remaining(s, order.id)
        with pytest.raises(DomainError) as err:
            deliveries.deliver_remaining(s, order.id)
        assert err.value.code == "order.fully_delivered"
        assert [d.number for d in deliveries.list_deliveries(s, order_id=order.id)] == ["BL-2026-00001"]
        assert order_lists.count_orders(s, state="livree") == 1
        assert order_lists.count_orders(s, "dicko") == 1
        assert date.today() >= order.order_date
