"""Exact quantities: a product's base unit and its packaging units (sac, tonne, tine...).

A quantity is a ``Decimal`` in the product's base unit (kg for cereals and feed; a
product may count in « pièce » or « bloc »), never a float. Precision is 3 decimals
at most (the gram, for kg): the database stores integer thousandths of the base unit
(:func:`to_base_milli` / :func:`from_base_milli`). A :class:`UnitSet` converts what a
clerk typed in a packaging unit (« 12 sacs ») to the base unit and describes a base
quantity back in words (« 12 sacs (600 kg) »).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, Inexact, localcontext

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import DEFAULT_LOCALE, NBSP, format_number

MILLI = 1000  # thousandths of the base unit stored in the database
PRECISION = 3  # decimals of the base unit kept
# Largest quantity accepted (in base units): far above any stock, and its thousandths
# stay far below SQLite's 64-bit integer limit.
MAX_BASE = Decimal(999_999_999_999)
# A count in the preferred packaging unit is « simple » with at most this many decimals
# (« 10,5 sacs », « 10,25 sacs »); otherwise describe() shows the base unit only.
SIMPLE_DECIMALS = 2

_SPACES = "\u0020\u00a0\u202f\u2009"
_NUMBER = re.compile(r"[-+]?\d+([.,]\d+)?")
_GROUPED = re.compile(r"\d{1,3}( \d{3})+")
_AMBIGUOUS = re.compile(r"\d{1,3}\.\d{3}")


def _decimal_places(q: Decimal) -> int:
    """Significant decimals of ``q``, exactly (``normalize()`` would round to 28 digits)."""
    _, digits, exponent = q.as_tuple()
    assert isinstance(exponent, int)  # finite numbers only reach here
    if exponent >= 0:
        return 0
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -exponent - trailing_zeros)


def _canonical(q: Decimal) -> Decimal:
    """Same value, no trailing zeros, no exponent notation: ``Decimal("600")``, ``Decimal("12.5")``.

    Exact whatever the number of digits (a local context wide enough for them).
    """
    if q == 0:
        return Decimal(0)
    _, digits, exponent = q.as_tuple()
    assert isinstance(exponent, int)
    with localcontext() as ctx:
        ctx.prec = len(digits) + max(exponent, 0) + 5
        return q.quantize(Decimal(1).scaleb(-_decimal_places(q)))


def parse_quantity(text: str) -> Decimal:
    """What a clerk typed (« 12 », « 12,5 », « 1 200 », « 1 200,750 ») as an exact Decimal.

    Spaces (including U+00A0 and U+202F) are accepted only as thousands separators
    (groups of three digits); the decimal separator is « , » or « . » (numeric
    keypad), but « 1.200 » (a dot before exactly three digits) is refused as
    ambiguous (``quantity.ambiguous``): thousands dot or decimal dot? Letters,
    exponents (« 1e3 »), « NaN », empty text and floats are refused with
    ``DomainError("quantity.invalid")``. A leading sign is accepted here; whether a
    negative quantity is allowed is decided by :meth:`UnitSet.to_base`.
    """
    if not isinstance(text, str):
        raise DomainError("quantity.invalid", value=text)
    raw = text.strip(_SPACES + "\t").replace("\u2212", "-")
    sign = ""
    if raw[:1] in ("-", "+"):
        sign, raw = raw[0], raw[1:].lstrip(_SPACES)
    if _AMBIGUOUS.fullmatch(raw):
        # « 1.200 »: a thousands dot (1200) or a decimal dot (1,2)? Never guess.
        raise DomainError("quantity.ambiguous", value=text)
    integer, sep, fraction = raw.replace(".", ",").partition(",")
    integer = re.sub(f"[{_SPACES}]", " ", integer)
    if " " in integer:
        if not _GROUPED.fullmatch(integer):
            raise DomainError("quantity.invalid", value=text)
        integer = integer.replace(" ", "")
    candidate = sign + integer + ("." + fraction if sep else "")
    if not _NUMBER.fullmatch(candidate):
        raise DomainError("quantity.invalid", value=text)
    return _canonical(Decimal(candidate))


def _coerce(qty: Decimal | int | str) -> Decimal:
    """A Decimal from a Decimal, an int or typed text; floats, bools and NaN are refused."""
    if isinstance(qty, (bool, float)):
        raise DomainError("quantity.invalid", value=qty)
    if isinstance(qty, int):
        return Decimal(qty)
    if isinstance(qty, Decimal):
        if not qty.is_finite():
            raise DomainError("quantity.invalid", value=qty)
        return qty
    if isinstance(qty, str):
        return parse_quantity(qty)
    raise DomainError("quantity.invalid", value=qty)


def check_base(q: Decimal, *, allow_negative: bool = False) -> Decimal:
    """Validate a quantity already in the base unit and return its canonical form.

    Refuses non-Decimal values (``quantity.invalid``), negatives unless allowed
    (``quantity.negative``), more than 3 decimals (``quantity.too_precise``) and
    absurd magnitudes (``quantity.too_large``).
    """
    if not isinstance(q, Decimal) or not q.is_finite():
        raise DomainError("quantity.invalid", value=q)
    if q < 0 and not allow_negative:
        raise DomainError("quantity.negative", value=q)
    if abs(q) > MAX_BASE:
        raise DomainError("quantity.too_large", value=q)
    if _decimal_places(q) > PRECISION:
        raise DomainError("quantity.too_precise", value=q, decimals=PRECISION)
    return _canonical(q)


def to_base_milli(q: Decimal) -> int:
    """A base quantity as integer thousandths for the database: ``Decimal("12.5")`` → ``12500``.

    Refuses what cannot be stored exactly (``quantity.too_precise``), floats and NaN.
    """
    q = check_base(q, allow_negative=True)
    return int(q * MILLI)


def from_base_milli(n: int) -> Decimal:
    """Integer thousandths from the database back to a Decimal: ``12500`` → ``Decimal("12.5")``."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise DomainError("quantity.invalid", value=n)
    return _canonical(Decimal(n) / MILLI)


@dataclass(frozen=True)
class PackagingUnit:
    """A packaging unit of a product: ``factor`` base units per unit (sac de 50 kg → 50)."""

    code: str
    name: str
    plural: str
    factor: Decimal

    def __post_init__(self) -> None:
        if isinstance(self.factor, (bool, float)) or not isinstance(self.factor, (Decimal, int)):
            raise TypeError("PackagingUnit.factor must be a Decimal (never a float)")
        factor = Decimal(self.factor)
        if not factor.is_finite() or factor <= 0:
            raise ValueError(f"PackagingUnit.factor must be positive (got {self.factor!r})")
        object.__setattr__(self, "factor", _canonical(factor))

    def label(self, count: Decimal) -> str:
        """« sac » or « sacs »: French plural from 2 on (« 1,5 sac », « 0 sac »)."""
        return self.name if abs(count) < 2 else self.plural


@dataclass(frozen=True)
class UnitSet:
    """The units of one product: its base unit and its packaging units.

    ``units`` lists packaging units with the preferred one first (the one a clerk
    counts in, e.g. the sac); describe() falls back on it for « 10,5 sacs ».
    """

    base_code: str
    base_name: str
    base_plural: str
    units: tuple[PackagingUnit, ...] = ()

    def __post_init__(self) -> None:
        codes = [self.base_code, *(u.code for u in self.units)]
        if len(set(codes)) != len(codes):
            raise ValueError(f"duplicate unit code in {codes}")

    def unit(self, unit_code: str, *, product: str | None = None) -> PackagingUnit | None:
        """The packaging unit of that code, ``None`` for the base unit itself.

        Raises ``DomainError("quantity.unknown_unit")`` when the product has no such unit.
        """
        if unit_code == self.base_code:
            return None
        for u in self.units:
            if u.code == unit_code:
                return u
        raise DomainError("quantity.unknown_unit", unit=unit_code, product=product or "ce produit")

    def to_base(
        self,
        qty: Decimal | int | str,
        unit_code: str,
        *,
        product: str | None = None,
        allow_negative: bool = False,
    ) -> Decimal:
        """``qty`` in unit ``unit_code`` (a packaging unit or the base unit) in base units.

        ``to_base(12, "sac")`` → ``Decimal("600")`` for a 50 kg sac. Refusals:
        ``quantity.unknown_unit`` (the product has no such unit; ``product`` names it
        in the message), ``quantity.invalid`` (float, NaN, text that is not a number),
        ``quantity.negative`` (unless ``allow_negative``), ``quantity.too_precise``
        (more than 3 decimals in the base unit after conversion).
        """
        unit = self.unit(unit_code, product=product)
        q = _coerce(qty)
        if q < 0 and not allow_negative:
            raise DomainError("quantity.negative", value=qty)
        if unit is None:
            base = q
        else:
            # Exact product or refusal: the default 28-digit context would round silently.
            with localcontext() as ctx:
                ctx.prec = 200
                ctx.traps[Inexact] = True
                try:
                    base = q * unit.factor
                except Inexact:
                    raise DomainError("quantity.too_precise", value=qty, decimals=PRECISION) from None
        return check_base(base, allow_negative=allow_negative)

    def base_label(self, count: Decimal) -> str:
        return self.base_name if abs(count) < 2 else self.base_plural

    def _amount(self, q: Decimal, label: str, locale: str) -> str:
        return f"{format_number(_canonical(q), locale)}{NBSP}{label}"

    def describe(self, base_qty: Decimal, locale: str = DEFAULT_LOCALE) -> str:
        """A base quantity in words, for screens and receipts.

        - the largest packaging unit that divides it exactly: « 12 sacs (600 kg) »,
          « 1 sac (50 kg) », « 2 tonnes (2 000 kg) »;
        - else a simple decimal (≤ 2 decimals) of the preferred (first) unit:
          « 10,5 sacs (525 kg) »;
        - else the base unit alone: « 525,3 kg »; zero is « 0 kg ».

        Number and unit are joined by a no-break space (U+00A0) and thousands by
        U+202F (French typography of :mod:`formatting`). The quantity must be a valid
        stored one (3 decimals at most): anything else raises like :func:`check_base`.
        """
        q = check_base(_coerce(base_qty), allow_negative=True)
        base_text = self._amount(q, self.base_label(q), locale)
        if q == 0 or not self.units:
            return base_text
        # Remainders are exact in Decimal (no rounding), unlike a division checked afterwards.
        for unit in sorted(self.units, key=lambda u: u.factor, reverse=True):
            if q % unit.factor == 0:
                count = q / unit.factor
                return f"{self._amount(count, unit.label(count), locale)} ({base_text})"
        preferred = self.units[0]
        if abs(q) >= preferred.factor and q.scaleb(SIMPLE_DECIMALS) % preferred.factor == 0:
            count = q / preferred.factor
            return f"{self._amount(count, preferred.label(count), locale)} ({base_text})"
        return base_text
