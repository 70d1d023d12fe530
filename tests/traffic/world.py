"""A small road world for the traffic tests: one ward, the traffic sector, the traffic police and the ward's
committee, three road segments inside the ward, a detector on the first and a camera beside it."""

import dataclasses
import io
import itertools

from django.contrib.gis.geos import LineString, Point
from PIL import Image

from accounts.models import Role, User
from agencies.models import Agency, Sector
from gis_core.models import AdminUnit
from iot.models import Device
from roads.models import RoadClass, RoadEdge, RoadNode
from sectors.traffic.flows import attach_detector
from tests.agencies.factories import make_agency, make_unit, make_user

# The ward of tests.agencies.factories.make_unit spans lon 109.10-109.15, lat 12.20-12.25.
COORDS = [(109.11, 12.22), (109.12, 12.22), (109.13, 12.22), (109.14, 12.22)]


@dataclasses.dataclass
class RoadWorld:
    ward: AdminUnit
    sector: Sector
    police: Agency
    committee: Agency
    edges: list[RoadEdge]
    detector: Device
    detector_token: str
    camera: Device
    camera_token: str
    users: dict[str, User]


def make_edges(coords: list[tuple[float, float]] = COORDS, speed_kmh: float = 60.0) -> list[RoadEdge]:
    """A chain of segments through the points, named Đường Thử 1, 2, …"""
    nodes = [RoadNode.objects.create(geom=Point(*xy, srid=4326)) for xy in coords]
    edges = []
    for number, (start, end) in enumerate(itertools.pairwise(nodes), start=1):
        line = LineString(start.geom.coords, end.geom.coords, srid=4326)
        length = 1085.0
        edges.append(RoadEdge.objects.create(
            source=start, target=end, geom=line, name=f"Đường Thử {number}", road_class=RoadClass.URBAN,
            speed_kmh=speed_kmh, length_m=length, cost_s=length / (speed_kmh / 3.6),
            reverse_cost_s=length / (speed_kmh / 3.6),
        ))  # fmt: skip
    return edges


def build_world() -> RoadWorld:
    ward = make_unit("90001", "Phường Thử")
    sector, _created = Sector.objects.get_or_create(
        code="traffic", defaults={"number": 10, "name": "Giao thông", "name_en": "Traffic"}
    )
    police = make_agency("ca-tinh", sectors=(sector,), whole_province=True)
    committee = make_agency("ubnd-90001", units=(ward,), all_sectors=True)
    edges = make_edges()
    detector = Device.objects.create(code="det-01", name="Đếm xe 01", kind=Device.Kind.OTHER, agency=police,
                                     position=Point(109.115, 12.22, srid=4326), unit=ward)  # fmt: skip
    attach_detector(detector, edges[0])
    camera = Device.objects.create(code="cam-t1", name="Camera ngã tư", kind=Device.Kind.CAMERA, agency=police,
                                   position=Point(109.125, 12.2201, srid=4326), unit=ward)  # fmt: skip
    users = {
        "operator": make_user("operator", Role.OPERATOR),
        "officer": make_user("traffic-officer", Role.AGENCY_OFFICER, police),
        "viewer": make_user("viewer", Role.VIEWER),
    }
    return RoadWorld(ward, sector, police, committee, edges, detector, detector.issue_token(), camera,
                     camera.issue_token(), users)  # fmt: skip


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (30, 30, 200)).save(buffer, format="PNG")
    return buffer.getvalue()
