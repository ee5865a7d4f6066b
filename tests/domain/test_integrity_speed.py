"""The canonical JSON of the hash chains, written for speed (``check`` hashes ten years again), is byte for byte
the one of the plain definition: every document already validated keeps its hash."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from centre_app.domain.integrity import GENESIS, canonical_json, chain_hash


def _reference(value: Any) -> Any:
    """The definition as first written (PRODUCT.md §8), kept here as the yardstick."""
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
        return {str(k): _reference(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_reference(v) for v in value]
    raise TypeError(f"cannot hash a {type(value).__name__}")


def _reference_json(value: Any) -> str:
    return json.dumps(_reference(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


WAT = timezone(timedelta(hours=1))


class Means(StrEnum):
    CASH = "especes"


SAMPLES = [
    {"number": "REC-2026-000001", "amount": 56_500, "at": datetime(2026, 11, 1, 8, 45, tzinfo=UTC),
     "day": date(2026, 11, 1), "party_id": None, "valid": True, "means": Means.CASH},
    {"lines": [(1, "SAC50", Decimal("12.500")), (2, "T", Decimal(0))], "note": "Tourteau « bio » — 1 000 kg"},
    {3: "clé entière", "nested": {"b": [1, 2, {"c": None}], "a": datetime(2026, 3, 1, tzinfo=WAT)}},
    ["un", 2, False, None, Decimal("-0.10")],
    "texte seul",
    0,
]  # fmt: skip


@pytest.mark.parametrize("value", SAMPLES)
def test_same_text_and_hash_as_the_definition(value: Any) -> None:
    assert canonical_json(value) == _reference_json(value)
    assert chain_hash(GENESIS, value) == hashlib.sha256((GENESIS + _reference_json(value)).encode()).hexdigest()


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.dates(), st.datetimes(timezones=st.just(UTC)),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
)  # fmt: skip
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                            st.dictionaries(st.one_of(st.text(max_size=5), st.integers()), inner, max_size=4)),
    max_leaves=20,
)  # fmt: skip


@given(documents)
def test_any_document_hashes_as_the_definition_says(value: Any) -> None:
    try:
        expected = _reference_json(value)
    except TypeError:  # mixed key types cannot be sorted: refused both ways
        with pytest.raises(TypeError):
            canonical_json(value)
        return
    assert canonical_json(value) == expected


def test_floats_are_refused_even_deep_inside() -> None:
    with pytest.raises(TypeError):
        canonical_json({"lines": [{"qty": 1.5}]})
