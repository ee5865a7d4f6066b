"""Report periods as half-open date ranges ``[start, end)``, campaigns and ageing buckets.

A period includes its start day and excludes its end day, so consecutive months tile
time with no gap and no overlap: ``Period.month(2026, 11)`` is
``[2026-11-01, 2026-12-01)``. A datetime belongs to a period when its date does
(``contains`` looks at the calendar day, whatever the time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import DEFAULT_LOCALE, format_date, format_date_long, format_month

CAMPAIGN_START_MONTH = 10  # agricultural campaign: October to September
AGEING_BUCKETS: tuple[str, ...] = ("0-30", "31-60", "61-90", ">90")

_MONTH_TEXT = re.compile(r"(\d{4})-(\d{2})")


def _as_date(d: date | datetime) -> date:
    return d.date() if isinstance(d, datetime) else d


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _shift_months(d: date, months: int) -> date:
    """Same day ``months`` later or earlier, clamped to the month's last day (31 → 30, 29/02 → 28/02)."""
    year, month = _add_months(d.year, d.month, months)
    first_next_y, first_next_m = _add_months(year, month, 1)
    last_day = (date(first_next_y, first_next_m, 1) - timedelta(days=1)).day
    return date(year, month, min(d.day, last_day))


def _check_month_number(month: int) -> int:
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"month must be an int between 1 and 12 (got {month!r})")
    return month


@dataclass(frozen=True)
class Period:
    """The days ``start`` (included) to ``end`` (excluded)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        for value in (self.start, self.end):
            if isinstance(value, datetime) or not isinstance(value, date):
                raise TypeError("Period bounds are dates (not datetimes)")
        if self.end <= self.start:
            raise DomainError("period.invalid", start=self.start.isoformat(), end=self.end.isoformat())

    # --- constructors ---------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month: ``Period.month(2026, 11)`` is ``[2026-11-01, 2026-12-01)``."""
        try:
            _check_month_number(month)
            next_year, next_month = _add_months(year, month, 1)
            return cls(date(year, month, 1), date(next_year, next_month, 1))
        except (ValueError, TypeError, OverflowError):
            raise DomainError("period.invalid_month", value=f"{year}-{month}") from None

    @classmethod
    def parse_month(cls, text: str) -> Period:
        """``"2026-11"`` → November 2026. Anything else (« 2026-13 », « 11/2026 », « 2026-1 »)
        raises ``DomainError("period.invalid_month")``."""
        match = _MONTH_TEXT.fullmatch(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise DomainError("period.invalid_month", value=text)
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12 or year < 1:
            raise DomainError("period.invalid_month", value=text)
        return cls.month(year, month)

    @classmethod
    def year(cls, y: int) -> Period:
        """The calendar year: ``[y-01-01, (y+1)-01-01)``."""
        return cls(date(y, 1, 1), date(y + 1, 1, 1))

    @classmethod
    def day(cls, d: date | datetime) -> Period:
        """One day: ``[d, d + 1 day)``."""
        d = _as_date(d)
        return cls(d, d + timedelta(days=1))

    @classmethod
    def month_of(cls, d: date | datetime) -> Period:
        """The calendar month containing ``d``."""
        d = _as_date(d)
        return cls.month(d.year, d.month)

    @classmethod
    def campaign(cls, first_year: int, start_month: int = CAMPAIGN_START_MONTH) -> Period:
        """The agricultural campaign starting in ``first_year``: by default
        ``[first_year-10-01, (first_year+1)-10-01)``, labelled « 2025-2026 » for 2025."""
        _check_month_number(start_month)
        start = date(first_year, start_month, 1)
        return cls(start, _shift_months(start, 12))

    @classmethod
    def campaign_containing(cls, d: date | datetime, start_month: int = CAMPAIGN_START_MONTH) -> Period:
        """The campaign containing ``d`` (see :func:`campaign_of` for its label)."""
        d = _as_date(d)
        _check_month_number(start_month)
        return cls.campaign(d.year if d.month >= start_month else d.year - 1, start_month)

    # --- queries --------------------------------------------------------------------

    def contains(self, d: date | datetime) -> bool:
        """Whether the day of ``d`` is in ``[start, end)`` (a datetime counts by its date)."""
        return self.start <= _as_date(d) < self.end

    __contains__ = contains

    @property
    def days(self) -> int:
        """Number of days in the period (30 for November)."""
        return (self.end - self.start).days

    @property
    def last_day(self) -> date:
        """The last day included (``end - 1 day``), for « du ... au ... » texts."""
        return self.end - timedelta(days=1)

    @property
    def months(self) -> int | None:
        """Number of whole calendar months when the period starts and ends on a 1st, else ``None``."""
        if self.start.day != 1 or self.end.day != 1:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month

    @property
    def is_month(self) -> bool:
        return self.months == 1

    @property
    def is_year(self) -> bool:
        return self.months == 12 and self.start.month == 1

    @property
    def is_day(self) -> bool:
        return self.days == 1

    def label(self, locale: str = DEFAULT_LOCALE) -> str:
        """A title for reports: « novembre 2026 », « 2026 », « 22 novembre 2026 »,
        « campagne 2025-2026 » (a 12-month period from October), else
        « du 01/11/2026 au 15/11/2026 » (last day included, as people say it)."""
        if self.is_day:
            return format_date_long(self.start, locale)
        if self.is_month:
            return format_month(self.start, locale)
        if self.is_year:
            return str(self.start.year)
        if self.months == 12 and self.start.month == CAMPAIGN_START_MONTH:
            return f"campagne {campaign_of(self.start)}"
        return f"du {format_date(self.start, locale)} au {format_date(self.last_day, locale)}"

    # --- arithmetic -----------------------------------------------------------------

    def shifted_months(self, months: int) -> Period:
        """The period ``months`` calendar months later (earlier if negative).

        Only for whole-month periods (start and end on a 1st); raises ``ValueError`` otherwise.
        """
        if self.months is None:
            raise ValueError("shifted_months needs a period of whole months")
        return Period(_shift_months(self.start, months), _shift_months(self.end, months))

    def previous(self) -> Period:
        """The period of the same kind just before, ending where this one starts.

        A month gives the previous month (January 2026 → December 2025), a year the
        previous year, a campaign the previous campaign, any run of n whole months the
        n months before; any other period gives the same number of days before.
        """
        n = self.months
        if n is not None:
            return self.shifted_months(-n)
        return Period(self.start - timedelta(days=self.days), self.start)

    def next(self) -> Period:
        """The period of the same kind just after, starting where this one ends."""
        n = self.months
        if n is not None:
            return self.shifted_months(n)
        return Period(self.end, self.end + timedelta(days=self.days))

    def same_month_last_year(self) -> Period:
        """The same period one year earlier (November 2026 → November 2025).

        Whole-month periods move by 12 months; others move each bound one year back
        (29 February becomes 28 February).
        """
        if self.months is not None:
            return self.shifted_months(-12)
        start = _shift_months(self.start, -12)
        end = _shift_months(self.end, -12)
        return Period(start, end if end > start else start + timedelta(days=1))


def campaign_of(d: date | datetime, start_month: int = CAMPAIGN_START_MONTH) -> str:
    """The agricultural campaign of a date: ``"2025-2026"`` for any day from 1 October 2025
    to 30 September 2026 (campaigns run October to September by default).

    With ``start_month=1`` a campaign is a calendar year and is labelled ``"2026"``.
    """
    d = _as_date(d)
    _check_month_number(start_month)
    if start_month == 1:
        return str(d.year)
    first = d.year if d.month >= start_month else d.year - 1
    return f"{first}-{first + 1}"


def ageing_bucket(due: date | datetime, today: date | datetime) -> str:
    """The receivables-ageing column of an amount due on ``due``, seen on ``today``.

    Days past due 0-30 (including not yet due) → ``"0-30"``; 31-60 → ``"31-60"``;
    61-90 → ``"61-90"``; 91 and more → ``">90"``.
    """
    late = (_as_date(today) - _as_date(due)).days
    if late <= 30:
        return "0-30"
    if late <= 60:
        return "31-60"
    if late <= 90:
        return "61-90"
    return ">90"
