"""manage.py bench_import_memory --features N: peak memory and time of a layer import against ogr2ogr, same file.

Both commit a new table with its spatial index from one generated GeoPackage of N small polygons in Nha Trang
(a name, an integer and a number each). Each side runs in a child process, so that its peak resident memory
(os.wait4's ru_maxrss) is its own; ours runs as an import job does (the cyclic collector paused). The import
streams the file in batches (gis_core.reading.BATCH_SIZE), so its peak is that of a batch, not of the file.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import override_settings
from psycopg2 import sql
from pyogrio.raw import write

from gis_core.importer import cyclic_gc_paused
from layers.importing import import_layer
from layers.models import Layer

SLUG = "bench-import-memory"
OGR_TABLE = "bench_import_memory_ogr2ogr"
GOAL_PEAK_MB = 1536  # issue 18: peak < 1.5 GB at 1,000,000 features
GOAL_TIME_RATIO = 2.0  # and at most twice ogr2ogr's time


class Command(BaseCommand):
    help = "Peak memory and time of importing an N-feature GeoPackage as a layer, against ogr2ogr on the same file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--features", type=int, default=1_000_000, help="Features in the file (default 1000000).")
        parser.add_argument("--child-import", help="Internal: import this file in this process and print figures.")

    def handle(self, *args: Any, features: int, child_import: str | None, **options: Any) -> None:
        if child_import:
            self._child(Path(child_import), features)
            return
        if features <= 0:
            raise CommandError("--features must be positive.")
        folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
        try:
            path = generate(folder / "bench.gpkg", features)
            self.stdout.write(f"file: {features} polygons, {path.stat().st_size / 2**20:.1f} MiB GeoPackage")
            ogr = measure(ogr2ogr_command(path))
            _drop_ogr_table()
            ours = measure([sys.executable, "manage.py", "bench_import_memory", "--features", str(features),
                            "--child-import", str(path)])  # fmt: skip
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        self.stdout.write(f"ogr2ogr:       {ogr['seconds']:8.2f} s  peak RSS {ogr['peak_mb']:8.1f} MB")
        self.stdout.write(f"layer import:  {ours['seconds']:8.2f} s  peak RSS {ours['peak_mb']:8.1f} MB"
                          f"  ({ours.get('rows', '?')} rows; time of the import, without Django's start)")  # fmt: skip
        time_ratio = ours["seconds"] / ogr["seconds"]
        memory_ratio = ours["peak_mb"] / ogr["peak_mb"]
        self.stdout.write(f"ratio to ogr2ogr: time {time_ratio:.2f}x (goal <= {GOAL_TIME_RATIO:g}x), "
                          f"peak memory {memory_ratio:.1f}x (workload: the same GeoPackage, each side in its own "
                          f"process, both committing a new table with its spatial index)")  # fmt: skip
        per_feature = ours["peak_mb"] * 2**20 / features
        verdict = "met" if ours["peak_mb"] < GOAL_PEAK_MB and time_ratio <= GOAL_TIME_RATIO else "NOT met"
        self.stdout.write(f"layer import peak {ours['peak_mb']:.0f} MB, {per_feature:.0f} bytes per feature; "
                          f"goal at 1,000,000 features: < {GOAL_PEAK_MB} MB and <= {GOAL_TIME_RATIO:g}x ogr2ogr's "
                          f"time: {verdict} at {features:,} features")  # fmt: skip

    def _child(self, path: Path, features: int) -> None:
        """Import the file as a layer, as an import job does, then remove it; print the figures as JSON."""
        limit = max(features, settings.LAYERS_IMPORT_MAX_FEATURES)
        started = time.perf_counter()
        with override_settings(LAYERS_IMPORT_MAX_FEATURES=limit, LAYERS_UPLOAD_MAX_BYTES=2**40), cyclic_gc_paused():
            result = import_layer(path, SLUG)
        seconds = time.perf_counter() - started
        rows = result.layer.feature_count
        Layer.objects.get(slug=SLUG).delete()
        self.stdout.write(json.dumps({"rows": rows, "seconds": seconds}))


def generate(path: Path, count: int) -> Path:
    """Write count small squares (about 20 m) in Nha Trang with three attributes."""
    rng = np.random.default_rng(18)
    lon, lat = rng.uniform(109.10, 109.25, count), rng.uniform(12.15, 12.35, count)
    squares = shapely.box(lon, lat, lon + 0.0002, lat + 0.0002)
    names = np.array([f"Lô {i}" for i in range(count)], dtype=object)
    fields = [names, rng.integers(0, 100, count), rng.uniform(0, 1000, count)]
    write(path, shapely.to_wkb(squares), fields, ["ten", "so_tang", "dien_tich"], geometry_type="Polygon",
          crs="EPSG:4326", driver="GPKG", layer="lo")  # fmt: skip
    return path


def ogr2ogr_command(path: Path) -> list[str]:
    db = settings.DATABASES["default"]
    parts = {"dbname": db["NAME"], "host": db.get("HOST"), "port": db.get("PORT"), "user": db.get("USER"),
             "password": db.get("PASSWORD")}  # fmt: skip
    dsn = " ".join(f"{key}={value}" for key, value in parts.items() if value)
    return ["ogr2ogr", "-f", "PostgreSQL", f"PG:{dsn}", str(path), "-nln", OGR_TABLE, "-overwrite",
            "-lco", "SPATIAL_INDEX=GIST", "-lco", "GEOMETRY_NAME=geom", "-nlt", "PROMOTE_TO_MULTI",
            "-t_srs", "EPSG:4326"]  # fmt: skip


# Linux carries a process's peak RSS across exec: a child forked from this (large) process would report our
# memory as its own. A bare Python starts each command and reports the command's own rusage (ru_maxrss in KiB).
_LAUNCHER = """
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:])
_pid, status, usage = os.wait4(child.pid, 0)
print(json.dumps({"exit": os.waitstatus_to_exitcode(status), "seconds": time.perf_counter() - started,
                  "peak_mb": usage.ru_maxrss / 1024}), file=sys.stderr)
"""


def measure(command: list[str]) -> dict[str, Any]:
    """Run command to its end; return its wall time, its own peak RSS and what JSON it printed last."""
    done = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, *command], capture_output=True,  # noqa: S603
                          cwd=settings.BASE_DIR, env=os.environ.copy(), check=False)  # fmt: skip
    figures: dict[str, Any] = json.loads(done.stderr.decode(errors="replace").strip().splitlines()[-1])
    out = done.stdout.decode(errors="replace").strip().splitlines()
    if figures["exit"] != 0:
        raise CommandError(f"{command[0]} failed: {done.stderr.decode(errors='replace')[-2000:]}")
    if out and out[-1].startswith("{"):
        figures.update(json.loads(out[-1]))  # the import's own time, without the process's start
    return figures


def _drop_ogr_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(OGR_TABLE)))
