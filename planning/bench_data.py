"""Benchmark data: a throw-away plan of side x side lots on a grid near Nha Trang, with a unit around it.

Call it inside a transaction the benchmark rolls back (bench_planning, bench_search).
"""

import datetime
import time

from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection

from gis_core.models import AdminUnit, Province
from gis_core.srs import VN2000_TM3_108_15
from planning.models import LandUseCode, Plan

ORIGIN_E, ORIGIN_N = 590_000.0, 1_340_000.0  # south-west corner of the generated grid, near Nha Trang
LOT_E, LOT_N = 30.0, 40.0


def _box(e0: float, n0: float, e1: float, n1: float) -> Polygon:
    return Polygon(((e0, n0), (e1, n0), (e1, n1), (e0, n1), (e0, n0)), srid=VN2000_TM3_108_15)


def generate_lots(side: int) -> float:
    """Create the unit, the plan "bench" and side x side lots coded "row-column"; return the seconds it took."""
    started = time.perf_counter()
    province, _created = Province.objects.get_or_create(code="56", defaults={"name": "Tỉnh Khánh Hòa"})
    extent = _box(ORIGIN_E - 100, ORIGIN_N - 100, ORIGIN_E + side * LOT_E + 100, ORIGIN_N + side * LOT_N + 100)
    AdminUnit.objects.create(
        province=province,
        code="00000",
        name="Benchmark unit",
        kind=AdminUnit.Kind.WARD,
        geom=MultiPolygon(extent, srid=VN2000_TM3_108_15),
    )
    plan = Plan.objects.create(
        code="bench",
        name="Benchmark plan",
        plan_type=Plan.Type.ZONING_2000,
        status=Plan.Status.APPROVED,
        effective_from=datetime.date(2020, 1, 1),
        boundary=MultiPolygon(extent, srid=VN2000_TM3_108_15),
    )
    revision = plan.add_revision(effective_from=datetime.date(2020, 1, 1))
    uses = list(LandUseCode.objects.filter(code__in=["ODT", "TMD", "DGD", "DKV", "DGT"]).values_list("code", flat=True))
    # One INSERT ... SELECT over the grid: a million lots in a minute, where model batches took half an hour.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO planning_zoninglot
                (revision_id, geom, lot_code, land_use_id, building_coverage_pct,
                 function_name, building_line, red_line_ref, note)
            SELECT %(revision)s,
                   ST_Transform(ST_Multi(ST_MakeEnvelope(
                       %(e0)s + c * %(w)s, %(n0)s + r * %(h)s,
                       %(e0)s + (c + 1) * %(w)s, %(n0)s + (r + 1) * %(h)s, %(srid)s)), 4326),
                   r || '-' || c, (%(uses)s::text[])[(r + c) %% %(count)s + 1], 60, '', '', '', ''
            FROM generate_series(0, %(last)s) AS r, generate_series(0, %(last)s) AS c
            """,
            {
                "revision": revision.pk, "e0": ORIGIN_E, "n0": ORIGIN_N, "w": LOT_E, "h": LOT_N,
                "srid": VN2000_TM3_108_15, "uses": uses, "count": len(uses), "last": side - 1,
            },
        )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE planning_zoninglot")
    return time.perf_counter() - started
