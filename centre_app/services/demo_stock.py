"""A year of cereal and feed stock for the demo centre, through the services: receptions from suppliers
at realistic costs, orders from OP and producers on the applicable price list with acomptes and partial
deliveries, payments through the caisse, transfers to the village cereal banks, losses (charançons…),
one inventory per magasin and per quarter, a few repayments in kind and cancellations by the manager.

:class:`StockYear` runs one working day at a time (:meth:`StockYear.day`), called by the cash year before
its own events so that every receipt lands in a day that is still open, then closed with the others.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from time import perf_counter as time_counter
from typing import Any

from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.services import catalog, deliveries, dues, inventory, orders, parties, payments, stock
from centre_app.services import stock_ledger as ledger
from centre_app.services import stock_operations as operations
from centre_app.services.context import Actor
from centre_app.services.deliveries import DeliveryDraft, DeliveryLineInput
from centre_app.services.demo_scale import SMALL, DemoScale
from centre_app.services.orders import OrderDraft
from centre_app.services.payments import PaymentDraft
from centre_app.services.stock import LineInput, ReceptionDraft
from centre_app.services.stock_supplies import RepayInKindDraft, repay_in_kind

# Purchase cost per packaging unit (F CFA): low, high. PRODUCT.md §13 for tourteau and maïs.
COSTS = {
    "TOURTEAU": ("SAC50", 7_500, 12_500), "MAIS": ("SAC100", 15_000, 22_000), "MIL": ("SAC100", 15_500, 21_000),
    "SORGHO": ("SAC100", 14_500, 20_000), "RIZ": ("SAC50", 17_500, 21_000), "NIEBE": ("SAC100", 28_000, 34_000),
    "GRAINE": ("SAC50", 5_500, 7_000), "SONBLE": ("SAC40", 4_500, 5_800), "GRANULE": ("SAC50", 10_000, 12_000),
    "SEL": ("SAC50", 7_000, 8_500), "BLOC": ("bloc", 1_800, 2_300),
}  # fmt: skip
CEREALS = ("MAIS", "MIL", "SORGHO")
FEED = ("TOURTEAU", "GRAINE", "SONBLE", "GRANULE", "SEL", "BLOC")
POPULAR = {"TOURTEAU": 6, "MAIS": 5, "MIL": 4, "SORGHO": 3, "GRAINE": 3, "SONBLE": 2, "RIZ": 2, "NIEBE": 1,
           "GRANULE": 1, "SEL": 1, "BLOC": 1}  # fmt: skip
SUPPLIERS = ("Huilerie SN-CITEC de Bobo-Dioulasso", "SOFITEX (graine de coton)", "Grossiste Sawadogo et frères, Djibo",
             "Moulin du Sahel, Ouahigouya", "SONAGESS (stock de sécurité)")  # fmt: skip


@dataclass
class _Open:
    """An order the demo still has to deliver, followed locally (no need to re-read it each day)."""

    order_id: int
    number: str
    party_id: int
    due_id: int
    total: int
    planned: date
    warehouse_id: int
    lines: list[list[Any]] = field(default_factory=list)  # [order line, product, unit, remaining thousandths]

    @classmethod
    def of(cls, doc: orders.OrderDoc, planned: date) -> _Open:
        lines = [[x.id, x.product_id, x.unit, int(x.remaining * 1000)] for x in doc.lines]
        return cls(doc.id, doc.number, doc.party_id, doc.due_id or 0, doc.total, planned, doc.warehouse_id, lines)


class StockYear:
    """The demo's stock activity over ``[start, end)``; ``day`` is called once per working day."""

    def __init__(
        self, session: Session, seed: int, *, start: date, end: date, clerk: Actor, manager: Actor,
        customers: list[tuple[int, str]], organisations: list[tuple[int, str]], scale: DemoScale = SMALL,
    ) -> None:  # fmt: skip
        self.s, self.rng, self.scale = session, random.Random(seed * 7919 + 6), scale
        self.start, self.end, self.clerk, self.manager = start, end, clerk, manager
        self.customers, self.organisations = customers, organisations
        self.open: list[_Open] = []
        self.unpaid: list[tuple[int, int]] = []  # (party, due) of delivered orders still owed
        self.p = {x.code: x.id for x in catalog.list_products(session)}
        self.lists = {x.code: x.id for x in catalog.list_price_lists(session)}
        self.wh = {w.code: w.id for w in catalog.list_warehouses(session)}
        self.banks = [self.wh[c] for c in ("ARB", "TGM", "KLB") if c in self.wh]
        self.suppliers = [
            parties.create_party(session, parties.PartyInput(name=n, kind="organisation", roles=("fournisseur",))).id
            for n in SUPPLIERS
        ]
        self.tx_seq = 0
        self.made = 0
        self.seconds = 0.0  # spent in the stock part, for the figures the command line prints

    # --- plumbing ----------------------------------------------------------------------------------

    def _at(self, day: date, minute: int, actor: Actor) -> None:
        self.s.info["now"] = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=UTC)
        self.s.info["actor"] = actor

    def _try(self, fn: Any) -> Any:
        """A refusal (stock short, credit limit…) is what an office meets too: the demo moves on."""
        try:
            with self.s.begin_nested():
                return fn()
        except DomainError:
            return None

    def day(self, day: date) -> None:
        if not self.start <= day < self.end or day.weekday() == 6:
            return
        saved = self.s.info.get("actor"), self.s.info.get("now")
        started = time_counter()
        try:
            self._day(day)
        finally:
            self.s.info["actor"], self.s.info["now"] = saved
            self.seconds += time_counter() - started

    def _day(self, day: date) -> None:
        rng = self.rng
        scale = self.scale
        if day == self.start or day.weekday() in scale.restock_weekdays:
            self._restock(day, 7 * 60 + 30)
        for chance, first, spread in scale.order_slots:
            if rng.random() < chance:
                self._new_order(day, first + rng.randint(0, spread))
        self._deliver_due_orders(day, 11 * 60)
        if rng.random() < 0.30:
            self._collect(day, 14 * 60 + rng.randint(0, 120))
        if day.weekday() in scale.transfer_weekdays and self.banks:  # a truck to a village cereal bank
            self._transfer(day, 15 * 60)
        for _ in range(scale.losses_per_day):
            if rng.random() < 0.20:
                self._loss(day, 16 * 60)
        if rng.random() < 0.02:
            self._repay_in_kind(day, 16 * 60 + 20)
        if rng.random() < 0.03:
            self._cancel_something(day, 16 * 60 + 40)
        if day.month in (3, 6, 9, 12) and day.day >= 25 and day.weekday() == 5:
            self._inventories(day, 17 * 60)

    # --- activity ----------------------------------------------------------------------------------

    def _restock(self, day: date, minute: int) -> None:
        """Monday purchases: what is under twice its threshold or short for the open orders."""
        self._at(day, minute, self.clerk)
        wanted: dict[int, int] = {}  # what the open orders still wait for (followed here, as the office does)
        for item in self.open:
            for _line_id, pid, _unit, rest in item.lines:
                if rest > 0:
                    wanted[pid] = wanted.get(pid, 0) + rest
        for code, (unit, low, high) in COSTS.items():
            pid = self.p[code]
            have, _ = ledger.totals(self.s, pid)
            threshold = ledger.product(self.s, pid).alert_threshold
            need = wanted.get(pid, 0) + 2 * threshold - have
            if need <= 0 or (day != self.start and self.rng.random() < 0.3):
                continue
            packaging = ledger.units_of(self.s, pid).unit(unit)
            factor = int(packaging.factor * 1000) if packaging else 1000
            count = min(self.scale.restock_max_sacks, max(10, need // factor + self.rng.randint(5, 40)))
            step = 250 if high > 5_000 else 50
            price = self.rng.randrange(low, high + 1, step)
            factor_bp = self.scale.price_factor_bp(day, self.end)
            if factor_bp != 10_000:  # earlier years of a long demo were cheaper
                price = price * factor_bp // 10_000 // step * step
            credit = self.rng.random() < 0.3
            draft = ReceptionDraft(
                self.wh["CENTRE"], (LineInput(pid, count, unit, price),), supplier_id=self.rng.choice(self.suppliers),
                supplier_reference=f"BL-F {day:%y%m%d}-{pid:02d}",
                payable_due_date=day + timedelta(days=30) if credit else None,
            )  # fmt: skip
            stock.record_reception(self.s, draft)

    def _new_order(self, day: date, minute: int) -> None:
        rng = self.rng
        is_op = rng.random() < 0.4
        party, _name = rng.choice(self.organisations if is_op else self.customers)
        codes = rng.sample(list(POPULAR), k=rng.choice(self.scale.products_per_order), counts=list(POPULAR.values()))
        codes = list(dict.fromkeys(codes))
        social = rng.random() < (0.35 if is_op else 0.1)
        units = {c: COSTS.get(c, ("SAC50",))[0] for c in codes}
        lines = tuple(
            LineInput(self.p[c], rng.randint(10, 60) if is_op else rng.randint(1, 10), units[c]) for c in codes
        )
        warehouse = self.wh["CENTRE"]
        if is_op and self.banks and all(c in CEREALS for c in codes) and rng.random() < 0.5:
            warehouse = rng.choice(self.banks)
        draft = OrderDraft(
            party, self.lists["SOCIAL" if social else "NORMAL"], lines, order_date=day, warehouse_id=warehouse,
            delivery_date=day + timedelta(days=rng.choice((0, 0, 3, 7, 14))), delivery_place="Magasin",
            eligibility_note="Membre d'une OP sous contrat avec le centre" if social else "",
        )  # fmt: skip
        self._at(day, minute, self.clerk)
        doc = orders.create_order(self.s, draft)
        confirmed = self._try(lambda: orders.confirm_order(self.s, doc.id))
        if confirmed is None:  # over the credit limit: the manager overrides it now and then
            if rng.random() < 0.3:
                self.s.info["actor"] = self.manager
                reason = "Client fidèle, paiement à la récolte"
                confirmed = self._try(lambda: orders.confirm_order(self.s, doc.id, override_reason=reason))
                self.s.info["actor"] = self.clerk
            if confirmed is None:
                orders.delete_draft(self.s, doc.id)
                return
        self.made += 1
        self.open.append(_Open.of(confirmed, confirmed.delivery_date or day))
        if rng.random() < self.scale.order_deposit:
            deposit = max(1_000, confirmed.total * rng.choice((30, 40, 50)) // 100 // 500 * 500)
            self._pay(day, party, confirmed.due_id or 0, deposit, f"Acompte sur la commande {confirmed.number}")

    def _pay(self, day: date, party: int, due_id: int, amount: int, purpose: str) -> None:
        """A receipt allocated to an order's due; callers pass at most what remains on it."""
        if amount <= 0:
            return
        means = self.rng.choices(("especes", "mobile_money", "virement"), (65, 30, 5))[0]
        self.tx_seq += 1
        draft = PaymentDraft(
            "REC", amount, means, purpose, party_id=party, allocations=((due_id, amount),),
            operator=self.rng.choice(("Orange Money", "Moov Money")) if means == "mobile_money" else None,
            transaction_id=f"ST{day:%y%m%d}.{self.tx_seq:05d}" if means == "mobile_money" else None,
        )  # fmt: skip
        payments.record_payment(self.s, draft, accept_warnings=True)

    def _deliver_due_orders(self, day: date, minute: int) -> None:
        """Orders planned for today or earlier leave the magasin, whole sacks, sometimes in two parts."""
        self._at(day, minute, self.clerk)
        stock_left: dict[tuple[int, int], int] = {}
        still = []
        for item in self.open:
            if item.planned > day or self.rng.random() < 0.2:
                still.append(item)
                continue
            partial = self.rng.random() < self.scale.partial_delivery
            lines, taken = [], []
            for line_id, pid, unit_code, rest in item.lines:
                if rest <= 0:
                    continue
                key = (pid, item.warehouse_id)
                if key not in stock_left:
                    stock_left[key] = ledger.available(self.s, pid, item.warehouse_id, day)
                unit = ledger.units_of(self.s, pid).unit(unit_code)
                step = int(unit.factor * 1000) if unit else 1000
                want = rest // 2 if partial and rest >= 2 * step else rest
                take = min(want, stock_left[key]) // step * step  # whole sacks leave the magasin
                if take > 0:
                    lines.append(DeliveryLineInput(line_id, take // step, unit_code))
                    taken.append((key, take))
            if lines:
                bl = deliveries.record_delivery(self.s, DeliveryDraft(item.order_id, tuple(lines)))
                for key, take in taken:
                    stock_left[key] -= take
                after = {r.order_line_id: int(r.remaining_after * 1000) for r in bl.lines}
                for x in item.lines:
                    x[3] = after.get(x[0], x[3])
            if any(x[3] > 0 for x in item.lines):
                item.planned = day + timedelta(days=self.rng.randint(2, 10))
                still.append(item)
                continue
            rest_to_pay = item.total - dues.paid_on_dues(self.s, [item.due_id])[item.due_id]
            if self.rng.random() < 0.6:
                self._pay(day, item.party_id, item.due_id, rest_to_pay, f"Solde de la commande {item.number}")
            else:
                self.unpaid.append((item.party_id, item.due_id))
        self.open = still

    def _collect(self, day: date, minute: int) -> None:
        """A customer comes to pay what a delivered order still owes (in part or in full)."""
        if not self.unpaid:
            return
        self._at(day, minute, self.clerk)
        party, due = self.unpaid.pop(self.rng.randrange(len(self.unpaid)))
        rest = {r.id: r.remaining for r in dues.list_dues(self.s, party)}.get(due, 0)
        if rest > 0:
            share = rest if self.rng.random() < 0.6 else max(500, rest // 2 // 500 * 500)
            self._pay(day, party, due, share, "Règlement de commande")
            if share < rest:
                self.unpaid.append((party, due))

    def _transfer(self, day: date, minute: int) -> None:
        self._at(day, minute, self.clerk)
        bank, centre = self.rng.choice(self.banks), self.wh["CENTRE"]
        lines = []
        for code in self.rng.sample(CEREALS, k=self.rng.randint(*self.scale.transfer_products)):
            sacks = self.rng.randint(10, 30)
            if ledger.available(self.s, self.p[code], centre, day) >= sacks * 100_000:
                lines.append(LineInput(self.p[code], sacks, "SAC100"))
        if lines:
            note = "Approvisionnement de la banque de céréales"
            operations.record_transfer(self.s, operations.TransferDraft(centre, bank, tuple(lines), note=note))

    def _loss(self, day: date, minute: int) -> None:
        self._at(day, minute, self.clerk)
        where = self.rng.choice([self.wh["CENTRE"], *self.banks])
        code = self.rng.choice(CEREALS if where != self.wh["CENTRE"] else (*CEREALS, "TOURTEAU", "SONBLE"))
        reason = self.rng.choices(("charancons", "humidite", "ecart_pesee", "rongeurs"), (45, 20, 20, 15))[0]
        qty = self.rng.randint(5, 80)
        if ledger.available(self.s, self.p[code], where, day) >= qty * 1000:
            draft = operations.LossDraft(where, (LineInput(self.p[code], qty, "kg"),), reason)
            operations.record_loss(self.s, draft)

    def _repay_in_kind(self, day: date, minute: int) -> None:
        self._at(day, minute, self.clerk)
        owing = [(p, d) for p, d in self.unpaid if p in dict(self.customers)]
        if not owing:
            return
        party, _due = self.rng.choice(owing)
        rest = sum(r.remaining for r in dues.list_dues(self.s, party))
        sacks = min(self.rng.randint(1, 4), rest // 16_000)
        if sacks > 0:
            draft = RepayInKindDraft(party, self.p["MAIS"], sacks, "SAC100", 16_000, warehouse_id=self.wh["CENTRE"],
                                     note="Maïs de la récolte, pesé au magasin")  # fmt: skip
            repay_in_kind(self.s, draft)

    def _cancel_something(self, day: date, minute: int) -> None:
        self._at(day, minute, self.manager)
        recent = deliveries.list_deliveries(self.s, start=day, end=day + timedelta(days=1))
        if recent and recent[0].status == "valide":
            back = self._try(lambda: deliveries.cancel_delivery(self.s, recent[0].id, "Erreur de quantité chargée"))
            if back is not None:
                self.open = [o for o in self.open if o.order_id != back.order_id]
                self.open.append(_Open.of(orders.get_order(self.s, back.order_id), day + timedelta(days=1)))
            return
        waiting = [o for o in self.open if not dues.paid_on_dues(self.s, [o.due_id]).get(o.due_id)]
        if waiting:
            item = waiting[0]
            if self._try(lambda: orders.cancel_order(self.s, item.order_id, "Le client renonce à sa commande")):
                self.open.remove(item)

    def _inventories(self, day: date, minute: int) -> None:
        """End of quarter: each magasin is counted; a few small differences (weighing, spillage)."""
        for wid in [self.wh["CENTRE"], *self.banks]:
            self._at(day, minute, self.clerk)
            sheet = inventory.open_inventory(self.s, wid, note="Inventaire de fin de trimestre")
            for x in sheet.lines:
                counted = x.theoretical
                if counted > 0 and self.rng.random() < 0.25:
                    counted = max(counted - self.rng.randint(1, 25), 0)
                inventory.enter_count(self.s, sheet.id, x.product_id, counted, x.base_unit)
            inventory.validate_inventory(self.s, sheet.id)


def stock_year(session: Session, seed: int, **kw: Any) -> StockYear:
    """Set the stock year up (suppliers); the caller then runs :meth:`StockYear.day` for each day."""
    return StockYear(session, seed, **kw)
