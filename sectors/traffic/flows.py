"""Live traffic: a detector's readings folded into its segment's 5-minute flow (counts by class, mean speed, level
of service = mean speed / free-flow speed).

A detector is an ordinary IoT device (any kind: a loop or radar counter, or a camera's analytics) linked to one road
segment by a Detector row. It sends readings like any device, over MQTT or HTTP, with the quantities below, "at" the
start of the 5-minute step they count. iot stores them as raw readings (kept like any reading) and, in the same
transaction, offers them to TrafficObserver (registered with iot.observers by the app), which upserts the segment's
row of SegmentFlow — the history the congestion map and the indicators read — and runs the congestion rule.
"""

import datetime
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import connection, transaction

from core.errors import InvalidInput
from iot.models import Device, DeviceQuantity, Quantity
from iot.observers import ReadingObserver
from roads.models import RoadEdge
from sectors.traffic.models import Detector, step_of

if TYPE_CHECKING:
    from iot.directory import DeviceInfo
    from iot.models import CameraEvent
    from iot.storage import Stored

# quantity code -> (column of SegmentFlow, Vietnamese name, English name, unit, highest possible value)
QUANTITIES: dict[str, tuple[str, str, str, str, float]] = {
    "traffic_motorbikes": ("motorbikes", "Số xe máy (5 phút)", "Motorbikes per 5 minutes", "xe", 5000),
    "traffic_cars": ("cars", "Số ô tô con (5 phút)", "Cars per 5 minutes", "xe", 2000),
    "traffic_trucks": ("trucks", "Số xe tải (5 phút)", "Trucks per 5 minutes", "xe", 1000),
    "traffic_buses": ("buses", "Số xe khách, xe buýt (5 phút)", "Buses per 5 minutes", "xe", 500),
    "traffic_speed": ("speed_kmh", "Tốc độ trung bình", "Mean speed", "km/h", 200),
}
logger = logging.getLogger(__name__)
COUNT_COLUMNS = ("motorbikes", "cars", "trucks", "buses")
COLUMNS = (*COUNT_COLUMNS, "speed_kmh")


def ensure_quantities() -> None:
    """Create the traffic quantities in the IoT catalogue when missing (kept as the operator edited them)."""
    for code, (_column, name, name_en, unit, high) in QUANTITIES.items():
        Quantity.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "unit": unit, "min_value": 0, "max_value": high}
        )


def attach_detector(device: Device, edge: RoadEdge) -> Detector:
    """Make the device the detector of the segment, able to send every traffic quantity."""
    ensure_quantities()
    for quantity in Quantity.objects.filter(code__in=QUANTITIES):
        DeviceQuantity.objects.get_or_create(device=device, quantity=quantity)
    detector, _created = Detector.objects.update_or_create(device=device, defaults={"edge": edge})
    return detector


def fold(stored: Iterable["Stored"], edge_of: dict[int, int]) -> dict[tuple[int, datetime.datetime], dict[str, float]]:
    """Group the readings of detectors by (segment, step): the columns each one sets."""
    rows: dict[tuple[int, datetime.datetime], dict[str, float]] = {}
    for reading in stored:
        edge_id = edge_of.get(reading.device_id)
        if edge_id is None or reading.quantity not in QUANTITIES:
            continue
        rows.setdefault((edge_id, step_of(reading.at)), {})[QUANTITIES[reading.quantity][0]] = reading.value
    return rows


UPSERT = """
INSERT INTO traffic_segmentflow (edge_id, step, motorbikes, cars, trucks, buses, speed_kmh, free_flow_kmh, los,
                                 updated_at)
SELECT r.edge_id, r.step, r.motorbikes, r.cars, r.trucks, r.buses, r.speed, e.speed_kmh,
       r.speed / NULLIF(e.speed_kmh, 0), now()
FROM unnest(%s::bigint[], %s::timestamptz[], %s::int[], %s::int[], %s::int[], %s::int[], %s::float8[])
     AS r(edge_id, step, motorbikes, cars, trucks, buses, speed)
JOIN roads_roadedge AS e ON e.id = r.edge_id
ON CONFLICT (edge_id, step) DO UPDATE SET
    motorbikes = COALESCE(EXCLUDED.motorbikes, traffic_segmentflow.motorbikes),
    cars = COALESCE(EXCLUDED.cars, traffic_segmentflow.cars),
    trucks = COALESCE(EXCLUDED.trucks, traffic_segmentflow.trucks),
    buses = COALESCE(EXCLUDED.buses, traffic_segmentflow.buses),
    speed_kmh = COALESCE(EXCLUDED.speed_kmh, traffic_segmentflow.speed_kmh),
    los = COALESCE(EXCLUDED.speed_kmh, traffic_segmentflow.speed_kmh)
          / NULLIF(traffic_segmentflow.free_flow_kmh, 0),
    updated_at = now()
"""


def write_flows(rows: dict[tuple[int, datetime.datetime], dict[str, float]]) -> None:
    """Upsert the segments' 5-minute rows in one statement; a column a reading did not carry keeps its value."""
    if not rows:
        return
    keys = sorted(rows)

    def column(name: str, kind: type) -> list[float | int | None]:
        return [kind(rows[key][name]) if name in rows[key] else None for key in keys]

    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [
            [edge for edge, _step in keys], [step for _edge, step in keys],
            *(column(name, int) for name in COUNT_COLUMNS), column("speed_kmh", float),
        ])  # fmt: skip


class TrafficObserver(ReadingObserver):
    """Folds detectors' readings into segment flows, runs the congestion rule, and files camera incidents."""

    def readings_stored(self, stored: "list[Stored]", devices: "dict[int, DeviceInfo]") -> None:
        from sectors.traffic import congestion, layer

        traffic = [reading for reading in stored if reading.quantity in QUANTITIES]
        if not traffic:
            return
        edge_of = dict(
            Detector.objects.filter(device_id__in={reading.device_id for reading in traffic}).values_list(
                "device_id", "edge_id"
            )
        )
        rows = fold(traffic, edge_of)
        write_flows(rows)
        watched = {edge_of[info.id] for info in devices.values() if info.watched and info.id in edge_of}
        try:
            with transaction.atomic():  # a refused alert must not refuse the readings (MQTT would resend them forever)
                congestion.evaluate(sorted({edge for edge, _step in rows} & watched))
        except InvalidInput as error:
            logger.warning("traffic: congestion rule refused: %s", error.message)
        layer.touch()

    def camera_event_recorded(self, event: "CameraEvent", alert_created: bool) -> None:
        from sectors.traffic import incidents

        incidents.from_camera_event(event)
