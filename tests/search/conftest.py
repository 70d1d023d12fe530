"""A searchable province: the 65 demo units, a plan with lots in force, a draft plan, an alert and a report."""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from alerts.api import raise_alert
from alerts.choices import Source
from alerts.intake import AlertInput
from alerts.models import Alert
from fieldreports.choices import Channel
from fieldreports.models import FieldReport, ReportCategory
from gis_core import demo
from gis_core.srs import VN2000_TM3_108_15
from planning.models import Plan, ZoningLot
from tests.agencies.factories import make_agency, make_sector, make_user
from tests.gis_core.reference import TEST_E, TEST_LAT, TEST_LON, TEST_N

TRACKING_CODE = "PA7K3M9Q2X"
OTHER_CODE = "PA7K3M9Q2Y"


@dataclass
class Searchable:
    plan: Plan
    draft: Plan
    alert: Alert
    report: FieldReport
    operator: User
    officer: User  # of an agency the alert does not involve

    def client_as(self, who: str) -> Client:
        client = Client()
        if who != "anonymous":
            client.force_login(getattr(self, who))
        return client


def _square(e: float, n: float, metres: float) -> MultiPolygon:
    square = Polygon(((e, n), (e + metres, n), (e + metres, n + metres), (e, n + metres), (e, n)))
    geom = MultiPolygon(square, srid=VN2000_TM3_108_15)
    geom.transform(4326)
    return geom


def _plan(code: str, name: str, status: str, lot_codes: list[str]) -> Plan:
    plan = Plan.objects.create(
        code=code, name=name, plan_type=Plan.Type.ZONING_2000, status=status,
        effective_from=datetime.date(2020, 1, 1),
    )  # fmt: skip
    revision = plan.add_revision(effective_from=datetime.date(2020, 1, 1))
    for number, lot_code in enumerate(lot_codes):
        geom = _square(TEST_E - 300 + number * 100, TEST_N - 50, 100)
        ZoningLot.objects.create(revision=revision, lot_code=lot_code, land_use_id="ODT", geom=geom)
    plan.refresh_boundary()
    return plan


def _report(code: str, alert: Alert, category: ReportCategory) -> FieldReport:
    return FieldReport.objects.create(
        tracking_code=code, category=category, channel=Channel.WEB, geom=Point(TEST_LON, TEST_LAT, srid=4326),
        description="Đèn đường không sáng", alert=alert, submitted_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def searchable(db: None) -> Searchable:
    demo.load(io.StringIO())
    plan = _plan("nha-trang-center", "Quy hoạch phân khu trung tâm Nha Trang", Plan.Status.APPROVED,
                 ["A1-01", "A1-02", "A10", "B2"])  # fmt: skip
    draft = _plan("draft-plan", "Quy hoạch dự thảo Cam Lâm", Plan.Status.DRAFT, ["D1"])
    operator = make_user("operator", Role.OPERATOR)
    officer = make_user("officer", Role.AGENCY_OFFICER, agency=make_agency("ubnd-other"))
    alert, _created = raise_alert(
        AlertInput(title="Ngập sâu tại phường Nha Trang", source=Source.MANUAL,
                   geom=Point(TEST_LON, TEST_LAT, srid=4326)), operator,
    )  # fmt: skip
    category = ReportCategory.objects.create(service_code="streetlight", name="Đèn đường hỏng",
                                             sector=make_sector("utilities", 15))  # fmt: skip
    report_alert, _created = raise_alert(AlertInput(title="Phản ánh", source=Source.FIELD_REPORT))
    report = _report(TRACKING_CODE, report_alert, category)
    other_alert, _created = raise_alert(AlertInput(title="Phản ánh khác", source=Source.FIELD_REPORT))
    _report(OTHER_CODE, other_alert, category)
    return Searchable(plan=plan, draft=draft, alert=alert, report=report, operator=operator, officer=officer)
