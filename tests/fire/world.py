"""A small fire world: one ward (lon 109.10-109.15, lat 12.20-12.25), the fire sector, the fire police and the
ward's committee, the route table between them, and a street grid at 30 km/h over the ward."""

import dataclasses
import datetime

from django.contrib.gis.geos import Point

from accounts.models import Role, User
from agencies.models import Agency, Sector
from alerts.models import SectorRoute
from gis_core.models import AdminUnit
from roads import topology
from roads.models import RoadClass
from sectors.fire.models import FireStation, Premises, WaterSource
from tests.agencies.factories import make_agency, make_unit, make_user

STEP = 0.005  # about 550 m between junctions


@dataclasses.dataclass
class FireWorld:
    ward: AdminUnit
    sector: Sector
    police: Agency
    committee: Agency
    station: FireStation
    users: dict[str, User]


def grid_lines() -> list[topology.LineInput]:
    points = [[(round(109.10 + i * STEP, 4), round(12.20 + j * STEP, 4)) for j in range(11)] for i in range(11)]
    lines = []
    for i in range(11):
        for j in range(11):
            x, y = points[i][j]
            if i < 10:
                lines.append(
                    topology.LineInput(f"LINESTRING({x} {y}, {points[i + 1][j][0]} {y})", "Phố", RoadClass.URBAN)
                )
            if j < 10:
                lines.append(
                    topology.LineInput(f"LINESTRING({x} {y}, {x} {points[i][j + 1][1]})", "Phố", RoadClass.URBAN)
                )
    return lines


def build_world() -> FireWorld:
    ward = make_unit("90001", "Phường Thử")
    sector, _created = Sector.objects.get_or_create(
        code="fire", defaults={"number": 14, "name": "Phòng cháy, chữa cháy", "name_en": "Fire"}
    )
    police = make_agency("ca-tinh-pccc", sectors=(sector,), whole_province=True)
    committee = make_agency("ubnd-90001", units=(ward,), all_sectors=True)
    SectorRoute.objects.get_or_create(sector=sector, defaults={"department": police})
    topology.rebuild(grid_lines(), source="test grid")
    station = FireStation.objects.create(code="DOI-1", name="Đội PCCC thử", geom=Point(109.105, 12.205, srid=4326))
    users = {
        "operator": make_user("operator", Role.OPERATOR),
        "officer": make_user("fire-officer", Role.AGENCY_OFFICER, police),
    }
    return FireWorld(ward, sector, police, committee, station, users)


def premises(code: str, lon: float, lat: float, *, group: str = Premises.RiskGroup.II,
             next_due: datetime.date | None = None) -> Premises:  # fmt: skip
    due = next_due or datetime.date.today() + datetime.timedelta(days=90)
    return Premises.objects.create(
        code=code, name=f"Cơ sở {code}", geom=Point(lon, lat, srid=4326), risk_group=group, next_due=due
    )


def hydrant(code: str, lon: float, lat: float, status: str = WaterSource.Status.WORKING) -> WaterSource:
    return WaterSource.objects.create(code=code, name=f"Trụ {code}", geom=Point(lon, lat, srid=4326), status=status)
