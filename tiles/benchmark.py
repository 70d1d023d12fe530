"""The tile benchmark (bench/tiles.sh): a 100,000-polygon layer, a fixed mix of tiles, and a small async HTTP client.

The same table is served by our tiles app (gunicorn) and by tipg; the client asks each for the same tiles with
the same number of concurrent connections and reports requests per second and latency percentiles.
"""

import asyncio
import json
import math
import random
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.db import connection, transaction
from psycopg2 import sql

from gis_core.srs import VN2000_TM3_108_15
from layers.models import Layer

SCHEMA, TABLE, SLUG = "bench_tiles", "parcels", "bench-tiles"
ORIGIN_E, ORIGIN_N = 590_000.0, 1_340_000.0  # south-west corner of the grid, near Nha Trang (as bench_planning)
LOT_E, LOT_N = 30.0, 40.0
USES = ["ODT", "TMD", "DGD", "DKV", "DGT"]
ZOOMS = range(12, 17)
SEED = 2025

type Sample = tuple[float, int, int]  # seconds, HTTP status (0: no answer), body bytes


def create_layer(polygons: int) -> Layer:
    """Write `polygons` lots (30 x 40 m, VN-2000 grid, stored in EPSG:4326) and publish them as a public layer."""
    side = math.ceil(math.sqrt(polygons))
    drop_layer()
    with transaction.atomic(), connection.cursor() as cursor:
        table = sql.Identifier(SCHEMA, TABLE)
        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(SCHEMA)))
        cursor.execute(
            sql.SQL(
                "CREATE TABLE {table} AS SELECT n AS id, 'L-' || r || '-' || c AS code, (%(uses)s)[1 + (r + c) %% 5] "
                "AS land_use, round((40 + (n %% 7))::numeric, 1) AS floors_area, ST_Multi(ST_Transform(ST_MakeEnvelope("
                "%(e)s + c * %(w)s, %(n)s + r * %(h)s, %(e)s + (c + 1) * %(w)s, %(n)s + (r + 1) * %(h)s, %(srid)s), "
                "4326))::geometry(MultiPolygon, 4326) AS geom FROM (SELECT n, n / %(side)s AS r, n %% %(side)s AS c "
                "FROM generate_series(0, %(count)s - 1) AS n) AS grid"
            ).format(table=table),
            {"uses": USES, "e": ORIGIN_E, "n": ORIGIN_N, "w": LOT_E, "h": LOT_N, "srid": VN2000_TM3_108_15,
             "side": side, "count": polygons},
        )  # fmt: skip
        cursor.execute(sql.SQL("ALTER TABLE {} ADD PRIMARY KEY (id)").format(table))
        cursor.execute(sql.SQL("CREATE INDEX ON {} USING gist (geom)").format(table))
        layer = Layer.objects.create(
            slug=SLUG, title="Lô thử tải (benchmark)", title_en="Benchmark lots", source_kind="table",
            schema_name=SCHEMA, table_name=TABLE, geometry_column="geom", id_column="id",
            access=Layer.Access.PUBLIC, published_tiles=True, tile_minzoom=0, tile_maxzoom=18,
            tile_attributes={"code": 0, "land_use": 0}, style={"kind": "single", "color": "#3388FF"},
        )  # fmt: skip
        layer.sync_with_source()
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(SCHEMA, TABLE)))
    layer.refresh_from_db()
    return layer


def drop_layer() -> None:
    """Remove the benchmark layer and its schema (nothing else)."""
    Layer.objects.filter(slug=SLUG).delete()
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(SCHEMA)))


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """Return the x, y of the XYZ tile holding a point."""
    n = 2**z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def tile_mix(extent: list[float], count: int = 100) -> list[tuple[int, int, int]]:
    """`count` distinct tiles over the extent, spread over zooms 12 to 16 (all of a zoom when it has fewer)."""
    west, south, east, north = extent
    rng = random.Random(SEED)  # noqa: S311 (a reproducible mix, not a secret)
    chosen: list[tuple[int, int, int]] = []
    for index, z in enumerate(ZOOMS):
        x0, y0 = tile_of(west, north, z)
        x1, y1 = tile_of(east, south, z)
        tiles = [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
        # An even share of what is left, so higher zooms make up for the few tiles of the lowest.
        wanted = math.ceil((count - len(chosen)) / (len(ZOOMS) - index))
        chosen += rng.sample(tiles, min(wanted, len(tiles)))
    return chosen


@dataclass
class Result:
    """One measured run of the client."""

    label: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    mean_kb: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def line(self) -> str:
        return (
            f"{self.label:<28} {self.per_second:9.1f} req/s   p50 {self.p50_ms:8.1f} ms   p99 {self.p99_ms:8.1f} ms   "
            f"{self.requests} requests, {self.errors} errors, mean tile {self.mean_kb:.1f} kB"
        )


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int, bool]:
    """Read one HTTP/1.1 response; return (status, body bytes, whether the connection stays open)."""
    status_line = await reader.readuntil(b"\r\n")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
        name, _sep, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    size = 0
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while (chunk := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)) > 0:
            size += len(await reader.readexactly(chunk + 2)) - 2
        await reader.readuntil(b"\r\n")
    else:
        size = len(await reader.readexactly(int(headers.get("content-length", "0"))))
    keep = headers.get("connection", "").lower() != "close"
    return status, size, keep


async def _client(host: str, port: int, queue: asyncio.Queue[str], samples: list[Sample]) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    request = "GET {} HTTP/1.1\r\nHost: " + f"{host}:{port}" + "\r\nAccept: */*\r\n\r\n"
    while not queue.empty():
        path = queue.get_nowait()
        for attempt in (1, 2):  # a kept-alive connection the server has just closed is retried once
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            assert reader is not None
            started = time.perf_counter()
            writer.write(request.format(path).encode())
            try:
                await writer.drain()
                status, size, keep = await _read_response(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                writer.close()
                reader = writer = None
                if attempt == 2:
                    samples.append((time.perf_counter() - started, 0, 0))
                continue
            samples.append((time.perf_counter() - started, status, size))
            if not keep:
                writer.close()
                reader = writer = None
            break
    if writer is not None:
        writer.close()


async def _round(url_template: str, tiles: list[tuple[int, int, int]], concurrency: int) -> list[Sample]:
    """Request each tile once over `concurrency` kept-alive connections; return one sample per request."""
    parts = urlsplit(url_template.replace("{", "%7B").replace("}", "%7D"))
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path_template = url_template.split(parts.netloc, 1)[1]
    queue: asyncio.Queue[str] = asyncio.Queue()
    for z, x, y in tiles:
        queue.put_nowait(path_template.format(z=z, x=x, y=y))
    samples: list[Sample] = []
    await asyncio.gather(*(_client(host, port, queue, samples) for _ in range(concurrency)))
    return samples


def measure(servers: dict[str, str], tiles: list[tuple[int, int, int]], rounds: int, concurrency: int) -> list[Result]:
    """Request the mix `rounds` times (shuffled) from each server, the servers taking turns round by round, so a
    change in the machine's load falls on all of them alike."""
    rng = random.Random(SEED)  # noqa: S311
    samples: dict[str, list[Sample]] = {label: [] for label in servers}
    seconds = dict.fromkeys(servers, 0.0)
    for _repeat in range(rounds):
        order = tiles[:]
        rng.shuffle(order)
        for label, url in servers.items():
            started = time.perf_counter()
            samples[label] += asyncio.run(_round(url, order, concurrency))
            seconds[label] += time.perf_counter() - started
    return [_result(label, samples[label], seconds[label]) for label in servers]


def _result(label: str, samples: list[Sample], seconds: float) -> Result:
    latencies = sorted(sample[0] * 1000 for sample in samples)
    good = [sample for sample in samples if sample[1] == 200]
    return Result(
        label=label,
        requests=len(samples),
        errors=len(samples) - len(good),
        seconds=seconds,
        p50_ms=statistics.median(latencies),
        p99_ms=latencies[min(len(latencies) - 1, math.ceil(len(latencies) * 0.99) - 1)],
        mean_kb=statistics.fmean(sample[2] for sample in good) / 1024 if good else 0.0,
    )


def save(result: Result, path: Path) -> None:
    with path.open("a", encoding="utf-8") as results:
        results.write(json.dumps(asdict(result)) + "\n")


def report(path: Path) -> list[str]:
    """The side-by-side table and the ratios against tipg, from the results file."""
    runs = {row["label"]: Result(**row) for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    lines = [run.line() for run in runs.values()]
    tipg = runs.get("tipg (no cache)")
    goals: dict[str, Any] = {"ours uncached": 1.5, "ours cached (Redis)": 10.0}
    for label, goal in goals.items():
        ours = runs.get(label)
        if tipg is None or ours is None:
            continue
        ratio = ours.per_second / tipg.per_second
        p99_ok = ours.p99_ms <= tipg.p99_ms
        verdict = "ok" if ratio >= goal and p99_ok else "BELOW GOAL"
        lines.append(
            f"{label} / tipg: {ratio:.2f}x req/s (goal >= {goal:g}x), p99 {ours.p99_ms:.1f} vs {tipg.p99_ms:.1f} ms "
            f"({'no worse' if p99_ok else 'WORSE'}): {verdict}"
        )
    return lines
