"""The key figures at 1, 3 and 10 years of data, side by side: they must stay flat (PRODUCT.md §15).

    python benchmarks/growth.py --dbs /tmp/large-1y.db /tmp/large-3y.db /tmp/large.db

Each database is copied to a temporary folder first (receipts are validated). Per database: the receipts list
to first paint, the worst keystroke of a search typed in it, the stock on hand for all products at a date,
validating one receipt with its commit. The last column compares the largest database with the smallest one:
« flat » when within 1.5× (the machine's noise), else the factor.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import documents, screens
from benchmarks import stock as stock_bench
from benchmarks.common import actor_of, fmt, machine, thousands, work_copy
from centre_app.models.migrate import open_database

FLAT = 1.5


def _years(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        first, last = con.execute("SELECT min(business_date), max(business_date) FROM payments").fetchone()
        receipts = con.execute("SELECT count(*) FROM payments").fetchone()[0]
        moves = con.execute("SELECT count(*) FROM stock_movements").fetchone()[0]
    finally:
        con.close()
    days = (date.fromisoformat(last) - date.fromisoformat(first)).days + 1 if first and last else 0
    return f"{path.name}: {days / 365.25:.0f} y, {thousands(receipts)} receipts, {thousands(moves)} movements"


def measure(path: Path, repeat: int) -> dict[str, tuple[float, str, float]]:
    """figure → (value, unit, budget) on one database (a working copy)."""
    out: dict[str, tuple[float, str, float]] = {}
    db = open_database(path, create=False)
    try:
        actor = actor_of(db)
        rows = screens.measure(db, path, repeat, names={"receipts"})
        out["receipts list to first paint"] = (rows[0].value, "ms", 300)
        out["filter receipts, worst keystroke"] = (rows[1].value, "ms", 100)
        row = stock_bench.stock_at_date(db, actor, repeat=10)[0]
        out["stock on hand at a date"] = (row.value, "ms", 50)
        row = documents.validate_receipt(db, actor, 50)[0]
        out["validate one receipt, commit included"] = (row.value, "ms", 25)
    finally:
        db.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dbs", type=Path, nargs="+", required=True, help="smallest first")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results, names = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i, source in enumerate(args.dbs):
            folder = Path(tmp) / str(i)
            folder.mkdir()
            path = work_copy(source, folder)
            names.append(_years(path))
            print(f"… {names[-1]}", file=sys.stderr, flush=True)
            results.append(measure(path, args.repeat))
    header = ["figure", *[n.split(":")[0] for n in names], "budget", "growth"]
    body = []
    for figure, (_v, unit, budget) in results[0].items():
        values = [r[figure][0] for r in results]
        factor = values[-1] / values[0] if values[0] else 0.0
        growth = "flat" if factor <= FLAT else f"×{factor:.1f}"
        body.append([figure, *[fmt(v, unit) for v in values], f"< {fmt(budget, unit)}", growth])
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    print("\n".join(names))
    print(machine())
    for line in [header, *body]:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
