"""`migrate-to`: copy an office's database (its SQLite file) into an empty PostgreSQL database, then prove it.

The target is brought to the application's schema first (the same migrations, so the same tables and
triggers), and refused unless it is empty: only the rows the migrations themselves seed (clause
templates, default accounts) may be there, and they are replaced by the office's own. The copy runs in
one transaction of the target, table by table in foreign-key order, from one read snapshot of the
source; the target's triggers are switched off for that transaction only (``DISABLE TRIGGER USER``:
validated documents and their lines are inserted as they are, the foreign keys stay checked) and
switched back on before the commit; the id sequences are then set after the highest id copied. If
anything fails, the target is left empty.

Then, with fresh connections, both databases are compared: rows per table, a SHA-256 of every table's
rows read through the models' types (every document, line and ledger entry identical), the head of every
hash chain, totals of payments, dues and stock per product, and `check` on the target. ``MigrationReport``
says all of it in French.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Integer, Table, func, insert, select, text

from centre_app.domain.errors import DomainError
from centre_app.models.database import Database, database_url, display_name, is_postgresql
from centre_app.models.migrate import open_database
from centre_app.models.tables import metadata
from centre_app.services import integrity
from centre_app.services.context import SYSTEM

BATCH = 2_000
# Tables whose rows the migrations insert (0005: clause templates, 0006: default accounts).
SEEDED = frozenset({"op_clause_templates", "ledger_accounts"})
TOTALS = {
    "Paiements (type, état)": "SELECT doc_type, status, count(*), sum(amount) FROM payments GROUP BY doc_type, status",
    "Créances et dettes (sens)": "SELECT direction, count(*), sum(amount) FROM dues GROUP BY direction",
    "Imputations": "SELECT count(*), sum(amount) FROM allocations",
    "Stock par produit (quantité, valeur)": (
        "SELECT product_id, count(*), sum(quantity), sum(value) FROM stock_movements GROUP BY product_id"
    ),
}


@dataclass
class MigrationReport:
    source: str
    target: str
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied
    chains: dict[str, tuple[int, str]] = field(default_factory=dict)  # chain -> (rows, last hash)
    totals: dict[str, int] = field(default_factory=dict)  # label -> groups compared
    differences: list[str] = field(default_factory=list)  # French, empty when identical
    defects: list[str] = field(default_factory=list)  # `check` on the target

    @property
    def ok(self) -> bool:
        return not self.differences and not self.defects

    def lines(self) -> list[str]:
        """The report printed by the command line (French)."""
        out = [f"Copie de {self.source} vers {self.target} :"]
        out.append(f"  {len(self.rows)} tables, {sum(self.rows.values())} lignes copiées.")
        busiest = sorted(self.rows.items(), key=lambda kv: -kv[1])[:8]
        out.append("  Tables les plus remplies : " + ", ".join(f"{t} {n}" for t, n in busiest) + ".")
        out.append(
            f"  Contenu : empreinte SHA-256 de chaque table identique des deux côtés ({len(self.rows)} tables)."
            if not any(d.startswith("Table") for d in self.differences)
            else "  Contenu : des tables diffèrent (voir ci-dessous)."
        )
        for label, (count, head) in self.chains.items():
            out.append(f"  Chaîne « {label} » : {count} documents, dernière empreinte {head[:16]}…")
        for label, groups in self.totals.items():
            out.append(f"  Totaux « {label} » : {groups} groupe(s) identiques.")
        out.append(
            "  Vérification (check) de la base PostgreSQL : aucun défaut."
            if not self.defects
            else f"  Vérification (check) de la base PostgreSQL : {len(self.defects)} défaut(s)."
        )
        out += [f"  - {d}" for d in self.differences + self.defects]
        return out


def _rows(conn: Connection, table: Table) -> Iterator[dict[str, Any]]:
    keys = list(table.primary_key.columns)
    result = conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*keys))
    for row in result:
        yield dict(row._mapping)


def _integer_key(table: Table) -> str | None:
    keys = list(table.primary_key.columns)
    if len(keys) == 1 and isinstance(keys[0].type, Integer) and keys[0].autoincrement in (True, "auto"):
        return keys[0].name
    return None


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _refuse_non_empty(conn: Connection, target: str) -> None:
    filled = [t.name for t in metadata.sorted_tables if t.name not in SEEDED and _count(conn, t)]
    if filled:
        raise DomainError("pg.target_not_empty", target=target, tables=", ".join(filled[:5]))


def copy_database(source: Database, target: Database) -> dict[str, int]:
    """Copy every table of ``source`` into the empty ``target`` (one transaction); rows copied per table."""
    if not is_postgresql(target.url):
        raise DomainError("pg.target_not_postgresql", target=display_name(target.url))
    copied: dict[str, int] = {}
    with source.engine.connect() as src, target.engine.begin() as dst:
        src.begin()  # one snapshot of the office's data for the whole copy
        _refuse_non_empty(dst, display_name(target.url))
        tables = metadata.sorted_tables
        for table in tables:
            dst.exec_driver_sql(f'ALTER TABLE "{table.name}" DISABLE TRIGGER USER')
        for table in SEEDED:
            dst.exec_driver_sql(f'DELETE FROM "{table}"')
        for table in tables:
            batch: list[dict[str, Any]] = []
            copied[table.name] = 0
            for row in _rows(src, table):
                batch.append(row)
                if len(batch) == BATCH:
                    dst.execute(insert(table), batch)
                    copied[table.name] += len(batch)
                    batch = []
            if batch:
                dst.execute(insert(table), batch)
                copied[table.name] += len(batch)
            key = _integer_key(table)
            if key is not None:
                dst.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key}'), "
                        f'coalesce(max("{key}"), 0) + 1, false) FROM "{table.name}"'
                    )
                )
        for table in tables:
            dst.exec_driver_sql(f'ALTER TABLE "{table.name}" ENABLE TRIGGER USER')
    return copied


def _plain(value: Any) -> Any:
    """A value as both engines give it back through the models' types (memoryview, Decimal sums…)."""
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def table_digest(conn: Connection, table: Table) -> tuple[int, str]:
    """(rows, SHA-256 of every row in key order); text keys are sorted here (collations differ)."""
    digest = hashlib.sha256()
    rows = (tuple(_plain(v) for v in r.values()) for r in _rows(conn, table))
    if _integer_key(table) is None:
        rows = iter(sorted(rows, key=repr))
    count = 0
    for row in rows:
        digest.update(repr(row).encode())
        count += 1
    return count, digest.hexdigest()


def _chain_heads(conn: Connection) -> dict[str, tuple[int, str]]:
    heads: dict[str, tuple[int, str]] = {}
    chains, _series = integrity.all_specs()
    for spec in chains:
        t = spec.table
        stmt = select(t.c.hash).order_by(*(t.c[c].desc() for c in spec.order_by))
        count_stmt = select(func.count()).select_from(t)
        if spec.where is not None:
            stmt, count_stmt = stmt.where(spec.where(t)), count_stmt.where(spec.where(t))
        label = spec.label if spec.label not in heads else f"{spec.label} ({t.name})"
        heads[label] = (int(conn.execute(count_stmt).scalar_one()), conn.execute(stmt.limit(1)).scalar() or "")
    return heads


def _totals(conn: Connection, sql: str) -> list[tuple[Any, ...]]:
    return sorted((tuple(_plain(v) for v in row) for row in conn.execute(text(sql))), key=repr)


def compare(source: Database, target: Database, report: MigrationReport) -> None:
    """Fill ``report`` with what both databases hold and every difference found."""
    with source.engine.connect() as a, target.engine.connect() as b:
        for table in metadata.sorted_tables:
            (na, da), (nb, db_) = table_digest(a, table), table_digest(b, table)
            if na != nb:
                report.differences.append(f"Table {table.name} : {na} lignes dans la source, {nb} dans la cible.")
            elif da != db_:
                report.differences.append(f"Table {table.name} : même nombre de lignes mais contenu différent.")
        heads_a, heads_b = _chain_heads(a), _chain_heads(b)
        for label, head in heads_a.items():
            if heads_b.get(label) != head:
                report.differences.append(f"Chaîne « {label} » : tête différente ({head} / {heads_b.get(label)}).")
        report.chains = heads_b
        for label, sql in TOTALS.items():
            ta, tb = _totals(a, sql), _totals(b, sql)
            if ta != tb:
                report.differences.append(f"Totaux « {label} » différents.")
            report.totals[label] = len(tb)


def migrate_to(
    source_target: str, target_target: str, progress: Callable[[str], None] | None = None
) -> MigrationReport:
    """Copy the database ``source_target`` into the empty PostgreSQL database ``target_target`` and verify."""
    say = progress or (lambda _text: None)
    report = MigrationReport(display_name(source_target), display_name(target_target))
    if not is_postgresql(database_url(target_target)):
        raise DomainError("pg.target_not_postgresql", target=report.target)
    source = open_database(source_target, create=False)
    try:
        say("Base cible : mise au schéma de l'application…")
        target = open_database(target_target)
        try:
            say("Copie des tables…")
            report.rows = copy_database(source, target)
            say("Comparaison des deux bases…")
            compare(source, target, report)
            with target.reading(SYSTEM) as session:
                report.defects = [d.message for d in integrity.run_check(session)]
        finally:
            target.dispose()
    finally:
        source.dispose()
    return report
