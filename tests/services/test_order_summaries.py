"""The paged orders list (``order_summaries``) gives the very rows, states and totals of the whole list
(``stock_lists.list_order_summaries``), window by window, filtered and sorted in SQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from centre_app.domain.errors import DomainError
from centre_app.domain.text import search_key
from centre_app.models.database import Database
from centre_app.services import deliveries, order_summaries, orders, payments, stock, stock_lists
from centre_app.services.context import Actor
from centre_app.services.deliveries import DeliveryDraft, DeliveryLineInput
from centre_app.services.orders import OrderDraft
from centre_app.services.payments import PaymentDraft
from centre_app.services.stock import ReceptionDraft
from tests.services.stock_helpers import DAY, line, make_refs, tx


def _situation(db: Database, manager: Actor, clerk: Actor) -> dict[str, int]:
    """Orders in every state: draft, confirmed, partly delivered, delivered unpaid, settled, cancelled."""
    refs = make_refs(db, manager)
    ids: dict[str, int] = {}
    with tx(db, clerk) as s:
        stock.record_reception(
            s, ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", 80, price=7_500),
                                            line(refs, "MAIS", 20, "SAC100", 15_000)), supplier_id=refs.supplier)
        )  # fmt: skip
        new = lambda party, *lines: orders.create_order(s, OrderDraft(party, refs.lists["NORMAL"], lines))  # noqa: E731
        ids["draft"] = new(refs.customer, line(refs, "MAIS", 1, "SAC100")).id
        ids["confirmed"] = orders.confirm_order(s, new(refs.op, line(refs, "TOURTEAU", 3)).id).id
        partly = orders.confirm_order(s, new(refs.op, line(refs, "TOURTEAU", 12), line(refs, "MAIS", 3, "SAC100")).id)
        deliveries.record_delivery(s, DeliveryDraft(partly.id, (DeliveryLineInput(partly.lines[0].id, 2),)))
        ids["partly"] = partly.id
        for name, pay in (("delivered", 5_000), ("settled", 20_000)):
            o = orders.confirm_order(s, new(refs.customer, line(refs, "TOURTEAU", 2)).id)
            deliveries.record_delivery(s, DeliveryDraft(o.id, (DeliveryLineInput(o.lines[0].id, 2),)))
            payments.record_payment(
                s, PaymentDraft("REC", pay, "especes", "Commande", party_id=refs.customer,
                                allocations=((o.due_id, pay),))
            )  # fmt: skip
            ids[name] = o.id
        ids["cancelled"] = orders.confirm_order(s, new(refs.customer, line(refs, "MAIS", 2, "SAC100")).id).id
    with tx(db, manager) as s:
        orders.cancel_order(s, ids["cancelled"], "Client parti")
    ids["customer"], ids["op"] = refs.customer, refs.op
    return ids


FILTERS = ({}, {"state": stock_lists.TO_DELIVER}, {"state": "soldee"}, {"state": "livree"}, {"state": "brouillon"},
           {"state": "annulee"}, {"search": "laafi"}, {"search": "cmd"}, {"start": DAY, "end": DAY + timedelta(days=1)},
           {"start": DAY + timedelta(days=1)})  # fmt: skip


def test_the_paged_list_is_the_whole_list_window_by_window(db: Database, manager: Actor, clerk: Actor) -> None:
    ids = _situation(db, manager, clerk)
    with tx(db, clerk) as s:
        every = stock_lists.list_order_summaries(s)
        assert {r.state for r in every} == {"brouillon", "confirmee", "livree_partiellement", "livree", "soldee",
                                            "annulee"}  # fmt: skip
        for f in [*FILTERS, {"party_id": ids["op"]}]:
            search = f.get("search", "")
            kw = {k: v for k, v in f.items() if k != "search"}
            whole = stock_lists.list_order_summaries(s, search, **kw)
            paged = [
                r for offset in range(0, 8, 2) for r in order_summaries.list_orders_page(s, search, offset, 2, **kw)
            ]
            assert paged == whole, f
            assert order_summaries.count_orders_page(s, search, **kw) == len(whole), f
            assert order_summaries.orders_page_totals(s, search, **kw) == stock_lists.order_totals(whole), f
        partly = next(r for r in order_summaries.list_orders_page(s) if r.id == ids["partly"])
        assert partly.remaining_described.startswith("Tourteau de coton : 10\u00a0sacs de 50 kg")
        assert [r.id for r in order_summaries.list_orders_page(s, state="soldee")] == [ids["settled"]]


@pytest.mark.parametrize(
    "column", ["number", "order_date", "party_name", "state_label", "total", "paid", "remaining_to_pay",
               "delivery_date"],
)  # fmt: skip
def test_every_column_sorts_in_sql_as_on_screen(db: Database, manager: Actor, clerk: Actor, column: str) -> None:
    _situation(db, manager, clerk)
    with tx(db, clerk) as s:
        rows = stock_lists.list_order_summaries(s)

        def key(r: object) -> tuple[object, ...]:
            value = getattr(r, column)
            value = search_key(value) if isinstance(value, str) else value
            return (value is not None and value != "", value if value is not None else 0)

        for descending in (False, True):
            order = f"-{column}" if descending else column
            got = [key(r) for r in order_summaries.list_orders_page(s, order=order)]
            assert got == sorted((key(r) for r in rows), reverse=descending), order


def test_reading_the_list_needs_a_logged_in_user(db: Database, manager: Actor, clerk: Actor) -> None:
    _situation(db, manager, clerk)
    for read in (order_summaries.list_orders_page, order_summaries.count_orders_page,
                 order_summaries.orders_page_totals):  # fmt: skip
        with db.reading(None) as s, pytest.raises(DomainError) as refused:
            read(s)
        assert refused.value.code == "auth.no_actor"
