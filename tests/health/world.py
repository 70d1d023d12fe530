"""A small world for the health tests: two wards, the health department and a ward committee, a dataset of cases."""

import datetime
from dataclasses import dataclass

from accounts.models import ApiToken, Role, User
from agencies.models import Agency, Sector
from alerts.models import SectorRoute
from datahub.models import Dataset
from gis_core.models import AdminUnit
from sectors.health.models import CaseCount
from tests.agencies.factories import make_agency, make_unit, make_user

# A Monday in the middle of a year, so the ±2-week window stays inside the year.
WEEK = datetime.date(2026, 6, 1)


@dataclass
class World:
    wards: list[AdminUnit]
    department: Agency
    committee: Agency
    dataset: Dataset
    officer: User
    token: str


def build_world() -> World:
    wards = [make_unit("90001", "Phường Thử A"), make_unit("90002", "Phường Thử B", offset=0.1)]
    health = Sector.objects.create(code="health", number=11, name="Y tế", name_en="Health")
    department = make_agency("so-yt", whole_province=True, sectors=(health,))
    committee = make_agency("ubnd-90001", units=(wards[0],), all_sectors=True)
    SectorRoute.objects.create(sector=health, category="", department=department)
    dataset = Dataset.objects.create(
        code="ca-benh", name="Ca bệnh truyền nhiễm theo tuần", provider=department, sector=health,
        target="disease_cases", format=Dataset.Format.CSV, arrival=Dataset.Arrival.PUSH,
    )  # fmt: skip
    officer = make_user("health-officer", Role.DATA_PROVIDER, department)
    _token, secret = ApiToken.issue(officer, "CDC system")
    return World(wards, department, committee, dataset, officer, secret)


def history(unit: AdminUnit, disease: str, per_week: list[int], years: int = 5, week: datetime.date = WEEK) -> None:
    """Store the same five weekly counts (weeks W-2 … W+2) in each of the earlier years."""
    iso = week.isocalendar()
    for back in range(1, years + 1):
        monday = datetime.date.fromisocalendar(iso.year - back, iso.week, 1)
        for offset, cases in zip(range(-2, 3), per_week, strict=True):
            CaseCount.objects.create(
                disease=disease, unit=unit, week_start=monday + datetime.timedelta(weeks=offset), cases=cases
            )
