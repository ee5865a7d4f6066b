"""Money: integers in minor units, one rounding rule, refusals of floats and stray decimals."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from centre_app.domain.errors import DomainError, message
from centre_app.domain.money import Money, parse_amount, percent_of, round_half_up


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1 250 500", 1_250_500), ("1\u202f250\u202f500", 1_250_500), ("171250", 171_250), ("0", 0), ("12 F", 12)],
)
def test_parse_xof(text: str, expected: int) -> None:
    assert parse_amount(text, "XOF") == expected


@pytest.mark.parametrize(("text", "code"), [("12,5", "XOF"), ("12.50", "XOF"), ("1,005", "MAD")])
def test_parse_refuses_more_decimals_than_the_currency_has(text: str, code: str) -> None:
    with pytest.raises(DomainError) as err:
        parse_amount(text, code)
    assert err.value.code == "money.not_integer"
    assert "n'est pas un nombre entier" in message(err.value)


@pytest.mark.parametrize("text", ["-500", "douze", "12a", "", "1e5", "--3"])
def test_parse_refuses_negative_and_garbage(text: str) -> None:
    with pytest.raises(DomainError) as err:
        parse_amount(text, "XOF")
    assert err.value.code in {"money.negative", "money.invalid"}


def test_parse_mad_centimes() -> None:
    assert parse_amount("1 250,50", "MAD") == 125_050


@pytest.mark.parametrize("value", [12.5, 1.0, True, Decimal("3"), "3"])
def test_money_refuses_non_integers(value: object) -> None:
    with pytest.raises(DomainError):
        Money(value, "XOF")  # type: ignore[arg-type]


def test_currency_mismatch_refused() -> None:
    with pytest.raises(DomainError) as err:
        Money(100, "XOF") + Money(100, "MAD")
    assert err.value.code == "money.currency_mismatch"


def test_sum_of_tenths_is_exact() -> None:
    total = Money.zero("MAD")
    for _ in range(10):
        total += Money(10, "MAD")  # 0,10 DH
    assert total == Money(100, "MAD")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(5, 2), 3), (Fraction(-5, 2), -3), (Fraction(7, 3), 2), (Decimal("2.5"), 3), (Decimal("2.4999"), 2)],
)
def test_round_half_up(value: Fraction | Decimal, expected: int) -> None:
    assert round_half_up(value) == expected


def test_round_refuses_float() -> None:
    with pytest.raises(TypeError):
        round_half_up(2.5)  # type: ignore[arg-type]


def test_percent_of() -> None:
    assert percent_of(171_250, "2") == 3_425
    assert percent_of(150_025, "2.5") == 3_751  # 3 750,625 rounds up once


@given(st.integers(0, 10**12), st.lists(st.integers(0, 1000), min_size=1, max_size=8).filter(lambda w: sum(w) > 0))
def test_allocate_adds_up_exactly(amount: int, weights: list[int]) -> None:
    parts = Money(amount).allocate(weights)
    assert sum(p.amount for p in parts) == amount
    assert all(p.amount >= 0 for p in parts)
