"""Vietnam's working-day calendar for alert deadlines: weekends, public holidays incl. Tết, and day swaps.

Time-of-day rule of add_working_days (Appendix II, step 4: "5 working days from forwarding"):
- started on a working day: the deadline is the same local time (Asia/Ho_Chi_Minh) on the n-th working day
  after the start day (forwarded Fri 13 Feb 2026 10:00 + 5 → Fri 27 Feb 2026 10:00, skipping the weekend
  and Tết 16 to 20 Feb);
- started on a day off: the count begins with the next working day and the deadline is the end (24:00 local)
  of the n-th working day, so the agency still gets n whole working days.
Deadlines are returned as aware UTC instants.
"""

import datetime
import functools
from zoneinfo import ZoneInfo

import holidays

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
            from alerts.models import WorkdayAdjustment  # models import this module through the procedures

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
    """Return the UTC instant n working days after an aware start instant (rule in the module docstring)."""
    if n < 1:
        raise ValueError("add_working_days counts at least one working day.")
    if start.tzinfo is None:
        raise ValueError("add_working_days needs an aware datetime.")
    calendar = WorkingCalendar()
    local = start.astimezone(LOCAL_TZ)
    day = local.date()
    if calendar.is_working_day(day):
        for _ in range(n):
            day = calendar.next_working_day(day)
        deadline = datetime.datetime.combine(day, local.time(), tzinfo=LOCAL_TZ)
    else:
        for _ in range(n):
            day = calendar.next_working_day(day)
        deadline = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), tzinfo=LOCAL_TZ)
    return deadline.astimezone(datetime.UTC)
