"""`check`: SQLite integrity, foreign keys, every hash chain, every numbering series, module rules.

On PostgreSQL the file check is the server's business (said in the output) and the foreign keys and
protection triggers are checked by queries (services/pg_integrity.py).

Each module registers its chained document tables in ``CHAINS`` with the frozen fields that
were hashed at validation; the check recomputes every hash and names the first broken row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select, text
from sqlalchemy.orm import Session

from centre_app.domain.formatting import format_datetime
from centre_app.domain.integrity import GENESIS, chain_hash
from centre_app.models.system import EventEntry, NumberSeries
from centre_app.services.events import EVENT_LABELS, entry_fields


@dataclass(frozen=True)
class Defect:
    kind: str  # sqlite / foreign_key / chain / numbering / status
    message: str  # French, names the row


@dataclass(frozen=True)
class ChainSpec:
    """A hash-chained table: how to order it, what was hashed, how to name a row to a user."""

    label: str  # « Journal des événements », « Reçus »
    table: Table
    order_by: tuple[str, ...]
    fields: Callable[..., dict[str, Any]]  # (row) or (row, prepared) -> hashed fields
    describe: Callable[[Any], str]  # row -> « le reçu REC-2026-000123 »
    where: Callable[[Table], Any] | None = None  # only validated rows
    partition: Callable[[Any], Any] | None = None  # one chain per partition (e.g. doc type)
    prepare: Callable[[Session], Any] | None = None  # loaded once (e.g. all allocations), passed to fields
    feminine: bool = False  # « la clôture … a été modifiée »


@dataclass(frozen=True)
class SeriesSpec:
    """A numbered document table: sequences must run 1..last without a hole or a duplicate."""

    label: str
    table: Table
    doc_type: str  # the series, unless doc_type_column says it per row
    year_column: str
    seq_column: str
    describe: Callable[[str, int, int], str]  # (doc_type, year, seq) -> French name
    doc_type_column: str | None = None
    where: Callable[[Table], Any] | None = None


def _describe_event(row: Any) -> str:
    return f"l'événement n° {row.seq} ({EVENT_LABELS.get(row.kind, row.kind)} du {format_datetime(row.at)})"


CHAINS: list[ChainSpec] = [
    ChainSpec(
        label="Journal des événements",
        table=EventEntry.__table__,  # type: ignore[arg-type]
        order_by=("seq",),
        fields=entry_fields,
        describe=_describe_event,
    )
]
SERIES: list[SeriesSpec] = []
# Modules with chained or numbered documents expose CHAINS and SERIES lists of their own.
MODULES = (
    "centre_app.services.cash_integrity",
    "centre_app.services.stock_integrity",
    "centre_app.services.livestock_integrity",
    "centre_app.services.op_contract_integrity",
)


def all_specs() -> tuple[list[ChainSpec], list[SeriesSpec]]:
    import importlib

    chains, series = list(CHAINS), list(SERIES)
    for name in MODULES:
        module = importlib.import_module(name)
        chains += module.CHAINS
        series += module.SERIES
    return chains, series


def module_checks() -> list[Callable[[Session], list[Defect]]]:
    """Cross-table rules a module adds (``CHECKS``): what no hash covers, such as a workflow status."""
    import importlib

    return [check for name in MODULES for check in getattr(importlib.import_module(name), "CHECKS", [])]


def check_chain(session: Session, spec: ChainSpec) -> list[Defect]:
    t = spec.table
    stmt = select(t).order_by(*(t.c[c] for c in spec.order_by))
    if spec.where is not None:
        stmt = stmt.where(spec.where(t))
    previous: dict[Any, str] = {}
    prepared = spec.prepare(session) if spec.prepare else None
    for row in session.execute(stmt):
        key = spec.partition(row) if spec.partition else None
        prev = previous.get(key, GENESIS)
        if row.prev_hash != prev:
            return [
                Defect(
                    "chain",
                    f"{spec.label} : la chaîne est rompue juste avant {spec.describe(row)} "
                    "(un document précédent a été supprimé, inséré ou déplacé).",
                )
            ]
        fields = spec.fields(row, prepared) if spec.prepare else spec.fields(row)
        if chain_hash(prev, fields) != row.hash:
            return [
                Defect(
                    "chain",
                    f"{spec.label} : {spec.describe(row)} a été {'modifiée' if spec.feminine else 'modifié'} "
                    "après validation "
                    "(son empreinte ne correspond plus à son contenu).",
                )
            ]
        previous[key] = row.hash
    return []


def _event_seq_defects(session: Session) -> list[Defect]:
    seqs = list(session.scalars(select(EventEntry.seq).order_by(EventEntry.seq)))
    for expected, seq in enumerate(seqs, start=1):
        if seq != expected:
            return [Defect("numbering", f"Journal des événements : l'événement n° {expected} manque.")]
    return []


def check_series(session: Session, spec: SeriesSpec) -> list[Defect]:
    t = spec.table
    cols = [t.c[spec.year_column], t.c[spec.seq_column]]
    if spec.doc_type_column:
        cols.append(t.c[spec.doc_type_column])
    stmt = select(*cols)
    if spec.where is not None:
        stmt = stmt.where(spec.where(t))
    seen: dict[tuple[str, int], list[int]] = {}
    for row in session.execute(stmt):
        doc_type = row[2] if spec.doc_type_column else spec.doc_type
        seen.setdefault((doc_type, row[0]), []).append(row[1])
    lasts = {(s.doc_type, s.year): s.last_number for s in session.scalars(select(NumberSeries))}
    for (doc_type, year), seqs in sorted(seen.items()):
        seqs.sort()
        for expected, seq in enumerate(seqs, start=1):
            if seq == expected:
                continue
            if seq < expected:
                return [Defect("numbering", f"{spec.label} : {spec.describe(doc_type, year, seq)} est en double.")]
            return [Defect("numbering", f"{spec.label} : {spec.describe(doc_type, year, expected)} manque.")]
        last = lasts.get((doc_type, year), 0)
        if last != len(seqs):
            missing = spec.describe(doc_type, year, len(seqs) + 1)
            return [
                Defect(
                    "numbering",
                    f"{spec.label} : le compteur est à {last} mais {len(seqs)} documents existent ({missing} manque).",
                )
            ]
    return []


def sqlite_defects(session: Session) -> list[Defect]:
    if session.get_bind().dialect.name == "postgresql":
        return server_defects(session)
    if session.get_bind().dialect.name != "sqlite":
        return []
    out: list[Defect] = []
    result = [r[0] for r in session.execute(text("PRAGMA integrity_check"))]
    if result != ["ok"]:
        out.append(Defect("sqlite", "Fichier endommagé : " + "; ".join(result[:5])))
    for table, rowid, parent, _fk in session.execute(text("PRAGMA foreign_key_check")):
        out.append(
            Defect("foreign_key", f"Table {table}, ligne {rowid} : elle renvoie à un élément absent de {parent}.")
        )
        if len(out) > 20:
            break
    return out


def server_defects(session: Session) -> list[Defect]:
    """PostgreSQL: foreign keys by query and protection triggers enabled (services/pg_integrity.py)."""
    from centre_app.services import pg_integrity

    out = [
        Defect("foreign_key", f"Table {table}, ligne {row_id} : elle renvoie à un élément absent de {parent}.")
        for table, row_id, parent in pg_integrity.foreign_key_defects(session)
    ]
    out += [
        Defect("protection", f"Table {table} : la protection {name} des documents validés est désactivée.")
        for table, name in pg_integrity.disabled_triggers(session)
    ]
    return out


def engine_notes(session: Session) -> list[str]:
    """What `check` cannot do on this engine, said in French (nothing on SQLite)."""
    from centre_app.services import pg_integrity

    return pg_integrity.notes(session)


def run_check(session: Session, chains: Iterable[ChainSpec] | None = None) -> list[Defect]:
    """Every defect found, most fundamental first (an empty list means the database is sound)."""
    defects = sqlite_defects(session)
    all_chains, all_series = all_specs()
    for spec in chains if chains is not None else all_chains:
        defects += check_chain(session, spec)
    defects += _event_seq_defects(session)
    for series in all_series:
        defects += check_series(session, series)
    for check in module_checks():
        defects += check(session)
    return defects
