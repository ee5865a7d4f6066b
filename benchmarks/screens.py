"""The lists of the main window on a database (PRODUCT.md §15), offscreen, in this process.

For each main list the real page (``views/*_page.py``) is built, shown at 1366 × 768 and timed until its first
paint; then a search is typed one character at a time, each keystroke timed from the text changed to the table
repainted (the page's 120 ms typing debounce is left out: it is a pause, not work). Beside each, the same run
times a hand-written SQL reference on the same table: ``count(*)`` plus the first window of 200 rows (and the
same with the search as ``LIKE``), straight through sqlite3.

    python benchmarks/screens.py --db /tmp/large.db      (run on a copy: pages may write nothing, but the
                                                          receipts page keeps its settings)
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Row, actor_of, median, offscreen, print_table, thousands, timed


@dataclass(frozen=True)
class Screen:
    name: str  # shown in the table
    factory: str  # "module:Class" in centre_app.views
    table: str  # the SQL reference: its table (a FROM clause)
    search_column: str  # … and the column searched
    word: str  # typed one character at a time ("" = no typing benchmark)
    key: str = "id"  # newest first on this column
    budget_ms: float | None = 300  # first paint (None: no budget of its own in PRODUCT.md §15)
    key_budget_ms: float = 100  # per keystroke


SCREENS = (
    Screen("receipts", "receipts_page:ReceiptsPage", "payments", "counterpart_name", "sawadogo"),
    Screen("parties", "parties_page:PartiesPage", "parties", "search_text", "ouedraogo"),
    Screen("orders", "orders_page:OrdersPage", "orders", "number", "cmd-2026"),
    Screen("stock movements", "stock_movements_page:StockMovementsPage", "stock_movements", "label", "tourteau"),
    Screen("livestock contracts", "livestock_contracts_page:LivestockContractsPage", "livestock_contracts", "number",
           "cbv-2026"),
    Screen("OP contracts", "op_contracts_page:OpContractsPage", "op_contracts", "object", "appui"),
    Screen("organisations", "organisations_page:OrganisationsPage",
           "organisations JOIN parties ON parties.id = organisations.party_id", "name", "groupement", "party_id"),
    Screen("products", "products_page:ProductsPage", "products", "name", "mais"),
    Screen("home (dashboard)", "home_page:HomePage", "payments", "counterpart_name", "", budget_ms=None),
)  # fmt: skip


def _application() -> Any:
    offscreen()
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    def quiet(_kind: Any, _context: Any, text: str) -> None:
        if "propagateSizeHints" not in text:  # the offscreen platform's only remark
            print(text, file=sys.stderr)

    qInstallMessageHandler(quiet)
    return QApplication.instance() or QApplication(sys.argv[:1])


def _page_class(path: str) -> Callable[[Any], Any]:
    import importlib

    module, name = path.split(":")
    return getattr(importlib.import_module(f"centre_app.views.{module}"), name)


def _show_until_painted(widget: Any) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    painted: list[bool] = []

    class Spy(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    app = QApplication.instance()
    spy = Spy()
    app.installEventFilter(spy)
    widget.resize(1366, 768)
    widget.show()
    deadline = time.perf_counter() + 60
    while not painted and time.perf_counter() < deadline:
        app.processEvents()
    app.processEvents()  # what the first paint asked for (lazy rows of the visible window)
    app.removeEventFilter(spy)


def _wait_for_paint(widget: Any) -> float:
    """Process events until ``widget`` is painted; the ``perf_counter`` time of that paint."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    painted: list[float] = []

    class Spy(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if not painted and event.type() == QEvent.Type.Paint:
                painted.append(time.perf_counter())
            return False

    spy = Spy()
    widget.installEventFilter(spy)
    deadline = time.perf_counter() + 10
    while not painted and time.perf_counter() < deadline:
        QApplication.processEvents()
    widget.removeEventFilter(spy)
    return painted[0] if painted else time.perf_counter()


class Screens:
    """Pages of one database, opened as an administrator (every list visible)."""

    def __init__(self, db: Any, path: Path) -> None:
        from centre_app.services.workspace import Workspace
        from centre_app.views.context import ViewContext
        from centre_app.views.i18n import set_language

        self.app = _application()
        set_language("fr")
        self.workspace = Workspace(db, actor_of(db))
        self.ctx = ViewContext(self.workspace)
        self.raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def first_paint(self, screen: Screen, repeat: int) -> float:
        """Median ms from the page's construction to its first paint (a fresh page each time)."""
        from PySide6.QtWidgets import QApplication

        make = _page_class(screen.factory)
        samples = []
        for _ in range(repeat + 1):  # the first one warms the imports and SQLite's cache
            t = time.perf_counter()
            page = make(self.ctx)
            _show_until_painted(page)
            samples.append(time.perf_counter() - t)
            page.close()
            page.deleteLater()
            QApplication.processEvents()
        return median(samples[1:]) * 1000

    def keystrokes(self, screen: Screen, repeat: int) -> tuple[float, float]:
        """(median, worst) ms per keystroke while ``screen.word`` is typed, each prefix timed ``repeat`` times:
        from the text changed to the table repainted with the filtered rows (the page's own refresh after a
        pause in typing, ``search_typed``; what a page leaves for after the repaint is not counted)."""
        from PySide6.QtWidgets import QApplication

        page = _page_class(screen.factory)(self.ctx)
        _show_until_painted(page)
        typed = getattr(page, "search_typed", page.refresh)

        def type_text(text: str) -> float:
            t = time.perf_counter()
            page.search.setText(text)
            page._debounce.stop()  # the debounce is a pause, not work: refresh at once
            typed()
            painted = _wait_for_paint(page.table.viewport())
            for _ in range(3):  # then what the page left for later (totals), before the next key
                QApplication.processEvents()
            return painted - t

        per_key = []
        for n in range(1, len(screen.word) + 1):
            samples = []
            for _ in range(repeat):
                type_text(screen.word[: n - 1] or " ")
                samples.append(type_text(screen.word[:n]))
            per_key.append(median(samples) * 1000)
        page.close()
        page.deleteLater()
        QApplication.processEvents()
        return median(per_key), max(per_key)

    def reference(self, screen: Screen, repeat: int) -> float:
        """Hand-written SQL: count + first 200 rows, newest first (ms, median)."""
        t, key = screen.table, screen.key

        def run() -> None:
            self.raw.execute(f"SELECT count(*) FROM {t}").fetchone()
            self.raw.execute(f"SELECT * FROM {t} ORDER BY {key} DESC LIMIT 200").fetchall()

        return median(timed(run, repeat, warmup=1)) * 1000

    def reference_keystrokes(self, screen: Screen, repeat: int) -> float:
        """Hand-written SQL for each prefix typed: count + first 200 rows with ``LIKE`` (worst prefix, ms)."""
        t, col, key = screen.table, screen.search_column, screen.key
        worst = 0.0
        for n in range(1, len(screen.word) + 1):
            like = f"%{screen.word[:n]}%"

            def run(like: str = like) -> None:
                self.raw.execute(f"SELECT count(*) FROM {t} WHERE {col} LIKE ?", (like,)).fetchone()
                self.raw.execute(
                    f"SELECT * FROM {t} WHERE {col} LIKE ? ORDER BY {key} DESC LIMIT 200", (like,)
                ).fetchall()

            worst = max(worst, median(timed(run, repeat)) * 1000)
        return worst

    def count(self, table: str) -> int:  # a FROM clause
        return self.raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def close(self) -> None:
        self.raw.close()


def measure(db: Any, path: Path, repeat: int = 5, names: set[str] | None = None) -> list[Row]:
    screens = Screens(db, path)
    rows = []
    try:
        for s in SCREENS:
            if names is not None and s.name not in names:
                continue
            ms = screens.first_paint(s, repeat)
            ref = screens.reference(s, repeat)
            n = screens.count(s.table) if not s.name.startswith("home") else None
            label = f"open {s.name} ({thousands(n)} rows) to first paint" if n is not None else (
                f"open {s.name} to first paint")  # fmt: skip
            reference = f"SQL count + 200 rows: {ref:.1f} ms" if s.budget_ms else "built after the window's first paint"
            rows.append(Row(label, ms, "ms", s.budget_ms, reference=reference))
            if s.word:
                mid, worst = screens.keystrokes(s, max(1, repeat // 2))
                ref = screens.reference_keystrokes(s, max(1, repeat // 2))
                rows.append(
                    Row(f"  filter {s.name} as you type « {s.word} » (worst key)", worst, "ms", s.key_budget_ms,
                        reference=f"median key {mid:.0f} ms; SQL LIKE: {ref:.1f} ms")
                )  # fmt: skip
    finally:
        screens.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", nargs="*", help="screen names (receipts, parties, …)")
    args = parser.parse_args()
    from centre_app.models.migrate import open_database

    db = open_database(args.db, create=False)
    try:
        print_table(measure(db, args.db, args.repeat, set(args.only) if args.only else None))
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
