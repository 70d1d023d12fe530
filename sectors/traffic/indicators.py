"""The traffic service's indicators, computed from the data: incidents per week by kind and commune, median
clearance time, congestion hours per segment, cameras online."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from iot.models import Device
from sectors.traffic.congestion import congested_below
from sectors.traffic.models import STEP, TrafficIncident

WEEKS = 8  # the weeks the incident table shows


@dataclass(frozen=True)
class WeekRow:
    week: datetime.date  # Monday
    kind: str
    kind_label: str
    unit: str
    count: int


def incidents_per_week(now: datetime.datetime | None = None, weeks: int = WEEKS) -> list[WeekRow]:
    """Incidents reported per ISO week (local time), kind and commune, newest week first."""
    now = now or timezone.now()
    since = now - datetime.timedelta(weeks=weeks)
    labels = dict(TrafficIncident._meta.get_field("kind").choices or [])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT date_trunc('week', i.reported_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, i.kind, "
            "COALESCE(u.name, ''), count(*) FROM traffic_incident AS i "
            "LEFT JOIN gis_core_adminunit AS u ON u.id = i.unit_id WHERE i.reported_at >= %s "
            "GROUP BY 1, 2, 3 ORDER BY 1 DESC, 4 DESC, 2, 3",
            [since],
        )
        return [WeekRow(week, kind, str(labels.get(kind, kind)), unit, count)
                for week, kind, unit, count in cursor.fetchall()]  # fmt: skip


def median_clearance(now: datetime.datetime | None = None, days: int = 90) -> datetime.timedelta | None:
    """The median time from report to clearance of the incidents cleared in the last days."""
    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM cleared_at - reported_at)) "
            "FROM traffic_incident WHERE cleared_at IS NOT NULL AND cleared_at >= %s",
            [now - datetime.timedelta(days=days)],
        )
        (seconds,) = cursor.fetchone()
    return datetime.timedelta(seconds=float(seconds)) if seconds is not None else None


@dataclass(frozen=True)
class SegmentHours:
    edge_id: int
    name: str
    hours: float


def congestion_hours(now: datetime.datetime | None = None, days: int = 7, level: float | None = None,
                     limit: int = 10) -> list[SegmentHours]:  # fmt: skip
    """Hours each segment spent below the congestion level in the last days (5-minute steps), most first."""
    now = now or timezone.now()
    level = congested_below() if level is None else level
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, e.name, count(*) FROM traffic_segmentflow AS f JOIN roads_roadedge AS e ON e.id = f.edge_id "
            "WHERE f.step >= %s AND f.los < %s GROUP BY e.id, e.name ORDER BY 3 DESC, e.id LIMIT %s",
            [now - datetime.timedelta(days=days), level, limit],
        )
        step_hours = STEP.total_seconds() / 3600
        return [SegmentHours(edge, name, count * step_hours) for edge, name, count in cursor.fetchall()]


def cameras_online(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Active cameras that sent something within their silence allowance, and all active cameras."""
    now = now or timezone.now()
    cameras = Device.objects.filter(kind=Device.Kind.CAMERA, status=Device.Status.ACTIVE)
    online = cameras.heard_within_deadline(now).filter(last_seen_at__isnull=False).count()
    return online, cameras.count()


def summary(now: datetime.datetime | None = None) -> dict[str, Any]:
    """Every indicator of the traffic panel."""
    now = now or timezone.now()
    online, cameras = cameras_online(now)
    return {
        "incidents_per_week": incidents_per_week(now), "median_clearance": median_clearance(now),
        "congestion_hours": congestion_hours(now), "cameras_online": online, "cameras": cameras,
        "open_incidents": TrafficIncident.objects.open().count(),
    }  # fmt: skip
