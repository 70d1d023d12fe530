"""The alerts demo: the routing table of the demo agencies and three hazard rules, loaded once, kept as edited."""

import io

import pytest
from django.contrib.gis.geos import Point

from agencies.models import Sector
from alerts import demo
from alerts.api import raise_alert
from alerts.intake import AlertInput
from alerts.models import AlertRule, SectorRoute
from alerts.routing import propose

pytestmark = pytest.mark.usefixtures("demo_province", "frozen_clock")


def test_the_demo_routes_sectors_to_departments_and_a_second_load_keeps_edits(db: None) -> None:
    first, second = io.StringIO(), io.StringIO()
    demo.load(first)
    SectorRoute.objects.filter(sector__code="fire").update(note="Sửa trong trang quản trị")
    demo.load(second)

    assert first.getvalue() == f"alerts: {len(demo.ROUTES)} routes and {len(demo.RULES)} rules created.\n"
    assert second.getvalue() == "alerts: 0 routes and 0 rules created.\n"
    assert SectorRoute.objects.get(sector__code="fire").note == "Sửa trong trang quản trị"
    assert set(AlertRule.objects.values_list("rule_type", flat=True)) == {"spatial_intersection", "raster_zonal"}


def test_a_demo_flood_alert_in_nha_trang_goes_to_its_ward_with_the_environment_department(db: None) -> None:
    demo.load(io.StringIO())
    data = AlertInput(
        title="Ngập sâu đường Trần Phú", source="manual", category="flood",
        sector=Sector.objects.get(code="disaster-weather"), geom=Point(109.1967, 12.2388, srid=4326),
    )  # fmt: skip
    alert, _created = raise_alert(data)

    proposal = propose(alert).as_dict()

    assert (proposal["lead"], proposal["department"]) == ("ubnd-22366", "so-nnmt")
    assert "so-nnmt" in proposal["coordinating"]
