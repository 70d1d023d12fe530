"""Benchmark: a 10-minute drive-time area on a synthetic 50,000-edge network against pgr_drivingDistance alone."""

import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from roads.isochrones import compute, edges_sql

TARGET_MS = 1000.0
EDGES, NODES = "bench_roads_edge", "bench_roads_node"
STEP_DEG = 0.002  # about 220 m between junctions
ORIGIN = (108.80, 11.90)


class Command(BaseCommand):
    help = (
        "Build a synthetic street grid of about N edges in temporary tables (nothing of the real network is "
        "touched) and time drive-time areas from its centre: ours (start node, box, drivingDistance, hull) against "
        "pgr_drivingDistance over the whole graph with the same start and limit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--edges", type=int, default=50_000)
        parser.add_argument("--minutes", type=int, default=10)
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        side = int((options["edges"] / 2) ** 0.5) + 1  # a side x side grid has 2·side·(side-1) edges
        with transaction.atomic():
            started = time.perf_counter()
            edges = self._grid(side)
            self.stdout.write(f"generated a {side}x{side} grid: {edges} edges in {time.perf_counter() - started:.1f} s")
            x, y = ORIGIN[0] + side // 2 * STEP_DEG + 0.0004, ORIGIN[1] + side // 2 * STEP_DEG + 0.0003
            minutes, runs = options["minutes"], options["runs"]
            ours, reference, reached = [], [], 0
            for _run in range(runs):
                area = compute(x, y, minutes, edges=EDGES, nodes=NODES)
                ours.append(area.computed_ms)
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT count(*) FROM pgr_drivingDistance(%s, %s, %s, true)",
                        [edges_sql(EDGES), area.node, minutes * 60.0],
                    )
                    reached = cursor.fetchone()[0]
                reference.append((time.perf_counter() - started) * 1000)
            transaction.set_rollback(True)  # the grid lives in temporary tables; leave nothing behind
        mine, theirs = statistics.median(ours), statistics.median(reference)
        verdict = "ok" if mine < TARGET_MS else "SLOW"
        self.stdout.write(
            f"isochrone {minutes} min on {edges} edges: median {mine:.0f} ms over {runs} runs ({reached} junctions "
            f"reached); pgr_drivingDistance alone over the whole graph {theirs:.0f} ms; ratio {mine / theirs:.2f} "
            f"(target < {TARGET_MS:.0f} ms: {verdict})"
        )

    def _grid(self, side: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_roads_edge, bench_roads_node")
            cursor.execute(
                """
                CREATE TEMP TABLE bench_roads_node ON COMMIT DROP AS
                SELECT i * %(side)s + j + 1 AS id, i, j,
                       ST_SetSRID(ST_MakePoint(%(x)s + i * %(step)s, %(y)s + j * %(step)s), 4326) AS geom
                FROM generate_series(0, %(side)s - 1) i, generate_series(0, %(side)s - 1) j
                """,
                {"side": side, "x": ORIGIN[0], "y": ORIGIN[1], "step": STEP_DEG},
            )
            # Every tenth line is an arterial at 50 km/h, the rest streets at 30; every seventh street one-way.
            cursor.execute(
                """
                CREATE TEMP TABLE bench_roads_edge ON COMMIT DROP AS
                SELECT row_number() OVER () AS id, a.id AS source_id, b.id AS target_id,
                       ST_MakeLine(a.geom, b.geom) AS geom, speed AS speed_kmh,
                       ST_Length(ST_MakeLine(a.geom, b.geom)::geography) / (speed / 3.6) AS cost_s,
                       CASE WHEN oneway THEN -1 ELSE ST_Length(ST_MakeLine(a.geom, b.geom)::geography) / (speed / 3.6)
                       END AS reverse_cost_s
                FROM (
                    SELECT n.id AS a_id, m.id AS b_id, CASE WHEN n.j % 10 = 0 THEN 50.0 ELSE 30.0 END AS speed,
                           n.j % 7 = 3 AS oneway
                    FROM bench_roads_node n JOIN bench_roads_node m ON m.i = n.i + 1 AND m.j = n.j
                    UNION ALL
                    SELECT n.id, m.id, CASE WHEN n.i % 10 = 0 THEN 50.0 ELSE 30.0 END, n.i % 7 = 3
                    FROM bench_roads_node n JOIN bench_roads_node m ON m.i = n.i AND m.j = n.j + 1
                ) pairs JOIN bench_roads_node a ON a.id = pairs.a_id JOIN bench_roads_node b ON b.id = pairs.b_id
                """
            )
            cursor.execute("CREATE INDEX ON bench_roads_edge USING gist (geom)")
            cursor.execute("CREATE INDEX ON bench_roads_node USING gist (geom)")
            cursor.execute("ANALYZE bench_roads_edge")
            cursor.execute("ANALYZE bench_roads_node")
            cursor.execute("SELECT count(*) FROM bench_roads_edge")
            return int(cursor.fetchone()[0])
