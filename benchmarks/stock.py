"""Benchmarks of the stock (PRODUCT.md §15), printed as a table; also used by ``benchmarks/run.py``.

    python benchmarks/stock.py                 (a synthetic ledger in a temporary folder; nothing is asserted)
    python benchmarks/stock.py --db COPY.db    (on a demo database: run it on a copy, it writes)

- stock on hand for all products at a date (``stock_reports.stock_on_hand``) next to the same figure from a
  plain GROUP BY over the whole ledger (and the spec's reference, an established Python ERP: ~900 ms); without
  ``--db`` the ledger is filled directly with 200 000 movements over ten years;
- bulk writes through the services: bons de réception of 500 lines, movements per second (ERP: ~200/s);
- validating one bon de livraison, commit included (median; ERP: ~42 ms for one stock move);
- rendering one bon de livraison PDF (median).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select, text

from benchmarks.common import Row, actor_of, median, print_table, thousands, timed
from centre_app.domain.permissions import Role
from centre_app.models.migrate import open_database
from centre_app.models.stock import StockMovement
from centre_app.services import catalog, deliveries, orders, parties, stock, stock_printouts, stock_reports
from centre_app.services.context import SYSTEM, Actor
from centre_app.services.setup import SetupInput, initialize_centre
from centre_app.services.stock import LineInput, ReceptionDraft

MOVEMENTS = 200_000
NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)
ERP_STOCK_MS, ERP_BULK, ERP_MOVE_MS = 900, 200, 42  # PRODUCT.md §15: an established Python ERP on SQLite


def fill_ledger(db: Any, products: list[int], warehouses: list[int]) -> None:
    """200 000 movements over ten years, then the monthly totals recomputed from them (as the services keep them)."""
    rng = random.Random(1)
    start = date(2016, 11, 1)
    rows = []
    for i in range(MOVEMENTS):
        day = start + timedelta(days=i * 3650 // MOVEMENTS)
        qty = rng.randint(1, 40) * 50_000 * (1 if i % 3 == 0 else -1 if i % 3 == 1 else 1)
        rows.append(
            {
                "doc_type": "MVT", "number": f"MVT-{day.year}-{i:06d}", "kind": "reception" if qty > 0 else "livraison",
                "product_id": products[i % len(products)], "warehouse_id": warehouses[(i // 7) % len(warehouses)],
                "quantity": qty, "value": qty // 100, "campaign": "", "label": "", "reason": "",
                "source_type": "operation", "source_id": i, "source_line_id": None, "user_id": None,
                "user_name": "bench", "at": NOW, "business_date": day, "prev_hash": "", "hash": "",
            }
        )  # fmt: skip
    with db.engine.begin() as conn:
        conn.execute(insert(StockMovement.__table__), rows)
        conn.execute(
            text(
                "INSERT INTO stock_month_totals (product_id, warehouse_id, month, quantity, value, movements) "
                "SELECT product_id, warehouse_id, date(business_date, 'start of month'), sum(quantity), sum(value), "
                "count(*) FROM stock_movements GROUP BY 1, 2, 3"
            )
        )


def synthetic_database(folder: Path) -> tuple[Any, Actor]:
    """A fresh centre whose ledger holds 200 000 movements (the benchmark of the stock at a date)."""
    db = open_database(folder / "stock.db")
    with db.transaction(SYSTEM) as s:
        admin = initialize_centre(s, SetupInput("Centre", "BF", "admin", "Admin", "secret123"))
        actor = Actor(admin.id, admin.username, admin.full_name, Role.ADMIN)
        s.info["actor"] = actor
        products = [p.id for p in catalog.list_products(s)]
        warehouses = [catalog.list_warehouses(s)[0].id] + [
            catalog.create_warehouse(s, f"B{i}", f"Banque {i}", "banque_cereales").id for i in range(3)
        ]
    fill_ledger(db, products, warehouses)
    return db, actor


def stock_at_date(db: Any, actor: Actor, repeat: int = 20) -> list[Row]:
    """Stock on hand for all products at a date in the ledger's last year, beside a plain GROUP BY."""
    with db.reading(actor) as s:
        n = s.scalar(select(func.count()).select_from(StockMovement)) or 0
        last = s.scalar(select(func.max(StockMovement.business_date))) or date.today()
        day = last - timedelta(days=140)
        lines = stock_reports.stock_on_hand(s, day)
        med = median(timed(lambda: stock_reports.stock_on_hand(s, day), repeat, warmup=1)) * 1000
        plain = (
            "SELECT product_id, warehouse_id, sum(quantity), sum(value) FROM stock_movements "
            "WHERE business_date <= :day GROUP BY product_id, warehouse_id"
        )
        raw = median(timed(lambda: s.execute(text(plain), {"day": day}).all(), repeat, warmup=1)) * 1000
    label = f"stock on hand at a date, {len(lines)} lines, {thousands(n)} movements"
    return [Row(label, med, "ms", 50, reference=f"GROUP BY: {raw:.0f} ms; ERP ~{ERP_STOCK_MS} ms")]


def _centre(s: Any) -> int:
    """The centre's own store (the default magasin of an order)."""
    stores = catalog.list_warehouses(s)
    return next((w.id for w in stores if w.code == "CENTRE"), stores[0].id)


def _coded_products(s: Any) -> list[Any]:
    return [p for p in catalog.list_products(s) if p.units.units and p.active][:8]


def bulk_writes(db: Any, actor: Actor, repeat: int = 3, lines: int = 500) -> list[Row]:
    """Bons de réception of ``lines`` lines through ``stock.record_reception`` (one commit each)."""
    with db.reading(actor) as s:
        coded = _coded_products(s)
        warehouse = _centre(s)
    draft = ReceptionDraft(
        warehouse,
        tuple(LineInput(coded[i % len(coded)].id, 1 + i % 7, coded[i % len(coded)].units.units[0].code, 1_000)
              for i in range(lines)),
        supplier_name="Fournisseur",
    )  # fmt: skip

    def one() -> None:
        with db.transaction(actor) as s:
            stock.record_reception(s, draft)

    rate = lines / median(timed(one, repeat))
    return [Row(f"bulk writes (bons de réception of {lines} lines)", rate, "mvt/s", 2000, "min",
                reference=f"ERP ~{ERP_BULK}/s")]  # fmt: skip


def delivery(db: Any, actor: Actor, repeat: int = 50) -> list[Row]:
    """One bon de livraison of one line validated, commit included; then its PDF."""
    with db.transaction(actor) as s:
        coded = _coded_products(s)[0]
        unit = coded.units.units[0].code
        warehouse = _centre(s)
        stock.record_reception(
            s, ReceptionDraft(warehouse, (LineInput(coded.id, repeat + 10, unit, 1_000),), supplier_name="Fournisseur")
        )
        lists = {p.code: p.id for p in catalog.list_price_lists(s)}
        catalog.set_price(s, lists["NORMAL"], coded.id, unit, 10_000, date.today() - timedelta(days=1))
        party = parties.create_party(s, parties.PartyInput(name="Client Banc d'essai")).id
        draft = orders.create_order(
            s, orders.OrderDraft(party, lists["NORMAL"], (LineInput(coded.id, repeat + 5, unit),))
        )
        order = orders.confirm_order(s, draft.id)

    def deliver_one() -> None:
        with db.transaction(actor) as s:
            deliveries.record_delivery(
                s, deliveries.DeliveryDraft(order.id, (deliveries.DeliveryLineInput(order.lines[0].id, 1),))
            )

    validate = median(timed(deliver_one, repeat)) * 1000
    with db.reading(actor) as s:
        last_bl = deliveries.list_deliveries(s, order_id=order.id, limit=1)[0].id
        pdf = median(timed(lambda: stock_printouts.delivery_pdf(s, last_bl), 30, warmup=1)) * 1000
    return [
        Row("validate one bon de livraison, commit included (median)", validate, "ms", 25,
            reference=f"ERP ~{ERP_MOVE_MS} ms (one stock move)"),
        Row("one bon de livraison PDF (median)", pdf, "ms", 50, reference="as a receipt"),
    ]  # fmt: skip


def synthetic_rows() -> list[Row]:
    """Everything on a fresh centre with a synthetic ledger of 200 000 movements (no demo database needed)."""
    with tempfile.TemporaryDirectory() as tmp:
        db, actor = synthetic_database(Path(tmp))
        try:
            rows = stock_at_date(db, actor) + bulk_writes(db, actor)
            rows += delivery(db, actor)
        finally:
            db.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a copy of a demo database (written to)")
    args = parser.parse_args()
    if args.db is None:
        print_table(synthetic_rows())
        return
    db = open_database(args.db, create=False)
    try:
        actor = actor_of(db)
        print_table(stock_at_date(db, actor) + bulk_writes(db, actor) + delivery(db, actor))
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
