"""A small province for the alerts tests: two wards, their committees, the fire police and one account per role."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.gis.geos import Point, Polygon

from accounts.models import ApiToken, Role, User
from agencies.models import Agency, Sector
from alerts.api import raise_alert
from alerts.intake import AlertInput
from alerts.models import Alert
from gis_core.models import AdminUnit
from tests.agencies.factories import make_agency, make_sector, make_unit, make_user

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """An aware instant given in Khánh Hòa's local time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VN)


@dataclass
class World:
    ward_a: AdminUnit
    ward_b: AdminUnit
    fire: Sector
    utilities: Sector
    ubnd_a: Agency
    ubnd_b: Agency
    pccc: Agency
    users: dict[str, User]
    system_secret: str

    def point_in_a(self) -> Point:
        return Point(109.125, 12.225, srid=4326)

    def polygon_across(self) -> Polygon:
        """A polygon covering most of ward A and a corner of ward B (B lies 0.1° east of A)."""
        x, y = 109.11, 12.21
        return Polygon(((x, y), (x + 0.12, y), (x + 0.12, y + 0.02), (x, y + 0.02), (x, y)), srid=4326)

    def alert(self, category: str = "other", **fields: object) -> Alert:
        """Raise an alert located in ward A, by the operator."""
        values: dict[str, object] = {"title": "Cây đổ chắn đường", "source": "manual", "category": category}
        values.setdefault("geom", self.point_in_a())
        values.update(fields)
        alert, _created = raise_alert(AlertInput(**values), self.users["operator"])  # type: ignore[arg-type]
        return alert


def build_world() -> World:
    ward_a = make_unit("90001", "Phường Thử A")
    ward_b = make_unit("90002", "Phường Thử B", offset=0.1)
    fire, utilities = make_sector("fire", 14), make_sector("public-utilities", 15)
    ubnd_a = make_agency("ubnd-90001", units=(ward_a,), all_sectors=True)
    ubnd_b = make_agency("ubnd-90002", units=(ward_b,), all_sectors=True)
    pccc = make_agency("pccc", sectors=(fire,), whole_province=True)
    users = {
        "operator": make_user("operator", Role.OPERATOR),
        "operator2": make_user("operator2", Role.OPERATOR),
        "admin": make_user("admin", Role.MANAGEMENT_ADMIN),
        "officer_a": make_user("officer-a", Role.AGENCY_OFFICER, ubnd_a),
        "officer_a2": make_user("officer-a2", Role.AGENCY_OFFICER, ubnd_a),
        "officer_b": make_user("officer-b", Role.AGENCY_OFFICER, ubnd_b),
        "officer_pccc": make_user("officer-pccc", Role.AGENCY_OFFICER, pccc),
        "viewer": make_user("viewer", Role.VIEWER),
        "system": make_user("weather-gateway", Role.DATA_PROVIDER, pccc),
    }
    _token, secret = ApiToken.issue(users["system"], "weather gateway")
    return World(ward_a, ward_b, fire, utilities, ubnd_a, ubnd_b, pccc, users, secret)
