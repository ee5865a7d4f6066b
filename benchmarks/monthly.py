"""The monthly pack on a database (PRODUCT.md §15); used by ``benchmarks/run.py``.

- the pack of the last complete month: the workbook (XLSX) and the synthesis (PDF), as ``report monthly`` writes
  them (median);
- the synthesis queries (``monthly_report``'s figures: receipts by means, sales and purchases by product, stock at
  the month's end, orders outstanding, debts by age) beside a hand-written SQL aggregate computing the same
  figures straight through sqlite3 — and both must agree, figure for figure (asserted).
"""

from __future__ import annotations

import sqlite3
import sys
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from benchmarks.common import Row, median, timed
from centre_app.domain.periods import Period
from centre_app.models.cash import Payment
from centre_app.services import monthly_report, monthly_workbook
from centre_app.services.context import Actor

# One statement per figure. :start / :end bound the month [start, end); amounts are integers (minor units,
# thousandths of the base unit), a line's share of its order amount rounded half up as the service does.
SQL_MEANS = """
SELECT means, sum(n), sum(received), sum(paid_out) FROM (
  SELECT means, 1 AS n, CASE direction WHEN 'in' THEN amount ELSE 0 END AS received,
         CASE direction WHEN 'in' THEN 0 ELSE amount END AS paid_out
    FROM payments WHERE business_date >= :start AND business_date < :end
  UNION ALL
  SELECT p.means, 0, CASE p.direction WHEN 'in' THEN -p.amount ELSE 0 END,
         CASE p.direction WHEN 'in' THEN 0 ELSE -p.amount END
    FROM payment_cancellations c JOIN payments p ON p.id = c.payment_id
   WHERE c.business_date >= :start AND c.business_date < :end)
GROUP BY means
"""
SQL_SALES = """
SELECT pr.code, sum(sign * dl.quantity), sum(sign * ((2 * ol.amount * dl.quantity + ol.quantity) / (2 * ol.quantity))),
       sum(sign * dl.value)
FROM (SELECT d.id, 1 AS sign FROM deliveries d WHERE d.business_date >= :start AND d.business_date < :end
      UNION ALL
      SELECT d.id, -1 FROM deliveries d JOIN stock_operations o ON o.id = d.cancellation_id
       WHERE o.business_date >= :start AND o.business_date < :end) AS x
JOIN delivery_lines dl ON dl.delivery_id = x.id
JOIN order_lines ol ON ol.id = dl.order_line_id
JOIN products pr ON pr.id = dl.product_id
GROUP BY pr.code
"""
SQL_PURCHASES = """
SELECT pr.code, r.origin, sum(sign * rl.quantity), sum(sign * rl.amount)
FROM (SELECT r.id, 1 AS sign FROM receptions r WHERE r.business_date >= :start AND r.business_date < :end
      UNION ALL
      SELECT r.id, -1 FROM receptions r JOIN stock_operations o ON o.id = r.cancellation_id
       WHERE o.business_date >= :start AND o.business_date < :end) AS x
JOIN receptions r ON r.id = x.id
JOIN reception_lines rl ON rl.reception_id = r.id
JOIN products pr ON pr.id = rl.product_id
GROUP BY pr.code, r.origin
"""
SQL_STOCK = """
SELECT pr.code, sum(m.quantity), sum(m.value) FROM stock_movements m JOIN products pr ON pr.id = m.product_id
WHERE m.business_date < :end GROUP BY pr.code
"""
SQL_OUTSTANDING = """
WITH delivered AS (
  SELECT dl.order_line_id AS line_id, sum(dl.quantity) AS qty FROM delivery_lines dl
  JOIN deliveries d ON d.id = dl.delivery_id LEFT JOIN stock_operations o ON o.id = d.cancellation_id
  WHERE d.business_date < :end AND (d.cancellation_id IS NULL OR o.business_date >= :end)
  GROUP BY dl.order_line_id)
SELECT count(*), sum(ol.quantity - coalesce(dv.qty, 0)),
       sum((2 * ol.amount * (ol.quantity - coalesce(dv.qty, 0)) + ol.quantity) / (2 * ol.quantity))
FROM orders o JOIN order_lines ol ON ol.order_id = o.id LEFT JOIN delivered dv ON dv.line_id = ol.id
WHERE o.confirmed_at < :end_at AND (o.cancelled_at IS NULL OR o.cancelled_at >= :end_at)
  AND ol.quantity > coalesce(dv.qty, 0)
"""
SQL_DEBTS = """
WITH paid AS (
  SELECT a.due_id, sum(a.amount) AS amount FROM allocations a JOIN payments p ON p.id = a.payment_id
  LEFT JOIN payment_cancellations c ON c.payment_id = p.id
  WHERE p.business_date < :end AND (c.id IS NULL OR c.business_date >= :end) GROUP BY a.due_id),
rest AS (
  SELECT d.party_id, d.amount - coalesce(paid.amount, 0) AS rest,
         julianday(:last_day) - julianday(d.due_date) AS late
  FROM dues d LEFT JOIN paid ON paid.due_id = d.id
  WHERE d.direction = 'receivable' AND d.issued_on < :end AND (d.cancelled_at IS NULL OR d.cancelled_at >= :end_at))
SELECT pa.code, sum(rest),
       sum(CASE WHEN late <= 30 THEN rest ELSE 0 END), sum(CASE WHEN late > 30 AND late <= 60 THEN rest ELSE 0 END),
       sum(CASE WHEN late > 60 AND late <= 90 THEN rest ELSE 0 END), sum(CASE WHEN late > 90 THEN rest ELSE 0 END)
FROM rest JOIN parties pa ON pa.id = rest.party_id WHERE rest > 0 GROUP BY pa.code
"""


def last_complete_month(db: Any, actor: Actor) -> Period:
    with db.reading(actor) as s:
        last = s.scalar(select(func.max(Payment.business_date))) or date.today()
    day = (last + timedelta(days=1)).replace(day=1) - timedelta(days=1)  # the end of the last complete month
    return Period.parse_month(f"{day.year:04d}-{day.month:02d}")


def hand_sql(conn: sqlite3.Connection, period: Period) -> dict[str, Any]:
    """The month's figures from the statements above, in the shapes compared with the service's."""
    end_at = f"{period.end.isoformat()} 00:00:00.000000"
    p = {"start": period.start.isoformat(), "end": period.end.isoformat(), "end_at": end_at,
         "last_day": period.last_day.isoformat()}  # fmt: skip
    q = lambda sql: conn.execute(sql, p).fetchall()  # noqa: E731
    milli = lambda n: Decimal(n) / 1000  # noqa: E731
    outstanding = q(SQL_OUTSTANDING)[0]
    return {
        "means": {m: (n, r, o) for m, n, r, o in q(SQL_MEANS)},
        "sales": {c: (milli(n), a, v) for c, n, a, v in q(SQL_SALES) if n or a or v},
        "purchases": {(c, o): (milli(n), a) for c, o, n, a in q(SQL_PURCHASES) if n or a},
        "stock": {c: (milli(n), v) for c, n, v in q(SQL_STOCK)},
        "outstanding": (outstanding[0], milli(outstanding[1] or 0), outstanding[2] or 0),
        "debts": {c: (r, (b0, b1, b2, b3)) for c, r, b0, b1, b2, b3 in q(SQL_DEBTS)},
    }


def service_figures(session: Any, period: Period) -> dict[str, Any]:
    """The same figures through ``monthly_report``'s own queries (what ``monthly_data`` gathers)."""
    from centre_app.domain.stock import RECEPTION_ORIGINS
    from centre_app.models.catalog import Product

    origins = {label: code for code, label in RECEPTION_ORIGINS.items()}
    products = {p.id: p for p in session.scalars(select(Product))}
    lines = monthly_report.payments_of(session, period)
    sales: dict[str, list[Any]] = defaultdict(lambda: [Decimal(0), 0, 0])
    for f in monthly_report._sales(session, period, products):
        a = sales[f.product_code]
        a[0], a[1], a[2] = a[0] + f.quantity, a[1] + f.amount, a[2] + f.cost
    outstanding = monthly_report._outstanding(session, period)
    return {
        "means": {m.means: (m.count, m.received, m.paid_out) for m in monthly_report.means_totals(lines)},
        "sales": {c: tuple(v) for c, v in sales.items() if any(v)},
        "purchases": {(f.product_code, origins[f.origin]): (f.quantity, f.amount)
                      for f in monthly_report._purchases(session, period, products) if f.quantity or f.amount},
        "stock": {x.product_code: (x.quantity, x.value) for x in monthly_report._stock(session, period)},
        "outstanding": (len(outstanding), sum((x.remaining for x in outstanding), Decimal(0)),
                        sum(x.remaining_amount for x in outstanding)),
        "debts": {d.party_code: (d.remaining, d.buckets) for d in monthly_report._debts(session, period)},
    }  # fmt: skip


def _agree(service: dict[str, Any], sql: dict[str, Any]) -> None:
    # The service lists products with a movement by the month's end, SQL every product of the ledger: same
    # thing; stock lines at zero on both sides are left out of the service's list, so compare non-zero ones.
    service = dict(service, stock={k: v for k, v in service["stock"].items() if any(v)})
    sql = dict(sql, stock={k: v for k, v in sql["stock"].items() if any(v)})
    for key in service:
        assert service[key] == sql[key], f"{key}: service {service[key]!r} != SQL {sql[key]!r}"


def measure(db: Any, path: Path, actor: Actor, repeat: int = 5) -> list[Row]:
    period = last_complete_month(db, actor)
    month = f"{period.start.year:04d}-{period.start.month:02d}"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        with db.reading(actor) as s:
            _agree(service_figures(s, period), hand_sql(conn, period))
            figures = median(timed(lambda: service_figures(s, period), repeat, warmup=1)) * 1000
            whole = median(timed(lambda: monthly_report.monthly_data(s, period), repeat)) * 1000

            def pack() -> None:
                monthly_workbook.monthly_workbook(s, month)
                monthly_report.monthly_pdf(s, month)

            pack_s = median(timed(pack, max(1, repeat // 2), warmup=1))
        sql = median(timed(lambda: hand_sql(conn, period), repeat, warmup=1)) * 1000
    finally:
        conn.close()
    return [
        Row(f"monthly pack {month} (XLSX + PDF)", pack_s, "s", 3, reference=f"monthly_data alone {whole:.0f} ms"),
        Row(
            "  synthesis queries vs hand-written SQL (same figures, equal)",
            figures / sql,
            "×",
            3,
            reference=f"service {figures:.0f} ms; SQL {sql:.0f} ms",
        ),
    ]
