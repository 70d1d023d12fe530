"""POST /api/v1/planning/parcel-report: a parcel's land uses per plan, from GeoJSON or a certificate table."""

import json
from collections.abc import Sequence

import pytest
from django.db import connection
from django.test import Client

from planning.models import Plan

URL = "/api/v1/planning/parcel-report"
# A 100 m x 60 m parcel astride lots A1 (west half) and A2 (east half), north of the road.
ASTRIDE = [(602_850, 1_353_620), (602_950, 1_353_620), (602_950, 1_353_680), (602_850, 1_353_680)]
# A 40 m x 40 m parcel reaching 10 m into the road R1 across the red line.
ON_ROAD = [(602_710, 1_353_590), (602_750, 1_353_590), (602_750, 1_353_630), (602_710, 1_353_630)]


def _table(corners: Sequence[tuple[float, float]]) -> str:
    """The certificate's table: point number, X (northing), Y (easting)."""
    return "\n".join(f"{i} {n:.2f} {e:.2f}" for i, (e, n) in enumerate(corners, start=1))


def _wkt_9217(corners: Sequence[tuple[float, float]]) -> str:
    ring = ", ".join(f"{e} {n}" for e, n in [*corners, corners[0]])
    return f"SRID=9217;POLYGON(({ring}))"


def _geojson_4326(corners: Sequence[tuple[float, float]]) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_AsGeoJSON(ST_Transform(ST_GeomFromEWKT(%s), 4326), 10)", [_wkt_9217(corners)])
        return json.loads(cursor.fetchone()[0])


def _independent_areas(parcel_sql: str, param: str, revision_number: int) -> tuple[float, dict[str, float]]:
    """Parcel area and per-lot overlap in m², computed straight in PostGIS without the app's code."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ST_Area(ST_Transform({parcel_sql}, 9217))", [param])
        parcel = cursor.fetchone()[0]
        cursor.execute(
            f"""WITH p AS (SELECT ST_Transform({parcel_sql}, 9217) AS g)
                SELECT l.lot_code, ST_Area(ST_Intersection(ST_Transform(l.geom, 9217), p.g))
                FROM planning_zoninglot l JOIN planning_planrevision r ON r.id = l.revision_id, p
                WHERE r.number = %s AND ST_Intersects(ST_Transform(l.geom, 9217), p.g)""",
            [param, revision_number],
        )
        return parcel, {code: area for code, area in cursor.fetchall() if area > 0.01}


def _post(client: Client, body: dict) -> dict:
    response = client.post(URL, json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def test_geojson_parcel_gets_area_and_land_use_shares(client: Client, zoning_plan: Plan) -> None:
    geometry = _geojson_4326(ASTRIDE)
    body = _post(client, {"geometry": geometry, "date": "2024-06-30"})
    parcel_m2, parts = _independent_areas("ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326)", json.dumps(geometry), 2)
    assert body["parcel"]["area_m2"] == pytest.approx(parcel_m2, abs=0.01)
    assert body["parcel"]["area_m2"] == pytest.approx(6000, abs=0.5)
    assert body["parcel"]["units"][0]["code"] == "22366"
    [plan] = body["plans"]
    assert plan["revision"]["number"] == 2
    uses = {u["code"]: u for u in plan["land_uses"]}
    assert set(uses) == {"DGD", "DKV"}
    assert uses["DGD"]["area_m2"] == pytest.approx(parts["A1"], abs=0.01)
    assert uses["DKV"]["area_m2"] == pytest.approx(parts["A2"], abs=0.01)
    assert uses["DGD"]["share"] == pytest.approx(0.5, abs=0.001)
    assert plan["covered_share"] == pytest.approx(1.0, abs=0.001)
    assert plan["red_lines_recorded"] is True
    assert plan["crosses_red_line"] is False


def test_pasted_vn2000_table_gets_areas_matching_postgis(client: Client, zoning_plan: Plan) -> None:
    body = _post(client, {"table": _table(ON_ROAD), "date": "2024-06-30"})
    parcel_m2, parts = _independent_areas("ST_GeomFromEWKT(%s)", _wkt_9217(ON_ROAD), 2)
    assert body["parcel"]["source"] == "certificate_table"
    assert body["parcel"]["assumed_order"].startswith("X,Y")
    assert body["parcel"]["area_m2"] == pytest.approx(parcel_m2, abs=0.01)
    assert body["parcel"]["area_m2"] == pytest.approx(1600, abs=0.01)
    [plan] = body["plans"]
    uses = {u["code"]: u for u in plan["land_uses"]}
    assert uses["DGT"]["area_m2"] == pytest.approx(parts["R1"], abs=0.01)
    assert uses["DGT"]["area_m2"] == pytest.approx(400, abs=0.05)
    assert uses["DGD"]["share"] == pytest.approx(0.75, abs=0.001)
    assert plan["crosses_red_line"] is True
    assert {lot["lot_code"] for lot in plan["lots"]} == {"A1", "R1"}
    assert body["parcel"]["geometry"]["type"] == "MultiPolygon"  # in WGS 84, for drawing
    assert "geometry" not in plan["lots"][0]


def test_with_geometry_the_lots_under_the_parcel_come_with_their_polygons(client: Client, zoning_plan: Plan) -> None:
    body = _post(client, {"table": _table(ON_ROAD), "with_geometry": True})
    assert all(lot["geometry"]["type"] == "MultiPolygon" for lot in body["plans"][0]["lots"])


def test_a_past_date_reports_the_old_revision_whose_red_lines_are_unknown(client: Client, zoning_plan: Plan) -> None:
    body = _post(client, {"table": _table(ON_ROAD), "date": "2020-01-01"})
    [plan] = body["plans"]
    assert plan["revision"]["number"] == 1
    assert {u["code"] for u in plan["land_uses"]} == {"ODT", "DGT"}
    assert plan["red_lines_recorded"] is False
    assert plan["crosses_red_line"] is None


@pytest.mark.parametrize(
    "table",
    [
        "1;1353620,00;602850,00\n2;1353620,00;602950,00\n3;1353680,00;602950,00\n4;1353680,00;602850,00",
        "1\t1353620.00\t602850.00\n2\t1353620.00\t602950.00\n3\t1353680.00\t602950.00\n4\t1353680.00\t602850.00",
        "Số hiệu điểm   X (m)   Y (m)\n1 1.353.620,00 602.850,00\n2 1353620 602950\n3 1353680 602950\n"
        "4 1353680 602850\n1 1353620 602850\n",
        # Columns pasted the other way round: easting first, on every line.
        "1 602850 1353620\n2 602950 1353620\n3 602950 1353680\n4 602850 1353680",
    ],
    ids=["semicolons-decimal-commas", "tabs", "header-thousands-closing-point", "swapped-columns"],
)
def test_table_variants_citizens_paste_give_the_same_parcel(client: Client, zoning_plan: Plan, table: str) -> None:
    body = _post(client, {"table": table})
    assert body["parcel"]["area_m2"] == pytest.approx(6000, abs=0.01)


def test_form_post_is_accepted_like_json(client: Client, zoning_plan: Plan) -> None:
    response = client.post(URL, {"table": _table(ASTRIDE)})
    assert response.status_code == 200
    assert response.json()["parcel"]["area_m2"] == pytest.approx(6000, abs=0.01)


def test_a_parcel_outside_the_province_is_404(client: Client, zoning_plan: Plan) -> None:
    far = [(e - 40_000, n) for e, n in ASTRIDE]  # still plausible VN-2000 values, west of our ward
    response = client.post(URL, json.dumps({"table": _table(far)}), content_type="application/json")
    assert response.status_code == 404
    assert "outside Khánh Hòa" in response.json()["message"]


def test_a_parcel_whose_edge_runs_along_the_red_line_does_not_cross_it(client: Client, zoning_plan: Plan) -> None:
    along = [(602_850, 1_353_600), (602_950, 1_353_600), (602_950, 1_353_650), (602_850, 1_353_650)]
    [plan] = _post(client, {"table": _table(along), "date": "2024-06-30"})["plans"]
    assert plan["crosses_red_line"] is False
    assert {u["code"] for u in plan["land_uses"]} == {"DGD", "DKV"}  # the road lot only touches: no sliver


def test_the_report_takes_a_fixed_number_of_queries(
    client: Client, zoning_plan: Plan, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        _post(client, {"table": _table(ON_ROAD)})
