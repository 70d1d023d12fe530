"""The one place dates, numbers, areas and durations become text, for pages, PDFs and XLSX alike."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
EMPTY = "—"
HECTARE = 10_000  # m²; areas from one hectare up read better in hectares
# (seconds, words for a count) from the largest unit down; a duration shows its two largest non-zero units. The
# ngettext calls are written out so that makemessages finds them.
DURATION_UNITS: tuple[tuple[int, Callable[[int], str]], ...] = (
    (86_400, lambda n: ngettext("%(n)s day", "%(n)s days", n)),
    (3_600, lambda n: ngettext("%(n)s hour", "%(n)s hours", n)),
    (60, lambda n: ngettext("%(n)s minute", "%(n)s minutes", n)),
)

Number = int | float | Decimal


def _separators() -> tuple[str, str]:
    """Return (thousands, decimal) separators of the active language: Vietnamese 1.234,5; English 1,234.5."""
    return (",", ".") if (translation.get_language() or "vi").startswith("en") else (".", ",")


def fmt_number(value: Number | None, decimals: int = 0) -> str:
    """Write a number with the active language's separators and a fixed count of decimals."""
    if value is None:
        return EMPTY
    thousands, point = _separators()
    text = f"{float(value):,.{decimals}f}" if not isinstance(value, Decimal) else f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", point).replace("\0", thousands)


def fmt_percent(value: Number | None, decimals: int = 1) -> str:
    """Write a percentage (12.5 → "12,5%")."""
    return EMPTY if value is None else f"{fmt_number(value, decimals)}%"


def fmt_area(square_metres: Number | None) -> str:
    """Write an area in m² below one hectare and in hectares from there."""
    if square_metres is None:
        return EMPTY
    if abs(float(square_metres)) >= HECTARE:
        return f"{fmt_number(float(square_metres) / HECTARE, 2)} ha"
    return f"{fmt_number(square_metres, 1)} m²"


def _local(value: datetime) -> datetime:
    """Return an aware datetime in the province's time zone (naive values are taken as UTC)."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, ZoneInfo("UTC"))
    return value.astimezone(LOCAL_TZ)


def fmt_date(value: date | datetime | None) -> str:
    """Write a date as dd/mm/yyyy (a datetime is first put in Asia/Ho_Chi_Minh)."""
    if value is None:
        return EMPTY
    if isinstance(value, datetime):
        value = _local(value)
    return value.strftime("%d/%m/%Y")


def fmt_datetime(value: datetime | None) -> str:
    """Write a moment as dd/mm/yyyy HH:mm in Asia/Ho_Chi_Minh."""
    return EMPTY if value is None else _local(value).strftime("%d/%m/%Y %H:%M")


def fmt_duration(value: timedelta | Number | None) -> str:
    """Write a duration in words with its two largest units ("2 ngày 3 giờ"); under a minute says so."""
    if value is None:
        return EMPTY
    seconds = int(abs(value.total_seconds() if isinstance(value, timedelta) else float(value)))
    parts: list[str] = []
    for size, words in DURATION_UNITS:
        count, seconds = divmod(seconds, size)
        if count and len(parts) < 2:
            parts.append(words(count) % {"n": fmt_number(count)})
        elif parts:
            break  # "2 days 5 minutes" would skip the hours between; stop at the first gap
    return " ".join(parts) if parts else _("under a minute")
