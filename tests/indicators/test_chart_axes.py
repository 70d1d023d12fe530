"""The indicator chart's axis: never below zero for counts and amounts, numbers written by core.formats."""

import datetime
import re
from decimal import Decimal

from django.utils import translation

from indicators.charts import HEIGHT, PAD_BOTTOM, line_chart


def _series(*values: int | str | None) -> list[tuple[datetime.date, Decimal | None]]:
    return [(datetime.date(2026, month, 1), None if v is None else Decimal(v)) for month, v in enumerate(values, 1)]


def _ticks(svg: str) -> list[str]:
    return re.findall(r'<text x="\d+" y="[\d.]+" text-anchor="end">([^<]+)</text>', svg)


def _lowest_point(svg: str) -> float:
    return max(float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg))


def test_a_count_axis_starts_at_zero_not_below() -> None:
    svg = line_chart(_series(0, 3, 5, 2), ["1", "2", "3", "4"], {}, "Số vụ")
    ticks = _ticks(svg)
    assert ticks[0] == "0"
    assert not any(tick.startswith("-") for tick in ticks)
    # The zero of the data sits on the bottom of the plot, not above invented negative room.
    assert _lowest_point(svg) == HEIGHT - PAD_BOTTOM


def test_a_series_of_zeros_has_no_negative_axis() -> None:
    ticks = _ticks(line_chart(_series(0, 0, 0), ["1", "2", "3"], {}, "Số vụ"))
    assert ticks[0].strip("0.,") == "" and not any(tick.startswith("-") for tick in ticks)


def test_a_target_line_at_zero_keeps_the_axis_at_zero() -> None:
    ticks = _ticks(line_chart(_series(4, 6), ["1", "2"], {"dh-target": Decimal(0)}, "Số vụ"))
    assert ticks == ["0", "2", "4", "6", "8"]


def test_values_that_are_negative_keep_room_below_zero() -> None:
    ticks = _ticks(line_chart(_series("-2", "5"), ["1", "2"], {}, "Nhiệt độ"))
    assert ticks[0].startswith("-")


def test_axis_numbers_use_the_active_languages_separators() -> None:
    with translation.override("vi"):
        vietnamese = _ticks(line_chart(_series(1000, 25000), ["1", "2"], {}, "Số tiền"))
    with translation.override("en"):
        english = _ticks(line_chart(_series(1000, 25000), ["1", "2"], {}, "Amount"))
    assert vietnamese == ["0", "10.000", "20.000", "30.000"] and english[-1] == "30,000"
