"""Electricity and water meters: consumption per local day, the night flow of water meters, and the leak rule.

A meter sends its cumulative index (water: "volume" in m³, electricity: "energy" in kWh) and may send its flow
("flow", m³/h). The day's consumption is the sum of the index's rises from the last reading before the day to the
last one in it (a meter replaced or reset starts again from its new index instead of counting a fall). The night
flow is the mean flow between 01:00 and 04:00, when almost nobody draws water: from "flow" readings, else from
the index's rise over the window. Leak rule: a water meter whose night flow stays above IOT_LEAK_NIGHT_FLOW_LPH
for IOT_LEAK_NIGHTS nights in a row raises an alert for public utilities; the first night back under it records
the retreat. The periodic task iot.tasks.DailyFigures runs compute_due (yesterday and today so far).
"""

import datetime
import itertools
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.api import AlertInput, Category, Severity, Source
from iot import findings
from iot.models import Device, MeterDaily

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
INDEX_OF = {Device.Kind.WATER_METER: "volume", Device.Kind.POWER_METER: "energy"}
NIGHT = (datetime.time(1, 0), datetime.time(4, 0))
SECTOR = "public-utilities"


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=LOCAL)
    return start, start + datetime.timedelta(days=1)


def night_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return (datetime.datetime.combine(day, NIGHT[0], tzinfo=LOCAL),
            datetime.datetime.combine(day, NIGHT[1], tzinfo=LOCAL))  # fmt: skip


def meters() -> list[Device]:
    return list(Device.objects.filter(kind__in=list(INDEX_OF), status=Device.Status.ACTIVE))


def _series(device_id: int, quantity: str, start: datetime.datetime, end: datetime.datetime,
            with_previous: bool) -> list[tuple[datetime.datetime, float]]:  # fmt: skip
    """Readings of a quantity in [start, end), preceded by the last one before start when asked."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT at, value FROM iot_reading WHERE device_id = %s AND quantity = %s AND at >= %s AND at < %s "
            "ORDER BY at",
            [device_id, quantity, start, end],
        )
        rows = [(at, float(value)) for at, value in cursor.fetchall()]
        if with_previous and rows:
            cursor.execute(
                "SELECT at, value FROM iot_reading WHERE device_id = %s AND quantity = %s AND at < %s "
                "AND at >= %s ORDER BY at DESC LIMIT 1",
                [device_id, quantity, start, start - datetime.timedelta(days=2)],
            )
            previous = cursor.fetchone()
            if previous is not None:
                rows.insert(0, (previous[0], float(previous[1])))
    return rows


def rises(values: list[float]) -> float:
    """The sum of an index's rises (a fall is a reset or a replaced meter, not negative consumption)."""
    return sum(max(after - before, 0.0) for before, after in itertools.pairwise(values))


def night_flow(device: Device, day: datetime.date, now: datetime.datetime) -> float | None:
    """Mean flow in m³/h between 01:00 and 04:00 of the day; None before 04:00 or without data."""
    start, end = night_bounds(day)
    if now < end:
        return None
    flows = _series(device.pk, "flow", start, end, with_previous=False)
    if flows:
        return sum(value for _at, value in flows) / len(flows)
    # The index read at 04:00 itself closes the window.
    closing = end + datetime.timedelta(microseconds=1)
    index = _series(device.pk, INDEX_OF[Device.Kind.WATER_METER], start, closing, with_previous=True)
    if len(index) < 2:
        return None
    hours = (index[-1][0] - index[0][0]).total_seconds() / 3600
    return rises([value for _at, value in index]) / hours if hours > 0 else None


def compute_day(device: Device, day: datetime.date, now: datetime.datetime) -> MeterDaily | None:
    """The meter's consumption over the day (up to now for today) and its night flow."""
    quantity = INDEX_OF[Device.Kind(device.kind)]
    start, end = day_bounds(day)
    index = _series(device.pk, quantity, start, min(end, now), with_previous=True)
    if not index:
        return None
    flow = night_flow(device, day, now) if device.kind == Device.Kind.WATER_METER else None
    row, _created = MeterDaily.objects.update_or_create(
        device=device, day=day,
        defaults={"quantity": quantity, "consumption": round(rises([value for _at, value in index]), 3),
                  "night_flow": None if flow is None else round(flow, 4), "computed_at": now},
    )  # fmt: skip
    return row


def compute_due(now: datetime.datetime | None = None) -> list[MeterDaily]:
    """Yesterday's and today's rows of every meter, then the leak rule on the water meters."""
    now = now or timezone.now()
    today = timezone.localtime(now, LOCAL).date()
    rows = []
    for device in meters():
        with transaction.atomic():
            for day in (today - datetime.timedelta(days=1), today):
                row = compute_day(device, day, now)
                if row is not None:
                    rows.append(row)
            if device.kind == Device.Kind.WATER_METER:
                check_leak(device)
    return rows


def leak_prefix(device: Device) -> str:
    return f"iot-leak:{device.code}"


def check_leak(device: Device) -> None:
    """Raise the leak alert after N nights in a row above the threshold; record the retreat on a quiet night."""
    limit = settings.IOT_LEAK_NIGHT_FLOW_LPH / 1000  # m³/h
    nights = settings.IOT_LEAK_NIGHTS
    recent = list(MeterDaily.objects.filter(device=device, night_flow__isnull=False).order_by("-day")[:nights])
    if not recent:
        return
    if recent[0].night_flow is not None and recent[0].night_flow <= limit:
        findings.retreat(leak_prefix(device), {"device": device.code, "day": recent[0].day,
                                            "night_flow_lph": round(recent[0].night_flow * 1000)})  # fmt: skip
        return
    consecutive = all((newer.day - older.day).days == 1 for newer, older in itertools.pairwise(recent))
    if len(recent) < nights or not consecutive or any((row.night_flow or 0) <= limit for row in recent):
        return
    flows = [round((row.night_flow or 0) * 1000) for row in reversed(recent)]
    night_end = datetime.datetime.combine(recent[0].day, NIGHT[1], tzinfo=LOCAL)
    title = _("Possible leak after meter %(name)s: night flow above %(limit)d L/h for %(nights)d nights") % {
        "name": device.name, "limit": settings.IOT_LEAK_NIGHT_FLOW_LPH, "nights": nights
    }  # fmt: skip
    description = _(
        "Mean flow between 01:00 and 04:00 on the last %(nights)d nights: %(flows)s L/h. Water drawn at night when "
        "almost nobody uses it usually means a leak in the network after the meter; send a crew to check."
    ) % {"nights": nights, "flows": ", ".join(str(flow) for flow in flows)}
    findings.raise_finding(AlertInput(
        title=title[:300], source=Source.SECTOR_RULE, category=Category.UTILITY, severity=Severity.MODERATE,
        sector=findings.sector(SECTOR), geom=findings.place(device), description=description,
        details={"device": device.code, "nights": [row.day for row in reversed(recent)], "night_flow_lph": flows,
                 "limit_lph": settings.IOT_LEAK_NIGHT_FLOW_LPH},
        observed_at=night_end,
    ), leak_prefix(device), datetime.datetime.combine(recent[-1].day, NIGHT[0], tzinfo=LOCAL))  # fmt: skip


def consumption_by_day(days: int, today: datetime.date) -> dict[str, list[tuple[datetime.date, float]]]:
    """The province's total consumption per day and meter quantity over the last days (for the service page)."""
    since = today - datetime.timedelta(days=days - 1)
    totals: dict[str, dict[datetime.date, float]] = {}
    for quantity, day, consumption in MeterDaily.objects.filter(day__gte=since, day__lte=today).values_list(
        "quantity", "day", "consumption"
    ):
        totals.setdefault(quantity, {}).setdefault(day, 0.0)
        totals[quantity][day] += consumption
    return {quantity: sorted(values.items()) for quantity, values in totals.items()}
