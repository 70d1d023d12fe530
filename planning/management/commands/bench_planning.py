"""Time the point lookup and the parcel report against generated lots; everything is rolled back afterwards."""

import datetime
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.gis.geos import MultiPolygon, Point
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from core import benchstats
from gis_core.srs import VN2000_TM3_108_15
from planning import bench_data, import_benchmark
from planning.bench_data import LOT_E, LOT_N, ORIGIN_E, ORIGIN_N
from planning.certificate_table import parse_corner_table
from planning.lookup import lookup
from planning.parcel_input import ParcelInput
from planning.parcel_report import parcel_report

TARGETS_MS = {"lookup": 10.0, "parcel-report": 50.0}


class Command(BaseCommand):
    help = "Generate N lots in a throw-away plan, time the lookup and parcel report (p50/p95), then roll back."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lots", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=500)
        parser.add_argument(
            "--import-lots",
            type=int,
            default=0,
            help="Also time import_plan against ogr2ogr on a GeoPackage of N lots.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["import_lots"]:
            # In a scratch database of its own (planning.import_benchmark), before the lookup's lots are made.
            import_benchmark.compare(int(options["import_lots"] ** 0.5), self.stdout)
        with transaction.atomic():
            side = int(options["lots"] ** 0.5)
            self._generate(side)
            rng = random.Random(7)  # noqa: S311 (reproducible benchmark points)
            today = datetime.date.today()
            points = [self._point(rng, side) for _ in range(options["queries"])]
            self._time("lookup", [partial(lookup, point, today) for point in points])
            tables = [self._table(rng, side) for _ in range(options["queries"])]
            self._time("parcel-report", [partial(self._report, table, today) for table in tables])
            transaction.set_rollback(True)

    def _generate(self, side: int) -> None:
        seconds = bench_data.generate_lots(side)
        self.stdout.write(f"generated {side * side} lots in {seconds:.1f} s")

    def _point(self, rng: random.Random, side: int) -> Point:
        e = ORIGIN_E + rng.uniform(0, side * LOT_E)
        n = ORIGIN_N + rng.uniform(0, side * LOT_N)
        point = Point(e, n, srid=VN2000_TM3_108_15)
        point.transform(4326)
        return point

    def _table(self, rng: random.Random, side: int) -> str:
        e = ORIGIN_E + rng.uniform(0, side * LOT_E - 60)
        n = ORIGIN_N + rng.uniform(0, side * LOT_N - 60)
        return f"1 {n:.2f} {e:.2f}\n2 {n:.2f} {e + 45:.2f}\n3 {n + 50:.2f} {e + 45:.2f}\n4 {n + 50:.2f} {e:.2f}"

    def _report(self, table: str, today: datetime.date) -> object:
        """Parse the table as the view does (parsing is part of the server-side time), then report."""
        corners = parse_corner_table(table)
        parcel = ParcelInput(MultiPolygon(corners.polygon(), srid=VN2000_TM3_108_15), "certificate_table")
        return parcel_report(parcel, today)

    def _time(self, name: str, calls: list[Callable[[], object]]) -> None:
        timings = []
        count = len(calls)
        for call in calls:
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
        p50 = statistics.median(timings)
        verdict = "ok" if p50 < TARGETS_MS[name] else "SLOW"
        self.stdout.write(
            f"{name}: {benchstats.summary(timings)} over {count} calls "
            f"(target p50 < {TARGETS_MS[name]:.0f} ms: {verdict})"
        )
