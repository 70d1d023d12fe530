"""The planners' page: sign-in required; filters, the lot table, export links and implementation per unit."""

import datetime
import json
import re

import pytest
from django.test import Client

from accounts.models import Role, User
from planning.models import CurrentLandUse, LandUseCode, LandUseSurvey, Plan
from tests.planning.conftest import box

URL = "/planning/planners/"


@pytest.fixture
def planner(client: Client, django_user_model: type[User], zoning_plan: Plan) -> Client:
    client.force_login(django_user_model.objects.create_user("planner", password="correct-horse-42"))
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, zoning_plan: Plan) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_page_lists_matching_lots_with_export_links(planner: Client) -> None:
    response = planner.get(URL, {"land_use": "DGD,DKV"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-lot="A1"' in html and 'data-lot="A2"' in html and 'data-lot="R1"' not in html
    assert 'data-format="gpkg"' in html
    assert "/api/v1/planning/lots?land_use=DGD%2CDKV&amp;format=csv" in html


def test_a_bad_filter_is_shown_on_the_page(planner: Client) -> None:
    response = planner.get(URL, {"coverage_min": "nhiều"})
    assert response.status_code == 400
    assert "coverage_min=nhiều is not a number" in response.content.decode()


def test_choosing_a_plan_shows_its_implementation_table_and_map(planner: Client, zoning_plan: Plan) -> None:
    survey = LandUseSurvey.objects.create(name="Hiện trạng thử", reference_date=datetime.date(2024, 12, 31))
    CurrentLandUse.objects.create(
        survey=survey, land_use=LandUseCode.objects.get(code="ODT"), geom=box(602_700, 1_353_580, 603_100, 1_353_700)
    )
    html = planner.get(URL, {"plan": "test-zoning", "date": "2025-01-01"}).content.decode()
    assert 'id="pp-map"' in html
    rate_map = json.loads(html.split('<script id="pp-rates" type="application/json">')[1].split("</script>")[0])
    assert rate_map["values"] == {"22366": 100.0}  # percent, for the popup
    top = len(rate_map["colours"]) - 1
    assert rate_map["classes"] == {"22366": top}  # fully implemented: the darkest class
    # The legend under the map lists the map's colours, and a swatch for units with nothing planned.
    legend = re.findall(r'<li data-color="(#[0-9a-f]{6})">', html)
    assert legend == [*rate_map["colours"], rate_map["none"]]
    assert 'data-unit="22366" data-group="non_agricultural"' in html


def test_the_implementation_shows_urban_indicators_per_unit(planner: Client, zoning_plan: Plan) -> None:
    zoning_plan.revisions.get(number=1).lots.filter(lot_code="A1").update(population=400)
    LandUseSurvey.objects.create(name="Hiện trạng 2019", reference_date=datetime.date(2019, 12, 31))
    html = planner.get(URL, {"plan": "test-zoning", "date": "2020-01-01"}).content.decode()
    row = html[html.index('<tr data-urban="22366">') :]
    row = row[: row.index("</tr>")]
    assert '<td class="pp-num">2.00 ha</td>' in row  # 2 ha of planned housing
    assert '<td class="pp-num">400</td>' in row and '<td class="pp-num">50.0</td>' in row
    assert "table=urban" in html


def test_planners_with_the_import_permission_see_the_upload_link(client: Client, zoning_plan: Plan) -> None:
    viewer = User.objects.create_user("viewer", password="correct-horse-42", role=Role.VIEWER)
    client.force_login(viewer)
    assert "data-import-link" not in client.get(URL).content.decode()
    operator = User.objects.create_user("operator", password="correct-horse-42", role=Role.OPERATOR)
    client.force_login(operator)
    assert "data-import-link" in client.get(URL).content.decode()
