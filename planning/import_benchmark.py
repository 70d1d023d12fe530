"""Time import_plan's pipeline against ogr2ogr loading the same VN-2000 GeoPackage into PostGIS.

Both commit a new table with its spatial index, in a scratch database migrated for the run and dropped afterwards:
ogr2ogr creates its table and builds the GiST index after loading; import_plan writes into planning_zoninglot,
emptied (TRUNCATE, untimed) before each run, so it starts as new, with its GiST and lookup indexes kept up to date
row by row as in production. Each run's table is dropped or emptied afterwards, untimed.
"""

import datetime
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import geopandas as gpd
from django.conf import settings
from django.db import connection
from shapely.geometry import box

from core.benchdb import scratch_database
from planning.import_mapping import ImportMapping
from planning.plan_import import import_plan_file

ORIGIN_E, ORIGIN_N, LOT_E, LOT_N = 590_000.0, 1_340_000.0, 30.0, 40.0
OGR_TABLE = "bench_ogr2ogr_lots"
USES = ["ODT", "TMD", "DGD", "DKV", "DGT"]


def write_gpkg(path: Path, side: int) -> None:
    """A GeoPackage of side x side lots in EPSG:9217 with a code, a land use and two indicators."""
    rows = []
    for row in range(side):
        for col in range(side):
            e, n = ORIGIN_E + col * LOT_E, ORIGIN_N + row * LOT_N
            rows.append(
                {
                    "MA_LO": f"{row}-{col}",
                    "KH_SDD": USES[(row + col) % len(USES)],
                    "MDXD": 60.0,
                    "TANG": 5,
                    "geometry": box(e, n, e + LOT_E, n + LOT_N),
                }
            )
    gpd.GeoDataFrame(rows, crs="EPSG:9217").to_file(path, driver="GPKG", layer="lots")


def time_ogr2ogr(path: Path) -> float:
    """Seconds ogr2ogr takes to load the file into PostGIS in EPSG:4326; the table is dropped afterwards."""
    db = settings.DATABASES["default"]
    dsn = " ".join(
        f"{key}={db[name]}"
        for key, name in (("dbname", "NAME"), ("host", "HOST"), ("port", "PORT"), ("user", "USER"))
        if db.get(name)
    )
    env = {**os.environ, **({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})}
    command = [
        "ogr2ogr",
        "-f",
        "PostgreSQL",
        f"PG:{dsn}",
        str(path),
        "lots",
        "-nln",
        OGR_TABLE,
        "-overwrite",
        "-t_srs",
        "EPSG:4326",
        "-lco",
        "GEOMETRY_NAME=geom",
        "-nlt",
        "MULTIPOLYGON",
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, capture_output=True)  # noqa: S603
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE %s", [OGR_TABLE, "%USING gist%"]
        )
        has_index = cursor.fetchone()[0] > 0
        cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(OGR_TABLE)}")
    if not has_index:
        raise RuntimeError("ogr2ogr built no spatial index: the comparison would not be like with like")
    return elapsed


def _empty_lot_tables() -> None:
    """Empty the plan tables of the scratch database, so each import starts from a new table (not timed)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE planning_zoninglot, planning_planrevision, planning_plan CASCADE")
        cursor.execute("VACUUM ANALYZE planning_zoninglot")


def time_import(path: Path) -> float:
    """Seconds the import_plan pipeline takes to commit the file's lots; the tables are emptied afterwards."""
    mapping = ImportMapping(
        fields={"lot_code": "MA_LO", "land_use": "KH_SDD", "building_coverage_pct": "MDXD", "floors_max": "TANG"},
        plan={"code": "bench-import", "name": "Benchmark import", "type": "zoning_2000"},
        revision={"effective_from": datetime.date(2024, 1, 1)},
    )
    _empty_lot_tables()
    started = time.perf_counter()
    import_plan_file(path, mapping, plan=None)  # one transaction, committed
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM planning_zoninglot")
        stored = cursor.fetchone()[0]
    _empty_lot_tables()
    if not stored:
        raise RuntimeError("import_plan committed no lots")
    return elapsed


def compare(side: int, stdout: Any, rounds: int = 3) -> None:
    """Print the best of a few alternating runs of each, and their ratio (other processes only ever add time)."""
    ogr_times: list[float] = []
    our_times: list[float] = []
    with tempfile.TemporaryDirectory() as folder, scratch_database("bench_import"):
        path = Path(folder) / "bench_lots.gpkg"
        write_gpkg(path, side)
        for _round in range(rounds):
            ogr_times.append(time_ogr2ogr(path))
            our_times.append(time_import(path))
    ours, ogr = min(our_times), min(ogr_times)
    ratio = ours / ogr
    verdict = "ok" if ratio <= 2 else "SLOW"
    stdout.write(
        f"import of {side * side} lots (best of {rounds}): import_plan {ours:.1f} s, ogr2ogr {ogr:.1f} s, "
        f"ratio {ratio:.2f} (target <= 2: {verdict}; workload: both read the same GeoPackage in EPSG:9217, write "
        f"EPSG:4326 multipolygons and commit a new table with its GiST index in a scratch database; import_plan also "
        f"validates each row, maps land-use codes and keeps its lookup indexes); all runs: import_plan "
        f"{', '.join(f'{t:.1f}' for t in our_times)} s, ogr2ogr {', '.join(f'{t:.1f}' for t in ogr_times)} s\n"
    )
