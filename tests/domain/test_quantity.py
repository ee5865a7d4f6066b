"""Exact quantities: conversion to the base unit, refusals, storage and human description."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import ascii_safe
from centre_app.domain.quantity import (
    PackagingUnit,
    UnitSet,
    check_base,
    from_base_milli,
    parse_quantity,
    to_base_milli,
)

SAC = PackagingUnit("sac", "sac", "sacs", Decimal(50))
TONNE = PackagingUnit("t", "tonne", "tonnes", Decimal(1000))
TINE = PackagingUnit("tine", "tine", "tines", Decimal("17.5"))

MIL = UnitSet("kg", "kg", "kg", (SAC, TONNE, TINE))
SAC_ONLY = UnitSet("kg", "kg", "kg", (SAC, TONNE))
PIERRE = UnitSet("bloc", "bloc", "blocs", (PackagingUnit("carton", "carton", "cartons", Decimal(12)),))
BARE = UnitSet("pce", "pièce", "pièces")


# --- to_base --------------------------------------------------------------------------


def test_to_base_packaging_units() -> None:
    assert MIL.to_base(12, "sac") == Decimal(600)
    assert MIL.to_base("2", "t") == Decimal(2000)
    assert MIL.to_base(Decimal("10.5"), "sac") == Decimal(525)
    assert MIL.to_base("12,5", "tine") == Decimal("218.75")
    assert MIL.to_base(3, "tine") == Decimal("52.5")


def test_to_base_in_base_unit_itself() -> None:
    assert MIL.to_base("1 200", "kg") == Decimal(1200)
    assert MIL.to_base(Decimal("0.250"), "kg") == Decimal("0.25")
    assert BARE.to_base(7, "pce") == Decimal(7)


def test_to_base_result_is_canonical() -> None:
    result = MIL.to_base(Decimal("1.000"), "t")
    assert result == 1000
    assert str(result) == "1000"


def test_unknown_unit_refused_with_product_name() -> None:
    with pytest.raises(DomainError) as info:
        MIL.to_base(1, "bidon", product="Mil local")
    assert info.value.code == "quantity.unknown_unit"
    assert info.value.params == {"unit": "bidon", "product": "Mil local"}
    assert str(info.value) == "L'unité « bidon » n'existe pas pour Mil local."


def test_unknown_unit_without_product_name() -> None:
    with pytest.raises(DomainError) as info:
        PIERRE.to_base(1, "sac")
    assert info.value.code == "quantity.unknown_unit"
    assert "ce produit" in str(info.value)


def test_negative_refused_unless_allowed() -> None:
    with pytest.raises(DomainError) as info:
        MIL.to_base(-1, "sac")
    assert info.value.code == "quantity.negative"
    with pytest.raises(DomainError) as info:
        MIL.to_base("-2,5", "kg")
    assert info.value.code == "quantity.negative"
    assert MIL.to_base(-1, "sac", allow_negative=True) == Decimal(-50)


NOT_NUMBERS = [1.5, 50.0, float("nan"), Decimal("NaN"), Decimal("Infinity"), True, None, "abc"]


@pytest.mark.parametrize("bad", NOT_NUMBERS)
def test_invalid_values_refused(bad: object) -> None:
    with pytest.raises(DomainError) as info:
        MIL.to_base(bad, "sac")  # type: ignore[arg-type]
    assert info.value.code == "quantity.invalid"


def test_too_precise_after_conversion() -> None:
    with pytest.raises(DomainError) as info:
        MIL.to_base(Decimal("0.0001"), "kg")
    assert info.value.code == "quantity.too_precise"
    # 0,00001 tine is 0,000175 kg: more than 3 decimals of kg.
    with pytest.raises(DomainError) as info:
        MIL.to_base(Decimal("0.00001"), "tine")
    assert info.value.code == "quantity.too_precise"
    # Many digits typed in a sac: no silent rounding by the 28-digit Decimal context.
    with pytest.raises(DomainError) as info:
        MIL.to_base(Decimal("1.00000000000000000000000000001"), "sac")
    assert info.value.code == "quantity.too_precise"
    # 0,0001 t is exactly 0,1 kg: fine even though the typed value has 4 decimals.
    assert MIL.to_base(Decimal("0.0001"), "t") == Decimal("0.1")


def test_too_large_refused() -> None:
    with pytest.raises(DomainError) as info:
        MIL.to_base(Decimal("1E+12"), "t")
    assert info.value.code == "quantity.too_large"


def test_duplicate_unit_codes_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate unit code"):
        UnitSet("kg", "kg", "kg", (SAC, PackagingUnit("sac", "sac", "sacs", Decimal(25))))


def test_packaging_factor_must_be_positive_decimal() -> None:
    with pytest.raises(TypeError):
        PackagingUnit("sac", "sac", "sacs", 50.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must be positive"):
        PackagingUnit("sac", "sac", "sacs", Decimal(0))
    assert PackagingUnit("sac", "sac", "sacs", 50).factor == Decimal(50)  # type: ignore[arg-type]


# --- storage --------------------------------------------------------------------------


def test_milli_helpers() -> None:
    assert to_base_milli(Decimal("12.5")) == 12_500
    assert to_base_milli(Decimal("0.001")) == 1
    assert to_base_milli(Decimal("-3")) == -3000
    assert from_base_milli(12_500) == Decimal("12.5")
    assert str(from_base_milli(600_000)) == "600"
    assert str(from_base_milli(0)) == "0"
    with pytest.raises(DomainError) as info:
        to_base_milli(Decimal("0.0005"))
    assert info.value.code == "quantity.too_precise"
    with pytest.raises(DomainError):
        to_base_milli(1.5)  # type: ignore[arg-type]
    with pytest.raises(DomainError):
        from_base_milli(True)


@given(st.integers(min_value=-999_999_999_999_000, max_value=999_999_999_999_000))
def test_milli_round_trip(n: int) -> None:
    assert to_base_milli(from_base_milli(n)) == n


def test_check_base() -> None:
    assert check_base(Decimal("5.500")) == Decimal("5.5")
    with pytest.raises(DomainError):
        check_base(Decimal(-1))


# --- parse_quantity -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", Decimal(12)),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("1 200", Decimal(1200)),
        ("1\u202f200", Decimal(1200)),
        ("1\u00a0200,75", Decimal("1200.75")),
        ("12 345 678", Decimal(12_345_678)),
        ("  7 ", Decimal(7)),
        ("-3", Decimal(-3)),
        ("\u22123", Decimal(-3)),
        ("0,250", Decimal("0.25")),
        ("1200", Decimal(1200)),
    ],
)
def test_parse_quantity(text: str, expected: Decimal) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    "text", ["", " ", "abc", "12 kg", "1e3", "NaN", "inf", "12,", ",5", "1,2,3", "12 34", "1 2", "1.200,5"]
)
def test_parse_quantity_refuses(text: str) -> None:
    with pytest.raises(DomainError) as info:
        parse_quantity(text)
    assert info.value.code == "quantity.invalid"


def test_parse_quantity_refuses_ambiguous_dot_thousands() -> None:
    with pytest.raises(DomainError) as info:
        parse_quantity("1.200")
    assert info.value.code == "quantity.ambiguous"


def test_parse_quantity_is_exact_for_long_inputs() -> None:
    assert parse_quantity("1,00000000000000000000000000001") == Decimal("1.00000000000000000000000000001")
    with pytest.raises(DomainError) as info:
        MIL.to_base("1,00000000000000000000000000001", "kg")
    assert info.value.code == "quantity.too_precise"
    assert check_base(Decimal("123456789012.500000000000000000000000000000")) == Decimal("123456789012.5")


def test_parse_quantity_refuses_float() -> None:
    with pytest.raises(DomainError) as info:
        parse_quantity(12.5)  # type: ignore[arg-type]
    assert info.value.code == "quantity.invalid"


# --- describe -------------------------------------------------------------------------


def test_describe_exact_strings() -> None:
    assert MIL.describe(Decimal(600)) == "12\u00a0sacs (600\u00a0kg)"
    assert ascii_safe(MIL.describe(Decimal(600))) == "12 sacs (600 kg)"
    assert MIL.describe(Decimal(50)) == "1\u00a0sac (50\u00a0kg)"
    assert MIL.describe(Decimal(0)) == "0\u00a0kg"
    assert MIL.describe(Decimal(2000)) == "2\u00a0tonnes (2\u202f000\u00a0kg)"
    assert MIL.describe(Decimal(1000)) == "1\u00a0tonne (1\u202f000\u00a0kg)"


def test_describe_simple_decimal_of_preferred_unit() -> None:
    assert SAC_ONLY.describe(Decimal(525)) == "10,5\u00a0sacs (525\u00a0kg)"
    assert ascii_safe(SAC_ONLY.describe(Decimal(525))) == "10,5 sacs (525 kg)"
    assert SAC_ONLY.describe(Decimal("512.5")) == "10,25\u00a0sacs (512,5\u00a0kg)"
    assert SAC_ONLY.describe(Decimal(75)) == "1,5\u00a0sac (75\u00a0kg)"


def test_describe_largest_exact_unit_wins() -> None:
    # 525 kg is exactly 30 tines: an exact count beats « 10,5 sacs ».
    assert MIL.describe(Decimal(525)) == "30\u00a0tines (525\u00a0kg)"
    assert MIL.describe(Decimal(3000)) == "3\u00a0tonnes (3\u202f000\u00a0kg)"


def test_describe_base_only() -> None:
    assert ascii_safe(MIL.describe(Decimal("525.3"))) == "525,3 kg"
    assert MIL.describe(Decimal("525.3")) == "525,3\u00a0kg"
    assert MIL.describe(Decimal("0.5")) == "0,5\u00a0kg"  # 0,01 sac is not a helpful description
    assert BARE.describe(Decimal(1)) == "1\u00a0pièce"
    assert BARE.describe(Decimal(3)) == "3\u00a0pièces"
    assert BARE.describe(Decimal(0)) == "0\u00a0pièce"
    assert PIERRE.describe(Decimal(24)) == "2\u00a0cartons (24\u00a0blocs)"
    assert PIERRE.describe(Decimal(1)) == "1\u00a0bloc"


def test_describe_refuses_unstorable_quantities() -> None:
    with pytest.raises(DomainError) as info:
        MIL.describe(Decimal("0.0001"))
    assert info.value.code == "quantity.too_precise"
    with pytest.raises(DomainError) as info:
        MIL.describe(1.5)  # type: ignore[arg-type]
    assert info.value.code == "quantity.invalid"


def test_describe_negative_and_large() -> None:
    assert ascii_safe(MIL.describe(Decimal(-100))) == "-2 sacs (-100 kg)"
    assert ascii_safe(MIL.describe(Decimal(1_250_000))) == "1 250 tonnes (1 250 000 kg)"


_DESCRIPTION = re.compile(r"(?P<count>[-\d\u202f,]+)\u00a0(?P<unit>\S+) \((?P<base>[-\d\u202f,]+)\u00a0kg\)")


@given(
    unit=st.sampled_from(MIL.units),
    count=st.integers(min_value=1, max_value=1_000_000),
)
def test_to_base_then_describe_round_trips(unit: PackagingUnit, count: int) -> None:
    base = MIL.to_base(count, unit.code)
    described = MIL.describe(base)
    match = _DESCRIPTION.fullmatch(described)
    assert match is not None, described
    # The base quantity in parentheses is exactly the converted quantity...
    assert parse_quantity(match["base"]) == base
    # ...and the count in the unit chosen gives it back too.
    chosen = next(u for u in MIL.units if match["unit"] in (u.name, u.plural))
    assert parse_quantity(match["count"]) * chosen.factor == base
    assert chosen.factor >= unit.factor  # never a smaller unit than the one typed


@given(milli=st.integers(min_value=0, max_value=10**12))
def test_describe_always_shows_the_exact_base_quantity(milli: int) -> None:
    base = from_base_milli(milli)
    described = MIL.describe(base)
    base_text = described.rsplit("(", 1)[-1].removesuffix(")")
    assert parse_quantity(base_text.removesuffix("\u00a0kg")) == base
