"""Vietnam's working-day calendar for alert deadlines: weekends, public holidays incl. Tết, and day swaps.

One counting rule for every period counted in working days (Appendix II, step 4: "5 working days from
forwarding"), taken from the Civil Code 2015 (Bộ luật Dân sự 2015) since the regulation says nothing else:
- Art. 147.2: the first day (the day of the start, at whatever time) is not counted; the count begins with the
  day after it;
- Art. 148.1 and 148.6: the period ends at the end (24:00 local, Asia/Ho_Chi_Minh) of its last day;
- Art. 148.5: a last day that is a day off moves to the next working day. Counting working days only, the last
  day is always a working day, so this part holds by construction.
Forwarded Fri 13 Feb 2026 at 16:50, or on any day of Tết 2026 (14 to 22 Feb): the five working days are
23 to 27 Feb and the deadline is 24:00 on Fri 27 Feb 2026. Periods counted in hours or minutes (1 h, 4 h,
30 min, the 60-minute reminders) are clock time from the instant (Art. 147.1): the IOC runs 24/7 (Art. 3.1).
Deadlines are returned as aware UTC instants; 24:00 of a day is 00:00 of the next.
"""

import datetime
import functools
from zoneinfo import ZoneInfo

import holidays

from alerts.workday_models import WorkdayAdjustment
from core.formats import fmt_date, fmt_datetime

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Longer than any run of days off in Vietnam (Tết has reached 9 days), so next_working_day always ends.
_MAX_DAYS_OFF_IN_A_ROW = 31


@functools.lru_cache(maxsize=64)
def _public_holidays(year: int) -> holidays.HolidayBase:
    """Vietnam's public holidays of a year (Tết, substitute days and the weekend days worked in exchange)."""
    return holidays.country_holidays("VN", years=year)


def _default_is_working_day(day: datetime.date) -> bool:
    """Whether the day is worked by the law and the `holidays` package alone, before the local table."""
    calendar = _public_holidays(day.year)
    if day in calendar.weekend_workdays:
        return True
    return day.weekday() < 5 and day not in calendar


class WorkingCalendar:
    """Answers 'is this a working day?', reading the adjustments table once per year asked about."""

    def __init__(self) -> None:
        self._adjustments: dict[int, dict[datetime.date, bool]] = {}

    def _adjustments_of(self, year: int) -> dict[datetime.date, bool]:
        if year not in self._adjustments:
            rows = WorkdayAdjustment.objects.filter(date__year=year).values_list("date", "kind")
            self._adjustments[year] = {day: kind == WorkdayAdjustment.Kind.WORKING_DAY for day, kind in rows}
        return self._adjustments[year]

    def is_working_day(self, day: datetime.date) -> bool:
        """Whether officials work that day: the adjustments table wins over the package's calendar."""
        adjusted = self._adjustments_of(day.year).get(day)
        return _default_is_working_day(day) if adjusted is None else adjusted

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """Return the first working day strictly after the day."""
        for offset in range(1, _MAX_DAYS_OFF_IN_A_ROW + 1):
            candidate = day + datetime.timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(f"No working day within {_MAX_DAYS_OFF_IN_A_ROW} days after {day}; check the adjustments.")


def is_working_day(day: datetime.date) -> bool:
    """Whether the day is a working day in Vietnam (weekends, holidays, Tết and the swaps table)."""
    return WorkingCalendar().is_working_day(day)


def add_working_days(start: datetime.datetime, n: int) -> datetime.datetime:
    """Return the UTC instant that ends a period of n working days begun at an aware start (module docstring)."""
    if n < 1:
        raise ValueError("add_working_days counts at least one working day.")
    if start.tzinfo is None:
        raise ValueError("add_working_days needs an aware datetime.")
    calendar = WorkingCalendar()
    day = start.astimezone(LOCAL_TZ).date()  # Art. 147.2: the start day itself is not counted
    for _ in range(n):
        day = calendar.next_working_day(day)
    end_of_day = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), tzinfo=LOCAL_TZ)
    return end_of_day.astimezone(datetime.UTC)  # Art. 148.6: 24:00 of the last day


def local_deadline(instant: datetime.datetime) -> str:
    """Write a deadline as dd/mm/yyyy HH:mm in Asia/Ho_Chi_Minh; the end of a day (Art. 148.6) reads 24:00."""
    local = instant.astimezone(LOCAL_TZ)
    if local.time() == datetime.time(0):
        return f"{fmt_date((local - datetime.timedelta(days=1)).date())} 24:00"
    return fmt_datetime(local)
