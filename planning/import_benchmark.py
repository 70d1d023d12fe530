"""Time import_plan's pipeline against ogr2ogr loading the same VN-2000 GeoPackage into PostGIS."""

import datetime
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import geopandas as gpd
from django.conf import settings
from django.db import connection, transaction
from shapely.geometry import box

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
        cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(OGR_TABLE)}")
    return elapsed


def time_import(path: Path) -> float:
    """Seconds the import_plan pipeline takes for the file; everything it writes is rolled back."""
    mapping = ImportMapping(
        fields={"lot_code": "MA_LO", "land_use": "KH_SDD", "building_coverage_pct": "MDXD", "floors_max": "TANG"},
        plan={"code": "bench-import", "name": "Benchmark import", "type": "zoning_2000"},
        revision={"effective_from": datetime.date(2024, 1, 1)},
    )
    started = time.perf_counter()
    with transaction.atomic():
        import_plan_file(path, mapping, plan=None)
        with connection.cursor() as cursor:
            # The foreign-key checks are deferred to COMMIT, which a rollback skips: run them now so they count.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        transaction.set_rollback(True)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        # Not timed: clear the rolled-back rows, as autovacuum would, so the next round starts from the same table.
        cursor.execute("VACUUM planning_zoninglot")
    return elapsed


def compare(side: int, stdout: Any, rounds: int = 3) -> None:
    """Print the best of a few alternating runs of each, and their ratio (other processes only ever add time)."""
    ogr_times: list[float] = []
    our_times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
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
        f"ratio {ratio:.2f} (target <= 2: {verdict}); all runs: import_plan "
        f"{', '.join(f'{t:.1f}' for t in our_times)} s, ogr2ogr {', '.join(f'{t:.1f}' for t in ogr_times)} s\n"
    )
