"""Money as integers in the currency's minor unit, with one rounding rule.

XOF/XAF have no minor unit (1 franc); MAD, EUR, USD and CDF have centimes.
Floats are refused everywhere: a binary float cannot hold 0.10 exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from centre_app.domain.errors import DomainError

# Largest amount accepted anywhere (in major units): far above any office figure,
# far below SQLite's 64-bit integer limit even in centimes.
MAX_MAJOR = 999_999_999_999


@dataclass(frozen=True)
class Currency:
    code: str
    exponent: int  # number of decimal digits of the minor unit
    symbol: str

    @property
    def factor(self) -> int:
        return 10**self.exponent


CURRENCIES: dict[str, Currency] = {
    "XOF": Currency("XOF", 0, "F CFA"),
    "XAF": Currency("XAF", 0, "F CFA"),
    "CDF": Currency("CDF", 2, "FC"),
    "MAD": Currency("MAD", 2, "DH"),
    "EUR": Currency("EUR", 2, "€"),
    "USD": Currency("USD", 2, "$"),
}

DEFAULT_CURRENCY = "XOF"


def currency(code: str) -> Currency:
    try:
        return CURRENCIES[code]
    except KeyError:
        raise DomainError("money.unknown_currency", currency=code) from None


def round_half_up(value: Fraction | Decimal | int) -> int:
    """The one rounding rule of the application: half away from zero, to an integer.

    Used for commissions (percent of a price), CUMP values and conversions.
    """
    if isinstance(value, bool):
        raise TypeError("bool is not an amount")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        raise TypeError("floats are not allowed for money")
    if isinstance(value, Fraction):
        sign = -1 if value < 0 else 1
        a = abs(value)
        q, r = divmod(a.numerator, a.denominator)
        if 2 * r >= a.denominator:
            q += 1
        return sign * q
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(amount: int, rate: Decimal | str) -> int:
    """``rate`` percent of an integer amount, rounded once (e.g. 5 % commission)."""
    check_amount(amount)
    return round_half_up(Fraction(amount) * Fraction(Decimal(rate)) / 100)


def check_amount(value: object, *, allow_negative: bool = True) -> int:
    """Validate an amount already in minor units (int only, no float, no bool)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError("money.invalid", value=value)
    if not allow_negative and value < 0:
        raise DomainError("money.negative", value=value)
    return value


_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_amount(text: str, code: str = DEFAULT_CURRENCY, *, allow_negative: bool = False) -> int:
    """Parse what a clerk typed (« 1 250 500 », « 12,50 ») into minor units.

    Refuses letters, negative amounts (unless allowed) and more decimals than the
    currency has (« 12,5 » in XOF is refused, never rounded silently).
    """
    cur = currency(code)
    raw = _SPACES.sub("", str(text)).replace(",", ".")
    raw = raw.removesuffix("FCFA").removesuffix("F")
    if not raw:
        raise DomainError("money.invalid", value=text)
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", raw):
        raise DomainError("money.invalid", value=text)
    try:
        major = Decimal(raw)
    except InvalidOperation:
        raise DomainError("money.invalid", value=text) from None
    minor = major * cur.factor
    if minor != minor.to_integral_value():
        unit = "francs" if cur.exponent == 0 else "centimes"
        raise DomainError("money.not_integer", value=text, unit=unit)
    if major < 0 and not allow_negative:
        raise DomainError("money.negative", value=text)
    if abs(major) > MAX_MAJOR:
        raise DomainError("money.too_large", value=text)
    return int(minor)


@dataclass(frozen=True, order=False)
class Money:
    """An amount in minor units with its currency. Arithmetic only within one currency."""

    amount: int
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        check_amount(self.amount)
        currency(self.currency)

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError("Money can only be combined with Money")
        if other.currency != self.currency:
            raise DomainError("money.currency_mismatch", left=self.currency, right=other.currency)

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise TypeError("Money can only be multiplied by an integer")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def __bool__(self) -> bool:
        return self.amount != 0

    @classmethod
    def zero(cls, code: str = DEFAULT_CURRENCY) -> Money:
        return cls(0, code)

    @classmethod
    def parse(cls, text: str, code: str = DEFAULT_CURRENCY) -> Money:
        return cls(parse_amount(text, code), code)

    def allocate(self, weights: list[int]) -> list[Money]:
        """Split into parts proportional to ``weights`` that add up exactly (largest remainder)."""
        total = sum(weights)
        if total <= 0 or any(w < 0 for w in weights):
            raise ValueError("weights must be non-negative with a positive sum")
        shares = [Fraction(self.amount * w, total) for w in weights]
        floors = [s.numerator // s.denominator for s in shares]
        rest = self.amount - sum(floors)
        order = sorted(range(len(weights)), key=lambda i: shares[i] - floors[i], reverse=True)
        for i in order[:rest]:
            floors[i] += 1
        return [Money(f, self.currency) for f in floors]
