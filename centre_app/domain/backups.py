"""Backup files: their names, which ones rotation keeps, their sizes in French.

A backup is named ``centre-AAAAMMJJ-HHMMSS.zip`` (local time of the office PC), so the folder sorts
by date and the date can be read back from the name alone. Rotation keeps, like restic's
``--keep-daily 7 --keep-weekly 4 --keep-monthly 12``, the newest backup of each of the 7 most recent
days that have one, of each of the 4 most recent ISO weeks, of each of the 12 most recent months:
days without a backup (the office closed during the rainy season) do not use up the allowance.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from datetime import date, datetime
from decimal import Decimal

from centre_app.domain.formatting import DEFAULT_LOCALE, format_number

PREFIX = "centre-"
SUFFIX = ".zip"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
_NAME = re.compile(r"^centre-(\d{8})-(\d{6})\.zip$", re.IGNORECASE)


def backup_name(at: datetime) -> str:
    """``centre-20261122-180405.zip`` for a backup made on 22/11/2026 at 18:04:05."""
    return f"{PREFIX}{at:%Y%m%d-%H%M%S}{SUFFIX}"


def parse_backup_name(name: str) -> datetime | None:
    """The date and time written in a backup's name, or None for any other file."""
    found = _NAME.match(name)
    if found is None:
        return None
    try:
        return datetime.strptime(found.group(1) + found.group(2), "%Y%m%d%H%M%S")
    except ValueError:
        return None


def _newest_per_period(stamps: list[datetime], period: Callable[[datetime], Hashable], count: int) -> set[datetime]:
    """The newest stamp of each of the ``count`` most recent periods that have one (``stamps`` newest first)."""
    kept: set[datetime] = set()
    seen: set[Hashable] = set()
    for stamp in stamps:
        key = period(stamp)
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.add(key)
        kept.add(stamp)
    return kept


def backups_to_keep(
    stamps: Iterable[datetime],
    today: date,
    *,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> set[datetime]:
    """Which backups rotation keeps (the others may be deleted).

    The newest backup up to ``today`` is always kept, and so is any backup dated after ``today``: a wrong clock
    must never make the application delete what it does not understand.
    """
    ordered = sorted(set(stamps), reverse=True)
    if not ordered:
        return set()
    keep = {s for s in ordered if s.date() > today}
    past = [s for s in ordered if s.date() <= today]
    keep |= set(past[:1]) or set(ordered[:1])
    keep |= _newest_per_period(past, lambda s: s.date(), daily)
    keep |= _newest_per_period(past, lambda s: s.isocalendar()[:2], weekly)
    keep |= _newest_per_period(past, lambda s: (s.year, s.month), monthly)
    return keep


def format_size(size: int, locale: str = DEFAULT_LOCALE) -> str:
    """A file size as an office reads it: « 512 octets », « 12,4 Ko », « 3,2 Mo », « 1,1 Go »."""
    if size < 1024:
        return f"{size} octet" + ("s" if size > 1 else "")
    value = Decimal(size)
    for unit in ("Ko", "Mo", "Go", "To"):
        value /= 1024
        if value < 1024 or unit == "To":
            decimals = 0 if value >= 100 else 1
            return f"{format_number(value, locale, decimals)}\u00a0{unit}"
    raise AssertionError("unreachable")
