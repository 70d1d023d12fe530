"""Fixtures of the planning tests: one ward around the test vector and a plan with an adjustment."""

import datetime

import pytest
from django.contrib.gis.geos import LineString, MultiLineString, MultiPolygon, Polygon

from gis_core.models import AdminUnit, Province
from gis_core.srs import VN2000_TM3_108_15
from planning.catalogue import sync_catalogue
from planning.models import LandUseCode, Plan, PlanDocument, PlanRevision, RedLine, ZoningLot

# The province's test vector (see tests/gis_core/reference.py): a point in Nha Trang.
TEST_LON, TEST_LAT = 109.1967, 12.2388
TEST_E, TEST_N = 602805.66, 1353660.03
OUTSIDE_LON, OUTSIDE_LAT = 107.5, 12.0
ORIGINAL_FROM = datetime.date(2015, 1, 1)
ADJUSTED_FROM = datetime.date(2023, 1, 1)


def box(e0: float, n0: float, e1: float, n1: float) -> MultiPolygon:
    """A rectangle given in VN-2000 TM-3 metres (easting, northing)."""
    ring = ((e0, n0), (e1, n0), (e1, n1), (e0, n1), (e0, n0))
    return MultiPolygon(Polygon(ring), srid=VN2000_TM3_108_15)


@pytest.fixture
def land_use_codes(db: None) -> None:
    """Make sure the catalogue a migration loads is there (a transactional test's flush removes it)."""
    sync_catalogue(LandUseCode)


@pytest.fixture
def ward(land_use_codes: None) -> AdminUnit:
    """Phường Nha Trang as a 6 x 7 km square around the test vector."""
    province = Province.objects.create(code="56", name="Tỉnh Khánh Hòa")
    return AdminUnit.objects.create(
        province=province,
        code="22366",
        name="Phường Nha Trang",
        kind=AdminUnit.Kind.WARD,
        geom=box(600_000, 1_350_000, 606_000, 1_357_000),
    )


def _lot(revision: PlanRevision, code: str, use: str, geom: MultiPolygon, **indicators: object) -> ZoningLot:
    return ZoningLot.objects.create(
        revision=revision, lot_code=code, land_use=LandUseCode.objects.get(code=use), geom=geom, **indicators
    )


@pytest.fixture
def zoning_plan(ward: AdminUnit) -> Plan:
    """A zoning plan whose 2023 adjustment turned housing lot A1 into a school.

    Revision 1 (2015-2022): A1 housing (ODT) holding the test vector, A2 park (DKV), R1 road (DGT) south of both.
    Revision 2 (2023-):     A1 school (DGD), A2 park, R1 road, and a red line along the road's north edge.
    """
    plan = Plan.objects.create(
        code="test-zoning",
        name="Quy hoạch phân khu thử nghiệm",
        plan_type=Plan.Type.ZONING_2000,
        status=Plan.Status.APPROVED,
        decision_number="100/QĐ-UBND",
        decision_date=datetime.date(2014, 12, 1),
        approving_authority="UBND tỉnh Khánh Hòa",
        effective_from=ORIGINAL_FROM,
    )
    plan.units.add(ward)
    first = plan.add_revision(effective_from=ORIGINAL_FROM, title="Original", decision_number="100/QĐ-UBND")
    _lot(
        first,
        "A1",
        "ODT",
        box(602_700, 1_353_600, 602_900, 1_353_700),
        building_coverage_pct=80,
        floor_area_ratio="4.00",
        floors_min=3,
        floors_max=5,
        setback_m=3,
        area_m2=20000,
    )
    _lot(first, "A2", "DKV", box(602_900, 1_353_600, 603_100, 1_353_700), building_coverage_pct=5)
    _lot(first, "R1", "DGT", box(602_700, 1_353_580, 603_100, 1_353_600))
    second = plan.add_revision(effective_from=ADJUSTED_FROM, title="Adjustment", decision_number="200/QĐ-UBND")
    _lot(
        second,
        "A1",
        "DGD",
        box(602_700, 1_353_600, 602_900, 1_353_700),
        building_coverage_pct=40,
        floor_area_ratio="1.60",
        floors_max=4,
        setback_m=6,
        area_m2=20000,
        red_line_ref="QH-04",
    )
    _lot(second, "A2", "DKV", box(602_900, 1_353_600, 603_100, 1_353_700), building_coverage_pct=5)
    _lot(second, "R1", "DGT", box(602_700, 1_353_580, 603_100, 1_353_600))
    RedLine.objects.create(
        revision=second,
        reference="QH-04",
        geom=MultiLineString(LineString((602_700, 1_353_600), (603_100, 1_353_600)), srid=VN2000_TM3_108_15),
    )
    PlanDocument.objects.create(
        plan=plan, title="Quyết định phê duyệt", kind="decision", url="https://example.org/qd100.pdf"
    )
    PlanDocument.objects.create(
        plan=plan, revision=second, title="Quyết định điều chỉnh", kind="decision", url="https://example.org/qd200.pdf"
    )
    plan.refresh_boundary()
    return plan
