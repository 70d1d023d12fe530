"""Benchmark: congestion tiles of a chosen 5-minute step over a synthetic network against plain ST_AsMVT of the same
segments without the join to the flows (the reference)."""

import datetime
import math
import random
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from core import benchstats
from sectors.traffic import tiles

ORIGIN = (109.00, 12.10)
STEP_DEG = 0.002  # about 220 m between junctions
ZOOMS = (12, 13, 14, 15)


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    """Return the XYZ tile holding the point."""
    n = 2**z
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, int((lon + 180) / 360 * n), y


class Command(BaseCommand):
    help = (
        "Build a synthetic grid of N segments with S 5-minute steps of flows in temporary tables that stand in for "
        "roads_roadedge and traffic_segmentflow in this session only (nothing real is touched), then time the "
        "congestion tile of a random step against the plain tile of the same segments without the join."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--segments", type=int, default=50_000)
        parser.add_argument("--steps", type=int, default=12)
        parser.add_argument("--tiles", type=int, default=40)
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        side = int((options["segments"] / 2) ** 0.5) + 1  # a side x side grid has 2·side·(side-1) segments
        rng = random.Random(options["seed"])  # noqa: S311 - a repeatable tile mix, not a secret
        with transaction.atomic():
            started = time.perf_counter()
            segments, rows, steps = self._build(side, options["steps"])
            self.stdout.write(
                f"generated {segments} segments and {rows} flow rows ({len(steps)} steps) in "
                f"{time.perf_counter() - started:.1f} s"
            )
            extent = side * STEP_DEG
            mix = [
                tile_of(ORIGIN[0] + rng.random() * extent, ORIGIN[1] + rng.random() * extent, rng.choice(ZOOMS))
                for _tile in range(options["tiles"])
            ]
            ours: list[float] = []
            plain: list[float] = []
            sizes = [0, 0]
            for _round in range(options["rounds"]):
                for z, x, y in mix:
                    step = rng.choice(steps)
                    began = time.perf_counter()
                    sizes[0] += len(tiles.congestion_tile(z, x, y, step, "traffic-congestion"))
                    ours.append((time.perf_counter() - began) * 1000)
                    began = time.perf_counter()
                    sizes[1] += len(tiles.plain_tile(z, x, y, "traffic-congestion"))
                    plain.append((time.perf_counter() - began) * 1000)
            transaction.set_rollback(True)  # temporary tables: leave nothing behind
        mine, theirs = statistics.median(ours), statistics.median(plain)
        self.stdout.write(
            f"congestion tiles: {benchstats.summary(ours, digits=1)} over {len(ours)} tiles, "
            f"{sizes[0] // max(1, len(ours))} bytes each on average"
        )
        self.stdout.write(
            f"plain ST_AsMVT of the same segments without the join: {benchstats.summary(plain, digits=1)} over "
            f"{len(plain)} tiles, {sizes[1] // max(1, len(plain))} bytes each on average"
        )
        self.stdout.write(
            f"ratio {mine / theirs:.2f} (workload: {len(mix)} tiles z{ZOOMS[0]}-{ZOOMS[-1]} x {options['rounds']} "
            f"rounds over {segments} segments and {rows} flow rows, a random one of {len(steps)} 5-minute steps per "
            "tile; medians, congestion tile over plain tile)"
        )

    def _build(self, side: int, step_count: int) -> tuple[int, int, list[datetime.datetime]]:
        newest = datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0)
        newest -= datetime.timedelta(minutes=newest.minute % 5)
        steps = [newest - datetime.timedelta(minutes=5 * n) for n in range(step_count)]
        with connection.cursor() as cursor:
            # Temporary tables come first in the search path: the real tile statement reads them unchanged.
            cursor.execute(
                """
                CREATE TEMP TABLE roads_roadedge ON COMMIT DROP AS
                SELECT row_number() OVER ()::bigint AS id, 'Đường ' || row_number() OVER () AS name,
                       ST_SetSRID(ST_MakeLine(ST_MakePoint(%(x)s + i * %(d)s, %(y)s + j * %(d)s),
                                              ST_MakePoint(%(x)s + (i + di) * %(d)s, %(y)s + (j + dj) * %(d)s)), 4326)
                           AS geom,
                       CASE WHEN i %% 10 = 0 OR j %% 10 = 0 THEN 60.0 ELSE 40.0 END AS speed_kmh
                FROM generate_series(0, %(side)s - 1) i, generate_series(0, %(side)s - 1) j,
                     (VALUES (1, 0), (0, 1)) AS dir(di, dj)
                WHERE i + di < %(side)s AND j + dj < %(side)s
                """,
                {"side": side, "x": ORIGIN[0], "y": ORIGIN[1], "d": STEP_DEG},
            )
            cursor.execute("ALTER TABLE roads_roadedge ADD PRIMARY KEY (id)")
            cursor.execute("CREATE INDEX ON roads_roadedge USING gist (geom)")
            cursor.execute(
                """
                CREATE TEMP TABLE traffic_segmentflow ON COMMIT DROP AS
                SELECT e.id AS edge_id, s.step, (random() * 300)::int AS motorbikes, (random() * 60)::int AS cars,
                       (random() * 10)::int AS trucks, (random() * 5)::int AS buses,
                       e.speed_kmh * (0.1 + random() * 0.9) AS speed_kmh, e.speed_kmh AS free_flow_kmh,
                       0.1 + random() * 0.9 AS los
                FROM roads_roadedge AS e, unnest(%s::timestamptz[]) AS s(step)
                """,
                [steps],
            )
            cursor.execute("ALTER TABLE traffic_segmentflow ADD PRIMARY KEY (edge_id, step)")
            cursor.execute("ANALYZE roads_roadedge")  # autovacuum never analyses temporary tables
            cursor.execute("ANALYZE traffic_segmentflow")
            cursor.execute("SELECT (SELECT count(*) FROM roads_roadedge), (SELECT count(*) FROM traffic_segmentflow)")
            segments, rows = cursor.fetchone()
        return segments, rows, steps
