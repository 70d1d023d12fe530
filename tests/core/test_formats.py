"""The one formatting helper: Vietnamese and English separators, local time, areas and durations in words."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core import formats


@pytest.mark.parametrize(
    ("language", "value", "decimals", "expected"),
    [
        ("vi", 1234.5, 1, "1.234,5"),
        ("vi", 1234567, 0, "1.234.567"),
        ("en", 1234.5, 1, "1,234.5"),
        ("vi", Decimal("-0.25"), 2, "-0,25"),
        ("vi", None, 0, "—"),
    ],
)
def test_numbers_use_the_active_languages_separators(language: str, value: float, decimals: int, expected: str) -> None:
    with translation.override(language):
        assert formats.fmt_number(value, decimals) == expected


def test_areas_switch_to_hectares_from_one_hectare() -> None:
    with translation.override("vi"):
        assert formats.fmt_area(9999.94) == "9.999,9 m²"
        assert formats.fmt_area(123_456) == "12,35 ha"


def test_moments_are_written_in_the_provinces_time_zone() -> None:
    moment = datetime(2026, 2, 13, 9, 50, tzinfo=UTC)
    assert formats.fmt_datetime(moment) == "13/02/2026 16:50"
    assert formats.fmt_date(datetime(2026, 2, 13, 20, 0, tzinfo=UTC)) == "14/02/2026"
    assert formats.fmt_date(date(2026, 1, 5)) == "05/01/2026"


@pytest.mark.vietnamese
def test_durations_are_two_units_in_vietnamese_words() -> None:
    with translation.override("vi"):
        assert formats.fmt_duration(timedelta(days=2, hours=3, minutes=10)) == "2 ngày 3 giờ"
        assert formats.fmt_duration(timedelta(hours=1, minutes=5)) == "1 giờ 5 phút"
        assert formats.fmt_duration(30) == "dưới 1 phút"


def test_durations_stop_at_the_first_missing_unit() -> None:
    assert formats.fmt_duration(timedelta(days=1, minutes=5)) == "1 day"
    assert formats.fmt_duration(timedelta(hours=-2)) == "2 hours"


def test_template_filters_format_through_the_helper() -> None:
    rendered = Template("{% load formats %}{{ n|fmt_number:1 }} {{ a|fmt_area }} {{ p|fmt_percent }}").render(
        Context({"n": 1234.5, "a": 50, "p": 12.25})
    )
    assert rendered == "1,234.5 50.0 m² 12.2%"
