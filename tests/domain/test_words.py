"""Tests of centre_app.domain.words: French numbers and amounts in words (traditional spelling)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from centre_app.domain.errors import DomainError
from centre_app.domain.words import MAX_IN_WORDS, amount_in_words, amount_phrase, number_in_words

NINE_HUNDRED_NINETY_NINE = "neuf cent quatre-vingt-dix-neuf"
BELOW_MILLION_MAX = f"{NINE_HUNDRED_NINETY_NINE} mille {NINE_HUNDRED_NINETY_NINE}"

# Written by hand from the rules (not copied from the function's output).
NUMBERS: list[tuple[int, str]] = [
    (0, "zéro"),
    (1, "un"),
    (2, "deux"),
    (10, "dix"),
    (11, "onze"),
    (16, "seize"),
    (17, "dix-sept"),
    (19, "dix-neuf"),
    (20, "vingt"),
    (21, "vingt et un"),
    (22, "vingt-deux"),
    (30, "trente"),
    (31, "trente et un"),
    (39, "trente-neuf"),
    (41, "quarante et un"),
    (51, "cinquante et un"),
    (60, "soixante"),
    (61, "soixante et un"),
    (69, "soixante-neuf"),
    (70, "soixante-dix"),
    (71, "soixante et onze"),
    (72, "soixante-douze"),
    (77, "soixante-dix-sept"),
    (79, "soixante-dix-neuf"),
    (80, "quatre-vingts"),
    (81, "quatre-vingt-un"),
    (88, "quatre-vingt-huit"),
    (90, "quatre-vingt-dix"),
    (91, "quatre-vingt-onze"),
    (97, "quatre-vingt-dix-sept"),
    (99, "quatre-vingt-dix-neuf"),
    (100, "cent"),
    (101, "cent un"),
    (111, "cent onze"),
    (121, "cent vingt et un"),
    (171, "cent soixante et onze"),
    (180, "cent quatre-vingts"),
    (181, "cent quatre-vingt-un"),
    (199, "cent quatre-vingt-dix-neuf"),
    (200, "deux cents"),
    (201, "deux cent un"),
    (280, "deux cent quatre-vingts"),
    (300, "trois cents"),
    (380, "trois cent quatre-vingts"),
    (999, "neuf cent quatre-vingt-dix-neuf"),
    (1_000, "mille"),
    (1_001, "mille un"),
    (1_080, "mille quatre-vingts"),
    (1_100, "mille cent"),
    (1_200, "mille deux cents"),
    (1_971, "mille neuf cent soixante et onze"),
    (2_000, "deux mille"),
    (2_080, "deux mille quatre-vingts"),
    (10_000, "dix mille"),
    (21_000, "vingt et un mille"),
    (71_000, "soixante et onze mille"),
    (80_000, "quatre-vingt mille"),
    (81_000, "quatre-vingt-un mille"),
    (100_000, "cent mille"),
    (171_250, "cent soixante et onze mille deux cent cinquante"),
    (180_000, "cent quatre-vingt mille"),
    (200_000, "deux cent mille"),
    (200_200, "deux cent mille deux cents"),
    (280_000, "deux cent quatre-vingt mille"),
    (999_999, "neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf"),
    (1_000_000, "un million"),
    (1_000_001, "un million un"),
    (1_000_080, "un million quatre-vingts"),
    (1_001_000, "un million mille"),
    (1_080_000, "un million quatre-vingt mille"),
    (2_000_000, "deux millions"),
    (2_200_000, "deux millions deux cent mille"),
    (21_000_000, "vingt et un millions"),
    (80_000_000, "quatre-vingts millions"),
    (81_000_000, "quatre-vingt-un millions"),
    (100_000_000, "cent millions"),
    (200_000_000, "deux cents millions"),
    (200_080_000, "deux cents millions quatre-vingt mille"),
    (280_000_080, "deux cent quatre-vingts millions quatre-vingts"),
    (1_000_000_000, "un milliard"),
    (1_000_000_001, "un milliard un"),
    (1_000_000_080, "un milliard quatre-vingts"),
    (1_200_000_000, "un milliard deux cents millions"),
    (2_000_000_000, "deux milliards"),
    (3_080_000_200, "trois milliards quatre-vingts millions deux cents"),
    (80_000_000_000, "quatre-vingts milliards"),
    (200_000_000_000, "deux cents milliards"),
    (
        999_999_999_999,
        (
            "neuf cent quatre-vingt-dix-neuf milliards neuf cent quatre-vingt-dix-neuf millions "
            "neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf"
        ),
    ),
    (1_000_000_000_000, "mille milliards"),
    (1_000_000_000_001, "mille milliards un"),
    (1_001_000_000_000, "mille un milliards"),
    (2_000_000_000_000, "deux mille milliards"),
    (80_000_000_000_000, "quatre-vingt mille milliards"),
    (200_000_000_000_000, "deux cent mille milliards"),
    (
        999_999_999_999_999,
        f"{BELOW_MILLION_MAX} milliards {NINE_HUNDRED_NINETY_NINE} millions {BELOW_MILLION_MAX}",
    ),
    (-1, "moins un"),
    (-80, "moins quatre-vingts"),
    (-171_250, "moins cent soixante et onze mille deux cent cinquante"),
]


def test_table_is_large_and_has_no_duplicates() -> None:
    numbers = [n for n, _ in NUMBERS]
    assert len(NUMBERS) >= 70
    assert len(set(numbers)) == len(numbers)


@pytest.mark.parametrize(("n", "expected"), NUMBERS, ids=[str(n) for n, _ in NUMBERS])
def test_number_in_words(n: int, expected: str) -> None:
    assert number_in_words(n) == expected


@pytest.mark.parametrize(
    "bad", [1.0, 2.5, True, False, "12", Decimal(3), None, MAX_IN_WORDS + 1, -MAX_IN_WORDS - 1, 10**18]
)
def test_number_in_words_refuses(bad: object) -> None:
    with pytest.raises(ValueError):
        number_in_words(bad)  # type: ignore[arg-type]


# --- amount_in_words ---------------------------------------------------------------------------

AMOUNTS: list[tuple[int, str, str]] = [
    # XOF / XAF: no minor unit
    (171_250, "XOF", "cent soixante et onze mille deux cent cinquante francs CFA"),
    (1, "XOF", "un franc CFA"),
    (0, "XOF", "zéro franc CFA"),
    (2, "XOF", "deux francs CFA"),
    (80, "XOF", "quatre-vingts francs CFA"),
    (200, "XOF", "deux cents francs CFA"),
    (80_000, "XOF", "quatre-vingt mille francs CFA"),
    (1_000_000, "XOF", "un million de francs CFA"),
    (2_000_000, "XOF", "deux millions de francs CFA"),
    (200_000_000, "XOF", "deux cents millions de francs CFA"),
    (1_000_000_000, "XOF", "un milliard de francs CFA"),
    (1_000_000_000_000, "XOF", "mille milliards de francs CFA"),
    (1_000_100, "XOF", "un million cent francs CFA"),
    (1_001_000, "XOF", "un million mille francs CFA"),
    (1_200_000, "XAF", "un million deux cent mille francs CFA"),
    (1, "XAF", "un franc CFA"),
    (5_000, "XAF", "cinq mille francs CFA"),
    # CDF
    (1_250, "CDF", "douze francs congolais cinquante centimes"),
    (1_200, "CDF", "douze francs congolais"),
    (100, "CDF", "un franc congolais"),
    (101, "CDF", "un franc congolais un centime"),
    (100_000_000, "CDF", "un million de francs congolais"),
    (200_000_080, "CDF", "deux millions de francs congolais quatre-vingts centimes"),
    # MAD
    (125_050, "MAD", "mille deux cent cinquante dirhams cinquante centimes"),
    (101, "MAD", "un dirham un centime"),
    (100_000_000, "MAD", "un million de dirhams"),
    (200, "MAD", "deux dirhams"),
    (0, "MAD", "zéro dirham"),
    # EUR
    (100, "EUR", "un euro"),
    (1_280, "EUR", "douze euros quatre-vingts centimes"),
    (2_000_000_00, "EUR", "deux millions d'euros"),
    (71, "EUR", "soixante et onze centimes"),
    (1, "EUR", "un centime"),
    # USD
    (100, "USD", "un dollar"),
    (199, "USD", "un dollar quatre-vingt-dix-neuf cents"),
    (201, "USD", "deux dollars un cent"),
    (1_000_000_00, "USD", "un million de dollars"),
]


@pytest.mark.parametrize(("amount", "code", "expected"), AMOUNTS, ids=[f"{a}-{c}" for a, c, _ in AMOUNTS])
def test_amount_in_words(amount: int, code: str, expected: str) -> None:
    assert amount_in_words(amount, code) == expected


def test_amount_in_words_default_currency_is_xof() -> None:
    assert amount_in_words(171_250) == "cent soixante et onze mille deux cent cinquante francs CFA"


@pytest.mark.parametrize(
    ("amount", "code", "error_code"),
    [
        (12.5, "XOF", "money.invalid"),
        (1000.0, "XOF", "money.invalid"),
        (True, "XOF", "money.invalid"),
        (False, "EUR", "money.invalid"),
        ("1000", "XOF", "money.invalid"),
        (Decimal(10), "MAD", "money.invalid"),
        (-1, "XOF", "money.negative"),
        (-125_050, "MAD", "money.negative"),
        (100, "GBP", "money.unknown_currency"),
        (100, "xof", "money.unknown_currency"),
        ((MAX_IN_WORDS + 1), "XOF", "money.too_large"),
        ((MAX_IN_WORDS + 1) * 100, "EUR", "money.too_large"),
    ],
)
@pytest.mark.parametrize("function", [amount_in_words, amount_phrase])
def test_amount_refusals(function: object, amount: object, code: str, error_code: str) -> None:
    with pytest.raises(DomainError) as info:
        function(amount, code)  # type: ignore[operator]
    assert info.value.code == error_code


def test_refusal_parameters() -> None:
    with pytest.raises(DomainError) as info:
        amount_in_words(100, "GBP")
    assert info.value.params == {"currency": "GBP"}
    with pytest.raises(DomainError) as info:
        amount_in_words(-5)
    assert info.value.params == {"value": -5}
    with pytest.raises(DomainError) as info:
        amount_in_words(2.5)  # type: ignore[arg-type]
    assert info.value.params == {"value": 2.5}


# --- amount_phrase -----------------------------------------------------------------------------

PHRASES: list[tuple[int, str, str]] = [
    (171_250, "XOF", "cent soixante et onze mille deux cent cinquante (171 250) francs CFA"),
    (1, "XOF", "un (1) franc CFA"),
    (0, "XOF", "zéro (0) franc CFA"),
    (80, "XOF", "quatre-vingts (80) francs CFA"),
    (1_000_000, "XOF", "un million (1 000 000) francs CFA"),
    (2_500_000, "XAF", "deux millions cinq cent mille (2 500 000) francs CFA"),
    (125_050, "MAD", "mille deux cent cinquante dirhams cinquante centimes (1 250,50 DH)"),
    (1_200, "EUR", "douze euros (12,00 €)"),
    (1_250, "CDF", "douze francs congolais cinquante centimes (12,50 FC)"),
    (5, "USD", "cinq cents (0,05 $)"),
    (100_000_000, "MAD", "un million de dirhams (1 000 000,00 DH)"),
]


@pytest.mark.parametrize(("amount", "code", "expected"), PHRASES, ids=[f"{a}-{c}" for a, c, _ in PHRASES])
def test_amount_phrase(amount: int, code: str, expected: str) -> None:
    assert amount_phrase(amount, code) == expected


def test_amount_phrase_receipt_example_default_currency() -> None:
    assert amount_phrase(171_250) == "cent soixante et onze mille deux cent cinquante (171 250) francs CFA"


# --- properties --------------------------------------------------------------------------------

_VALUES: dict[str, int] = {
    "zéro": 0, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "quatrevingt": 80,
}  # fmt: skip


def _parse(words: str) -> int:
    """Independent reader of the spelled numbers (inverse of number_in_words)."""
    sign = 1
    if words.startswith("moins "):
        sign, words = -1, words.removeprefix("moins ")
    words = re.sub(r"quatre-vingts?", "quatrevingt", words)
    total = thousands = small = 0
    for token in re.split(r"[ -]", words):
        if token == "et":
            continue
        if token in _VALUES:
            small += _VALUES[token]
        elif token in ("cent", "cents"):
            small = (small or 1) * 100
        elif token == "mille":
            thousands += (small or 1) * 1000
            small = 0
        elif token in ("million", "millions"):
            total += (thousands + small) * 10**6
            thousands = small = 0
        elif token in ("milliard", "milliards"):
            total += (thousands + small) * 10**9
            thousands = small = 0
        else:
            raise AssertionError(f"unexpected word {token!r} in {words!r}")
    return sign * (total + thousands + small)


def test_parser_reads_the_hand_written_table() -> None:
    for n, expected in NUMBERS:
        assert _parse(expected) == n


_NOUNS = {"million", "millions", "milliard", "milliards"}


def _check_shape(n: int, text: str) -> None:
    assert text == text.strip()
    assert "  " not in text
    assert text == text.lower()
    words = text.split(" ")
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else None
        for plural in ("quatre-vingts", "cents"):
            if word == plural:  # the s only at the very end or before a noun
                assert following is None or following in _NOUNS, (n, text)
        if word == "quatre-vingt":  # no s: something other than a noun must follow
            assert following is not None and following not in _NOUNS, (n, text)
        if word == "cent" and i > 0 and words[i - 1] in _VALUES and words[i - 1] != "un":
            # multiplied « cent » without s: another number word must follow
            assert following is not None and following not in _NOUNS, (n, text)
    assert "milles" not in words
    for i, word in enumerate(words):
        if word == "mille" and i > 0 and words[i - 1] == "un":
            # « mille », never « un mille »; but « vingt et un mille », « cent un mille »
            assert i > 1 and words[i - 2] not in _NOUNS, (n, text)
    assert "quatre-vingts-" not in text
    for i, word in enumerate(words):
        if word == "et":  # only 21, 31, 41, 51, 61 and 71
            pair = (words[i - 1], words[i + 1])
            assert pair[1] == "un" or pair == ("soixante", "onze"), (n, text)
            assert pair[0] in ("vingt", "trente", "quarante", "cinquante", "soixante"), (n, text)


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=-MAX_IN_WORDS, max_value=MAX_IN_WORDS))
def test_shape_and_round_trip_full_range(n: int) -> None:
    text = number_in_words(n)
    _check_shape(n, text)
    assert _parse(text) == n


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=999_999),
    st.sampled_from([1, 10**3, 10**6, 10**9]),
    st.sampled_from([0, 80, 180, 200, 280, 1_080]),
)
def test_shape_around_eighty_and_hundreds(head: int, scale: int, tail: int) -> None:
    n = head * scale + tail
    if n > MAX_IN_WORDS:
        return
    text = number_in_words(n)
    _check_shape(n, text)
    assert _parse(text) == n


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=2, max_size=300, unique=True))
def test_injective_on_samples(numbers: list[int]) -> None:
    assert len({number_in_words(n) for n in numbers}) == len(numbers)


def test_injective_below_hundred_thousand() -> None:
    assert len({number_in_words(n) for n in range(100_000)}) == 100_000
