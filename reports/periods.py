"""The periods reports cover: ISO weeks, calendar months and quarters, in the province's time zone."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from indicators import periods as indicator_periods

WEEKLY, MONTHLY, QUARTERLY = "weekly", "monthly", "quarterly"


def bounds(kind: str, start: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the kind's period starting at start (start is normalised to the period's start)."""
    if kind == WEEKLY:
        first = start - datetime.timedelta(days=start.weekday())
        return first, first + datetime.timedelta(days=6)
    unit = indicator_periods.MONTH if kind == MONTHLY else indicator_periods.QUARTER
    first = indicator_periods.containing(unit, start)
    return first, indicator_periods.end(unit, first)


def last_closed(kind: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The latest period of the kind that ended before today."""
    first, _last = bounds(kind, today)
    return bounds(kind, first - datetime.timedelta(days=1))


def instants(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) as aware instants: local midnight of the first day to local midnight after the last."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(first, datetime.time(), zone)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(), zone)
    return start, end
