"""Demo data of the traffic sector: synthetic detectors and a day of 5-minute flows over the demo road network (or a
few segments of its own when the network is not loaded), traffic cameras with a snapshot, a handful of incidents.

Everything here is synthetic (generated, deterministic) and says so. The routing rows send the traffic sector's
congestion and accident alerts to the provincial police (traffic police); other traffic alerts keep the sector's route.
"""

import datetime
import hashlib
import io
import itertools
import math
from typing import TextIO

from django.contrib.gis.geos import LineString, Point, Polygon
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from agencies.models import Agency, Sector
from alerts.api import SectorRoute, units_touched
from fieldreports.models import ReportCategory
from iot import cameras
from iot.models import Device
from roads.models import RoadClass, RoadEdge, RoadNode
from sectors.traffic import congestion, incidents, layer
from sectors.traffic.flows import attach_detector, write_flows
from sectors.traffic.models import STEP, Detector, IncidentKind, TrafficIncident, step_of
from services.models import ServicePage

PREFIX = "demo-traffic-"
SYNTHETIC = "(dữ liệu demo)"
POLICE = "ca-tinh"
NHA_TRANG = Polygon.from_bbox((109.15, 12.19, 109.23, 12.30))
NHA_TRANG.srid = 4326
DETECTORS = 40
HISTORY_STEPS = 288  # a day of 5-minute steps
# Own segments when no network is loaded: a short stretch of streets in Nha Trang (synthetic coordinates).
OWN_COORDS = [(109.1890, 12.2380), (109.1920, 12.2410), (109.1950, 12.2440), (109.1980, 12.2470), (109.2010, 12.2500)]
CAMERAS = [
    ("cam-01", "Camera giao thông ngã sáu (demo)", (109.1905, 12.2395), "accident"),
    ("cam-02", "Camera giao thông cầu Trần Phú (demo)", (109.1965, 12.2455), "traffic_jam"),
    ("cam-03", "Camera giao thông vòng xoay (demo)", (109.1995, 12.2485), ""),
]
CATEGORIES = [
    ("traffic-accident", "Tai nạn giao thông", "Traffic accident", IncidentKind.ACCIDENT),
    ("road-flooding", "Ngập nước trên đường", "Road flooding", IncidentKind.ROAD_FLOODING),
]


def _noise(*parts: object) -> float:
    """A deterministic number in [0, 1) of the parts."""
    digest = hashlib.blake2s(repr(parts).encode(), digest_size=4).digest()
    return int.from_bytes(digest) / 2**32


def _profile(step: datetime.datetime) -> float:
    """The synthetic level of service of a typical segment at a local time: slower in the morning and evening peaks."""
    local = timezone.localtime(step)
    hour = local.hour + local.minute / 60
    peaks = math.exp(-((hour - 7.5) ** 2) / 0.8) + math.exp(-((hour - 17.5) ** 2) / 1.0)
    return max(0.15, 0.92 - 0.55 * peaks)


def load(stdout: TextIO) -> None:
    """Load the demo once; a second run changes nothing."""
    sector = Sector.objects.filter(code="traffic").first()
    police = Agency.objects.filter(code=POLICE).first()
    if sector is None or police is None:
        stdout.write("traffic: skipped, the agencies demo is not loaded.\n")
        return
    _routes(sector, police)
    _categories(sector)
    congestion_layer = layer.register(stdout)  # type: ignore[arg-type]
    page = ServicePage.objects.filter(sector=sector).first()
    if page is not None:
        page.layers.add(congestion_layer)  # the service's own layer (services.demo ran before the layer existed)
    if Detector.objects.filter(device__code__startswith=PREFIX).exists():
        stdout.write("traffic: demo kept.\n")
        return
    with transaction.atomic():
        edges = _edges()
        _detectors(edges, police)
        _flows(edges)
        congestion.evaluate([edge.pk for edge in edges])
        _cameras(police)
        _incidents()
    layer.touch()
    stdout.write(
        f"traffic: {len(edges)} detectors with {HISTORY_STEPS} steps of synthetic flows, {len(CAMERAS)} cameras, "
        f"{TrafficIncident.objects.count()} incidents.\n"
    )


def _routes(sector: Sector, police: Agency) -> None:
    for category in ("traffic", "accident"):
        SectorRoute.objects.get_or_create(sector=sector, category=category, defaults={
            "department": police, "department_leads": False, "note": "Cảnh sát giao thông - Công an tỉnh",
        })  # fmt: skip


def _categories(sector: Sector) -> None:
    for code, name, name_en, _kind in CATEGORIES:
        ReportCategory.objects.get_or_create(service_code=code, defaults={
            "name": name, "name_en": name_en, "sector": sector, "group": "traffic", "keywords": "giao thông, đường",
        })  # fmt: skip


def _edges() -> list[RoadEdge]:
    """Segments of the demo network in Nha Trang, fastest roads first; else a few segments of our own."""
    network = list(
        RoadEdge.objects.filter(geom__intersects=NHA_TRANG)
        .exclude(road_class=RoadClass.LOCAL).order_by("road_class", "pk")[:DETECTORS]
    )  # fmt: skip
    if network:
        return network
    nodes = [RoadNode.objects.create(geom=Point(*xy, srid=4326)) for xy in OWN_COORDS]
    edges = []
    for number, (start, end) in enumerate(itertools.pairwise(nodes), start=1):
        line = LineString(start.geom.coords, end.geom.coords, srid=4326)
        length = line.transform(3405, clone=True).length
        edges.append(RoadEdge.objects.create(
            source=start, target=end, geom=line, name=f"Đường demo {number} {SYNTHETIC}", road_class=RoadClass.URBAN,
            speed_kmh=50, length_m=length, cost_s=length / (50 / 3.6), reverse_cost_s=length / (50 / 3.6),
        ))  # fmt: skip
    return edges


def _detectors(edges: list[RoadEdge], police: Agency) -> None:
    now = timezone.now()
    for number, edge in enumerate(edges, start=1):
        middle = edge.geom.interpolate_normalized(0.5)
        device = Device.objects.create(
            code=f"{PREFIX}{number:03d}", name=f"Thiết bị đếm xe {number:03d} {SYNTHETIC}", kind=Device.Kind.OTHER,
            agency=police, position=Point(middle.x, middle.y, srid=4326), interval_seconds=300, last_seen_at=now,
        )  # fmt: skip
        attach_detector(device, edge)


def _flows(edges: list[RoadEdge]) -> None:
    newest = step_of(timezone.now()) - STEP
    rows: dict[tuple[int, datetime.datetime], dict[str, float]] = {}
    hot = edges[0].pk  # congested for the last half hour: the demo's congestion alert
    for back in range(HISTORY_STEPS):
        step = newest - STEP * back
        base = _profile(step)
        for edge in edges:
            los = base * (0.85 + 0.3 * _noise(edge.pk, step))
            if edge.pk == hot and back < 6:
                los = 0.2 + 0.05 * _noise(edge.pk, step)
            volume = 1.6 - los  # denser when slower
            rows[(edge.pk, step)] = {
                "speed_kmh": round(min(los, 1.0) * edge.speed_kmh, 1),
                "motorbikes": int(220 * volume * (0.8 + 0.4 * _noise("m", edge.pk, step))),
                "cars": int(45 * volume * (0.8 + 0.4 * _noise("c", edge.pk, step))),
                "trucks": int(8 * volume * _noise("t", edge.pk, step)),
                "buses": int(4 * volume * _noise("b", edge.pk, step)),
            }
    write_flows(rows)


def _snapshot(label: str) -> bytes:
    image = Image.new("RGB", (320, 180), (60, 64, 72))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 120, 320, 180), fill=(90, 90, 90))
    draw.text((10, 10), f"DEMO {label}", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def _cameras(police: Agency) -> None:
    now = timezone.now()
    for code, name, (lon, lat), event_kind in CAMERAS:
        position = Point(lon, lat, srid=4326)
        units = units_touched(position)
        device = Device.objects.create(
            code=f"{PREFIX}{code}", name=name, kind=Device.Kind.CAMERA, agency=police, position=position,
            unit=units[0] if units else None, interval_seconds=300, last_seen_at=now,
        )  # fmt: skip
        if event_kind:
            event = cameras.EventInput(
                event_id=f"demo-{code}", kind=event_kind, at=now - datetime.timedelta(minutes=12),
                snapshot=_snapshot(code), confidence=0.87, description=f"Phát hiện tự động {SYNTHETIC}.",
            )  # fmt: skip
            cameras.record(device, event)


def _incidents() -> None:
    now = timezone.now()
    # kind, point, hours ago reported, minutes to clear (None: still open), lanes, deaths, injured
    cases = [
        (IncidentKind.ACCIDENT, (109.1935, 12.2425), 24 * 9, 75, 1, 0, 2),
        (IncidentKind.BREAKDOWN, (109.1960, 12.2450), 24 * 6, 35, 1, 0, 0),
        (IncidentKind.ROAD_FLOODING, (109.1910, 12.2400), 24 * 3, 180, 2, 0, 0),
        (IncidentKind.ACCIDENT, (109.1985, 12.2475), 30, 50, 1, 0, 1),
        (IncidentKind.ROAD_WORKS, (109.1925, 12.2415), 5, None, 1, 0, 0),
        (IncidentKind.BREAKDOWN, (109.2000, 12.2490), 2, None, 1, 0, 0),
    ]
    for kind, (lon, lat), hours, minutes, lanes, deaths, injured in cases:
        if not units_touched(Point(lon, lat, srid=4326)):
            continue  # the demo province is not loaded
        reported = now - datetime.timedelta(hours=hours)
        incident = incidents.record(incidents.IncidentInput(
            kind=kind, point=Point(lon, lat, srid=4326), lanes_blocked=lanes, deaths=deaths, injured=injured,
            reported_at=reported, description=f"Sự cố mô phỏng {SYNTHETIC}.",
        ))  # fmt: skip
        if minutes is not None:
            incidents.clear(incident, None, at=reported + datetime.timedelta(minutes=minutes))
