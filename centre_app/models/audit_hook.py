"""Every write is audited: a flush listener records insert/update/delete with before/after values.

Being attached to the session factories, it cannot be forgotten by a service. The acting user is
read from ``session.info["actor"]`` (set by ``Database.transaction``).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.base import NO_VALUE, PASSIVE_NO_RESULT

from centre_app.models.base import utcnow
from centre_app.models.system import AuditEntry, EventEntry

# High-volume append-only ledgers carry their own author and are never updated: auditing them
# again would double every write. Modules add their ledger tables here.
NOT_AUDITED: set[str] = {AuditEntry.__tablename__, EventEntry.__tablename__}
SECRET_COLUMNS = {"password_hash"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


_PLAIN_TYPES = (str, int, bool, float, type(None))
# Per mapped class: (attribute key, its attribute implementation) of every column, computed once.
_KEYS: dict[type, list[tuple[str, Any]]] = {}
_NO_STATE = (NO_VALUE, PASSIVE_NO_RESULT)
_NO_HISTORY = object()


def _keys(state: Any) -> list[tuple[str, Any]]:
    found = _KEYS.get(state.class_)
    if found is None:
        found = _KEYS[state.class_] = [(a.key, state.manager[a.key].impl) for a in state.mapper.column_attrs]
    return found


def _columns(obj: Any) -> dict[str, Any]:
    """Every column's current value (loading an expired one, as ``getattr`` does)."""
    state = inspect(obj)
    loaded = state.dict
    out: dict[str, Any] = {}
    for key, _impl in _keys(state):
        value = loaded[key] if key in loaded else getattr(obj, key)
        if key in SECRET_COLUMNS:
            value = "***"
        elif type(value) not in _PLAIN_TYPES:
            value = _plain(value)
        out[key] = value
    return out


def _before(obj: Any) -> dict[str, Any]:
    """Every column's value before this flush: the attribute history's « deleted » value of a changed column,
    its unchanged value otherwise (what ``state.attrs[key].history`` gives, read directly: no History objects)."""
    state = inspect(obj)
    loaded, committed = state.dict, state.committed_state
    out: dict[str, Any] = {}
    for key, impl in _keys(state):
        current = loaded.get(key, NO_VALUE)
        original = committed.get(key, _NO_HISTORY)
        if original is _NO_HISTORY:
            value = None if current is NO_VALUE else current
        elif current is not NO_VALUE and impl.is_equal(current, original) is True:
            value = current
        elif any(original is symbol for symbol in _NO_STATE):
            value = None
        else:
            value = original
        out[key] = "***" if key in SECRET_COLUMNS else _plain(value)
    return out


def _identity(obj: Any) -> str:
    # During after_flush a new object has its primary key but not yet its identity key.
    values = inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(v) for v in values)


def _dump(data: dict[str, Any] | None) -> str | None:
    return None if data is None else json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


_INSERT = AuditEntry.__table__.insert()


def _after_flush(session: Session, _ctx: Any) -> None:
    pending: list[tuple[str, Any, dict[str, Any] | None, dict[str, Any] | None]] = session.info.pop(
        "_audit_pending", []
    )
    if not pending:
        return
    actor = session.info.get("actor")
    now = utcnow()
    rows = []
    for action, obj, before, changed in pending:
        after = _columns(obj) if action == "insert" else changed
        rows.append(
            {
                "at": now,
                "user_id": getattr(actor, "user_id", None),
                "username": getattr(actor, "username", "") or "",
                "action": action,
                "entity": obj.__tablename__,
                "entity_id": _identity(obj),
                "before": _dump(before),
                "after": _dump(after),
            }
        )
    session.connection().execute(_INSERT, rows)


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    pending = session.info.setdefault("_audit_pending", [])
    for obj in session.new:
        if obj.__tablename__ not in NOT_AUDITED:
            pending.append(("insert", obj, None, None))
    for obj in session.dirty:
        if obj.__tablename__ in NOT_AUDITED or not session.is_modified(obj, include_collections=False):
            continue
        pending.append(("update", obj, _before(obj), _columns(obj)))
    for obj in session.deleted:
        if obj.__tablename__ not in NOT_AUDITED:
            pending.append(("delete", obj, _before(obj), None))


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)
