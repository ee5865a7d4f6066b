"""Shared set-up for the stock, order and inventory tests: a pinned clock, prices, magasins and parties."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centre_app.models.database import Database
from centre_app.models.stock import StockMonthTotal, StockMovement
from centre_app.services import catalog, parties
from centre_app.services.context import Actor
from centre_app.services.parties import PartyInput
from centre_app.services.stock import LineInput

DAY = date(2026, 3, 2)
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@contextmanager
def tx(db: Database, actor: Actor, at: datetime = NOON) -> Iterator[Session]:
    """One committed transaction as ``actor`` with the services' clock pinned at ``at``."""
    with db.transaction(actor) as s:
        s.info["now"] = at
        yield s


@dataclass(frozen=True)
class Refs:
    products: dict[str, int]
    lists: dict[str, int]
    centre: int
    bank: int
    supplier: int
    customer: int
    op: int


def make_refs(db: Database, manager: Actor) -> Refs:
    """Prices for tourteau (7 500 / 10 000 F le sac de 50 kg) and maïs, a village cereal bank, three parties."""
    with tx(db, manager) as s:
        products = {p.code: p.id for p in catalog.list_products(s)}
        lists = {p.code: p.id for p in catalog.list_price_lists(s)}
        for code, unit, normal, social in (("TOURTEAU", "SAC50", 10_000, 8_500), ("MAIS", "SAC100", 17_500, 15_000)):
            catalog.set_price(s, lists["NORMAL"], products[code], unit, normal, date(2026, 1, 1))
            catalog.set_price(s, lists["SOCIAL"], products[code], unit, social, date(2026, 1, 1))
        centre = next(w.id for w in catalog.list_warehouses(s) if w.code == "CENTRE")
        bank = catalog.create_warehouse(s, "ARB", "Banque de céréales d'Aribinda", "banque_cereales", "Aribinda").id
        supplier = parties.create_party(
            s, PartyInput(name="Huilerie SN-CITEC", kind="organisation", roles=("fournisseur",))
        ).id
        customer = parties.create_party(s, PartyInput(name="DICKO Aïssata", village="Mentao")).id
        op = parties.create_party(
            s, PartyInput(name="Groupement Laafi de Mentao", kind="organisation", roles=("op",))
        ).id
    return Refs(products, lists, centre, bank, supplier, customer, op)


def line(refs: Refs, code: str, quantity: Decimal | int | str, unit: str = "SAC50", price: int = 0) -> LineInput:
    return LineInput(refs.products[code], quantity, unit, price)


def ledger_sums(s: Session) -> dict[tuple[int, int], tuple[int, int]]:
    """(product, magasin) → (quantity, value) summed straight from the ledger."""
    m = StockMovement
    rows = s.execute(
        select(m.product_id, m.warehouse_id, func.sum(m.quantity), func.sum(m.value)).group_by(
            m.product_id, m.warehouse_id
        )
    )
    return {(p, w): (int(q), int(v)) for p, w, q, v in rows}


def cache_sums(s: Session) -> dict[tuple[int, int], tuple[int, int]]:
    t = StockMonthTotal
    rows = s.execute(
        select(t.product_id, t.warehouse_id, func.sum(t.quantity), func.sum(t.value)).group_by(
            t.product_id, t.warehouse_id
        )
    )
    return {(p, w): (int(q), int(v)) for p, w, q, v in rows}


def movement_count(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(StockMovement)) or 0
