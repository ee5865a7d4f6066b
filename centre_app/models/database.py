"""Engine and session factory: SQLite in WAL with durable writes, or a PostgreSQL URL untouched.

One Session per user action: callers use ``db.transaction(actor)``; services never commit.
Transactions that write start with ``BEGIN IMMEDIATE`` so that two clerks (or a clerk and a
command-line export) queue on the busy timeout instead of failing on a lock upgrade.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from centre_app.models import audit_hook

BUSY_TIMEOUT_MS = 15_000


def database_url(target: str | Path) -> str:
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).resolve().as_posix()}"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(target: str | Path, **kwargs: Any) -> Engine:
    url = database_url(target)
    # SQL parameters never reach logs or error messages: a password typed in the wrong field stays secret.
    kwargs.setdefault("hide_parameters", True)
    if not is_sqlite(url):
        return create_engine(url, future=True, **kwargs)
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
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """An open database: engine plus session factories (read and write)."""

    def __init__(self, target: str | Path, engine: Engine | None = None) -> None:
        self.url = database_url(target)
        self.engine = engine or make_engine(target)
        self.path = Path(self.url.removeprefix("sqlite:///")) if is_sqlite(self.url) else None
        write_bind = self.engine.execution_options(sqlite_begin="IMMEDIATE") if is_sqlite(self.url) else self.engine
        self.read_factory = sessionmaker(self.engine, expire_on_commit=False)
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
