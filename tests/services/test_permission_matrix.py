"""Every role × every action of PRODUCT.md §10, through real service calls made as the application makes them
(``Workspace.run``): allowed exactly when PERMISSIONS says so; a refusal is a PermissionDenied whose French
message names the role and the action, saves nothing (every table keeps its rows, the audit log too) and is
journaled as « permission.refused » in a transaction of its own.

The static guard at the end walks centre_app/services/*.py: a public function that writes (session.add,
flush, delete, merge, insert/update/delete statements — itself or through the services it calls) must reach
``require`` unless it is listed, with its reason, in ``UNGUARDED``.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from centre_app.domain.errors import message
from centre_app.domain.permissions import ACTION_LABELS, PERMISSIONS, ROLE_LABELS, Action, Role
from centre_app.models.database import Database
from centre_app.models.migrate import open_database
from centre_app.services import (
    backup,
    catalog,
    exports,
    orders,
    parties,
    payments,
    settings,
    stock,
    stock_reports,
    users,
)
from centre_app.services.context import Actor, PermissionDenied
from centre_app.services.exports import ExportColumn
from centre_app.services.orders import OrderDraft
from centre_app.services.parties import PartyInput
from centre_app.services.payments import PaymentDraft
from centre_app.services.stock import ReceptionDraft
from centre_app.services.workspace import Workspace
from tests.services.stock_helpers import NOON, Refs, line, make_refs, tx

SERVICES = Path(__file__).resolve().parents[2] / "centre_app" / "services"
NOT_COUNTED = {"event_journal"}  # the refusal itself is journaled there


@dataclass(frozen=True)
class Scenario:
    refs: Refs
    receipt_id: int
    order_id: int
    locked_user_id: int


@pytest.fixture(scope="module")
def scenario_template(
    template_db: tuple[Path, dict[Role, Actor]], tmp_path_factory: pytest.TempPathFactory, clone_db
) -> tuple[Path, Scenario]:
    """Prices, stock, a validated receipt and a confirmed order, made once and copied for each case."""
    path = clone_db(template_db[0], tmp_path_factory.mktemp("matrix") / "matrix.db")
    actors = template_db[1]
    db = open_database(path)
    try:
        refs = make_refs(db, actors[Role.MANAGER])
        clerk = actors[Role.CLERK]
        with tx(db, clerk) as s:
            stock.record_reception(
                s, ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", 40, price=7_500),), supplier_id=refs.supplier)
            )
            receipt = payments.record_payment(
                s, PaymentDraft("REC", 25_000, "especes", "Avance sur commande", party_id=refs.customer)
            )
            draft = orders.create_order(
                s, OrderDraft(refs.customer, refs.lists["NORMAL"], (line(refs, "TOURTEAU", 4),))
            )
            order = orders.confirm_order(s, draft.id)
        with tx(db, clerk) as s:
            for _n in range(users.MAX_FAILURES):
                users.login(s, "compta", "faux")  # an account to unlock
    finally:
        db.dispose()
    return path, Scenario(refs, receipt.id, order.id, actors[Role.ACCOUNTANT].user_id or 0)


@pytest.fixture
def scenario_db(
    scenario_template: tuple[Path, Scenario], tmp_path: Path, clone_db
) -> Iterator[tuple[Database, Scenario]]:
    path = clone_db(scenario_template[0], tmp_path / "centre.db")
    db = open_database(path)
    yield db, scenario_template[1]
    db.dispose()


Call = Callable[[Session, Database, Scenario, Path], Any]


def _folder(path: Path) -> Path:
    path.mkdir(exist_ok=True)
    return path


# Action -> representative real calls (name, call). Each call is made as the application makes it.
CALLS: dict[Action, list[tuple[str, Call]]] = {
    Action.EDIT_DOCUMENTS: [
        ("record a receipt", lambda s, db, sc, tmp: payments.record_payment(
            s, PaymentDraft("REC", 10_000, "especes", "Règlement", party_id=sc.refs.customer))),
        ("create an order", lambda s, db, sc, tmp: orders.create_order(
            s, OrderDraft(sc.refs.customer, sc.refs.lists["NORMAL"], (line(sc.refs, "TOURTEAU", 2),)))),
        ("record a reception", lambda s, db, sc, tmp: stock.record_reception(
            s, ReceptionDraft(sc.refs.centre, (line(sc.refs, "TOURTEAU", 5, price=7_500),),
                              supplier_id=sc.refs.supplier))),
    ],
    Action.EDIT_MASTER_DATA: [
        ("create a party", lambda s, db, sc, tmp: parties.create_party(
            s, PartyInput(name="SAWADOGO Rasmané", village="Pobé-Mengao"))),
        ("create a warehouse", lambda s, db, sc, tmp: catalog.create_warehouse(
            s, "KLB", "Magasin de Kelbo", "centre", "Kelbo")),
    ],
    Action.CANCEL_DOCUMENT: [
        ("cancel a receipt", lambda s, db, sc, tmp: payments.cancel_payment(s, sc.receipt_id, "Erreur de saisie")),
        ("cancel a confirmed order", lambda s, db, sc, tmp: orders.cancel_order(s, sc.order_id, "Client absent")),
    ],
    Action.MANAGE_CONTRACTS_AND_PRICES: [
        ("set a price", lambda s, db, sc, tmp: catalog.set_price(
            s, sc.refs.lists["NORMAL"], sc.refs.products["TOURTEAU"], "SAC50", 10_500, date(2026, 4, 1))),
        ("create a price list", lambda s, db, sc, tmp: catalog.create_price_list(s, "OP", "Tarif des OP")),
    ],
    Action.EXPORT: [
        ("export a list", lambda s, db, sc, tmp: exports.export_list(
            s, tmp / "export.xlsx", "Reçus", [ExportColumn("N°"), ExportColumn("Montant", "money")],
            [("REC-2026-000001", 25_000)])),
    ],
    Action.ADMINISTER: [
        ("create a user", lambda s, db, sc, tmp: users.create_user(
            s, "nouveau", "Nouvel Agent", Role.CLERK, "motdepasse")),
        ("update the settings", lambda s, db, sc, tmp: settings.update_settings(s, {"centre.town": "Djibo centre"})),
        ("unlock a user", lambda s, db, sc, tmp: users.unlock_user(s, sc.locked_user_id)),
        ("deactivate a user", lambda s, db, sc, tmp: users.set_active(s, sc.locked_user_id, False)),
        ("back up now", lambda s, db, sc, tmp: backup.request_backup(s, db, _folder(tmp / "sauvegardes"))),
    ],
    Action.READ: [
        ("read an order", lambda s, db, sc, tmp: orders.get_order(s, sc.order_id)),
        ("read the stock", lambda s, db, sc, tmp: stock_reports.stock_on_hand(s, date(2026, 3, 2))),
        ("count a reprint", lambda s, db, sc, tmp: payments.register_reprint(s, sc.receipt_id)),
    ],
}  # fmt: skip

CASES = [
    pytest.param(role, action, name, call, id=f"{role.value}-{action.value}-{name.replace(' ', '_')}")
    for action, calls in CALLS.items()
    for name, call in calls
    for role in Role
]


def test_every_action_has_a_real_call() -> None:
    assert set(CALLS) == set(Action)


def _counts(db: Database) -> dict[str, int]:
    tables = inspect(db.engine).get_table_names()
    with db.engine.connect() as con:
        return {
            t: con.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables if t not in NOT_COUNTED
        }


def _events(db: Database) -> list[tuple[str, str, dict[str, Any]]]:
    with db.engine.connect() as con:
        rows = con.execute(text("SELECT kind, username, detail FROM event_journal ORDER BY seq")).all()
    return [(k, u, json.loads(d)) for k, u, d in rows]


def _pinned(call: Call, db: Database, sc: Scenario, tmp: Path) -> Callable[[Session], Any]:
    def fn(session: Session) -> Any:
        session.info["now"] = NOON.replace(hour=15)  # the scenario's day, after its receipt and order
        return call(session, db, sc, tmp)

    return fn


@pytest.mark.parametrize(("role", "action", "name", "call"), CASES)
def test_role_by_action(
    scenario_db: tuple[Database, Scenario],
    actors: dict[Role, Actor],
    tmp_path: Path,
    role: Role,
    action: Action,
    name: str,
    call: Call,
) -> None:
    db, sc = scenario_db
    workspace = Workspace(db, actors[role])
    before, journal_before = _counts(db), _events(db)
    if action in PERMISSIONS[role]:
        workspace.run(_pinned(call, db, sc, tmp_path))
        if action != Action.READ:
            assert _counts(db) != before or _events(db) != journal_before, f"{name}: nothing was written"
        return
    with pytest.raises(PermissionDenied) as refused:
        workspace.run(_pinned(call, db, sc, tmp_path))
    assert message(refused.value) == (
        f"Action refusée : le rôle « {ROLE_LABELS[role]} » ne permet pas de {ACTION_LABELS[action]}."
    )
    assert _counts(db) == before  # nothing saved, not even an audit line
    assert not list(tmp_path.glob("export.*"))
    assert not (tmp_path / "sauvegardes").exists() or not any((tmp_path / "sauvegardes").iterdir())
    journal = _events(db)
    assert journal[: len(journal_before)] == journal_before
    assert journal[len(journal_before) :] == [("permission.refused", actors[role].username, {"action": action.value})]


def test_a_refused_export_writes_no_file(scenario_db, accountant, clerk, tmp_path: Path) -> None:
    db, sc = scenario_db
    call = CALLS[Action.EXPORT][0][1]
    with pytest.raises(PermissionDenied):
        Workspace(db, clerk).run(_pinned(call, db, sc, tmp_path))
    assert not (tmp_path / "export.xlsx").exists()
    Workspace(db, accountant).run(_pinned(call, db, sc, tmp_path))
    assert (tmp_path / "export.xlsx").exists()
    kind, username, detail = _events(db)[-1]
    assert (kind, username, detail) == ("export", "compta", {"file": "export.xlsx", "list": "Reçus", "rows": 1})


# --- every writer reaches require() -----------------------------------------------------------------------

# Public service functions that write without a permission check, and why that is right.
UNGUARDED: dict[str, str] = {
    "events.record_event": "the journal itself; its callers check (or are the login and maintenance paths)",
    "numbering.next_number": "called inside validated-document services, after their check",
    "stock_ledger.post": "the stock ledger's single writer, called by the guarded stock services",
    "stock_operations.reverse": "inverse movements, called by the guarded cancellation services",
    "op_contract_workflow.refresh_family": "takes a Family of ORM rows from the guarded OP contract services",
    "settings.apply_settings": "setup wizard, demo and seeding (update_settings is the guarded entry point)",
    "setup.seed_reference_data": "first run, before any user exists",
    "setup.initialize_centre": "first run: creates the administrator",
    "users.login": "anyone may try to log in (failures counted and journaled)",
    "users.unlock_session": "the lock screen asks the password again, as the login does",
    "users.lock_session": "journals that the logged-in user's own screen was locked",
    "backup.backup_now": "automatic backups run for any user (start-up, closing); journaled",
    "backup.restore": "runs on the closed file before anyone logs in (start-up offer, command line)",
    "startup.automatic_backup": "automatic backups run for any user; journaled",
    "startup.run_startup_checks": "start-up checks before login; journals defects",
    "demo.create_demo": "command line `demo` as the system, on a new file",
    "demo_cash.create_cash_year": "part of the demo",
    "pg_backup.restore_postgresql": "command line `restore` on a server, administrator checked as in backup.restore",
    "pg_migration.migrate_to": "command line `migrate-to` as the system, into an empty server database",
}
WRITE_METHODS = {"add", "add_all", "flush", "delete", "merge"}
STATEMENTS = {"insert", "update", "delete"}


@dataclass
class FunctionInfo:
    writes: bool
    requires: bool
    calls: set[str]
    takes_a_row: bool = False  # a parameter is an ORM row: only a service holding it (after its check) calls it


def _service_functions() -> dict[str, FunctionInfo]:
    found: dict[str, FunctionInfo] = {}
    for path in sorted(SERVICES.glob("*.py")):
        module = path.stem
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}  # local name -> "module" or "module.function"
        models: set[str] = set()  # ORM classes imported by the module
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("centre_app.models"):
                models |= {name.asname or name.name for name in node.names}
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("centre_app.services"):
                for name in node.names:
                    if node.module == "centre_app.services":
                        aliases[name.asname or name.name] = name.name
                    else:
                        aliases[name.asname or name.name] = f"{node.module.rsplit('.', 1)[1]}.{name.name}"
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                info = _inspect(node, module, aliases)
                info.takes_a_row = any(
                    isinstance(n, ast.Name) and n.id in models
                    for arg in node.args.args + node.args.kwonlyargs
                    if arg.annotation is not None
                    for n in ast.walk(arg.annotation)
                )
                found[f"{module}.{node.name}"] = info
    return found


def _inspect(node: ast.FunctionDef, module: str, aliases: dict[str, str]) -> FunctionInfo:
    info = FunctionInfo(False, False, set())
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Call):
            continue
        fn = sub.func
        if isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name):
            receiver = fn.value.id
            if receiver in ("session", "s") and fn.attr in WRITE_METHODS:
                info.writes = True
            if receiver in ("sa", "sqlalchemy") and fn.attr in STATEMENTS:
                info.writes = True
            target = aliases.get(receiver)
            if target is not None and "." not in target:
                info.calls.add(f"{target}.{fn.attr}")
        elif isinstance(fn, ast.Name):
            if fn.id in STATEMENTS:
                info.writes = True
            elif fn.id == "require":
                info.requires = True
            else:
                info.calls.add(aliases.get(fn.id, f"{module}.{fn.id}"))
    return info


def _closure(functions: dict[str, FunctionInfo], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen or name not in functions:
            continue
        seen.add(name)
        todo += functions[name].calls
    return seen


def test_every_service_writer_checks_a_permission() -> None:
    functions = _service_functions()
    assert len(functions) > 200  # the walk really saw the services
    offenders = []
    for name, info in functions.items():
        if name.split(".")[1].startswith("_") or name in UNGUARDED or info.takes_a_row:
            continue
        reached = _closure(functions, name)
        if any(functions[f].writes for f in reached) and not any(functions[f].requires for f in reached):
            offenders.append(name)
    assert offenders == [], "writers without require(): " + ", ".join(offenders)


def test_the_unguarded_list_is_not_stale() -> None:
    functions = _service_functions()
    missing = [name for name in UNGUARDED if name not in functions]
    assert missing == []


def test_the_guard_sees_a_writer_without_require(tmp_path: Path) -> None:
    """The walk itself: a writer that forgot require() is found, one that calls a checked helper is not."""
    source = (
        "from centre_app.services.context import require\n"
        "def forgot(session):\n    session.add(object())\n"
        "def _checked(session):\n    require(session, 'x')\n"
        "def careful(session):\n    _checked(session)\n    session.flush()\n"
    )
    tree = ast.parse(source)
    functions = {f"m.{n.name}": _inspect(n, "m", {}) for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert functions["m.forgot"].writes
    assert not any(functions[f].requires for f in _closure(functions, "m.forgot"))
    assert any(functions[f].requires for f in _closure(functions, "m.careful"))
