"""A small world for the education tests: two wards with schools, the education department, a ward committee."""

from dataclasses import dataclass

from django.contrib.gis.geos import Point

from agencies.models import Agency, Sector
from alerts.models import SectorRoute
from gis_core.models import AdminUnit
from sectors.education.models import School
from tests.agencies.factories import make_agency, make_unit


@dataclass
class World:
    wards: list[AdminUnit]
    department: Agency
    committee: Agency
    schools: list[School]


def build_world() -> World:
    wards = [make_unit("90001", "Phường Thử A"), make_unit("90002", "Phường Thử B", offset=0.1)]
    education = Sector.objects.create(code="education", number=12, name="Giáo dục", name_en="Education")
    department = make_agency("so-gddt", whole_province=True, sectors=(education,))
    committee = make_agency("ubnd-90001", units=(wards[0],), all_sectors=True)
    SectorRoute.objects.create(sector=education, category="", department=department)
    schools = [
        School.objects.create(code="a-1", name="Trường Tiểu học A1", level=School.Level.PRIMARY, unit=wards[0],
                              enrolment=600, teachers=30, classrooms=18, geom=Point(109.11, 12.21, srid=4326)),
        School.objects.create(code="a-2", name="Trường Mầm non A2", level=School.Level.PRESCHOOL, unit=wards[0],
                              enrolment=200, teachers=15, classrooms=8, geom=Point(109.14, 12.24, srid=4326)),
        School.objects.create(code="b-1", name="Trường THCS B1", level=School.Level.LOWER_SECONDARY, unit=wards[1],
                              enrolment=900, teachers=45, classrooms=24, geom=Point(109.22, 12.22, srid=4326)),
    ]  # fmt: skip
    return World(wards, department, committee, schools)
