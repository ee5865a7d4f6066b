"""Reads a busy transaction repeats (settings, month locks, closed cash days, prices, market taxes, reference
names), kept for that transaction only and always equal to what the database would answer.

Validating one receipt used to read the settings three times, the month lock and the cash closing of the
day; a day of the demo does it hundreds of times. :func:`cached` keeps such a value in ``session.info``
under the tables it was read from, and drops it:

* when this session writes one of those tables: at each flush (every writer of the cached tables goes
  through the ORM), and before answering when such a write is still pending (the query would have
  autoflushed it);
* when the transaction ends (commit, or rollback also of a savepoint) or a new one begins: another
  connection may have written in between.

Values must be immutable (frozen dataclasses, tuples, numbers, strings): callers share them. A writer that
knows exactly what its own write changed may keep its figures up to date with :func:`peek` and :func:`store`
(the stock ledger, sole writer of its movements and monthly totals, which it writes with Core statements).

:func:`held` keeps rows a session uses again and again (parties, products, the orders being delivered) alive
in the identity map; :func:`release_held` lets them go (a ten-year demo does it once a year).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import instance_state

T = TypeVar("T")
_KEY = "_read_cache"
_HELD = "stock_held"


def cached(session: Session, tables: tuple[str, ...], key: Hashable, load: Callable[[], T]) -> T:
    """The value of ``load()`` for ``key``, read again only after a write to one of ``tables``."""
    entries: dict[tuple[tuple[str, ...], Hashable], Any] | None = session.info.get(_KEY)
    if entries is None:
        entries = session.info[_KEY] = {}
    elif session.new or session.deleted or session.dirty:
        _forget(session, _tables_of(session.new, session.dirty, session.deleted))
    entry = (tables, key)
    if entry in entries:
        return entries[entry]  # type: ignore[no-any-return]
    value = load()
    entries[entry] = value
    return value


def peek(session: Session, tables: tuple[str, ...], key: Hashable, default: Any = None) -> Any:
    """The cached value for ``key`` if there is one (no loading), else ``default``."""
    entries = session.info.get(_KEY)
    return default if entries is None else entries.get((tables, key), default)


def store(session: Session, tables: tuple[str, ...], key: Hashable, value: Any) -> None:
    """Set a cached value: for a writer that knows exactly what its write changed (the stock ledger's totals)."""
    session.info.setdefault(_KEY, {})[(tables, key)] = value


def held(session: Session, model: type, key: int | None) -> Any:
    """``session.get`` that keeps the object alive for the session.

    The identity map holds objects weakly: without this, the products, magasins, parties and orders a
    busy session touches again and again would be reloaded from the database on every lookup."""
    if key is None:
        return None
    cache = session.info.setdefault(_HELD, {})
    obj = cache.get((model, key))
    if obj is None or not instance_state(obj).persistent:  # deleted, or gone with a rolled-back savepoint
        obj = session.get(model, key)
        if obj is not None:
            cache[(model, key)] = obj
    return obj


def hold(session: Session, obj: Any) -> None:
    """Keep a row the service has just written (flushed) for :func:`held`: the next step of its workflow
    (confirming the order, concluding the contract) finds it without reading it back."""
    session.info.setdefault(_HELD, {})[(type(obj), instance_state(obj).identity[0])] = obj


def release_held(session: Session, keep: tuple[type, ...] = ()) -> None:
    """Let the objects :func:`held` kept go (a long session's memory; they are read again when needed),
    except those of the ``keep`` classes (reference data a long session keeps using)."""
    cache = session.info.get(_HELD)
    if cache:
        for key in [k for k in cache if not issubclass(k[0], keep)]:
            del cache[key]


def forget(session: Session) -> None:
    """Drop every cached read of this session."""
    session.info.pop(_KEY, None)


def _tables_of(*groups: Any) -> set[str]:
    return {getattr(obj, "__tablename__", "") for group in groups for obj in group}


def _forget(session: Session, written: set[str]) -> None:
    entries = session.info.get(_KEY)
    if not entries or not written:
        return
    for entry in [e for e in entries if not written.isdisjoint(e[0])]:
        del entries[entry]


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.info.get(_KEY):
        _forget(session, _tables_of(session.new, session.dirty, session.deleted))


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, _previous: Any) -> None:
    forget(session)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if not session.in_nested_transaction():  # releasing a savepoint changes nothing another connection sees
        forget(session)


@event.listens_for(Session, "after_begin")
def _after_begin(session: Session, transaction: Any, _connection: Any) -> None:
    if not transaction.nested:
        forget(session)
