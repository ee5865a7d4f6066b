"""No N+1: the number of SQL statements for opening each main list (and the home page, the fiche de stock, a
party's account) and for a stock-on-hand query does not grow with the data. Each case is measured on a database,
then on the same database after its data tripled; the counts must be equal (a count, not a time, so CI catches a
regression on any machine). The data is built once for the module (two copies: before and after it tripled).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from centre_app.domain.permissions import Role
from centre_app.models.database import Database
from centre_app.models.migrate import open_database
from centre_app.services import (
    catalog,
    deliveries,
    livestock,
    livestock_workflow,
    orders,
    parties,
    payments,
    stock,
    stock_reports,
)
from centre_app.services import op_contract_drafts as drafts
from centre_app.services import op_contracts as op_workflow
from centre_app.services.context import Actor
from centre_app.services.op_contract_workflow import refresh_states
from centre_app.services.parties import PartyInput
from centre_app.services.payments import PaymentDraft
from centre_app.services.stock import ReceptionDraft
from centre_app.services.workspace import Workspace
from centre_app.views.context import ViewContext
from tests.services import livestock_helpers, op_contract_helpers
from tests.services.stock_helpers import line, make_refs, tx

ROUNDS = (10, 20)  # the data of the first database, then as much again twice: three times as much


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


@dataclass(frozen=True)
class Refs:
    stock: Any  # tests.services.stock_helpers.Refs
    livestock: Any  # tests.services.livestock_helpers.Refs
    op: int


def _today() -> datetime:
    """Today at 9: the screens open on the current year (movements, fiche de stock, accounts)."""
    now = datetime.now(UTC)
    return datetime(now.year, now.month, now.day, 9, tzinfo=UTC)


def add_data(db: Database, actors: dict[Role, Actor], n: int, start: int, refs: Refs | None) -> Refs:
    """``n`` more of everything the main lists show: parties with a receipt, receptions, orders of one customer
    (half of them delivered in part), livestock contracts concluded, OP with a signed contract, products."""
    clerk, manager = actors[Role.CLERK], actors[Role.MANAGER]
    if refs is None:
        refs = Refs(make_refs(db, manager), livestock_helpers.make_refs(db, manager), 0)
    s_refs, l_refs = refs.stock, refs.livestock
    moment = _today() + timedelta(minutes=start)
    with tx(db, clerk, moment) as s:
        for k in range(start, start + n):
            pid = parties.create_party(s, PartyInput(name=f"SAWADOGO Client {k:03d}", village="Djibo")).id
            payments.record_payment(s, PaymentDraft("REC", 1_000 + k, "especes", "Avance", party_id=pid))
            stock.record_reception(
                s, ReceptionDraft(s_refs.centre, (line(s_refs, "TOURTEAU", 10 + k % 5, price=7_500),
                                                  line(s_refs, "MAIS", 3 + k % 3, "SAC100", 16_000)),
                                  supplier_id=s_refs.supplier),
            )  # fmt: skip
            ordered = (line(s_refs, "TOURTEAU", 4), line(s_refs, "MAIS", 1, "SAC100"))
            draft = orders.OrderDraft(s_refs.customer, s_refs.lists["NORMAL"], ordered)
            order = orders.confirm_order(s, orders.create_order(s, draft).id)
            if k % 2:
                deliveries.record_delivery(
                    s, deliveries.DeliveryDraft(order.id, (deliveries.DeliveryLineInput(order.lines[0].id, 2),))
                )
            contract = livestock.create_contract(
                s, replace(livestock_helpers.draft(l_refs, livestock_helpers.animal(l_refs, "ovin", "bélier", 2,
                                                                                      60_000 + k), rule="ovin_tete"),
                           contract_date=moment.date()),
            )  # fmt: skip
            livestock_workflow.conclude_contract(s, contract.id)
    op_ids = []
    for k in range(start, start + n):
        op_ids.append(op_contract_helpers.make_op(db, clerk, name=f"Groupement {k:03d} de Mentao"))
    with op_contract_helpers.tx(db, clerk) as s:
        contract_ids = [drafts.create_contract(s, op_contract_helpers.draft(op)).id for op in op_ids]
    with op_contract_helpers.tx(db, manager) as s:
        for cid in contract_ids:
            op_workflow.sign_contract(s, cid)
        for k in range(start, start + n):
            catalog.create_product(
                s, catalog.ProductInput(code=f"P{k:03d}", name=f"Produit {k:03d}", category="aliment",
                                        units=(catalog.UnitInput("SAC50", "sac de 50 kg", "sacs de 50 kg",
                                                                 Decimal(50)),)),
            )  # fmt: skip
    with db.transaction(clerk) as s:  # the states of today recorded once (the page does it at its first opening)
        refresh_states(s)
    return replace(refs, op=op_ids[0])


@pytest.fixture(scope="module")
def grown(
    template_db: tuple[Path, dict[Role, Actor]],
    tmp_path_factory: pytest.TempPathFactory,
    clone_db: Callable[[Path | str, Path], Path],
) -> tuple[Path, Path, Refs]:
    """(the database with the first round of data, the same after the data tripled, its references)."""
    folder = tmp_path_factory.mktemp("grown")
    path = clone_db(template_db[0], folder / "grown.db")
    db = open_database(path)
    refs = add_data(db, template_db[1], ROUNDS[0], 0, None)
    db.dispose()
    small = clone_db(path, folder / "small.db")
    db = open_database(path)
    add_data(db, template_db[1], ROUNDS[1], ROUNDS[0], refs)
    db.dispose()
    return small, path, refs


def _pages() -> dict[str, Callable[[ViewContext, Refs], QWidget]]:
    from centre_app.views.home_page import HomePage
    from centre_app.views.livestock_contracts_page import LivestockContractsPage
    from centre_app.views.op_contracts_page import OpContractsPage
    from centre_app.views.orders_page import OrdersPage
    from centre_app.views.organisations_page import OrganisationsPage
    from centre_app.views.parties_page import PartiesPage
    from centre_app.views.party_account_page import PartyAccountPage
    from centre_app.views.products_page import ProductsPage
    from centre_app.views.receipts_page import ReceiptsPage
    from centre_app.views.stock_card_page import StockCardPage
    from centre_app.views.stock_movements_page import StockMovementsPage

    def card(ctx: ViewContext, refs: Refs) -> QWidget:
        page = StockCardPage(ctx)
        page.show_card(refs.stock.products["TOURTEAU"], refs.stock.centre)
        return page

    def account(ctx: ViewContext, refs: Refs) -> QWidget:
        page = PartyAccountPage(ctx)
        page.set_party(refs.stock.customer)
        return page

    plain = {
        "parties": PartiesPage, "receipts": ReceiptsPage, "home": HomePage, "orders": OrdersPage,
        "stock movements": StockMovementsPage, "livestock contracts": LivestockContractsPage,
        "OP contracts": OpContractsPage, "organisations": OrganisationsPage, "products": ProductsPage,
    }  # fmt: skip
    made: dict[str, Callable[[ViewContext, Refs], QWidget]] = {
        name: (lambda ctx, _refs, page=page: page(ctx)) for name, page in plain.items()
    }
    return {**made, "fiche de stock": card, "party account": account}


PAGES = ["parties", "receipts", "home", "orders", "stock movements", "livestock contracts", "OP contracts",
         "organisations", "products", "fiche de stock", "party account"]  # fmt: skip


def _open(qtbot: QtBot, path: Path, actor: Actor, refs: Refs, make: Callable[[ViewContext, Refs], QWidget]) -> tuple[
        int, int]:  # fmt: skip
    """(statements sent while the page is built and shown, rows its first table shows)."""
    db = open_database(path, create=False)
    try:
        workspace = Workspace(db, actor)
        with counting(db) as seen:
            page = make(ViewContext(workspace), refs)
            qtbot.addWidget(page)
            page.resize(1366, 768)
            page.show()
            QApplication.processEvents()
        tables = page.findChildren(QAbstractItemView)
        rows = max((t.model().rowCount() for t in tables if t.model() is not None), default=0)
        page.close()
        return len(seen), rows
    finally:
        db.dispose()


@pytest.mark.parametrize("name", PAGES)
def test_opening_a_main_list_does_not_grow_with_the_data(
    name: str, qtbot: QtBot, grown: tuple[Path, Path, Refs], clerk: Actor, tmp_path: Path,
    clone_db: Callable[[Path | str, Path], Path],
) -> None:  # fmt: skip
    small_path, large_path, refs = grown
    make = _pages()[name]
    small, small_rows = _open(qtbot, clone_db(small_path, tmp_path / "small.db"), clerk, refs, make)
    large, large_rows = _open(qtbot, clone_db(large_path, tmp_path / "large.db"), clerk, refs, make)
    assert large_rows >= small_rows > 0 or name == "home", f"{name}: the page shows none of the data"
    assert large == small, f"{name}: {small} statements with {ROUNDS[0]} of everything, {large} with three times more"


def test_stock_on_hand_at_a_date_is_a_fixed_number_of_statements(grown: tuple[Path, Path, Refs], clerk: Actor) -> None:
    counts, totals = [], []
    for path in grown[:2]:
        db = open_database(path, create=False)
        try:
            with db.reading(clerk) as s, counting(db) as seen:
                lines = stock_reports.stock_on_hand(s, date.today())
            counts.append(len(seen))
            totals.append(sum(x.quantity for x in lines))
        finally:
            db.dispose()
    assert counts[0] == counts[1] <= 5, counts
    assert totals[1] > totals[0]


def test_the_counter_sees_an_n_plus_one(db: Database, clerk: Actor, manager: Actor) -> None:
    """The guard itself: a loop of one query per row is counted as such."""
    make_refs(db, manager)
    with tx(db, clerk, datetime(2026, 3, 2, 9, tzinfo=UTC)) as s:
        for k in range(5):
            parties.create_party(s, PartyInput(name=f"SAWADOGO Client {k:03d}", village="Djibo"))
    with db.reading(clerk) as s, counting(db) as seen:
        for row in parties.list_parties(s, "SAWADOGO"):
            parties.get_party(s, row.id)
    assert len(seen) > 5
