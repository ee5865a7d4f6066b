"""Property test of the stock ledger: random sequences of receptions, orders, partial deliveries, transfers,
losses, inventories and cancellations. After every step: stock on hand = sum of the ledger = the monthly
totals = an independent model, never negative at any date, delivered ≤ ordered, value of stock = Σ values
of the movements and ≥ 0 (zero when the quantity is zero); at the end `check` finds nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import Role
from centre_app.models.migrate import open_database
from centre_app.models.stock import Delivery, Order, OrderLine, Reception, StockMovement, StockOperation
from centre_app.services import deliveries, integrity, inventory, orders, stock, stock_operations, stock_reports
from centre_app.services.context import Actor
from centre_app.services.deliveries import DeliveryDraft, DeliveryLineInput
from centre_app.services.orders import OrderDraft
from centre_app.services.stock import ReceptionDraft
from centre_app.services.stock_operations import LossDraft, TransferDraft
from tests.services.stock_helpers import Refs, cache_sums, ledger_sums, line, make_refs, tx

PRODUCTS = ("TOURTEAU", "MAIS")
UNIT = {"TOURTEAU": "SAC50", "MAIS": "SAC100"}
SACK_KG = {"TOURTEAU": 50, "MAIS": 100}
# Refusals a random sequence may legitimately meet; anything else is a bug.
EXPECTED = {
    "stock.insufficient", "stock.cancel_insufficient", "delivery.more_than_ordered", "order.fully_delivered",
    "order.has_deliveries", "order.cancelled", "stock.already_cancelled",
}  # fmt: skip


@pytest.fixture(scope="module")
def stock_template(template_db: tuple[Path, dict[Role, Actor]], tmp_path_factory: pytest.TempPathFactory, clone_db):
    """The shared template database plus prices, a village bank and parties (made once)."""
    path = clone_db(template_db[0], tmp_path_factory.mktemp("stock_template") / "stock.db")
    db = open_database(path)
    refs = make_refs(db, template_db[1][Role.MANAGER])
    db.dispose()
    return path, refs, template_db[1]


class StockMachine(RuleBasedStateMachine):
    template: Path
    refs: Refs
    actors: dict[Role, Actor]
    workdir: Path
    clone: Any
    serial = count()

    def __init__(self) -> None:
        super().__init__()
        path = self.clone(self.template, self.workdir / f"run-{next(self.serial)}.db")
        self.db = open_database(path)
        self.clerk, self.manager = self.actors[Role.CLERK], self.actors[Role.MANAGER]
        self.clock = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
        self.model: dict[tuple[int, int], int] = {}  # (product, magasin) → thousandths

    def _run(self, actor: Actor, fn):
        self.clock += timedelta(hours=3)
        try:
            with tx(self.db, actor, self.clock) as s:
                result = fn(s)
        except DomainError as exc:
            if exc.code not in EXPECTED:
                raise
            return None
        return result

    def _add(self, product: str, warehouse: int, milli: int) -> None:
        key = (self.refs.products[product], warehouse)
        self.model[key] = self.model.get(key, 0) + milli

    def _warehouse(self, bank: bool) -> int:
        return self.refs.bank if bank else self.refs.centre

    @initialize()
    def first_reception(self) -> None:
        self.receive("TOURTEAU", False, 20, 7_500)

    @rule(product=st.sampled_from(PRODUCTS), bank=st.booleans(), sacks=st.integers(1, 20),
          price=st.integers(5_000, 22_000))  # fmt: skip
    def receive(self, product: str, bank: bool, sacks: int, price: int) -> None:
        w = self._warehouse(bank)
        draft = ReceptionDraft(
            w, (line(self.refs, product, sacks, UNIT[product], price),), supplier_id=self.refs.supplier
        )
        if self._run(self.clerk, lambda s: stock.record_reception(s, draft)):
            self._add(product, w, sacks * SACK_KG[product] * 1000)

    @rule(product=st.sampled_from(PRODUCTS), sacks=st.integers(1, 15), op=st.booleans(), bank=st.booleans())
    def order(self, product: str, sacks: int, op: bool, bank: bool) -> None:
        party = self.refs.op if op else self.refs.customer
        draft = OrderDraft(party, self.refs.lists["NORMAL"], (line(self.refs, product, sacks, UNIT[product]),),
                           warehouse_id=self._warehouse(bank))  # fmt: skip
        self._run(self.clerk, lambda s: orders.confirm_order(s, orders.create_order(s, draft).id))

    @rule(pick=st.integers(0, 50), sacks=st.integers(1, 12), bank=st.booleans())
    def deliver(self, pick: int, sacks: int, bank: bool) -> None:
        with self.db.reading(self.clerk) as s:
            open_orders = s.scalars(select(Order).where(Order.status.in_(("confirmee", "livree_partiellement")))).all()
            if not open_orders:
                return
            doc = orders.get_order(s, open_orders[pick % len(open_orders)].id)
        ol = doc.lines[0]
        product = next(code for code, pid in self.refs.products.items() if pid == ol.product_id)
        w = self._warehouse(bank)
        draft = DeliveryDraft(doc.id, (DeliveryLineInput(ol.id, sacks, UNIT[product]),), warehouse_id=w)
        if self._run(self.clerk, lambda s: deliveries.record_delivery(s, draft)):
            self._add(product, w, -sacks * SACK_KG[product] * 1000)

    @rule(product=st.sampled_from(PRODUCTS), to_bank=st.booleans(), sacks=st.integers(1, 10))
    def transfer(self, product: str, to_bank: bool, sacks: int) -> None:
        src, dst = self._warehouse(not to_bank), self._warehouse(to_bank)
        draft = TransferDraft(src, dst, (line(self.refs, product, sacks, UNIT[product]),))
        if self._run(self.clerk, lambda s: stock_operations.record_transfer(s, draft)):
            self._add(product, src, -sacks * SACK_KG[product] * 1000)
            self._add(product, dst, sacks * SACK_KG[product] * 1000)

    @rule(product=st.sampled_from(PRODUCTS), bank=st.booleans(), kg=st.integers(1, 120),
          reason=st.sampled_from(("charancons", "humidite", "ecart_pesee", "rongeurs")))  # fmt: skip
    def loss(self, product: str, bank: bool, kg: int, reason: str) -> None:
        w = self._warehouse(bank)
        draft = LossDraft(w, (line(self.refs, product, kg, "kg"),), reason)
        if self._run(self.clerk, lambda s: stock_operations.record_loss(s, draft)):
            self._add(product, w, -kg * 1000)

    @rule(bank=st.booleans(), deltas=st.lists(st.integers(-60, 40), min_size=2, max_size=2))
    def count_inventory(self, bank: bool, deltas: list[int]) -> None:
        w = self._warehouse(bank)

        def run(s):
            sheet = inventory.open_inventory(s, w)
            for x in sheet.lines:
                if x.product_code in PRODUCTS:
                    delta = deltas[PRODUCTS.index(x.product_code)] * 1000
                    counted = max(0, int(x.theoretical * 1000) + delta)
                    inventory.enter_count(s, sheet.id, x.product_id, str(counted / 1000).replace(".", ","), x.base_unit)
            return inventory.validate_inventory(s, sheet.id, skip_uncounted=True)

        sheet = self._run(self.clerk, run)
        if sheet:
            for x in sheet.lines:
                if x.counted is not None and x.product_code in PRODUCTS:
                    self._add(x.product_code, w, int((x.counted - x.theoretical) * 1000))

    @rule(pick=st.integers(0, 50), kind=st.sampled_from(("reception", "delivery", "operation")))
    def cancel(self, pick: int, kind: str) -> None:
        model = {"reception": Reception, "delivery": Delivery, "operation": StockOperation}[kind]
        with self.db.reading(self.manager) as s:
            stmt = select(model.id).where(model.status == "valide")
            if kind == "operation":
                stmt = stmt.where(StockOperation.kind != "annulation")
            ids = s.scalars(stmt.order_by(model.id)).all()
        if not ids:
            return
        target = ids[pick % len(ids)]
        fn = {
            "reception": stock_operations.cancel_reception,
            "delivery": deliveries.cancel_delivery,
            "operation": stock_operations.cancel_operation,
        }[kind]
        done = self._run(self.manager, lambda s: fn(s, target, "Erreur de saisie"))
        if done:
            with self.db.reading(self.manager) as s:
                counter = s.scalar(select(StockOperation).where(StockOperation.cancels_id == target,
                                                                StockOperation.cancels_type == kind))  # fmt: skip
                for m in s.scalars(select(StockMovement).where(StockMovement.source_type == "operation",
                                                               StockMovement.source_id == counter.id)):  # fmt: skip
                    self.model[(m.product_id, m.warehouse_id)] = (
                        self.model.get((m.product_id, m.warehouse_id), 0) + m.quantity
                    )

    @rule(pick=st.integers(0, 50))
    def cancel_order(self, pick: int) -> None:
        with self.db.reading(self.manager) as s:
            ids = s.scalars(select(Order.id).where(Order.status == "confirmee").order_by(Order.id)).all()
        if ids:
            self._run(self.manager, lambda s: orders.cancel_order(s, ids[pick % len(ids)], "Le client renonce"))

    @invariant()
    def ledger_cache_model_and_reports_agree(self) -> None:
        with self.db.reading(self.clerk) as s:
            sums = ledger_sums(s)
            assert sums == cache_sums(s)
            assert {k: q for k, (q, _v) in sums.items() if q or k in self.model} == {
                k: q for k, q in self.model.items() if q or k in sums
            }
            today = self.clock.date()
            on_hand = {(x.product_id, x.warehouse_id): x.quantity_milli for x in stock_reports.stock_on_hand(s, today)}
            assert on_hand == {k: q for k, (q, _v) in sums.items()}
            assert stock_reports.stock_value(s, today) == sum(v for _q, v in sums.values())
            per_product: dict[int, list[int]] = {}
            for (pid, _w), (q, v) in sums.items():
                assert q >= 0
                acc = per_product.setdefault(pid, [0, 0])
                acc[0] += q
                acc[1] += v
            for q, v in per_product.values():
                assert v >= 0
                assert q > 0 or v == 0
            running: dict[tuple[int, int], int] = {}
            for pid, wid, _day, delta in s.execute(
                select(StockMovement.product_id, StockMovement.warehouse_id, StockMovement.business_date,
                       func.sum(StockMovement.quantity))
                .group_by(StockMovement.product_id, StockMovement.warehouse_id, StockMovement.business_date)
                .order_by(StockMovement.business_date)
            ):  # fmt: skip
                running[(pid, wid)] = running.get((pid, wid), 0) + delta
                assert running[(pid, wid)] >= 0  # never negative at the end of any day
            delivered = orders.delivered_by_line(s, list(s.scalars(select(Order.id))))
            for line_id, ordered in s.execute(select(OrderLine.id, OrderLine.quantity)):
                assert delivered.get(line_id, 0) <= ordered

    def teardown(self) -> None:
        try:
            with self.db.reading(self.clerk) as s:
                assert integrity.run_check(s) == []
        finally:
            self.db.dispose()


def test_random_stock_sequences_keep_every_invariant(stock_template, tmp_path: Path, clone_db) -> None:
    path, refs, actors = stock_template
    StockMachine.clone = staticmethod(clone_db)
    StockMachine.template, StockMachine.refs, StockMachine.actors, StockMachine.workdir = path, refs, actors, tmp_path
    run_state_machine_as_test(
        StockMachine,
        settings=settings(
            max_examples=30, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )
