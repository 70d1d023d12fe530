"""The retention policy: keep the newest backup of each of the last N days and of each of the last M weeks."""

import datetime

from django.utils import timezone


def parse_name(name: str) -> datetime.datetime:
    """The UTC instant a backup name stands for (20260315T020000Z)."""
    return datetime.datetime.strptime(name, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)


def to_keep(names: list[str], keep_daily: int, keep_weekly: int) -> set[str]:
    """The names the policy keeps: the newest of each day for the newest keep_daily days that have backups, the newest
    of each ISO week for the newest keep_weekly weeks; the newest backup of all is always kept."""
    newest_first = sorted(names, reverse=True)
    kept: set[str] = set(newest_first[:1])
    for size, key in ((keep_daily, _day), (keep_weekly, _week)):
        seen: list[tuple[int, ...]] = []
        for name in newest_first:
            period = key(parse_name(name))
            if period in seen:
                continue
            if len(seen) == size:
                break
            seen.append(period)
            kept.add(name)
    return kept


def _day(instant: datetime.datetime) -> tuple[int, ...]:
    instant = timezone.localtime(instant)  # days and weeks of the province, not of UTC
    return (instant.year, instant.month, instant.day)


def _week(instant: datetime.datetime) -> tuple[int, ...]:
    iso = timezone.localtime(instant).isocalendar()
    return (iso.year, iso.week)
