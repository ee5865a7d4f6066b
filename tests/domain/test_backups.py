"""Backup names, the rotation policy (7 daily, 4 weekly, 12 monthly) and file sizes in French."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from centre_app.domain.backups import backup_name, backups_to_keep, format_size, parse_backup_name


def test_names_carry_the_date_and_sort_by_it() -> None:
    at = datetime(2026, 11, 22, 18, 4, 5)
    assert backup_name(at) == "centre-20261122-180405.zip"
    assert parse_backup_name("centre-20261122-180405.zip") == at
    assert parse_backup_name("CENTRE-20261122-180405.ZIP") == at
    for other in ("centre-20261122.zip", "centre-20261322-180405.zip", "copie.zip", "centre-20261122-180405.db"):
        assert parse_backup_name(other) is None
    assert backup_name(datetime(2026, 1, 2, 3, 4, 5)) < backup_name(datetime(2026, 11, 2, 3, 4, 5))


def test_a_year_and_a_half_of_evening_backups() -> None:
    today = date(2026, 11, 20)  # a Friday
    stamps = [datetime(2025, 6, 1, 18) + timedelta(days=n) for n in range(538)]
    keep = backups_to_keep(stamps, today)
    days = {s.date() for s in keep}
    last_week = {today - timedelta(days=n) for n in range(7)}
    assert last_week <= days  # daily: 14/11 to 20/11
    assert {date(2026, 11, 8), date(2026, 11, 1)} <= days  # weekly: the Sundays of the weeks before
    month_ends = {date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28), date(2026, 10, 31)}
    assert month_ends <= days  # monthly: the last backup of each of the 12 months
    assert date(2025, 11, 30) not in days  # a 13th month is not kept
    assert len(keep) == 7 + 2 + 11  # overlaps are counted once


def test_only_the_newest_backup_of_a_day_is_kept() -> None:
    day = datetime(2026, 11, 20)
    stamps = [day.replace(hour=h) for h in (8, 12, 18)] + [day - timedelta(days=1, hours=-17)]
    assert backups_to_keep(stamps, day.date()) == {day.replace(hour=18), day - timedelta(days=1, hours=-17)}


def test_days_without_backup_do_not_use_up_the_allowance() -> None:
    today = date(2026, 11, 20)
    every_ten_days = [datetime(2026, 11, 20, 17) - timedelta(days=10 * n) for n in range(10)]
    keep = backups_to_keep(every_ten_days, today)
    assert set(every_ten_days[:7]) <= keep  # seven days that have a backup, not the last seven calendar days


def test_never_deletes_the_newest_nor_the_future() -> None:
    today = date(2026, 11, 20)
    future = datetime(2027, 3, 1, 9)  # the clock was wrong once
    stamps = [future, datetime(2026, 11, 19, 18)]
    assert backups_to_keep(stamps, today, daily=0, weekly=0, monthly=0) == set(stamps)
    assert backups_to_keep([], today) == set()


def test_sizes_in_french() -> None:
    assert format_size(0) == "0 octet"
    assert format_size(512) == "512 octets"
    assert format_size(12_700) == "12,4\u00a0Ko"
    assert format_size(3_355_443) == "3,2\u00a0Mo"
    assert format_size(150 * 1024 * 1024) == "150\u00a0Mo"
    assert format_size(1_130_000_000) == "1,1\u00a0Go"
