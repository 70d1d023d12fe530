"""Spatial rules: a hazard layer over residential lots, schools or roads raises one alert per affected unit.

The expected figures come from PostGIS queries written here, independently of alert_rules.spatial: they cut each lot
by the flood and by the unit directly, where the rule cuts the flood by the units first and the lots by pieces.
"""

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.utils import timezone
from shapely import LineString, Point, box
from time_machine import TimeMachineFixture

from agencies.models import Sector
from alert_rules.rule_runs import rules_reading, run_due
from alert_rules.rules import run_rule
from alerts.models import Alert, AlertEvent, AlertRule
from core.errors import InvalidInput
from layers.importing import ImportOptions, import_layer
from tests.alerts.conftest import START
from tests.layers.data import write

pytestmark = pytest.mark.usefixtures("demo_province", "frozen_clock")

# Across the boundary of Phường Nha Trang (22366) and Phường Nam Nha Trang (22402), over the demo zoning plan.
FLOOD_ACROSS = box(109.184, 12.205, 109.205, 12.232)
FLOOD_NORTH = box(109.195, 12.222, 109.205, 12.232)  # north of the boundary: Phường Nha Trang only
LOW_WATER = box(109.23, 12.24, 109.25, 12.26)  # filtered out by the rule (muc_do = "thap")
FLOOD_SLUG = "ngap-lut"


def import_flood(tmp_path: Path, capture: Callable[..., Any], *zones: Any, low: bool = True) -> None:
    """Import the flood extent as a file through import_layer, and let its after-commit work run."""
    records = [{"muc_do": "cao", "geometry": zone} for zone in zones]
    if low:
        records.append({"muc_do": "thap", "geometry": LOW_WATER})
    path = write(tmp_path / f"flood-{len(list(tmp_path.iterdir()))}.geojson", records, driver="GeoJSON")
    with capture(execute=True):
        import_layer(path, FLOOD_SLUG, ImportOptions(metadata={"title": "Vùng ngập"}))


@pytest.fixture
def flood_rule(db: None) -> AlertRule:
    return AlertRule.objects.create(
        key="ngap-khu-dan-cu", name="Ngập lụt khu dân cư", rule_type="spatial_intersection", category="flood",
        severity="severe", sector=Sector.objects.get(code="disaster-weather"),
        params={
            "hazard": {"source": "layer", "layer": FLOOD_SLUG, "filter": {"muc_do": "cao"}},
            "exposure": {"source": "plan_lots", "land_use": ["ODT", "ONT"]},
            "feature_label": "lô đất ở",
        },
    )  # fmt: skip


def expected_per_unit(min_percent: float = 0) -> dict[str, dict[str, Any]]:
    """Residential lots of the detailed plans in force under the high flood, cut by each unit, in PostGIS."""
    day = timezone.now().date()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH flood AS (SELECT ST_Union(geom) AS g FROM layerdata.ngap_lut WHERE muc_do = 'cao'),
            lots AS (
                SELECT l.id, l.geom, l.population FROM planning_zoninglot l
                JOIN planning_planrevision r ON r.id = l.revision_id JOIN planning_plan p ON p.id = r.plan_id
                WHERE l.land_use_id IN ('ODT', 'ONT') AND p.plan_type IN ('zoning_2000', 'zoning_5000', 'detailed_500')
                  AND p.status IN ('approved', 'superseded', 'cancelled')
                  AND p.effective_from <= %(day)s AND (p.effective_to IS NULL OR p.effective_to >= %(day)s)
                  AND r.effective_from <= %(day)s AND (r.effective_to IS NULL OR r.effective_to >= %(day)s)
            ),
            flooded AS (
                SELECT l.id, l.geom, l.population, ST_Area(l.geom::geography) AS lot_m2,
                       ST_Area(ST_Intersection(l.geom, f.g)::geography) AS wet_m2
                FROM lots l, flood f WHERE ST_Intersects(l.geom, f.g)
            ),
            cut AS (
                SELECT u.code, l.id, l.population, l.lot_m2,
                       ST_Area(ST_Intersection(ST_Intersection(l.geom, f.g), u.geom)::geography) AS m2
                FROM flooded l, flood f, gis_core_adminunit u
                WHERE ST_Intersects(l.geom, u.geom) AND l.wet_m2 > 0 AND l.wet_m2 * 100 >= l.lot_m2 * %(pct)s
            )
            SELECT code, count(*), sum(m2), sum(population * m2 / lot_m2), count(population)
            FROM cut WHERE m2 > 0 GROUP BY code ORDER BY code
            """,
            {"day": day, "pct": min_percent},
        )
        return {
            code: {"features": lots, "area": area, "population": population, "with_population": known}
            for code, lots, area, population, known in cursor.fetchall()
        }


def alerts_by_unit(rule: AlertRule) -> dict[str, Alert]:
    alerts = Alert.objects.filter(rule=rule).select_related("dedup_unit")
    return {alert.dedup_unit.code: alert for alert in alerts if alert.dedup_unit is not None}


def assert_figures_match(rule: AlertRule, expected: dict[str, dict[str, Any]]) -> None:
    alerts = alerts_by_unit(rule)
    assert sorted(alerts) == sorted(expected)
    for code, figures in expected.items():
        details = alerts[code].details
        assert details["features"] == figures["features"], code
        assert details["exposed_area_m2"] == pytest.approx(figures["area"], abs=1), code
        if figures["with_population"]:
            assert details["population"] == pytest.approx(figures["population"], abs=1), code


def test_importing_a_flood_over_the_demo_plan_raises_one_alert_per_affected_unit_with_its_figures(
    tmp_path: Path, flood_rule: AlertRule, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    import_flood(tmp_path, django_capture_on_commit_callbacks, FLOOD_ACROSS)

    expected = expected_per_unit()
    assert sorted(expected) == ["22366", "22402"]  # the flood crosses the wards' boundary
    assert_figures_match(flood_rule, expected)
    for code, alert in alerts_by_unit(flood_rule).items():
        assert (alert.source, alert.category, alert.procedure, alert.state) == (
            "spatial_rule", "flood", "immediate", "new",
        )  # fmt: skip
        assert code in alert.units.values_list("code", flat=True)
        assert alert.dedup_unit is not None and alert.geom is not None
        flood_part = GEOSGeometry(FLOOD_ACROSS.wkt, srid=4326).intersection(alert.dedup_unit.geom)
        assert alert.geom.equals_exact(flood_part, tolerance=1e-9) or alert.geom.sym_difference(flood_part).area < 1e-12
        assert alert.description.startswith(f"{expected[code]['features']} lô đất ở")
        assert list(alert.events.values_list("kind", flat=True)) == ["created"]
    flood_rule.refresh_from_db()
    assert flood_rule.last_run["trigger"] == "layer:ngap-lut" and flood_rule.last_run["created"] == 2


def test_importing_the_same_flood_again_raises_nothing_and_writes_no_event(
    tmp_path: Path, flood_rule: AlertRule, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    import_flood(tmp_path, django_capture_on_commit_callbacks, FLOOD_ACROSS)
    events = AlertEvent.objects.count()

    import_flood(tmp_path, django_capture_on_commit_callbacks, FLOOD_ACROSS)

    assert Alert.objects.filter(rule=flood_rule).count() == 2
    assert AlertEvent.objects.count() == events
    flood_rule.refresh_from_db()
    assert (flood_rule.last_run["created"], flood_rule.last_run["updated"], flood_rule.last_run["unchanged"]) == (
        0,
        0,
        2,
    )


def test_when_the_flood_retreats_from_a_unit_its_alert_says_so_and_stays_open(
    tmp_path: Path,
    flood_rule: AlertRule,
    django_capture_on_commit_callbacks: Callable[..., Any],
    frozen_clock: TimeMachineFixture,
) -> None:
    import_flood(tmp_path, django_capture_on_commit_callbacks, FLOOD_ACROSS)
    frozen_clock.move_to(START + datetime.timedelta(minutes=20))

    import_flood(tmp_path, django_capture_on_commit_callbacks, FLOOD_NORTH)

    alerts = alerts_by_unit(flood_rule)
    south, north = alerts["22402"], alerts["22366"]
    assert south.is_open and south.retreated_at == timezone.now()
    assert list(south.events.values_list("kind", flat=True)) == ["created", "hazard_retreated"]
    assert south.events.get(kind="hazard_retreated").data == {"unit": "22402"}
    updated = north.events.get(kind="updated")
    assert updated.data["details"]["features"] == expected_per_unit()["22366"]["features"] < 300
    assert "details" in updated.data["changed"] and north.retreated_at is None

    import_flood(tmp_path, django_capture_on_commit_callbacks, FLOOD_ACROSS)  # the water comes back

    south.refresh_from_db()
    assert south.retreated_at is None and south.events.order_by("-seq").first().data["hazard_back"] is True  # type: ignore[union-attr]
    assert Alert.objects.filter(rule=flood_rule).count() == 2


def test_a_percentage_threshold_keeps_only_the_lots_mostly_under_water(
    tmp_path: Path, flood_rule: AlertRule, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    flood_rule.params = {**flood_rule.params, "min_percent": 60}
    flood_rule.save()

    import_flood(tmp_path, django_capture_on_commit_callbacks, FLOOD_ACROSS)

    expected, everything = expected_per_unit(min_percent=60), expected_per_unit()
    assert_figures_match(flood_rule, expected)
    assert sum(unit["features"] for unit in expected.values()) < sum(unit["features"] for unit in everything.values())


def test_residential_areas_of_the_current_land_use_map_can_be_the_exposure(
    tmp_path: Path, flood_rule: AlertRule, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    flood_rule.params = {**flood_rule.params, "exposure": {"source": "current_land_use", "land_use": ["ODT"]}}
    flood_rule.save()

    import_flood(tmp_path, django_capture_on_commit_callbacks, FLOOD_ACROSS)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.code, count(*) FROM planning_currentlanduse c, gis_core_adminunit u, "
            "(SELECT ST_Union(geom) AS g FROM layerdata.ngap_lut WHERE muc_do = 'cao') f "
            "WHERE c.land_use_id = 'ODT' AND ST_Area(ST_Intersection(ST_Intersection(c.geom, f.g), u.geom)) > 0 "
            "GROUP BY u.code ORDER BY u.code"
        )
        expected = dict(cursor.fetchall())
    assert {code: alert.details["features"] for code, alert in alerts_by_unit(flood_rule).items()} == expected
    assert all("population" not in alert.details for alert in alerts_by_unit(flood_rule).values())


SCHOOLS = [
    {"ten": "Trường Tiểu học Phước Tiến", "loai": "truong_hoc", "geometry": Point(109.190, 12.215)},
    {"ten": "Trường THCS Lộc Thọ", "loai": "truong_hoc", "geometry": Point(109.200, 12.228)},
    {"ten": "Trạm Y tế Phước Hải", "loai": "tram_y_te", "geometry": Point(109.188, 12.210)},
    {"ten": "Trường Mầm non Vĩnh Hải", "loai": "truong_hoc", "geometry": Point(109.240, 12.290)},  # out of the zone
]
ROADS = [
    {"ten": "Đường 2 Tháng 4", "geometry": LineString([(109.18, 12.22), (109.21, 12.22)])},
    {"ten": "Đường Trần Phú", "geometry": LineString([(109.24, 12.20), (109.24, 12.30)])},  # out of the zone
]


def landslide_rule(key: str, exposure: dict[str, Any], **params: Any) -> AlertRule:
    return AlertRule.objects.create(
        key=key, name=f"Sạt lở — {key}", rule_type="spatial_intersection", category="disaster",
        params={"hazard": {"source": "layer", "layer": "sat-lo"}, "exposure": exposure, **params},
    )  # fmt: skip


def test_hazard_zones_over_schools_and_roads_raise_alerts_by_generic_configuration(
    tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    import_layer(write(tmp_path / "truong.gpkg", SCHOOLS), "co-so-cong-cong")
    import_layer(write(tmp_path / "duong.gpkg", ROADS), "duong-giao-thong")
    schools = landslide_rule(
        "sat-lo-truong-hoc", {"source": "layer", "layer": "co-so-cong-cong", "filter": {"loai": ["truong_hoc"]}}
    )
    roads = landslide_rule("sat-lo-duong", {"source": "layer", "layer": "duong-giao-thong"}, min_length_m=100)
    path = write(tmp_path / "satlo.gpkg", [{"cap": 3, "geometry": FLOOD_ACROSS}])

    with django_capture_on_commit_callbacks(execute=True):
        import_layer(path, "sat-lo")

    by_school_unit = {code: alert.details for code, alert in alerts_by_unit(schools).items()}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.code, count(*) FROM layerdata.co_so_cong_cong s, layerdata.sat_lo z, gis_core_adminunit u "
            "WHERE s.loai = 'truong_hoc' AND ST_Intersects(s.geom, z.geom) AND ST_Intersects(s.geom, u.geom) "
            "GROUP BY u.code"
        )
        assert {code: details["features"] for code, details in by_school_unit.items()} == dict(cursor.fetchall())
        cursor.execute(
            "SELECT u.code, sum(ST_Length(ST_Intersection(ST_Intersection(r.geom, z.geom), u.geom)::geography)) "
            "FROM layerdata.duong_giao_thong r, layerdata.sat_lo z, gis_core_adminunit u "
            "WHERE ST_Intersects(r.geom, z.geom) AND ST_Intersects(r.geom, u.geom) GROUP BY u.code"
        )
        road_lengths = {code: length for code, length in cursor.fetchall() if length > 0}
    assert sum(details["features"] for details in by_school_unit.values()) == 2  # the clinic is filtered out
    by_road_unit = {code: alert.details for code, alert in alerts_by_unit(roads).items()}
    assert sorted(by_road_unit) == sorted(road_lengths)
    for code, length in road_lengths.items():
        assert by_road_unit[code]["exposed_length_m"] == pytest.approx(length, abs=1)
        assert by_road_unit[code]["features"] == 1 and "exposed_area_m2" not in by_road_unit[code]


def test_only_the_rules_reading_an_imported_layer_run(flood_rule: AlertRule) -> None:
    other = landslide_rule("sat-lo-nha-o", {"source": "plan_lots", "land_use": ["ODT"]})

    assert rules_reading(FLOOD_SLUG) == [flood_rule]
    assert rules_reading("sat-lo") == [other]
    other.is_active = False
    other.save()
    assert rules_reading("sat-lo") == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"hazard": {"source": "layer", "layer": "khong-co"}}, "no layer has the slug 'khong-co'; import it first"),
        ({"hazard": {"source": "wms"}}, "unknown source 'wms'; use one of: layer, plan_lots, current_land_use"),
        ({"hazard": {"source": "layer", "layer": FLOOD_SLUG, "filter": {"depth": 1}}}, "has no column 'depth'"),
        ({"exposure": {"source": "plan_lots", "land_use": ["XYZ"]}}, "XYZ not in the land-use catalogue"),
        ({"exposure": {"source": "plan_lots"}}, 'list the land-use codes, e.g. "land_use": ["ODT", "ONT"]'),
        ({"min_percent": 150}, "'min_percent' must be at most 100"),
        ({"min_area_m2": -5}, "'min_area_m2' must be a number, 0 or more"),
    ],
)
def test_wrong_parameters_are_refused_with_a_message_naming_the_parameter_and_write_nothing(
    tmp_path: Path,
    flood_rule: AlertRule,
    django_capture_on_commit_callbacks: Callable[..., Any],
    params: dict[str, Any],
    message: str,
) -> None:
    import_flood(tmp_path, django_capture_on_commit_callbacks, FLOOD_ACROSS)
    alerts, events = Alert.objects.count(), AlertEvent.objects.count()
    flood_rule.params = {**flood_rule.params, **params}
    flood_rule.next_run_at = timezone.now()
    flood_rule.save()

    with pytest.raises(InvalidInput, match=re.escape(message)):
        run_rule(flood_rule, None)
    (run,) = run_due(timezone.now())  # the worker's way: the message is kept on the rule

    assert message in run.error
    assert (Alert.objects.count(), AlertEvent.objects.count()) == (alerts, events)
    flood_rule.refresh_from_db()
    assert flood_rule.last_run == {"trigger": "schedule", "error": run.error}
    assert flood_rule.next_run_at is None  # not retried every pass: fix the rule, or import its layer again
