"""Lists of the stock screens: ledger movements filtered and sorted, orders with what remains to deliver."""

from __future__ import annotations

from datetime import date, timedelta

from centre_app.models.database import Database
from centre_app.services import deliveries, orders, stock, stock_lists, stock_operations
from centre_app.services.context import Actor
from centre_app.services.deliveries import DeliveryDraft, DeliveryLineInput
from centre_app.services.orders import OrderDraft
from centre_app.services.stock import ReceptionDraft
from centre_app.services.stock_operations import LossDraft
from tests.services.stock_helpers import DAY, line, make_refs, tx


def test_movements_and_orders_for_the_screens(db: Database, manager: Actor, clerk: Actor) -> None:
    refs = make_refs(db, manager)
    with tx(db, clerk) as s:
        stock.record_reception(
            s, ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", 40, price=7_500), line(refs, "MAIS", 10, "SAC100",
                                                                                         15_000)),
                              supplier_id=refs.supplier)
        )  # fmt: skip
        stock_operations.record_loss(s, LossDraft(refs.centre, (line(refs, "MAIS", 1, "SAC100"),), "charancons"))
        stock_operations.record_transfer(
            s, stock_operations.TransferDraft(refs.centre, refs.bank, (line(refs, "TOURTEAU", 5),))
        )
        draft = OrderDraft(refs.op, refs.lists["NORMAL"], (line(refs, "TOURTEAU", 12), line(refs, "MAIS", 3, "SAC100")))
        order = orders.confirm_order(s, orders.create_order(s, draft).id)
        deliveries.record_delivery(s, DeliveryDraft(order.id, (DeliveryLineInput(order.lines[0].id, 2),)))
        orders.create_order(s, OrderDraft(refs.customer, refs.lists["NORMAL"], (line(refs, "MAIS", 1, "SAC100"),)))

        every = stock_lists.list_movements(s)
        assert stock_lists.count_movements(s) == len(every) == 6
        assert [m.kind for m in every][:2] == ["livraison", "transfert_entree"]  # newest first
        transfers = stock_lists.list_movements(s, kind=stock_lists.TRANSFERS)
        assert {(m.warehouse_id, m.quantity) for m in transfers} == {(refs.centre, -250), (refs.bank, 250)}
        loss = stock_lists.list_movements(s, kind="perte")[0]
        assert (loss.exit_described, loss.entry_described, loss.value) == ("1\u00a0sac de 100 kg (100\u00a0kg)", "",
                                                                          -15_000)  # fmt: skip
        maize = stock_lists.list_movements(s, product_id=refs.products["MAIS"], order="quantity")
        assert [m.quantity for m in maize] == [-100, 1_000]
        assert stock_lists.count_movements(s, warehouse_id=refs.bank) == 1
        assert stock_lists.count_movements(s, search="charan") == 1  # the loss's reason, in its libellé
        assert stock_lists.count_movements(s, start=DAY, end=DAY + timedelta(days=1)) == 6
        assert stock_lists.count_movements(s, start=date(2026, 3, 3)) == 0

        rows = stock_lists.list_order_summaries(s)
        assert [r.state for r in rows] == ["brouillon", "livree_partiellement"]
        confirmed = rows[1]
        assert confirmed.remaining_described == (
            "Tourteau de coton : 10\u00a0sacs de 50 kg (500\u00a0kg) ; Maïs : 3\u00a0sacs de 100 kg (300\u00a0kg)"
        )
        assert (confirmed.remaining_amount, confirmed.remaining_to_pay) == (100_000 + 52_500, 172_500)
        assert rows[0].remaining_to_pay == 0  # a draft owes nothing
        assert [r.id for r in stock_lists.list_order_summaries(s, state=stock_lists.TO_DELIVER)] == [order.id]
        assert stock_lists.list_order_summaries(s, party_id=refs.customer)[0].state == "brouillon"
        totals = stock_lists.order_totals(rows)
        assert (totals.count, totals.total, totals.remaining_to_pay, totals.remaining_amount) == (
            2, 172_500, 172_500, 152_500
        )  # fmt: skip
