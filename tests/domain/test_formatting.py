"""Formatting for humans: exact babel strings (U+202F / U+00A0 spelled out), PDF and ASCII paths."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import (
    DEFAULT_LOCALE,
    ascii_safe,
    display_symbol,
    format_date,
    format_date_long,
    format_datetime,
    format_money,
    format_month,
    format_number,
    locale_for_country,
    pdf_safe,
)
from centre_app.domain.money import parse_amount


def test_default_locale_is_burkina() -> None:
    assert DEFAULT_LOCALE == "fr_BF"


# --- money ----------------------------------------------------------------------------


def test_xof_in_fr_bf_is_babel_output_exactly() -> None:
    text = format_money(1_250_500)
    assert text == "1\u202f250\u202f500\u00a0F\u202fCFA"
    assert ascii_safe(text) == "1 250 500 F CFA"


def test_xof_explicit_arguments_same_result() -> None:
    assert format_money(1_250_500, "XOF", "fr_BF") == "1\u202f250\u202f500\u00a0F\u202fCFA"


def test_xof_matches_babel_format_currency() -> None:
    from babel.numbers import format_currency

    assert format_money(1_250_500) == format_currency(1_250_500, "XOF", locale="fr_BF")


def test_xaf_normalised_to_f_cfa() -> None:
    # babel writes « FCFA » for XAF; the office writes « F CFA » for both francs.
    text = format_money(1_250_500, "XAF", "fr_CM")
    assert text == "1\u202f250\u202f500\u00a0F\u202fCFA"
    assert ascii_safe(text) == "1 250 500 F CFA"
    assert display_symbol("XAF") == display_symbol("XOF") == "F\u202fCFA"


def test_xof_has_no_decimals_and_small_amounts() -> None:
    assert format_money(0) == "0\u00a0F\u202fCFA"
    assert format_money(5) == "5\u00a0F\u202fCFA"
    assert format_money(1000) == "1\u202f000\u00a0F\u202fCFA"
    assert format_money(999) == "999\u00a0F\u202fCFA"


def test_negative_xof() -> None:
    assert format_money(-1_250_500) == "-1\u202f250\u202f500\u00a0F\u202fCFA"


def test_mad_in_fr_ma_has_two_decimals_and_dh() -> None:
    text = format_money(125_050, "MAD", "fr_MA")
    assert text == "1\u202f250,50\u00a0DH"
    assert ascii_safe(text) == "1 250,50 DH"
    assert format_money(125_000, "MAD", "fr_MA") == "1\u202f250,00\u00a0DH"
    assert format_money(5, "MAD", "fr_MA") == "0,05\u00a0DH"


def test_other_currencies() -> None:
    assert format_money(125_050, "CDF", "fr_CD") == "1\u202f250,50\u00a0FC"
    assert format_money(125_050, "EUR", "fr_BF") == "1\u202f250,50\u00a0€"


def test_symbol_false_gives_grouped_number_only() -> None:
    assert format_money(1_250_500, symbol=False) == "1\u202f250\u202f500"
    assert format_money(125_050, "MAD", "fr_MA", symbol=False) == "1\u202f250,50"


def test_format_money_refuses_float_and_unknown_currency() -> None:
    with pytest.raises(TypeError):
        format_money(12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_money(True)  # type: ignore[arg-type]
    with pytest.raises(DomainError) as info:
        format_money(100, "GBP")
    assert info.value.code == "money.unknown_currency"


@given(st.integers(min_value=-999_999_999_999, max_value=999_999_999_999))
def test_xof_round_trips_through_parse_amount(amount: int) -> None:
    text = format_money(amount, symbol=False)
    assert parse_amount(text, "XOF", allow_negative=True) == amount


@given(st.integers(min_value=0, max_value=99_999_999_999_900))
def test_mad_round_trips_through_parse_amount(amount: int) -> None:
    assert parse_amount(format_money(amount, "MAD", "fr_MA", symbol=False), "MAD") == amount


# --- numbers --------------------------------------------------------------------------


def test_format_number() -> None:
    assert format_number(1_250_500) == "1\u202f250\u202f500"
    assert format_number(Decimal("1250.5")) == "1\u202f250,5"
    assert format_number(Decimal("10.50")) == "10,5"
    assert format_number(Decimal("0.001")) == "0,001"
    assert format_number(Decimal("6E+2")) == "600"
    assert format_number(Decimal("-0")) == "0"
    assert format_number(Decimal("-3.5")) == "-3,5"


def test_format_number_with_decimals_rounds_half_up() -> None:
    assert format_number(Decimal("2.345"), decimals=2) == "2,35"
    assert format_number(Decimal("2.5"), decimals=0) == "3"
    assert format_number(Decimal("-2.5"), decimals=0) == "-3"
    assert format_number(12, decimals=2) == "12,00"
    assert format_number(Decimal("1234.5"), decimals=1) == "1\u202f234,5"
    assert format_number(Decimal("-0.001"), decimals=2) == "0,00"


def test_format_number_refuses_float() -> None:
    with pytest.raises(TypeError):
        format_number(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cannot format"):
        format_number(Decimal("NaN"))


# --- dates ----------------------------------------------------------------------------


def test_dates() -> None:
    d = date(2026, 11, 22)
    assert format_date(d) == "22/11/2026"
    assert format_date_long(d) == "22 novembre 2026"
    assert format_date_long(date(2026, 1, 2)) == "2 janvier 2026"
    assert format_date_long(date(2026, 11, 1)) == "1er novembre 2026"  # French writes the first as an ordinal
    assert format_date_long(date(2026, 11, 1), "en") == "November 1, 2026"
    assert format_month(d) == "novembre 2026"
    assert format_datetime(datetime(2026, 11, 22, 14, 5)) == "22/11/2026 14:05"
    assert format_date(date(2026, 1, 2), "fr_SN") == "02/01/2026"


def test_format_datetime_keeps_wall_clock_of_aware_datetime() -> None:
    dt = datetime(2026, 11, 22, 14, 5, tzinfo=timezone(timedelta(hours=3)))
    assert format_datetime(dt) == "22/11/2026 14:05"


def test_format_date_of_a_datetime_uses_its_day() -> None:
    assert format_date(datetime(2026, 11, 22, 23, 59)) == "22/11/2026"


# --- text out -------------------------------------------------------------------------


def test_pdf_safe_keeps_french_spaces_and_apostrophe() -> None:
    text = "Maïs l\u2019ensemble : 1\u202f250\u00a0F\u202fCFA"
    assert pdf_safe(text) == text


def test_pdf_safe_normalises_and_cleans() -> None:
    assert pdf_safe("e\u0301") == "é"  # NFC
    assert pdf_safe("e\u200d\u0301") == "é"  # composed again once the joiner is gone
    assert pdf_safe("a\tb") == "a b"
    assert pdf_safe("a\u200bb\u200c\u200d\ufeffc\u00add") == "abcd"
    assert pdf_safe("a\x00b\x07c\x1bd") == "abcd"
    assert pdf_safe("ligne 1\r\nligne 2\rligne 3\nfin") == "ligne 1\nligne 2\nligne 3\nfin"
    assert pdf_safe("a\u2028b") == "a\nb"
    assert pdf_safe("1\u2009250") == "1\u202f250"
    assert pdf_safe("a\u3000b") == "a b"
    assert pdf_safe("\u2212 5") == "- 5"
    assert pdf_safe("\u200fبا") == "با"  # bidi mark removed, letters kept
    assert pdf_safe("Ɓaaba Ɗiallo ŋ ƴ") == "Ɓaaba Ɗiallo ŋ ƴ"


@given(st.text())
def test_pdf_safe_output_is_clean(text: str) -> None:
    out = pdf_safe(text)
    assert unicodedata.is_normalized("NFC", out)
    for ch in out:
        assert ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs")
    assert "\t" not in out
    assert "\r" not in out


def test_ascii_safe() -> None:
    assert ascii_safe("1\u202f250\u00a0F\u202fCFA") == "1 250 F CFA"
    assert ascii_safe("déjà") == "déjà"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("BF", "fr_BF"),
        ("ML", "fr_ML"),
        ("NE", "fr_NE"),
        ("SN", "fr_SN"),
        ("CI", "fr_CI"),
        ("TG", "fr_TG"),
        ("BJ", "fr_BJ"),
        ("CM", "fr_CM"),
        ("CD", "fr_CD"),
        ("MA", "fr_MA"),
        ("bf", "fr_BF"),
        ("FR", "fr_BF"),
        ("", "fr_BF"),
    ],
)
def test_locale_for_country(code: str, expected: str) -> None:
    assert locale_for_country(code) == expected


def test_every_country_locale_formats_xof() -> None:
    for code in ("BF", "ML", "NE", "SN", "CI", "TG", "BJ"):
        assert ascii_safe(format_money(1_250_500, "XOF", locale_for_country(code))) == "1 250 500 F CFA"
