"""Every budget of PRODUCT.md §15 in one command, printed as a table: figure, value, budget, reference, ratio, OK/over.

    python benchmarks/run.py --db /tmp/large.db     on the large demo (copied to a temporary folder first:
                                                    the benchmarks write receipts, deliveries, login events)
    python benchmarks/run.py                        builds a small demo (one year) in a temporary folder
    python benchmarks/run.py --quick                fewer repetitions (a first look)
    python benchmarks/run.py --markdown FILE        also writes the table and the machine as Markdown (README)

Medians over several runs. The references are measured on the same run (a bare PySide6 window, hand-written SQL,
a plain GROUP BY) or quoted from the specification (an established Python ERP on SQLite). Nothing is asserted
but the agreement of the monthly figures with the SQL that recomputes them; figures are as noisy as the machine
is busy: the load average is printed with the machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import documents, monthly, screens, startup
from benchmarks import stock as stock_bench
from benchmarks.common import Row, actor_of, machine, markdown_table, median, print_table, thousands, work_copy
from centre_app.models.migrate import open_database


def startup_rows(db: Path, repeat: int) -> list[Row]:
    """Fresh processes: a bare window and the application, alternated (the machine's mood hits both alike)."""
    startup.run_child("bare")
    startup.run_child("app", db)  # warm the file cache, and the weekly complete check is done now, not timed
    bare, app = [], []
    for _ in range(repeat):
        bare.append(startup.run_child("bare"))
        app.append(startup.run_child("app", db))
    m = {k: median([a[k] for a in app]) for k in ("imported", "opened", "dialog", "screens", "check_done", "typed",
                                                    "logged_in", "shown", "settled")}  # fmt: skip
    own = m["dialog"] + (m["shown"] - m["typed"])  # the clerk's typing is not the application's time
    bare_shown = median([b["shown"] for b in bare])
    detail = (
        f"to login dialog {m['dialog']:.2f} (imports {m['imported']:.2f}), « Log in » to window "
        f"{m['shown'] - m['typed']:.2f} s; while typing: opening and check {m['check_done'] - m['opened']:.2f} s, "
        f"screens loaded {m['screens'] - m['dialog']:.2f} s"
    )
    return [
        Row("start to main window shown (warm cache, typing excluded)", own, "s", 1.5, reference=detail),
        Row("  start vs a bare PySide6 window", own / bare_shown, "×", 2, reference=f"bare window {bare_shown:.2f} s"),
        Row("  « Log in » to home dashboard filled", m["settled"] - m["typed"], "s", None,
            reference="the dashboard is built after the window's first paint"),
    ]  # fmt: skip


def memory_rows(db: Path) -> list[Row]:
    """Peak resident memory: every area opened and its lists browsed (ten windows each), then every list
    scrolled to its very end (every row of ten years loaded: the worst case, beyond any clerk's browsing)."""
    bare = startup.run_child("bare")
    out = startup.run_child("memory", db, timeout=1800)
    return [
        Row(f"memory, every area opened, lists browsed ({thousands(int(out['rows_browsed']))} rows)",
            out["rss_browsed"], "MB", 300,
            reference=f"bare window {bare['rss_peak']:.0f} MB; at start {out['rss_shown']:.0f} MB"),
        Row(f"  every list scrolled to its end ({thousands(int(out['rows']))} rows)", out["rss_peak"], "MB", 300,
            reference="worst case: all rows of every list in memory"),
    ]  # fmt: skip


def all_rows(path: Path, repeat: int, quick: bool) -> list[Row]:
    rows: list[Row] = []
    section = lambda title: print(f"… {title}", file=sys.stderr, flush=True)  # noqa: E731
    section("start-up")
    rows += startup_rows(path, repeat)
    db = open_database(path, create=False)
    try:
        actor = actor_of(db)
        section("lists")
        rows += screens.measure(db, path, repeat)
        section("monthly pack")
        rows += monthly.measure(db, path, actor, repeat)
        section("receipts")
        rows += documents.receipt_pdfs(db, actor, many=200 if quick else 1000)
        rows += documents.validate_receipt(db, actor, 50 if quick else 200)
        section("stock")
        rows += stock_bench.stock_at_date(db, actor)
        rows += stock_bench.bulk_writes(db, actor, repeat=1 if quick else 3)
        rows += stock_bench.delivery(db, actor, 20 if quick else 50)
        section("check")
        rows += documents.check(db, actor, 1 if quick else 3)
    finally:
        db.dispose()
    section("memory")
    rows += memory_rows(path)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a demo database (copied first); default: a small demo, built now")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    args = parser.parse_args()
    repeat = 3 if args.quick else 5
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.db is not None:
            path = work_copy(args.db, folder)
            source = str(args.db)
        else:
            from centre_app.cli import run

            path = folder / "demo.db"
            run(["demo", "--db", str(path), "--until", "2026-11-01"])
            source = "small demo (one year), built now"
        rows = all_rows(path, repeat, args.quick)
        if args.db is None:  # the small demo has no 200 000 movements: the synthetic ledger gives that figure
            rows += stock_bench.synthetic_rows()[:1]
    where = machine()
    title = f"Database: {source} — {where}"
    table = print_table(rows, title)
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.markdown is not None:
        args.markdown.write_text(f"Database: {source}\n\nMachine: {where}\n\n{markdown_table(rows)}\n")
    del table


if __name__ == "__main__":
    main()
