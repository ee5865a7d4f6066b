"""No N+1: the number of SQL statements for opening each main list and for a stock-on-hand query does not
grow with the data. Each case is measured on a database, then again after adding as many rows again; the
counts must be equal (a count, not a time, so CI catches a regression on any machine).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from centre_app.models.database import Database
from centre_app.services import parties, payments, stock, stock_reports
from centre_app.services.context import Actor
from centre_app.services.parties import PartyInput
from centre_app.services.payments import PaymentDraft
from centre_app.services.stock import ReceptionDraft
from centre_app.services.workspace import Workspace
from centre_app.views.context import ViewContext
from tests.services.stock_helpers import DAY, make_refs, tx


@contextmanager
def counting(db: Database) -> Iterator[list[str]]:
    """Collect every SQL statement sent to the database inside the block."""
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def add_data(db: Database, clerk: Actor, manager: Actor, n: int, start: int) -> None:
    """``n`` more parties, each with a receipt, and ``n`` more receptions of tourteau and maïs."""
    refs = make_refs(db, manager) if start == 0 else None
    with tx(db, clerk, datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(minutes=start)) as s:
        for k in range(start, start + n):
            pid = parties.create_party(s, PartyInput(name=f"SAWADOGO Client {k:03d}", village="Djibo")).id
            payments.record_payment(s, PaymentDraft("REC", 1_000 + k, "especes", "Avance", party_id=pid))
        if refs is None:
            from centre_app.services import catalog

            products = {p.code: p.id for p in catalog.list_products(s)}
            centre = next(w.id for w in catalog.list_warehouses(s) if w.code == "CENTRE")
            supplier = parties.list_parties(s, "SN-CITEC")[0].id
        else:
            products, centre, supplier = refs.products, refs.centre, refs.supplier
        for k in range(n):
            stock.record_reception(
                s,
                ReceptionDraft(
                    centre,
                    (stock.LineInput(products["TOURTEAU"], 1 + k % 5, "SAC50", 7_500),
                     stock.LineInput(products["MAIS"], 1 + k % 3, "SAC100", 16_000)),
                    supplier_id=supplier,
                ),
            )  # fmt: skip


def _page_factories() -> dict[str, Callable[[ViewContext], QWidget]]:
    from centre_app.views.home_page import HomePage
    from centre_app.views.parties_page import PartiesPage
    from centre_app.views.receipts_page import ReceiptsPage

    return {"parties": PartiesPage, "receipts": ReceiptsPage, "home": HomePage}


def _open(qtbot: QtBot, workspace: Workspace, make: Callable[[ViewContext], QWidget]) -> int:
    with counting(workspace.db) as seen:
        page = make(ViewContext(workspace))
        qtbot.addWidget(page)
        page.resize(1366, 768)
        page.show()
        QApplication.processEvents()
    return len(seen)


@pytest.mark.parametrize("name", ["parties", "receipts", "home"])
def test_opening_a_main_list_does_not_grow_with_the_data(
    name: str, qtbot: QtBot, db: Database, workspace: Workspace, clerk: Actor, manager: Actor
) -> None:
    make = _page_factories()[name]
    add_data(db, clerk, manager, 20, 0)
    small = _open(qtbot, workspace, make)
    add_data(db, clerk, manager, 40, 20)
    large = _open(qtbot, workspace, make)
    assert large == small, f"{name}: {small} statements with 20 rows, {large} with 60 (N+1?)"


def test_stock_on_hand_at_a_date_is_a_fixed_number_of_statements(db: Database, clerk: Actor, manager: Actor) -> None:
    add_data(db, clerk, manager, 10, 0)
    with db.reading(clerk) as s, counting(db) as seen:
        first = stock_reports.stock_on_hand(s, DAY + timedelta(days=1))
    small = len(seen)
    add_data(db, clerk, manager, 30, 10)
    with db.reading(clerk) as s, counting(db) as seen:
        second = stock_reports.stock_on_hand(s, DAY + timedelta(days=1))
    assert len(seen) == small <= 5, seen
    assert sum(x.quantity for x in second) > sum(x.quantity for x in first)


def test_the_counter_sees_an_n_plus_one(db: Database, clerk: Actor, manager: Actor) -> None:
    """The guard itself: a loop of one query per row is counted as such."""
    add_data(db, clerk, manager, 5, 0)
    with db.reading(clerk) as s, counting(db) as seen:
        for row in parties.list_parties(s, "SAWADOGO"):
            parties.get_party(s, row.id)
    assert len(seen) > 5
