"""Engine and session factory: SQLite in WAL with durable writes, or a PostgreSQL server (psycopg 3).

One Session per user action: callers use ``db.transaction(actor)``; services never commit.
Write transactions are serialized, the same way on both engines, so that every rule the services check
(the last hash of a chain, the stock on hand, a credit limit, a closed day) holds when they commit:

- SQLite: they start with ``BEGIN IMMEDIATE``, so two clerks (or a clerk and a command-line export)
  queue on the busy timeout instead of failing on a lock upgrade;
- PostgreSQL: READ COMMITTED, and the first statement of a write transaction takes one
  transaction-scoped advisory lock (``pg_advisory_xact_lock(WRITE_LOCK)``), released at commit or
  rollback; a clerk waits at most ``lock_timeout`` (the busy timeout) and then gets the « base occupée »
  message. Reads never wait (MVCC); a read unit of work (``db.reading()``) runs in REPEATABLE READ so that
  it sees one snapshot from its first query to its last, like a SQLite read transaction.

Why not SERIALIZABLE with retries: a unit of work is a ``with db.transaction()`` block (views, command
line, tests), which cannot be re-run by the database layer, and a retry loop in every caller would be
easy to forget. Why not only row locks: the number series row is locked by its UPDATE (numbering.py),
but a hash chain spans years (two series rows) and the stock or credit checks read many rows; one
writer at a time is what SQLite gives and what every rule was written and tested against. Validating
a document takes a few milliseconds, so an office of several clerks never feels the queue.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Integer, create_engine, event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import Over
from sqlalchemy.sql.functions import sum as sql_sum

from centre_app.models import audit_hook
from centre_app.models.locations import (  # noqa: F401 - re-exported: the URL helpers live there, SQLAlchemy-free
    POSTGRES_SCHEMES,
    database_url,
    display_name,
    is_postgresql,
    is_sqlite,
    is_url,
)

BUSY_TIMEOUT_MS = 15_000
# Key of the PostgreSQL advisory lock every write transaction takes (any constant; "centre" in ASCII).
WRITE_LOCK = 0x63656E747265


def _integer_type(type_: Any) -> bool:
    return isinstance(getattr(type_, "impl", type_), Integer)


@compiles(sql_sum, "postgresql")
def _pg_integer_sum(element: Any, compiler: Any, **kw: Any) -> str:
    """PostgreSQL sums a bigint column as ``numeric``; SQLite as an integer. Cast back, so that money and
    quantities stay integers in every expression built on a SUM (an integer division, a comparison)."""
    rendered = compiler.visit_function(element, **kw)
    if kw.get("_inside_over") or not _integer_type(element.type):
        return str(rendered)
    return f"CAST({rendered} AS BIGINT)"


@compiles(Over, "postgresql")
def _pg_integer_sum_over(element: Any, compiler: Any, **kw: Any) -> str:
    rendered = compiler.visit_over(element, _inside_over=True, **kw)
    if isinstance(element.element, sql_sum) and _integer_type(element.element.type):
        return f"CAST({rendered} AS BIGINT)"
    return str(rendered)


def make_engine(target: str | Path, **kwargs: Any) -> Engine:
    url = database_url(target)
    # SQL parameters never reach logs or error messages: a password typed in the wrong field stays secret.
    kwargs.setdefault("hide_parameters", True)
    if not is_sqlite(url):
        # A server that went away (restart, network cut) is noticed before a clerk's action uses it.
        kwargs.setdefault("pool_pre_ping", True)
        kwargs.setdefault("connect_args", {"connect_timeout": 10})
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "begin")
        def _on_pg_begin(conn: Any) -> None:
            if conn.get_execution_options().get("write_lock"):
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

        return engine
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below): pysqlite's implicit transactions skip DDL.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write_lock") else "BEGIN")

    return engine


class Database:
    """An open database: engine plus session factories (read and write)."""

    def __init__(self, target: str | Path, engine: Engine | None = None) -> None:
        self.url = database_url(target)
        self.engine = engine or make_engine(target)
        self.path = Path(self.url.removeprefix("sqlite:///")) if is_sqlite(self.url) else None
        write_bind = self.engine.execution_options(write_lock=True)
        # A read unit of work sees one snapshot, as a SQLite read transaction does (an export stays consistent
        # while clerks validate); read-only, it can never fail to serialize.
        read_bind = (
            self.engine.execution_options(isolation_level="REPEATABLE READ") if is_postgresql(self.url) else self.engine
        )
        self.read_factory = sessionmaker(read_bind, expire_on_commit=False)
        self.write_factory = sessionmaker(write_bind, expire_on_commit=False)
        audit_hook.install(self.write_factory)

    @contextmanager
    def transaction(self, actor: Any = None) -> Iterator[Session]:
        """A write transaction: commits on success, rolls back on any exception (re-raised)."""
        with self.write_factory.begin() as session:
            session.info["actor"] = actor
            yield session

    @contextmanager
    def reading(self, actor: Any = None) -> Iterator[Session]:
        """A read-only unit of work; closing it ends the transaction and detaches what was loaded."""
        session = self.read_factory()
        session.info["actor"] = actor
        try:
            yield session
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
