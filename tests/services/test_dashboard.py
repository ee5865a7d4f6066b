"""The home dashboard: cash of the day, sales by activity per month, stock, order and debt alerts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from centre_app.models.database import Database
from centre_app.services import dashboard, deliveries, dues, orders, payments, stock
from centre_app.services.context import Actor
from centre_app.services.deliveries import DeliveryDraft, DeliveryLineInput
from centre_app.services.orders import OrderDraft
from centre_app.services.payments import PaymentDraft
from centre_app.services.stock import ReceptionDraft
from tests.services.stock_helpers import DAY, Refs, line, make_refs, tx

TODAY = DAY + timedelta(days=10)  # 12 March 2026


def situation(db: Database, clerk: Actor, manager: Actor) -> Refs:
    """900 kg of tourteau (threshold 2 500 kg); an order of 6 sacs, 2 delivered, due on the 4th (late on the 12th);
    an OP order of maïs with no maïs in stock; an old debt of 45 000 F due 80 days ago; a receipt."""
    refs = make_refs(db, manager)
    with tx(db, clerk) as s:
        stock.record_reception(
            s, ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", 18, price=7_500),), supplier_id=refs.supplier)
        )
        late = orders.confirm_order(
            s,
            orders.create_order(
                s, OrderDraft(refs.customer, refs.lists["NORMAL"], (line(refs, "TOURTEAU", 6),),
                              delivery_date=DAY + timedelta(days=2))
            ).id,
        )  # fmt: skip
        deliveries.record_delivery(s, DeliveryDraft(late.id, (DeliveryLineInput(late.lines[0].id, 2),)))
        orders.confirm_order(
            s, orders.create_order(s, OrderDraft(refs.op, refs.lists["NORMAL"], (line(refs, "MAIS", 30, "SAC100"),))).id
        )
        dues.open_due(
            s, party_id=refs.customer, direction="receivable", source_type="manual", reference="ANC-001",
            label="Ancienne dette", amount=45_000, issued_on=DAY - timedelta(days=120),
            due_date=DAY - timedelta(days=80),
        )  # fmt: skip
    with tx(db, clerk, datetime(2026, 3, 12, 9, tzinfo=UTC)) as s:
        payments.record_payment(s, PaymentDraft("REC", 15_000, "especes", "Vente au comptant", counterpart_name="X"))
    return refs


def test_figures_and_alerts(db: Database, clerk: Actor, manager: Actor) -> None:
    refs = situation(db, clerk, manager)
    with db.reading(clerk) as s:
        d = dashboard.dashboard(s, TODAY)
    low = d.figures.pop("low_stock")
    assert d.figures == {
        "orders_to_deliver": 2,
        "orders_late": 1,
        "orders_waiting": 1,  # the maïs order; the tourteau order can be served from the 800 kg left
        "old_debts": 45_000,
        "old_debtors": 1,
    }
    assert "Tourteau de coton" in low and "Maïs" in low  # the seeded products all have a threshold
    sections = [a.section for a in d.alerts]
    assert sections == sorted(sections, key=dashboard.SECTIONS.index)  # Stock, Commandes, Créances
    texts = [a.text for a in d.alerts]
    assert "Tourteau de coton : 16\u00a0sacs de 50 kg (800\u00a0kg) en stock, sous le seuil d'alerte" in texts
    assert any(t.startswith("Livraison en retard de 8 j : CMD-2026-00001 (DICKO Aïssata)") for t in texts)
    assert any("CMD-2026-00002 (Groupement Laafi de Mentao) attend du stock : Maïs" in t for t in texts)
    debt = next(a for a in d.alerts if a.target and a.target.filters == (("party_id", refs.customer),))
    assert debt.text == "DICKO Aïssata doit 45\u202f000\u00a0F\u202fCFA depuis plus de 60 jours"
    assert debt.severity == "warning"  # 80 days: 61-90, not yet over 90
    assert (d.cash.cash_in, d.cash.receipts, d.cash.closed) == (15_000, 1, False)


def test_sales_by_activity_per_month(db: Database, clerk: Actor, manager: Actor) -> None:
    situation(db, clerk, manager)
    with db.reading(clerk) as s:
        d = dashboard.dashboard(s, TODAY)
    assert [m.month for m in d.months][-3:] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert len(d.months) == 12
    assert d.months[-1].by_activity == (("Aliments", 2 * 10_000),)  # 2 sacs delivered at 10 000 F
    assert all(m.total == 0 for m in d.months[:-1])
    assert d.activities == ("Aliments",)


def test_a_new_centre_only_warns_of_its_empty_stock(db: Database, clerk: Actor) -> None:
    with db.reading(clerk) as s:
        d = dashboard.dashboard(s, TODAY)
    assert {a.section for a in d.alerts} == {"Stock"}
    assert len(d.alerts) == len(d.figures["low_stock"]) > 0
    assert (d.figures["orders_to_deliver"], d.figures["old_debts"]) == (0, 0)
    assert all(m.total == 0 for m in d.months)


def test_nice_steps() -> None:
    from centre_app.views.home_page import nice_step

    assert [nice_step(x) for x in (0, 0.3, 1, 3, 7, 12, 4_300, 50_001)] == [1, 1, 1, 5, 10, 20, 5_000, 100_000]


def test_livestock_revenue_is_the_commission_or_the_resale(db: Database, clerk: Actor, manager: Actor) -> None:
    """A mandat of 2 bœufs at 300 000 with 2,5 % paid by the seller earns 15 000 F, not the 600 000 F price;
    an achat-revente of 10 moutons at 70 000 F is a sale of 700 000 F; a draft counts for nothing."""
    from centre_app.services import livestock, livestock_workflow
    from tests.services import livestock_helpers as lh

    refs = lh.make_refs(db, manager)
    with tx(db, clerk) as s:
        mandat = lh.draft(refs, lh.animal(refs, "bovin", "bœuf (castré)", 2, 300_000, castrated=True),
                          rule="pct_vendeur")  # fmt: skip
        livestock_workflow.conclude_contract(s, livestock.create_contract(s, mandat).id)
        resale = lh.draft(refs, lh.animal(refs, "ovin", "mouton (castré)", 10, 70_000, castrated=True,
                                          unit_cost=55_000), kind="achat_revente")  # fmt: skip
        livestock_workflow.conclude_contract(s, livestock.create_contract(s, resale).id)
        livestock.create_contract(s, mandat)  # still a draft
    with db.reading(clerk) as s:
        d = dashboard.dashboard(s, TODAY)
    assert dict(d.months[-1].by_activity) == {"Commissions": 15_000, "Bétail revendu": 700_000}
