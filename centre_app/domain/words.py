"""Amounts in French words, as written on receipts, invoices and cheques.

Burkinabè and West African practice: « Arrêté la présente facture à la somme de
cent soixante et onze mille deux cent cinquante (171 250) francs CFA ».

Spelling is the traditional one (not the 1990 reform):

* hyphens only inside compounds below one hundred (« dix-sept », « quatre-vingt-un »),
  « et » for 21, 31, 41, 51, 61 and 71 (« vingt et un », « soixante et onze »), never for 81 and 91;
* « vingt » and « cent » take an s when multiplied and last (« quatre-vingts », « deux cents »),
  lose it when another number word follows, « mille » included (« quatre-vingt mille »,
  « deux cent un »), and keep it before the nouns « millions » / « milliards »
  (« deux cents millions »);
* « mille » is invariable and never preceded by « un »; « million » and « milliard » are nouns
  (« un million », « deux millions », « mille milliards »).
"""

from __future__ import annotations

from dataclasses import dataclass

from centre_app.domain.errors import DomainError
from centre_app.domain.money import CURRENCIES

__all__ = ["MAX_IN_WORDS", "amount_in_words", "amount_phrase", "number_in_words"]

# Largest absolute value number_in_words spells (and largest major amount amount_in_words accepts).
MAX_IN_WORDS = 999_999_999_999_999

_UNITS: tuple[str, ...] = (
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
    "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize",
)  # fmt: skip

# Tens word for 20, 30, 40, 50 and 60 (70 and 90 are built on 60 and 80).
_TENS: dict[int, str] = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int, *, final: bool) -> str:
    """1..99. ``final``: nothing but a noun (million, milliard) or nothing at all follows."""
    if n <= 16:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix.., quatre-vingt-dix..: the base ten plus 10..19
        base, rest = ("soixante", n - 60) if tens == 7 else ("quatre-vingt", n - 80)
        if rest == 11 and tens == 7:
            return "soixante et onze"
        return f"{base}-{_below_100(rest, final=True)}"
    if tens == 8:
        if unit == 0:
            return "quatre-vingts" if final else "quatre-vingt"
        return "quatre-vingt-" + _UNITS[unit]
    word = _TENS[tens]
    if unit == 0:
        return word
    if unit == 1:
        return f"{word} et un"
    return f"{word}-{_UNITS[unit]}"


def _below_1000(n: int, *, final: bool) -> str:
    """1..999. ``final`` as in :func:`_below_100`; False when « mille » follows."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_100(rest, final=final)
    head = "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent" + ("s" if rest == 0 and final else "")
    if rest == 0:
        return head
    return f"{head} {_below_100(rest, final=final)}"


def _below_million(n: int) -> str:
    """1..999 999, as it stands at the end of a number or before « millions » / « milliards »."""
    thousands, rest = divmod(n, 1000)
    parts: list[str] = []
    if thousands == 1:
        parts.append("mille")
    elif thousands > 1:
        parts.append(_below_1000(thousands, final=False) + " mille")
    if rest:
        parts.append(_below_1000(rest, final=True))
    return " ".join(parts)


def number_in_words(n: int) -> str:
    """French cardinal in traditional spelling: 171 → « cent soixante et onze ».

    Accepts ints from -999 999 999 999 999 to 999 999 999 999 999 (negatives get « moins »).
    Raises ``ValueError`` for anything else, bools and floats included.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        # ValueError (not TypeError) on purpose: one exception type for every refused input.
        raise ValueError(f"an int is required, not {type(n).__name__}")
    if abs(n) > MAX_IN_WORDS:
        raise ValueError(f"{n} is out of range (at most {MAX_IN_WORDS:_} in absolute value)")
    if n == 0:
        return "zéro"
    if n < 0:
        return "moins " + number_in_words(-n)
    billions, rest = divmod(n, 10**9)
    millions, rest = divmod(rest, 10**6)
    parts: list[str] = []
    if billions:
        parts.append(_below_million(billions) + (" milliard" if billions == 1 else " milliards"))
    if millions:
        parts.append(_below_million(millions) + (" million" if millions == 1 else " millions"))
    if rest:
        parts.append(_below_million(rest))
    return " ".join(parts)


@dataclass(frozen=True)
class _Names:
    """How a currency is named in words: major unit and, if any, its minor unit."""

    singular: str
    plural: str
    minor_singular: str = ""
    minor_plural: str = ""


_NAMES: dict[str, _Names] = {
    "XOF": _Names("franc CFA", "francs CFA"),
    "XAF": _Names("franc CFA", "francs CFA"),
    "CDF": _Names("franc congolais", "francs congolais", "centime", "centimes"),
    "MAD": _Names("dirham", "dirhams", "centime", "centimes"),
    "EUR": _Names("euro", "euros", "centime", "centimes"),
    "USD": _Names("dollar", "dollars", "cent", "cents"),
}


def _noun(count: int, singular: str, plural: str) -> str:
    """« un franc », « deux francs », « un million de francs »; 0 and 1 take the singular."""
    if count < 2:
        return singular
    if count % 10**6 == 0:  # the number ends with « million(s) » / « milliard(s) »: a noun, so « de »
        return ("d'" if plural[0] in "aeiouyéè" else "de ") + plural  # « un million d'euros »
    return plural


def _split(amount_minor: object, code: str) -> tuple[int, int, int, _Names]:
    """Validate; return (major, minor, exponent, names)."""
    if code not in CURRENCIES or code not in _NAMES:
        raise DomainError("money.unknown_currency", currency=code)
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int):
        raise DomainError("money.invalid", value=amount_minor)
    if amount_minor < 0:
        raise DomainError("money.negative", value=amount_minor)
    exponent = CURRENCIES[code].exponent
    major, minor = divmod(amount_minor, 10**exponent)
    if major > MAX_IN_WORDS:
        raise DomainError("money.too_large", value=amount_minor)
    return major, minor, exponent, _NAMES[code]


def amount_in_words(amount_minor: int, currency: str = "XOF") -> str:
    """An amount in minor units, in words with its currency, lower case.

    « cent soixante et onze mille deux cent cinquante francs CFA », « un franc CFA »,
    « zéro franc CFA », « un million de francs CFA », « deux millions d'euros », « un dirham un centime »,
    « douze francs congolais cinquante centimes ». No centimes part when they are 0;
    an amount below one unit names only its centimes (« cinquante centimes »).

    Raises DomainError: money.unknown_currency, money.invalid (not an int, or a bool),
    money.negative, money.too_large (major amount above :data:`MAX_IN_WORDS`).
    """
    major, minor, _exponent, names = _split(amount_minor, currency)
    major_words = f"{number_in_words(major)} {_noun(major, names.singular, names.plural)}"
    if minor == 0:
        return major_words
    minor_words = f"{number_in_words(minor)} {_noun(minor, names.minor_singular, names.minor_plural)}"
    if major == 0:
        return minor_words
    return f"{major_words} {minor_words}"


def _figures(n: int) -> str:
    """171250 → « 171 250 » (normal spaces between groups of three digits)."""
    return f"{n:,}".replace(",", " ")


def amount_phrase(amount_minor: int, currency: str = "XOF") -> str:
    """The receipt sentence tail: words, then the figures in parentheses.

    * XOF / XAF: « cent soixante et onze mille deux cent cinquante (171 250) francs CFA »,
      « un (1) franc CFA », « un million (1 000 000) francs CFA » — the currency comes after the
      parenthesis, without « de » (singular only for 0 and 1).
    * currencies with centimes: the whole :func:`amount_in_words` text, then the figures with a
      comma, two decimals and the symbol: « mille deux cent cinquante dirhams cinquante centimes
      (1 250,50 DH) », « douze euros (12,00 €) ».

    Raises the same DomainErrors as :func:`amount_in_words`.
    """
    major, minor, exponent, names = _split(amount_minor, currency)
    if exponent == 0:
        name = names.singular if major < 2 else names.plural
        return f"{number_in_words(major)} ({_figures(major)}) {name}"
    symbol = CURRENCIES[currency].symbol
    figures = f"{_figures(major)},{minor:0{exponent}d} {symbol}"
    return f"{amount_in_words(amount_minor, currency)} ({figures})"
