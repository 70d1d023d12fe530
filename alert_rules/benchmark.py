"""The benchmark of the rule engine: a flood polygon against N plan lots (manage.py bench_alerts, its first half).

Alerts can never be deleted, so nothing the benchmark writes may stay: the rule's run happens inside one
transaction that is rolled back.
"""

import datetime
import math
import time
from collections.abc import Callable
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, LineString, MultiPolygon, Polygon
from django.db import connection, transaction

from agencies.models import Sector
from alert_rules import rule_runs
from alerts.api import Alert, AlertRule, Category
from gis_core.models import AdminUnit, Province
from gis_core.srs import VN2000_TM3_108_15
from layers import loading
from layers.models import Layer
from planning.models import LandUseCode, Plan

# An empty stretch of sea east of Cam Ranh (about 109.6 E, 11.7 N): no demo unit reaches it.
ORIGIN_E, ORIGIN_N = 650_000.0, 1_290_000.0
LOT_E, LOT_N = 30.0, 40.0
EDGE_VERTICES = 1_000  # per internal boundary: unit outlines as detailed as surveyed ones
WAVES = 20
BENCH_CODES = ("99991", "99992", "99993", "99994")
USES = ("ODT", "ONT", "TMD", "DGD", "DKV")  # two in five lots are residential
TARGET_RULE_S = 2.0


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = call()
    return value, time.perf_counter() - started


def _in_4326(geom: GEOSGeometry) -> GEOSGeometry:
    return geom.transform(4326, clone=True)


def _wavy(points: list[tuple[float, float]], axis: int, amplitude: float) -> list[tuple[float, float]]:
    """Densify a straight boundary into EDGE_VERTICES points wiggling across it."""
    (x0, y0), (x1, y1) = points
    wiggled = []
    for i in range(EDGE_VERTICES + 1):
        t = i / EDGE_VERTICES
        x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        offset = amplitude * math.sin(t * math.pi * 2 * WAVES) if 0 < i < EDGE_VERTICES else 0.0
        wiggled.append((x + offset, y) if axis == 0 else (x, y + offset))
    return wiggled


def make_units(width: float, height: float) -> list[AdminUnit]:
    """Four wards in quadrants of the lot grid, their shared boundaries detailed like surveyed ones."""
    province, _created = Province.objects.get_or_create(code="56", defaults={"name": "Tỉnh Khánh Hòa"})
    e0, n0, e1, n1 = ORIGIN_E - 100, ORIGIN_N - 100, ORIGIN_E + width + 100, ORIGIN_N + height + 100
    em, nm = ORIGIN_E + width / 2, ORIGIN_N + height / 2
    amplitude = min(60.0, min(width, height) / WAVES / 8)  # gentle enough for the two boundaries to cross once
    vertical = _wavy([(em, n0), (em, n1)], 0, amplitude)  # south to north
    horizontal = _wavy([(e0, nm), (e1, nm)], 1, amplitude)  # west to east
    south_half = [p for p in vertical if p[1] <= nm]
    north_half = [p for p in vertical if p[1] >= nm]
    west_half = [p for p in horizontal if p[0] <= em]
    east_half = [p for p in horizontal if p[0] >= em]
    rings = [
        [(e0, n0), *south_half, *list(reversed(west_half))[1:]],  # south-west
        [*south_half, *east_half[1:], (e1, n0)],  # south-east
        [*west_half, *north_half[1:], (e0, n1)],  # north-west
        [*east_half, (e1, n1), *list(reversed(north_half))[:-1]],  # north-east
    ]
    units = []
    for code, ring in zip(BENCH_CODES, rings, strict=True):
        polygon = Polygon([*ring, ring[0]], srid=VN2000_TM3_108_15)
        assert polygon.valid, polygon.valid_reason
        geom = MultiPolygon(polygon, srid=VN2000_TM3_108_15)
        geom.transform(4326)
        units.append(
            AdminUnit.objects.create(
                province=province, code=code, name=f"Phường thử {code}", kind=AdminUnit.Kind.WARD, geom=geom
            )
        )
    AdminUnit.objects.filter(code__in=BENCH_CODES).update_areas()
    return units


def make_lots(side: int) -> Plan:
    """A zoning plan of side x side lots of 30 x 40 m, generated in PostGIS in one statement."""
    plan = Plan.objects.create(
        code="bench-alerts", name="Benchmark plan (alerts)", plan_type=Plan.Type.ZONING_2000,
        status=Plan.Status.APPROVED, effective_from=datetime.date(2020, 1, 1),
    )  # fmt: skip
    revision = plan.add_revision(effective_from=datetime.date(2020, 1, 1))
    uses = [code for code in USES if LandUseCode.objects.filter(code=code).exists()]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO planning_zoninglot (revision_id, geom, lot_code, land_use_id, function_name, building_line, "
            "red_line_ref, note, population) "
            "SELECT %s, ST_Multi(ST_Transform(ST_MakeEnvelope(%s + c * %s, %s + r * %s, %s + (c + 1) * %s, "
            "%s + (r + 1) * %s, %s), 4326)), r || '-' || c, (%s::text[])[1 + (r + c) %% %s], '', '', '', '', "
            "CASE WHEN (r + c) %% 3 = 0 THEN NULL ELSE 4 + (r * c) %% 7 END "
            "FROM generate_series(0, %s - 1) AS r, generate_series(0, %s - 1) AS c",
            [
                revision.pk, ORIGIN_E, LOT_E, ORIGIN_N, LOT_N, ORIGIN_E, LOT_E, ORIGIN_N, LOT_N,
                VN2000_TM3_108_15, uses, len(uses), side, side,
            ],
        )  # fmt: skip
        cursor.execute("ANALYZE planning_zoninglot")
    return plan


def make_flood_layer(width: float, height: float) -> Layer:
    """An uploaded layer holding one flood extent: a 1.2 km wide meandering river across the grid."""
    points = []
    for i in range(201):
        t = i / 200
        e = ORIGIN_E + width * t
        n = ORIGIN_N + height * (0.2 + 0.6 * t) + 800 * math.sin(t * math.pi * 6)
        points.append((e, n))
    river = LineString(points, srid=VN2000_TM3_108_15).buffer(600, quadsegs=8)
    flood = _in_4326(MultiPolygon(river, srid=VN2000_TM3_108_15))
    layer = Layer.objects.create(
        slug="bench-flood", title="Benchmark flood extent", source_kind="upload",
        geometry_column=loading.GEOMETRY_COLUMN, id_column=loading.ID_COLUMN,
    )  # fmt: skip
    load = loading.Load(
        columns=[("muc_do", "text")], geometry_type="MultiPolygon", rows=[(1, bytes(flood.wkb), ["cao"])]
    )
    layer.source_type.replace_data(layer, load)
    layer.refresh_summary()
    return layer


def bench_rule(lots: int, write: Callable[[str], None]) -> None:
    """Time one run of a flood-over-residential-lots rule against the generated lots, then an idempotent rerun."""
    side = math.isqrt(lots)
    width, height = side * LOT_E, side * LOT_N
    with transaction.atomic():
        _, generated = _timed(lambda: (make_units(width, height), make_lots(side)))
        layer = make_flood_layer(width, height)
        write(f"generated {side * side} lots, 4 units with {EDGE_VERTICES}-vertex boundaries in {generated:.1f} s")
        rule = AlertRule.objects.create(
            key="bench-flood-residential", name="Ngập lụt khu dân cư (benchmark)", rule_type="spatial_intersection",
            category=Category.FLOOD, sector=Sector.objects.filter(code="disaster-weather").first(),
            params={
                "hazard": {"source": "layer", "layer": layer.slug, "filter": {"muc_do": "cao"}},
                "exposure": {"source": "plan_lots", "land_use": ["ODT", "ONT"], "plans": ["bench-alerts"]},
                "min_area_m2": 10, "feature_label": "lô đất ở",
            },
        )  # fmt: skip
        runs, first = _timed(lambda: rule_runs.run_for_layer(layer.slug))
        again, second = _timed(lambda: rule_runs.run_for_layer(layer.slug))
        (run,), (rerun,) = runs, again
        alerts = Alert.objects.filter(rule=rule).order_by("dedup_unit__code")
        for alert in alerts:
            details = alert.details
            write(
                f"  {details['unit']}: {details['features']} lots, {details['exposed_area_m2']} m², "
                f"population {details.get('population', '-')}"
            )
        verdict = "ok" if first < TARGET_RULE_S else "SLOW"
        write(
            f"flood rule over {side * side} lots: {first:.2f} s for {len(run.result.created)} per-unit alerts "
            f"(target < {TARGET_RULE_S:.0f} s: {verdict}); rerun on the same data {second:.2f} s, "
            f"{len(rerun.result.created)} created, {len(rerun.result.updated)} updated"
        )
        transaction.set_rollback(True)
