"""Demo data of the fire sector: synthetic stations, water sources, high-risk premises and incidents.

Everything is generated from a fixed seed around the towns of the demo road network (roads.demo), so the rules
have something to find: a market far up QL26 beyond any station's 10 minutes, a broken hydrant beside a group I
premises, inspections overdue, and two incidents still open. Names say the data is synthetic. Entries that exist are
kept; the rules and the computed indicators run at the end.
"""

import datetime
import random
from typing import TextIO

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone

from agencies.models import Sector
from fieldreports.models import ReportCategory
from sectors.fire import figures, layers, rules
from sectors.fire.models import FireIncident, FireStation, Premises, WaterSource, unit_at
from sectors.fire.signals import HYDRANT_CATEGORY
from services.models import ServicePage

SEED = 14
NOTE = "Dữ liệu tổng hợp (demo), không phải số liệu thật."
# (code, name, lon, lat, engines): on junctions of the demo network.
STATIONS = [
    ("PCCC-NT", "Đội PCCC và CNCH khu vực Nha Trang (demo)", 109.189, 12.244, 6),
    ("PCCC-CR", "Đội PCCC và CNCH khu vực Cam Ranh (demo)", 109.159, 11.914, 3),
    ("PCCC-NH", "Đội PCCC và CNCH khu vực Ninh Hòa (demo)", 109.129, 12.494, 3),
    ("PCCC-PR", "Đội PCCC và CNCH khu vực Phan Rang (demo)", 108.980, 11.566, 4),
]
# (town, west, south, east, north): where premises, hydrants and incidents are spread.
TOWNS = [
    ("Nha Trang", 109.170, 12.222, 109.190, 12.270),
    ("Cam Ranh", 109.151, 11.906, 109.164, 11.928),
    ("Ninh Hòa", 109.121, 12.486, 109.134, 12.502),
    ("Phan Rang", 108.966, 11.546, 108.992, 11.577),
]
PREMISES_KINDS = ["Chợ", "Cửa hàng xăng dầu", "Khách sạn", "Kho hàng", "Trung tâm thương mại", "Nhà xưởng",
                  "Cơ sở karaoke", "Bệnh viện"]  # fmt: skip
# Placed on purpose for the rules: (code, name, kind, group, lon, lat, overdue days or None)
SPECIAL_PREMISES = [
    ("CS-QL26-01", "Kho vật liệu Quốc lộ 26 (demo)", "Kho hàng", "I", 108.900, 12.613, None),  # beyond 10 min
    ("CS-NT-CHO", "Chợ Đầm (demo)", "Chợ", "I", 109.182, 12.253, None),  # a broken hydrant 60 m away
    ("CS-NT-KS1", "Khách sạn ven biển (demo)", "Khách sạn", "II", 109.191, 12.232, 20),  # overdue
    ("CS-PR-XD1", "Cửa hàng xăng dầu Phan Rang (demo)", "Cửa hàng xăng dầu", "I", 108.975, 11.560, 45),  # overdue
]
INCIDENT_TITLES = ["Cháy nhà dân", "Cháy cửa hàng", "Cháy kho hàng", "Cháy xe ô tô", "Cứu nạn người mắc kẹt",
                   "Cháy rừng phòng hộ ven đô", "Cháy tủ điện", "Cứu hộ người đuối nước"]  # fmt: skip


def _point(rng: random.Random, box: tuple[str, float, float, float, float]) -> Point:
    _town, west, south, east, north = box
    return Point(round(rng.uniform(west, east), 5), round(rng.uniform(south, north), 5), srid=4326)


def _stations() -> int:
    created = 0
    for code, name, lon, lat, engines in STATIONS:
        _station, new = FireStation.objects.get_or_create(code=code, defaults={
            "name": name, "geom": Point(lon, lat, srid=4326), "engines": engines, "address": NOTE})  # fmt: skip
        created += new
    return created


def _water_sources(rng: random.Random, today: datetime.date) -> int:
    created = 0
    specials = [("TH-NT-CHO", "Trụ nước chợ Đầm (demo)", "hydrant", "out_of_order", 109.1825, 12.2531)]
    for code, name, kind, status, lon, lat in specials:
        _item, new = WaterSource.objects.get_or_create(code=code, defaults={
            "name": name, "kind": kind, "status": status, "geom": Point(lon, lat, srid=4326),
            "last_checked": today - datetime.timedelta(days=12), "note": NOTE})  # fmt: skip
        created += new
    for number in range(1, 49):
        town = TOWNS[number % len(TOWNS)]
        kind = "hydrant" if number % 8 else ("pond" if number % 16 else "tank")
        status = "out_of_order" if number % 13 == 0 else ("weak" if number % 7 == 0 else "working")
        point = _point(rng, town)
        if unit_at(point) is None:
            continue
        _item, new = WaterSource.objects.get_or_create(code=f"NN-{number:03d}", defaults={
            "name": f"{dict(WaterSource.Kind.choices)[kind]} {town[0]} số {number} (demo)", "kind": kind,
            "status": status, "geom": point, "last_checked": today - datetime.timedelta(days=rng.randint(5, 200)),
            "capacity_m3": None if kind == "hydrant" else rng.choice([50, 100, 500]), "note": NOTE,
        })  # fmt: skip
        created += new
    return created


def _premises(rng: random.Random, today: datetime.date) -> int:
    created = 0
    for code, name, kind, group, lon, lat, overdue in SPECIAL_PREMISES:
        due = today - datetime.timedelta(days=overdue) if overdue else today + datetime.timedelta(days=120)
        _item, new = Premises.objects.get_or_create(code=code, defaults={
            "name": name, "kind": kind, "risk_group": group, "geom": Point(lon, lat, srid=4326), "address": NOTE,
            "next_due": due, "last_inspection": due - datetime.timedelta(days=365)})  # fmt: skip
        created += new
    for number in range(1, 31):
        town = TOWNS[number % len(TOWNS)]
        kind = PREMISES_KINDS[number % len(PREMISES_KINDS)]
        point = _point(rng, town)
        if unit_at(point) is None:
            continue
        due = today + datetime.timedelta(days=rng.randint(10, 330))
        _item, new = Premises.objects.get_or_create(code=f"CS-{number:03d}", defaults={
            "name": f"{kind} {town[0]} số {number} (demo)", "kind": kind, "risk_group": ("I", "II", "III")[number % 3],
            "geom": point, "address": NOTE, "next_due": due, "last_inspection": due - datetime.timedelta(days=365),
        })  # fmt: skip
        created += new
    return created


def _incidents(rng: random.Random) -> int:
    now = timezone.now().replace(second=0, microsecond=0)
    stations = {station.code: station for station in FireStation.objects.all()}
    created = 0
    for number in range(1, 37):
        index = number % len(TOWNS)
        town, station = TOWNS[index], stations.get(STATIONS[index][0])
        point = _point(rng, town)
        if unit_at(point) is None:
            continue
        still_open = number in (1, 2)
        reported = now - (datetime.timedelta(hours=number) if still_open else datetime.timedelta(days=number * 9))
        dispatched = reported + datetime.timedelta(minutes=rng.randint(1, 3))
        arrived = dispatched + datetime.timedelta(minutes=rng.randint(4, 16))
        controlled = arrived + datetime.timedelta(minutes=rng.randint(10, 90))
        kind = "rescue" if "Cứu" in INCIDENT_TITLES[number % len(INCIDENT_TITLES)] else "fire"
        _item, new = FireIncident.objects.get_or_create(code=f"VC-{number:04d}", defaults={
            "title": f"{INCIDENT_TITLES[number % len(INCIDENT_TITLES)]} (demo)", "kind": kind, "address": NOTE,
            "geom": point, "station": station, "reported_at": reported, "dispatched_at": dispatched,
            "arrived_at": arrived, "controlled_at": None if number == 1 else controlled,
            "closed_at": None if still_open else controlled + datetime.timedelta(minutes=rng.randint(20, 120)),
            "injured": rng.choice([0, 0, 0, 1, 2]), "rescued": rng.choice([0, 0, 1, 3]) if kind == "rescue" else 0,
        })  # fmt: skip
        created += new
    return created


def load(stdout: TextIO) -> None:
    """Load the synthetic fire registers once, then run the rules and publish the computed indicators."""
    rng = random.Random(SEED)  # noqa: S311  (a fixed seed for a deterministic demo, not for secrets)
    today = timezone.localdate()
    with transaction.atomic():
        counts = (_stations(), _water_sources(rng, today), _premises(rng, today), _incidents(rng))
    sector = Sector.objects.filter(code="fire").first()
    if sector is not None:
        ReportCategory.objects.get_or_create(service_code=HYDRANT_CATEGORY, defaults={
            "name": "Trụ nước chữa cháy hỏng", "name_en": "Broken fire hydrant", "sector": sector, "group": "fire",
            "keywords": "trụ nước, chữa cháy, PCCC, hydrant",
        })  # fmt: skip
    fire_layers = layers.register(stdout)
    page = ServicePage.objects.filter(sector__code="fire").first()
    if page is not None:
        page.layers.add(*fire_layers)
    result = rules.run()
    published = figures.publish()
    stdout.write(
        f"fire: {counts[0]} stations, {counts[1]} water sources, {counts[2]} premises, {counts[3]} incidents created "
        f"(synthetic); rules: {result.raised} alerts raised, {result.retreated} retreated; indicators {published}.\n"
    )
