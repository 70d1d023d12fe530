"""Reporting periods of indicators (month, quarter, year): parsing what people write, labels, ends and sequences.

A period is stored as its first day. Accepted writings: month 2026-03, 03/2026, T3/2026, tháng 3/2026 (or an Excel
date in the month); quarter 2026-Q1, Q1/2026, Quý 1/2026; year 2026.
"""

import datetime
import re

from django.utils.translation import gettext as _

MONTH, QUARTER, YEAR = "month", "quarter", "year"
KINDS = (MONTH, QUARTER, YEAR)

_MONTH_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})(?:[-/.]\d{1,2})?(?:[ t].*)?$"),
    re.compile(r"^(?:t|thang|tháng|th)?\s*(?P<month>\d{1,2})\s*[-/.]\s*(?P<year>\d{4})$"),
)
_QUARTER_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})\s*[-/ ]?\s*q(?P<quarter>[1-4])$"),
    re.compile(r"^(?:q|quy|quý)\s*(?P<quarter>[1-4])\s*[-/ ]\s*(?P<year>\d{4})$"),
)
_YEAR_PATTERN = re.compile(r"^(?:nam|năm)?\s*(?P<year>\d{4})(?:\.0+)?$")


def parse(kind: str, text: str) -> datetime.date:
    """The first day of the period written as text; raise ValueError naming the accepted forms."""
    value = " ".join(str(text).strip().lower().split())
    if kind == MONTH:
        for pattern in _MONTH_PATTERNS:
            match = pattern.match(value)
            if match:
                return _checked(int(match["year"]), int(match["month"]), text)
        raise ValueError(_("'%(text)s' is not a month; write it as 2026-03 or 03/2026") % {"text": text})
    if kind == QUARTER:
        for pattern in _QUARTER_PATTERNS:
            match = pattern.match(value)
            if match:
                return _checked(int(match["year"]), 3 * int(match["quarter"]) - 2, text)
        raise ValueError(_("'%(text)s' is not a quarter; write it as 2026-Q1 or Q1/2026") % {"text": text})
    match = _YEAR_PATTERN.match(value)
    if match:
        return _checked(int(match["year"]), 1, text)
    raise ValueError(_("'%(text)s' is not a year; write it as 2026") % {"text": text})


def _checked(year: int, month: int, text: str) -> datetime.date:
    if not 1 <= month <= 12 or not 1990 <= year <= 2100:
        raise ValueError(_("'%(text)s' is not a valid period") % {"text": text})
    return datetime.date(year, month, 1)


def label(kind: str, start: datetime.date) -> str:
    """03/2026, Q1/2026 or 2026."""
    if kind == MONTH:
        return f"{start:%m/%Y}"
    if kind == QUARTER:
        return f"Q{(start.month - 1) // 3 + 1}/{start.year}"
    return str(start.year)


def months_in(kind: str) -> int:
    return {MONTH: 1, QUARTER: 3, YEAR: 12}[kind]


def shift(kind: str, start: datetime.date, steps: int) -> datetime.date:
    """The period steps periods after (or before) start."""
    index = start.year * 12 + start.month - 1 + steps * months_in(kind)
    return datetime.date(index // 12, index % 12 + 1, 1)


def end(kind: str, start: datetime.date) -> datetime.date:
    """The last day of the period."""
    return shift(kind, start, 1) - datetime.timedelta(days=1)


def containing(kind: str, day: datetime.date) -> datetime.date:
    """The start of the period holding the day."""
    if kind == MONTH:
        return day.replace(day=1)
    if kind == QUARTER:
        return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return datetime.date(day.year, 1, 1)


def last_closed(kind: str, day: datetime.date) -> datetime.date:
    """The latest period that has ended before the day."""
    return shift(kind, containing(kind, day), -1)


def recent(kind: str, day: datetime.date, count: int) -> list[datetime.date]:
    """The count latest closed periods before the day, oldest first."""
    latest = last_closed(kind, day)
    return [shift(kind, latest, -offset) for offset in range(count - 1, -1, -1)]
