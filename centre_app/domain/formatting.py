"""The one place that formats numbers, money and dates for humans (on babel).

Every screen, receipt, PDF and export goes through these functions, with the locale
passed in (``DEFAULT_LOCALE`` is ``fr_BF``, the Djibo office). French typography is
babel's: the group separator is a narrow no-break space (U+202F) and the space before a
currency symbol is a no-break space (U+00A0), so « 1 250 500 F CFA » never breaks
across two lines. Text that leaves for a PDF goes through :func:`pdf_safe`; text that
leaves for a CSV file or a terminal goes through :func:`ascii_safe`.
"""

from __future__ import annotations

import copy
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.dates import format_skeleton as _babel_format_skeleton
from babel.numbers import NumberPattern, get_currency_symbol
from babel.numbers import format_decimal as _babel_format_decimal

from centre_app.domain.money import DEFAULT_CURRENCY
from centre_app.domain.money import currency as get_currency

DEFAULT_LOCALE = "fr_BF"

NNBSP = "\u202f"  # narrow no-break space: French thousands separator
NBSP = "\u00a0"  # no-break space: before a currency symbol or a unit

# Babel/CLDR write the franc CFA « F CFA » (XOF, with U+202F inside) in French but
# « FCFA » (XAF). The office says « F CFA » for both: one spelling everywhere.
_CFA_SYMBOL = f"F{NNBSP}CFA"

_COUNTRY_LOCALES: dict[str, str] = {
    "BF": "fr_BF",
    "ML": "fr_ML",
    "NE": "fr_NE",
    "SN": "fr_SN",
    "CI": "fr_CI",
    "TG": "fr_TG",
    "BJ": "fr_BJ",
    "CM": "fr_CM",
    "CD": "fr_CD",
    "MA": "fr_MA",
}


def _check_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int (got {type(value).__name__})")
    return value


def display_symbol(code: str) -> str:
    """The symbol shown after an amount: the app's own table (``money.CURRENCIES``).

    Spaces inside a symbol become U+202F, as babel writes « F CFA ». Babel's own
    symbol is not used because it differs from what the office writes for several
    currencies (« FCFA » for XAF, « MAD » for the dirham, « $US »...).
    """
    symbol = get_currency(code).symbol
    return _CFA_SYMBOL if code in ("XOF", "XAF") else symbol.replace(" ", NNBSP)


def _fixed_pattern(pattern: NumberPattern, decimals: int) -> NumberPattern:
    fixed = copy.copy(pattern)
    fixed.frac_prec = (decimals, decimals)
    return fixed


def format_money(
    amount_minor: int,
    currency: str = DEFAULT_CURRENCY,
    locale: str = DEFAULT_LOCALE,
    *,
    symbol: bool = True,
) -> str:
    """An amount in minor units, grouped by the locale, with exactly the currency's decimals.

    ``format_money(1250500)`` → ``"1\\u202f250\\u202f500\\u00a0F\\u202fCFA"`` (reads
    « 1 250 500 F CFA »); ``format_money(125050, "MAD", "fr_MA")`` →
    ``"1\\u202f250,50\\u00a0DH"``. ``symbol=False`` gives only the grouped number.
    Symbol placement and the sign follow the locale's currency pattern.
    """
    _check_int(amount_minor, "amount_minor")
    cur = get_currency(currency)
    loc = Locale.parse(locale)
    major = Decimal(amount_minor).scaleb(-cur.exponent)
    if not symbol:
        pattern = _fixed_pattern(loc.decimal_formats[None], cur.exponent)
        return pattern.apply(major, loc)
    pattern = _fixed_pattern(loc.currency_formats["standard"], cur.exponent)
    text = pattern.apply(major, loc, currency=cur.code, currency_digits=False)
    return text.replace(get_currency_symbol(cur.code, locale=loc), display_symbol(cur.code))


def format_number(value: int | Decimal, locale: str = DEFAULT_LOCALE, decimals: int | None = None) -> str:
    """A number grouped by the locale: ``Decimal("1250.5")`` → ``"1\\u202f250,5"``.

    ``decimals=None`` shows every significant decimal of the value (trailing zeros
    dropped, nothing rounded away); an int ``decimals`` shows exactly that many,
    rounded half away from zero (the app's one rounding rule). Floats are refused.
    """
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"format_number takes an int or a Decimal (got {type(value).__name__})")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"cannot format {value!r}")
    loc = Locale.parse(locale)
    if decimals is None:
        if number == 0:
            number = Decimal(0)  # never « -0 »
        return _babel_format_decimal(number, locale=loc, decimal_quantization=False)
    _check_int(decimals, "decimals")
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)
    return _fixed_pattern(loc.decimal_formats[None], decimals).apply(number, loc)


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


def format_date(d: date, locale: str = DEFAULT_LOCALE) -> str:
    """Short date of the locale: ``"22/11/2026"`` in French."""
    return _babel_format_date(_as_date(d), "short", locale=locale)


def format_date_long(d: date, locale: str = DEFAULT_LOCALE) -> str:
    """Long date of the locale: ``"22 novembre 2026"`` in French, ``"1er novembre 2026"`` for the first of a month
    (French writes the first day as an ordinal: « le 1er novembre »)."""
    day = _as_date(d)
    text = _babel_format_date(day, "long", locale=locale)
    if day.day == 1 and locale.startswith("fr") and text.startswith("1 "):
        return "1er " + text[2:]
    return text


def format_month(d: date, locale: str = DEFAULT_LOCALE) -> str:
    """Month and year of a date: ``"novembre 2026"`` in French (report titles)."""
    return _babel_format_skeleton("yMMMM", _as_date(d), locale=locale)


def format_datetime(dt: datetime, locale: str = DEFAULT_LOCALE) -> str:
    """Short date and time of the locale: ``"22/11/2026 14:05"`` in fr_BF.

    The wall-clock time stored in ``dt`` is shown as is (no time-zone conversion).
    The joining of date and time is the locale's own (CLDR writes « , » for fr_ML).
    """
    if not isinstance(dt, datetime):
        raise TypeError("format_datetime takes a datetime")
    return _babel_format_datetime(dt, "short", tzinfo=dt.tzinfo, locale=locale)


# --- text going out of the application -------------------------------------------------

_ZERO_WIDTH = {
    "\u200b",  # zero width space
    "\u200c",  # zero width non-joiner
    "\u200d",  # zero width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark / zero width no-break space
    "\u00ad",  # soft hyphen
}

# Spaces a PDF font may lack, mapped to the two it has (besides U+0020).
_SPACE_MAP = {
    "\u2007": NNBSP,  # figure space (used in tables of numbers)
    "\u2009": NNBSP,  # thin space (« 1 250 » typed on some keyboards)
    "\u200a": NNBSP,  # hair space
    "\u2008": " ",  # punctuation space
}

_CHAR_MAP = {
    "\t": " ",
    "\u2028": "\n",  # line separator
    "\u2029": "\n",  # paragraph separator
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2212": "-",  # minus sign
}


def pdf_safe(text: str) -> str:
    """The one path for text going into a PDF.

    - normalises to NFC (an « é » typed as e + combining accent becomes one character);
    - ends of line ``\\r\\n`` and ``\\r`` become ``\\n``; ``\\n`` is kept (multi-line fields);
    - a tab becomes a space; line/paragraph separators (U+2028/U+2029) become ``\\n``;
    - zero-width characters, the soft hyphen, the BOM and every other invisible format
      character (Unicode category Cf, e.g. bidi marks) are removed;
    - other control characters (category Cc), private-use characters and lone
      surrogates are removed;
    - U+00A0 and U+202F are kept (the embedded font has them); figure, thin and hair
      spaces become U+202F, every other exotic space becomes a plain space;
    - hyphen, non-breaking hyphen and the minus sign (U+2010, U+2011, U+2212) become ``-``;
    - letters, accents (including Fulfulde letters such as ɓ, ɗ, ŋ, ƴ) and the
      typographic apostrophe ’ are kept as they are.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    for ch in text:
        if ch in _ZERO_WIDTH:
            continue
        mapped = _CHAR_MAP.get(ch) or _SPACE_MAP.get(ch)
        if mapped is not None:
            out.append(mapped)
            continue
        if ch in ("\n", NBSP, NNBSP):
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Co", "Cs"):
            continue
        out.append(" " if category == "Zs" and ch != " " else ch)
    # Removing a joiner can leave a letter next to a combining accent: compose again.
    return unicodedata.normalize("NFC", "".join(out))


def ascii_safe(text: str) -> str:
    """Plain spaces instead of U+202F and U+00A0 (CSV files, terminals, logs).

    ``ascii_safe(format_money(1250500))`` → ``"1 250 500 F CFA"``. Accented letters
    are kept: only the special spaces are replaced.
    """
    return text.replace(NNBSP, " ").replace(NBSP, " ")


def locale_for_country(code: str) -> str:
    """The locale for an ISO country code (« BF » → ``"fr_BF"``); ``DEFAULT_LOCALE`` otherwise."""
    return _COUNTRY_LOCALES.get((code or "").strip().upper(), DEFAULT_LOCALE)
