"""OGC API - EDR over the IoT readings: our PostGIS provider inside pygeoapi, results parsed (issue 18 part 2)."""

from typing import Any

from django.test import Client

from layers.models import Layer
from tests.iot.world import World

BASE = "/ogc/collections/iot-devices"
JANUARY_5 = "2026-01-05T00:00:00Z/2026-01-05T23:59:59Z"
AT_AQ = "POINT(109.125 12.225)"  # where aq-01 (and the camera and street light) stand
NEAR_WL = "POINT(109.2003 12.3001)"  # 35 m from wl-01


def covjson(client: Client, query: str, **params: str) -> dict[str, Any]:
    response = client.get(f"{BASE}/{query}", params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/vnd.cov+json"
    return response.json()


def series(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each coverage by device code: its time axis and its ranges' values."""
    assert document["type"] == "CoverageCollection" and document["domainType"] == "PointSeries"
    return {
        coverage["id"]: {"t": coverage["domain"]["axes"]["t"]["values"],
                         **{name: r["values"] for name, r in coverage["ranges"].items()}}
        for coverage in document["coverages"]
    }  # fmt: skip


def test_a_position_query_gives_the_station_series_for_the_day(client: Client, readings: World) -> None:
    document = covjson(client, "position", coords=AT_AQ, datetime=JANUARY_5)
    found = series(document)
    assert list(found) == ["aq-01"]  # the camera and the street light there have no readings
    day = found["aq-01"]
    assert len(day["t"]) == 24 * 6 and day["t"][0] == "2026-01-05T00:00:00Z" and day["t"][-1] == "2026-01-05T23:50:00Z"
    assert day["pm25"][30] == 5.0 and day["temperature"][31] == 5 + 10 / 60  # value = hour of the day
    assert set(document["parameters"]) == {"pm25", "temperature"}
    assert document["parameters"]["pm25"]["unit"]["symbol"]["value"] == "µg/m³"
    coverage = document["coverages"][0]
    assert coverage["domain"]["axes"]["x"]["values"] == [109.125] and coverage["ranges"]["pm25"]["shape"] == [144]


def test_parameter_name_and_an_instant_narrow_the_answer(client: Client, readings: World) -> None:
    found = series(covjson(client, "position", coords=AT_AQ, datetime="2026-01-10T07:00:00Z",
                           **{"parameter-name": "temperature"}))  # fmt: skip
    assert found == {"aq-01": {"t": ["2026-01-10T07:00:00Z"], "temperature": [7.0]}}


def test_radius_area_and_cube_choose_stations_by_place(client: Client, readings: World) -> None:
    day = {"datetime": JANUARY_5}
    assert set(series(covjson(client, "radius", coords=AT_AQ, within="1", **{"within-units": "km"}, **day))) == {
        "aq-01"
    }
    both = covjson(client, "radius", coords=AT_AQ, within="15", **{"within-units": "km"}, **day)
    assert set(series(both)) == {"aq-01", "wl-01"}
    assert set(series(covjson(client, "position", coords=NEAR_WL, **day))) == {"wl-01"}
    area = "POLYGON((109.19 12.29,109.21 12.29,109.21 12.31,109.19 12.31,109.19 12.29))"
    assert set(series(covjson(client, "area", coords=area, **day))) == {"wl-01"}
    assert set(series(covjson(client, "cube", bbox="109.1,12.2,109.15,12.25", **day))) == {"aq-01"}


def test_a_month_at_a_position_has_every_reading(client: Client, readings: World) -> None:
    found = series(covjson(client, "position", coords=NEAR_WL, datetime="2026-01-01T00:00:00Z/2026-01-31T23:59:59Z"))
    assert len(found["wl-01"]["t"]) == 31 * 24 * 6 and None not in found["wl-01"]["water_level"]


def test_geojson_gives_each_station_as_a_point_with_its_series(client: Client, readings: World) -> None:
    response = client.get(f"{BASE}/cube", {"bbox": "109,12,109.3,12.4", "datetime": JANUARY_5, "f": "geojson"})
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    features = {feature["id"]: feature for feature in response.json()["features"]}
    assert set(features) == {"aq-01", "wl-01"}
    assert features["wl-01"]["geometry"] == {"type": "Point", "coordinates": [109.2, 12.3]}
    assert len(features["wl-01"]["properties"]["water_level"]) == 144
    by_accept = client.get(f"{BASE}/position", {"coords": AT_AQ, "datetime": JANUARY_5},
                           HTTP_ACCEPT="application/geo+json")  # fmt: skip
    assert by_accept["Content-Type"] == "application/geo+json"


def test_nothing_there_is_no_content(client: Client, readings: World) -> None:
    assert client.get(f"{BASE}/position", {"coords": "POINT(108 11)", "datetime": JANUARY_5}).status_code == 204
    assert client.get(f"{BASE}/position", {"coords": AT_AQ, "datetime": "2025-06-01"}).status_code == 204


def test_bad_requests_are_refused(client: Client, readings: World) -> None:
    assert client.get(f"{BASE}/position", {"coords": "POINT(109"}).status_code == 400
    assert client.get(f"{BASE}/radius", {"coords": AT_AQ, "within": "2", "within-units": "parsec"}).status_code == 400
    assert client.get(f"{BASE}/area", {"coords": AT_AQ}).status_code == 400
    assert client.get(f"{BASE}/cube", {}).status_code == 400
    response = client.get(f"{BASE}/position", {"coords": AT_AQ, "ooga": "booga"})
    assert response.status_code == 400 and "ooga" in response.json()["message"]
    assert client.get(f"{BASE}/position", {"coords": AT_AQ, "parameter-name": "nothing"}).status_code == 400
    assert client.get("/ogc/collections/iot-devices/trajectory").status_code == 404


def test_the_device_collection_describes_its_queries(client: Client, readings: World) -> None:
    document = client.get(BASE).json()
    assert set(document["data_queries"]) == {"position", "radius", "area", "cube"}
    assert "pm25" in document["parameter_names"] and document["itemType"] == "feature"
    paths = client.get("/ogc/api", {"f": "json"}).json()["paths"]
    for query in ("position", "radius", "area", "cube"):
        assert paths[f"/collections/{{collectionId}}/{query}"]["get"]["parameters"][0]["schema"]["enum"] == [
            "iot-devices"
        ]


def test_a_hidden_device_layer_hides_its_readings(client: Client, readings: World) -> None:
    Layer.objects.filter(slug="iot-devices").update(access=Layer.Access.INTERNAL)
    assert client.get(f"{BASE}/position", {"coords": AT_AQ, "datetime": JANUARY_5}).status_code == 401
    client.force_login(readings.users["viewer"])
    assert client.get(f"{BASE}/position", {"coords": AT_AQ, "datetime": JANUARY_5}).status_code == 200
