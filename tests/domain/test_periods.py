"""Half-open report periods, month arithmetic across years, campaigns and ageing buckets."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from centre_app.domain.errors import DomainError
from centre_app.domain.periods import AGEING_BUCKETS, Period, ageing_bucket, campaign_of

years = st.integers(min_value=1900, max_value=2200)
months = st.integers(min_value=1, max_value=12)


def test_month_bounds_are_half_open() -> None:
    nov = Period.month(2026, 11)
    assert nov == Period(date(2026, 11, 1), date(2026, 12, 1))
    assert nov.contains(date(2026, 11, 1))
    assert nov.contains(date(2026, 11, 30))
    assert not nov.contains(date(2026, 12, 1))
    assert not nov.contains(date(2026, 10, 31))
    assert nov.days == 30
    assert date(2026, 11, 15) in nov


def test_contains_datetime_by_its_day() -> None:
    nov = Period.month(2026, 11)
    assert nov.contains(datetime(2026, 11, 30, 23, 59, 59))
    assert not nov.contains(datetime(2026, 12, 1, 0, 0))
    assert nov.contains(datetime(2026, 11, 1, 0, 0))


def test_days() -> None:
    assert Period.month(2024, 2).days == 29
    assert Period.month(2026, 2).days == 28
    assert Period.year(2024).days == 366
    assert Period.day(date(2026, 11, 22)).days == 1


def test_labels() -> None:
    assert Period.month(2026, 11).label() == "novembre 2026"
    assert Period.month(2026, 2).label("fr_MA") == "février 2026"
    assert Period.year(2026).label() == "2026"
    assert Period.day(date(2026, 11, 22)).label() == "22 novembre 2026"
    assert Period.campaign(2025).label() == "campagne 2025-2026"
    assert Period(date(2026, 11, 1), date(2026, 11, 16)).label() == "du 01/11/2026 au 15/11/2026"


def test_parse_month() -> None:
    assert Period.parse_month("2026-11") == Period.month(2026, 11)
    assert Period.parse_month(" 2026-01 ") == Period.month(2026, 1)


BAD_MONTHS = ["2026-13", "2026-00", "11/2026", "2026-1", "2026/11", "", "novembre", "2026-11-01"]


@pytest.mark.parametrize("text", BAD_MONTHS)
def test_parse_month_refuses(text: str) -> None:
    with pytest.raises(DomainError) as info:
        Period.parse_month(text)
    assert info.value.code == "period.invalid_month"
    assert info.value.params["value"] == text


def test_month_refuses_bad_numbers() -> None:
    with pytest.raises(DomainError) as info:
        Period.month(2026, 13)
    assert info.value.code == "period.invalid_month"


def test_empty_or_reversed_period_refused() -> None:
    with pytest.raises(DomainError) as info:
        Period(date(2026, 11, 1), date(2026, 11, 1))
    assert info.value.code == "period.invalid"
    with pytest.raises(DomainError):
        Period(date(2026, 11, 2), date(2026, 11, 1))
    with pytest.raises(TypeError):
        Period(datetime(2026, 11, 1), datetime(2026, 11, 2))


def test_year_and_day() -> None:
    assert Period.year(2026) == Period(date(2026, 1, 1), date(2027, 1, 1))
    assert Period.day(date(2026, 12, 31)) == Period(date(2026, 12, 31), date(2027, 1, 1))
    assert Period.day(datetime(2026, 12, 31, 18, 0)) == Period.day(date(2026, 12, 31))


def test_january_previous_is_december_of_previous_year() -> None:
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.month(2025, 12).next() == Period.month(2026, 1)
    assert Period.month(2026, 3).previous() == Period.month(2026, 2)


def test_previous_of_other_kinds() -> None:
    assert Period.year(2026).previous() == Period.year(2025)
    assert Period.day(date(2026, 1, 1)).previous() == Period.day(date(2025, 12, 31))
    assert Period.campaign(2025).previous() == Period.campaign(2024)
    quarter = Period(date(2026, 1, 1), date(2026, 4, 1))
    assert quarter.previous() == Period(date(2025, 10, 1), date(2026, 1, 1))
    fortnight = Period(date(2026, 11, 1), date(2026, 11, 16))
    assert fortnight.previous() == Period(date(2026, 10, 17), date(2026, 11, 1))


def test_same_month_last_year() -> None:
    assert Period.month(2026, 11).same_month_last_year() == Period.month(2025, 11)
    assert Period.month(2026, 1).same_month_last_year() == Period.month(2025, 1)
    assert Period.month(2024, 2).same_month_last_year() == Period.month(2023, 2)
    assert Period.day(date(2024, 2, 29)).same_month_last_year() == Period.day(date(2023, 2, 28))


def test_month_of() -> None:
    assert Period.month_of(date(2026, 11, 22)) == Period.month(2026, 11)
    assert Period.month_of(datetime(2026, 12, 31, 23, 0)) == Period.month(2026, 12)


@given(years, months)
def test_previous_month_ends_where_month_starts(year: int, month: int) -> None:
    p = Period.month(year, month)
    prev = p.previous()
    assert prev.end == p.start
    assert prev.is_month
    assert prev.next() == p
    assert p.same_month_last_year() == Period.month(year - 1, month)


@given(years, months, st.integers(min_value=1, max_value=36))
def test_consecutive_months_tile_time(year: int, month: int, count: int) -> None:
    periods = [Period.month(year, month)]
    for _ in range(count):
        periods.append(periods[-1].next())
    for a, b in itertools.pairwise(periods):
        assert a.end == b.start  # no gap, no overlap
    # every day of the span belongs to exactly one month
    day = periods[0].start
    while day < periods[-1].end:
        assert sum(p.contains(day) for p in periods) == 1
        day += timedelta(days=7)
    assert sum(p.days for p in periods) == (periods[-1].end - periods[0].start).days


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2200, 12, 31)))
def test_month_of_contains_the_date(d: date) -> None:
    p = Period.month_of(d)
    assert p.contains(d)
    assert not p.previous().contains(d)
    assert not p.next().contains(d)


# --- campaigns ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 10, 1), "2025-2026"),
        (date(2026, 9, 30), "2025-2026"),
        (date(2026, 1, 15), "2025-2026"),
        (date(2026, 10, 1), "2026-2027"),
        (date(2025, 9, 30), "2024-2025"),
        (datetime(2025, 12, 25, 10, 0), "2025-2026"),
    ],
)
def test_campaign_of(d: date, expected: str) -> None:
    assert campaign_of(d) == expected


def test_campaign_other_start_month() -> None:
    assert campaign_of(date(2026, 4, 30), start_month=5) == "2025-2026"
    assert campaign_of(date(2026, 5, 1), start_month=5) == "2026-2027"
    assert campaign_of(date(2026, 5, 1), start_month=1) == "2026"
    with pytest.raises(ValueError, match="month must be"):
        campaign_of(date(2026, 5, 1), start_month=13)


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2200, 12, 31)))
def test_campaign_period_agrees_with_label(d: date) -> None:
    p = Period.campaign_containing(d)
    assert p.contains(d)
    assert p.start.month == 10
    assert p.start.day == 1
    assert campaign_of(d) == f"{p.start.year}-{p.start.year + 1}"


# --- ageing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_late", "bucket"),
    [
        (-10, "0-30"),
        (0, "0-30"),
        (30, "0-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, ">90"),
        (400, ">90"),
    ],
)
def test_ageing_bucket(days_late: int, bucket: str) -> None:
    today = date(2026, 11, 22)
    assert ageing_bucket(today - timedelta(days=days_late), today) == bucket


def test_ageing_bucket_accepts_datetimes() -> None:
    assert ageing_bucket(datetime(2026, 10, 22, 23, 0), datetime(2026, 11, 22, 1, 0)) == "31-60"


@given(st.dates(), st.dates())
def test_ageing_bucket_is_one_of_the_buckets(due: date, today: date) -> None:
    assert ageing_bucket(due, today) in AGEING_BUCKETS
