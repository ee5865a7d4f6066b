"""Canonical JSON and the SHA-256 hash chain used for inalterability (PRODUCT.md §8).

hash = SHA-256(previous_hash || canonical_json(frozen fields)); canonical JSON has sorted keys,
no whitespace, integers for money, ISO dates; floats are refused.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64


_PLAIN = frozenset({str, int, bool, type(None)})  # exact types written as they are


def _normalise(value: Any) -> Any:
    """The JSON value of ``value``. Exact types first: ``check`` hashes every document of ten years again
    (PRODUCT.md §15); anything else (str or int subclasses, Decimal…) takes :func:`_normalise_any`."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict:  # a document's fields: mostly plain values, kept without a call each
        return {k if type(k) is str else str(k): v if type(v) in _PLAIN else _normalise(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [v if type(v) in _PLAIN else _normalise(v) for v in value]
    if kind is date:
        return value.isoformat()
    if kind is datetime:
        return value.isoformat(timespec="microseconds")
    return _normalise_any(value)


def _normalise_any(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, float):
        raise TypeError("floats are not allowed in hashed documents")
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value != 0 else "0"
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    raise TypeError(f"cannot hash a {type(value).__name__}")


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)  # json.dumps's, built once


def canonical_json(data: Any) -> str:
    return _ENCODER.encode(_normalise(data))


def chain_hash(previous_hash: str, data: Any) -> str:
    return hashlib.sha256((previous_hash + canonical_json(data)).encode("utf-8")).hexdigest()
