"""The planners' map draws the lots of its filter from the lots layer, which is not an export and is not audited."""

import pytest
from django.test import Client

from accounts.models import Role
from audit.models import AuditEntry
from planning.models import Plan
from tests.agencies.factories import make_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/planning/lots-layer"
AROUND_THE_PLAN = "109.18,12.22,109.21,12.25"


def drawn(client: Client, **filters: str) -> set[str]:
    response = client.get(URL, {"bbox": AROUND_THE_PLAN, "zoom": "16", "date": "2024-06-30", **filters})
    assert response.status_code == 200, response.content[:300]
    return {feature["properties"]["lot_code"] for feature in response.json()["features"]}


def test_the_lots_layer_narrows_to_the_planners_filter(zoning_plan: Plan, client: Client) -> None:
    assert drawn(client) == {"A1", "A2", "R1"}
    assert drawn(client, land_use="DKV") == {"A2"}
    assert drawn(client, land_use="DKV,DGT") == {"A2", "R1"}
    assert drawn(client, plan=zoning_plan.code) == {"A1", "A2", "R1"}


def test_an_unknown_filter_value_is_refused_in_words(zoning_plan: Plan, client: Client) -> None:
    response = client.get(URL, {"bbox": AROUND_THE_PLAN, "zoom": "16", "land_use": "XYZ"})

    assert response.status_code == 400 and "XYZ" in response.json()["message"]


def test_moving_the_planners_map_leaves_no_export_in_the_audit_log(zoning_plan: Plan) -> None:
    client = Client()
    client.force_login(make_user("planner", Role.PLANNER))

    page = client.get("/planning/planners/").content.decode()
    for bbox in (AROUND_THE_PLAN, "109.19,12.23,109.20,12.24"):
        assert client.get(URL, {"bbox": bbox, "zoom": "17"}).status_code == 200

    assert f'data-lots-layer="{URL}"' in page
    assert not AuditEntry.objects.filter(kind="export").exists()
