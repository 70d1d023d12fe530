"""Working days for the 5-working-day deadline: weekends, Tết and holidays, the government's day swaps."""

import datetime

import pytest

from alerts.models import WorkdayAdjustment
from alerts.workdays import add_working_days, is_working_day
from tests.alerts.world import local

pytestmark = pytest.mark.django_db


def test_forwarded_friday_13_february_2026_is_due_at_the_end_of_friday_27_february_skipping_tet() -> None:
    deadline = add_working_days(local(2026, 2, 13, 10, 30), 5)

    assert deadline == local(2026, 2, 28, 0, 0)  # 24:00 on Friday 27 (Civil Code 2015, Art. 148.6)
    assert deadline.tzinfo == datetime.UTC
    assert deadline == datetime.datetime(2026, 2, 27, 17, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize("day", [16, 17, 18, 19, 20])
def test_the_tet_2026_weekdays_are_days_off(day: int) -> None:
    assert not is_working_day(datetime.date(2026, 2, day))


def test_an_ordinary_week_counts_five_weekdays() -> None:
    assert add_working_days(local(2026, 3, 2, 8, 0), 5) == local(2026, 3, 10, 0, 0)  # 24:00 Monday 9


def test_a_start_on_a_day_off_gives_five_whole_working_days_ending_at_midnight() -> None:
    # Saturday 7 March 2026: Monday 9 is the first working day, Friday 13 the fifth.
    assert add_working_days(local(2026, 3, 7, 15, 0), 5) == local(2026, 3, 14, 0, 0)


def test_a_day_off_from_the_adjustments_table_is_skipped() -> None:
    WorkdayAdjustment.objects.create(date=datetime.date(2026, 3, 4), kind="day_off", reason="Test notice 1/TB")

    assert add_working_days(local(2026, 3, 2, 8, 0), 5) == local(2026, 3, 11, 0, 0)


def test_a_weekend_day_made_a_working_day_by_the_table_counts() -> None:
    WorkdayAdjustment.objects.create(date=datetime.date(2026, 3, 7), kind="working_day", reason="Test notice 2/TB")

    assert is_working_day(datetime.date(2026, 3, 7))
    assert add_working_days(local(2026, 3, 2, 8, 0), 5) == local(2026, 3, 8, 0, 0)


def test_the_table_overrides_the_holiday_calendar() -> None:
    WorkdayAdjustment.objects.create(date=datetime.date(2026, 2, 20), kind="working_day", reason="Test notice 3/TB")

    assert add_working_days(local(2026, 2, 13, 10, 30), 5) == local(2026, 2, 27, 0, 0)


def test_the_saturday_worked_in_exchange_for_a_holiday_is_a_working_day() -> None:
    # The holidays package knows 22 August 2026 is worked in exchange for Monday 31 August.
    assert is_working_day(datetime.date(2026, 8, 22))
    assert not is_working_day(datetime.date(2026, 8, 31))


def test_naive_instants_and_zero_days_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        add_working_days(datetime.datetime(2026, 2, 13, 10, 0), 5)
    with pytest.raises(ValueError, match="at least one"):
        add_working_days(local(2026, 2, 13, 10, 0), 0)
