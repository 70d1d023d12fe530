"""OGC API Processes: planning-lookup answers as the planning API does; hazard-exposure overlays units and lots."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from shapely.geometry import shape

from layers.importing import ImportOptions, import_layer
from layers.models import Layer
from planning.models import LandUseCode, Plan, ZoningLot
from tests.layers import data
from tests.layers.conftest import People
from tests.ogc_api.conftest import publish
from tests.planning.conftest import TEST_LAT, TEST_LON, box, land_use_codes, ward, zoning_plan  # noqa: F401

pytestmark = pytest.mark.django_db
# 350 m x 60 m in VN-2000 over the east half of A1, the south half of A2 and N1, and the road R1 south of them.
HAZARD = box(602_800, 1_353_590, 603_150, 1_353_650)


def execute(client: Client, process: str, inputs: Any, **body: Any) -> Any:
    payload = json.dumps({"inputs": inputs, **body})
    return client.post(f"/ogc/processes/{process}/execution", payload, content_type="application/json")


def in_wgs84(geometry: Any) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_AsGeoJSON(ST_Transform(ST_GeomFromEWKT(%s), 4326), 10)", [geometry.ewkt])
        return json.loads(cursor.fetchone()[0])


@pytest.fixture
def rice_lot(zoning_plan: Plan) -> ZoningLot:  # noqa: F811
    """N1, rice land east of A2 in the current revision."""
    revision = zoning_plan.current_revision()
    assert revision is not None
    return ZoningLot.objects.create(
        revision=revision, lot_code="N1", land_use=LandUseCode.objects.get(code="LUC"),
        geom=box(603_100, 1_353_600, 603_200, 1_353_700),
    )  # fmt: skip


def test_processes_are_listed_and_described(client: Client) -> None:
    listed = client.get("/ogc/processes").json()["processes"]
    assert [p["id"] for p in listed] == ["planning-lookup", "hazard-exposure"]
    # hazard-exposure may take minutes over the whole province: it also runs as a job (test_processes_async.py)
    assert [p["jobControlOptions"] for p in listed] == [["sync-execute"], ["sync-execute", "async-execute"]]
    described = client.get("/ogc/processes/hazard-exposure").json()
    assert described["inputs"]["hazard"]["minOccurs"] == 1 and "result" in described["outputs"]
    assert any(link["rel"].endswith("/execute") for link in described["links"])
    assert client.get("/ogc/processes/no-such").status_code == 404


def test_planning_lookup_at_a_point_answers_as_the_planning_api(client: Client, zoning_plan: Plan) -> None:  # noqa: F811
    response = execute(client, "planning-lookup", {"lon": TEST_LON, "lat": TEST_LAT, "date": "2024-01-01"})
    assert response.status_code == 200
    query = {"lon": str(TEST_LON), "lat": str(TEST_LAT), "date": "2024-01-01"}
    expected = client.get("/api/v1/planning/lookup", query).json()
    assert response.json() == expected
    assert response.json()["plans"][0]["lots"][0]["land_use"]["code"] == "DGD"


def test_planning_lookup_for_a_parcel_answers_as_the_parcel_report(client: Client, zoning_plan: Plan) -> None:  # noqa: F811
    parcel = in_wgs84(box(602_850, 1_353_620, 602_950, 1_353_680))
    response = execute(client, "planning-lookup", {"parcel": parcel}, response="document")
    assert response.status_code == 200
    expected = client.post("/api/v1/planning/parcel-report", {"geometry": parcel}, content_type="application/json")
    assert response.json() == {"result": expected.json()}
    assert {part["lot_code"] for plan in expected.json()["plans"] for part in plan["lots"]} >= {"A1", "A2"}


def test_hazard_exposure_counts_lots_and_areas_per_unit_and_group(client: Client, rice_lot: ZoningLot) -> None:
    response = execute(client, "hazard-exposure", {"hazard": in_wgs84(HAZARD)})
    assert response.status_code == 200, response.content
    answer = response.json()
    [unit] = answer["units"]
    assert (unit["code"], unit["name"]) == ("22366", "Phường Nha Trang")
    totals = {entry["group"]: entry for entry in answer["totals"]}
    # Only the current revision counts: A1 (school), A2 (park) and R1 (road) are non-agricultural, N1 is rice.
    assert (totals["non_agricultural"]["lots"], totals["agricultural"]["lots"]) == (3, 1)
    # Planar VN-2000 areas: A1 100 x 50, A2 200 x 50, R1 300 x 10, N1 50 x 50; geodesic m² agree within 0.1 %.
    assert totals["non_agricultural"]["area_m2"] == pytest.approx(5000 + 10000 + 3000, rel=1e-3)
    assert totals["agricultural"]["area_m2"] == pytest.approx(2500, rel=1e-3)
    assert answer["hazard"]["area_m2"] == pytest.approx(350 * 60, rel=1e-3)
    assert unit["area_m2"] == pytest.approx(350 * 60, rel=1e-3)
    assert {g["group"]: g["lots"] for g in unit["groups"]} == {"agricultural": 1, "non_agricultural": 3}
    assert totals["agricultural"]["label"] == "Agricultural land"


def test_hazard_exposure_on_a_date_uses_the_plans_then_in_force(client: Client, rice_lot: ZoningLot) -> None:
    answer = execute(client, "hazard-exposure", {"hazard": in_wgs84(HAZARD), "date": "2016-06-01"}).json()
    assert {e["group"]: e["lots"] for e in answer["totals"]} == {"non_agricultural": 3}  # N1 came with revision 2


def test_hazard_outside_every_unit_exposes_nothing(client: Client, rice_lot: ZoningLot) -> None:
    far = {"type": "Polygon", "coordinates": [[[107.0, 11.0], [107.01, 11.0], [107.01, 11.01], [107.0, 11.0]]]}
    answer = execute(client, "hazard-exposure", {"hazard": far}).json()
    assert (answer["units"], answer["totals"]) == ([], [])


@pytest.fixture
def flood_layer(people: People, tmp_path: Path) -> Layer:
    """A polygon layer of one flood zone equal to HAZARD, restricted to the environment agency."""
    polygon = shape(in_wgs84(HAZARD))
    path = data.write(tmp_path / "vung.gpkg", [{"ten": "Vùng ngập 1", "geometry": polygon}])
    layer = import_layer(path, "vung-ngap", ImportOptions()).layer
    return publish(layer, access="restricted", owner=people.environment)


def test_hazard_by_reference_to_a_feature_the_caller_may_see(
    client: Client, people: People, rice_lot: ZoningLot, flood_layer: Layer
) -> None:
    client.force_login(people.owner_officer)
    feature_id = client.get("/ogc/collections/vung-ngap/items").json()["features"][0]["id"]
    href = f"http://localhost/ogc/collections/vung-ngap/items/{feature_id}"
    by_reference = execute(client, "hazard-exposure", {"hazard": {"href": href}}).json()
    by_value = execute(client, "hazard-exposure", {"hazard": in_wgs84(HAZARD)}).json()
    assert by_reference["totals"] == by_value["totals"] and by_reference["hazard"]["source"] == href


@pytest.mark.parametrize(
    ("process", "inputs", "words"),
    [
        ("planning-lookup", {}, "Give exactly one of these inputs"),
        ("planning-lookup", {"lon": 109.2, "lat": 12.2, "table": "1 2 3"}, "Give exactly one of these inputs"),
        ("planning-lookup", {"lon": 109.2}, "Input lat is missing"),
        ("planning-lookup", {"lon": "abc", "lat": 12.2}, "Parameter lon: 'abc' is not a number"),
        ("planning-lookup", {"lon": "200.500", "lat": 12.2}, "Parameter lon: '200.500' is ambiguous"),
        ("planning-lookup", {"x": 602805, "y": 1353660}, "Parameter crs is missing"),
        ("planning-lookup", {"lon": True, "lat": 12.2}, "Input lon must be a number"),
        ("planning-lookup", {"lon": 200, "lat": 12.2}, "a longitude lies between -180 and 180"),
        ("planning-lookup", {"lon": 109.2, "lat": 12.2, "date": "1/7/2025"}, "write it as YYYY-MM-DD"),
        (
            "planning-lookup",
            {"parcel": {"type": "Polygon", "coordinates": [[[109, 12], [109.1, 12], [109.1, 12.1], [109.2, 12.2]]]}},
            "is not closed",
        ),
        ("planning-lookup", {"parcel": "here"}, "must be a GeoJSON object"),
        ("planning-lookup", {"lon": 109.2, "lat": 12.2, "with_geometry": "yes"}, "with_geometry must be true or false"),
        ("planning-lookup", {"where": 1}, "has no input 'where'"),
        ("hazard-exposure", {}, "Input hazard is missing"),
        ("hazard-exposure", {"hazard": {"type": "Point", "coordinates": [109.2, 12.2]}}, "give a Polygon"),
        ("hazard-exposure", {"hazard": {"href": "http://localhost/api/v1/layers"}}, "must name a feature"),
        ("hazard-exposure", {"hazard": {"href": 5}}, "must be the URL of a feature"),
        ("hazard-exposure", {"hazard": {"type": "Polygon", "coordinates": []}, "crs": "EPSG:1"}, "Unrecognised CRS"),
    ],
)
def test_bad_inputs_are_refused_with_a_message(
    client: Client,
    zoning_plan: Plan,  # noqa: F811
    process: str,
    inputs: dict,
    words: str,
) -> None:
    response = execute(client, process, inputs)
    assert response.status_code == 400, response.content
    assert words in response.json()["message"]


@pytest.mark.parametrize(
    ("body", "content_type", "words"),
    [
        ("{", "application/json", "not valid JSON"),
        ("[]", "application/json", "must be a JSON object"),
        ('{"inputs": []}', "application/json", '"inputs" must be an object'),
        ('{"inputs": {}, "response": "zip"}', "application/json", '"response" must be "raw" or "document"'),
        ("lon=1", "application/x-www-form-urlencoded", "Send the execute request as JSON"),
    ],
)
def test_malformed_execute_requests_are_refused(client: Client, body: str, content_type: str, words: str) -> None:
    response = client.post("/ogc/processes/planning-lookup/execution", body, content_type=content_type)
    assert response.status_code == 400
    assert words in response.json()["message"]
