"""GET /api/v1/planning/lots: planners search lots in force and export them, signed in."""

import json
from pathlib import Path

import pyogrio
import pytest
from django.test import Client

from accounts.models import User
from planning.models import Plan

URL = "/api/v1/planning/lots"


@pytest.fixture
def planner(client: Client, django_user_model: type[User], zoning_plan: Plan) -> Client:
    client.force_login(django_user_model.objects.create_user("planner", password="correct-horse-42"))
    return client


def _codes(client: Client, **params: str) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return [lot["lot_code"] for lot in response.json()["lots"]]


def test_lots_in_force_today_come_from_the_latest_revision(planner: Client) -> None:
    body = planner.get(URL, {"plan": "test-zoning"}).json()
    assert body["count"] == 3
    assert {(lot["lot_code"], lot["land_use"], lot["revision"]) for lot in body["lots"]} == {
        ("A1", "DGD", 2),
        ("A2", "DKV", 2),
        ("R1", "DGT", 2),
    }


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"land_use": "dgd,dkv"}, ["A1", "A2"]),
        ({"group": "non_agricultural", "coverage_min": "10"}, ["A1"]),
        ({"coverage_max": "10"}, ["A2"]),
        ({"far_min": "1,5", "far_max": "2"}, ["A1"]),
        ({"floors_max": "3"}, []),
        ({"unit": "22366", "land_use": "DGT"}, ["R1"]),
        ({"date": "2020-01-01", "land_use": "ODT"}, ["A1"]),
        ({"limit": "1", "offset": "1"}, ["A2"]),
    ],
)
def test_filters_combine(planner: Client, params: dict[str, str], codes: list[str]) -> None:
    assert _codes(planner, **params) == codes


def test_export_as_geojson_csv_and_geopackage(planner: Client, tmp_path: Path) -> None:
    geojson = planner.get(URL, {"land_use": "DGD", "format": "geojson"})
    collection = json.loads(geojson.content)
    assert collection["features"][0]["geometry"]["type"] == "MultiPolygon"
    assert collection["features"][0]["properties"]["building_coverage_pct"] == 40.0
    csv_text = planner.get(URL, {"format": "csv"}).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("id,plan,revision,lot_code,land_use,land_use_name,group")
    assert "Đất xây dựng cơ sở giáo dục và đào tạo" in csv_text
    gpkg = planner.get(URL, {"format": "gpkg"})
    path = tmp_path / "lots.gpkg"
    path.write_bytes(gpkg.content)
    frame = pyogrio.read_dataframe(path)
    assert sorted(frame["lot_code"]) == ["A1", "A2", "R1"]
    assert frame.crs.to_epsg() == 4326


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"land_use": "ODT,XYZ"}, "not in the catalogue: XYZ"),
        ({"group": "farm"}, "group=farm must be one of"),
        ({"unit": "99999"}, "unit=99999 is not the code"),
        ({"coverage_min": "much"}, "coverage_min=much is not a number"),
        ({"limit": "0"}, "limit=0 must be a whole number from 1"),
        ({"format": "shp"}, "format=shp must be one of"),
    ],
)
def test_bad_filters_say_which(planner: Client, params: dict[str, str], fragment: str) -> None:
    response = planner.get(URL, params)
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_anonymous_callers_must_sign_in(client: Client, zoning_plan: Plan) -> None:
    assert client.get(URL).status_code == 401
