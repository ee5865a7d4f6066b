"""Benchmarks of the stock (PRODUCT.md §15), printed as a table: figure, budget, ratio.

    python benchmarks/stock.py            (uses a temporary folder; nothing is asserted)

- stock on hand for all products at a date over 200 000 movements (the ledger is filled directly, the
  reading goes through ``stock_reports.stock_on_hand``), next to the same figure from a plain GROUP BY
  over the whole ledger;
- bulk writes through the services (a bon de réception of 500 lines: movements per second);
- validating one bon de livraison, commit included (median);
- rendering one bon de livraison PDF (median).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text

from centre_app.domain.permissions import Role
from centre_app.models.migrate import open_database
from centre_app.models.stock import StockMovement
from centre_app.services import catalog, deliveries, orders, parties, stock, stock_printouts, stock_reports
from centre_app.services.context import SYSTEM, Actor
from centre_app.services.setup import SetupInput, initialize_centre
from centre_app.services.stock import LineInput, ReceptionDraft

MOVEMENTS = 200_000
NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def fill_ledger(db: object, products: list[int], warehouses: list[int]) -> None:
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
    with db.engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(insert(StockMovement.__table__), rows)
        conn.execute(
            text(
                "INSERT INTO stock_month_totals (product_id, warehouse_id, month, quantity, value, movements) "
                "SELECT product_id, warehouse_id, date(business_date, 'start of month'), sum(quantity), sum(value), "
                "count(*) FROM stock_movements GROUP BY 1, 2, 3"
            )
        )


def main() -> None:
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "stock.db")
        with db.transaction(SYSTEM) as s:
            admin = initialize_centre(s, SetupInput("Centre", "BF", "admin", "Admin", "secret123"))
            actor = Actor(admin.id, admin.username, admin.full_name, Role.ADMIN)
            s.info["actor"] = actor
            products = [p.id for p in catalog.list_products(s)]
            warehouses = [catalog.list_warehouses(s)[0].id] + [
                catalog.create_warehouse(s, f"B{i}", f"Banque {i}", "banque_cereales").id for i in range(3)
            ]
        fill_ledger(db, products, warehouses)
        with db.reading(actor) as s:
            lines = stock_reports.stock_on_hand(s, date(2025, 6, 15))
            med = statistics.median(timed(lambda: stock_reports.stock_on_hand(s, date(2025, 6, 15)), 20)) * 1000
            plain = "SELECT product_id, warehouse_id, sum(quantity), sum(value) FROM stock_movements "
            plain += "WHERE business_date <= '2025-06-15' GROUP BY product_id, warehouse_id"
            raw = statistics.median(timed(lambda: s.execute(text(plain)).all(), 20)) * 1000
        rows.append((f"stock on hand, {len(lines)} lines, 200 000 movements", f"{med:.1f} ms", "< 50 ms",
                     f"{med / 50:.2f}"))  # fmt: skip
        rows.append(("  (plain GROUP BY over the whole ledger)", f"{raw:.1f} ms", "-", "-"))

        with db.transaction(actor) as s:
            s.info["now"] = NOW
            coded = [p for p in catalog.list_products(s) if p.units.units][:8]
            draft = ReceptionDraft(
                warehouses[0], tuple(LineInput(coded[i % 8].id, 1 + i % 7, coded[i % 8].units.units[0].code, 1_000)
                                     for i in range(500)), supplier_name="Fournisseur",
            )  # fmt: skip
            t = time.perf_counter()
            stock.record_reception(s, draft)
            bulk = 500 / (time.perf_counter() - t)
        rows.append(("bulk writes (one BR of 500 lines)", f"{bulk:.0f} mvt/s", ">= 2 000/s", f"{2000 / bulk:.2f}"))

        with db.transaction(actor) as s:
            s.info["now"] = NOW
            lists = {p.code: p.id for p in catalog.list_price_lists(s)}
            catalog.set_price(s, lists["NORMAL"], coded[0].id, coded[0].units.units[0].code, 10_000, date(2026, 1, 1))
            party = parties.create_party(s, parties.PartyInput(name="Client")).id
            draft_order = orders.create_order(
                s,
                orders.OrderDraft(party, lists["NORMAL"], (LineInput(coded[0].id, 300, coded[0].units.units[0].code),)),
            )
            order = orders.confirm_order(s, draft_order.id)

        def deliver_one() -> None:
            with db.transaction(actor) as s:
                s.info["now"] = NOW
                deliveries.record_delivery(
                    s, deliveries.DeliveryDraft(order.id, (deliveries.DeliveryLineInput(order.lines[0].id, 1),))
                )

        med = statistics.median(timed(deliver_one, 50)) * 1000
        rows.append(("validate one BL, commit included (median)", f"{med:.1f} ms", "< 25 ms", f"{med / 25:.2f}"))

        with db.reading(actor) as s:
            s.info["now"] = NOW
            last_bl = deliveries.list_deliveries(s, order_id=order.id, limit=1)[0].id
            stock_printouts.delivery_pdf(s, last_bl)  # fonts registered, caches warm
            med = statistics.median(timed(lambda: stock_printouts.delivery_pdf(s, last_bl), 30)) * 1000
        rows.append(("one bon de livraison PDF (median)", f"{med:.1f} ms", "< 50 ms (as a receipt)", f"{med / 50:.2f}"))
        db.dispose()

    widths = [max(len(r[i]) for r in [("figure", "value", "budget", "ratio"), *rows]) for i in range(4)]
    for r in [("figure", "value", "budget", "ratio"), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


if __name__ == "__main__":
    main()
