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
from urllib.parse import urlsplit

from django.db import connection, transaction
from psycopg2 import sql

from core import benchstats
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
    p99_ms: float | None  # None below benchstats.min_samples(99) requests
    mean_kb: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def p99(self) -> str:
        if self.p99_ms is None:
            return f"p99 not printed (needs >= {benchstats.min_samples(99)} requests)"
        return f"p99 {self.p99_ms:8.1f} ms"

    def line(self) -> str:
        return (
            f"{self.label:<30} {self.per_second:9.1f} req/s   p50 {self.p50_ms:8.1f} ms   {self.p99()}   "
            f"{self.requests} requests, {self.errors} errors, mean tile {self.mean_kb:.1f} kB"
        )


class _Response(asyncio.Protocol):
    """One kept-alive HTTP/1.1 connection that counts each response's body instead of keeping it (so the client
    costs little CPU beside the servers it measures). Bodies must come with Content-Length or chunked."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.done: asyncio.Future[tuple[int, int, bool]] | None = None
        self._buffer = b""
        self._status = 0
        self._left = -1  # body bytes still to come; -1 while reading the head
        self._chunked = False
        self._size = 0
        self._keep = True

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        if self.done is not None and not self.done.done():
            self.done.set_exception(ConnectionError("the server closed the connection"))

    def ask(self, request: bytes) -> "asyncio.Future[tuple[int, int, bool]]":
        assert self.transport is not None
        self.done = asyncio.get_running_loop().create_future()
        self._buffer, self._left, self._size = b"", -1, 0
        self.transport.write(request)
        return self.done

    def data_received(self, data: bytes) -> None:
        if self._left < 0 or self._chunked:
            self._buffer += data
            self._parse()
            return
        self._take(len(data))

    def _take(self, count: int) -> None:
        used = min(count, self._left)
        self._size += used
        self._left -= used
        if self._left == 0:
            self._finish()

    def _parse(self) -> None:
        if self._left < 0:
            head, found, rest = self._buffer.partition(b"\r\n\r\n")
            if not found:
                return
            lines = head.decode("latin-1").split("\r\n")
            self._status = int(lines[0].split()[1])
            headers = {n.strip().lower(): v.strip() for n, _s, v in (line.partition(":") for line in lines[1:])}
            self._keep = headers.get("connection", "").lower() != "close"
            self._chunked = headers.get("transfer-encoding", "").lower() == "chunked"
            self._left = 0 if self._chunked else int(headers.get("content-length", "0"))
            self._buffer = rest
            if not self._chunked:
                self._buffer = b""
                if self._left == 0:
                    self._finish()
                else:
                    self._take(len(rest))
                return
        while self._chunked:  # <size>\r\n<data>\r\n ... 0\r\n\r\n
            line, found, rest = self._buffer.partition(b"\r\n")
            if not found:
                return
            size = int(line.split(b";")[0], 16)
            if len(rest) < size + 2:
                return
            self._size += size
            self._buffer = rest[size + 2 :]
            if size == 0:
                self._chunked = False
                self._finish()

    def _finish(self) -> None:
        if self.done is not None and not self.done.done():
            self.done.set_result((self._status, self._size, self._keep))


async def _client(host: str, port: int, queue: asyncio.Queue[str], samples: list[Sample]) -> None:
    loop = asyncio.get_running_loop()
    connection: _Response | None = None
    request = "GET {} HTTP/1.1\r\nHost: " + f"{host}:{port}" + "\r\nAccept: */*\r\n\r\n"
    while not queue.empty():
        path = queue.get_nowait()
        for attempt in (1, 2):  # a kept-alive connection the server has just closed is retried once
            if connection is None:
                _transport, connection = await loop.create_connection(_Response, host, port)
            started = time.perf_counter()
            try:
                status, size, keep = await connection.ask(request.format(path).encode())
            except ConnectionError:
                connection = None
                if attempt == 2:
                    samples.append((time.perf_counter() - started, 0, 0))
                continue
            samples.append((time.perf_counter() - started, status, size))
            if not keep:
                assert connection.transport is not None
                connection.transport.close()
                connection = None
            break
    if connection is not None and connection.transport is not None:
        connection.transport.close()


async def _turn(url_template: str, tiles: list[tuple[int, int, int]], concurrency: int) -> list[Sample]:
    """Request the tiles in order, one stream over `concurrency` kept-alive connections; one sample per request."""
    parts = urlsplit(url_template.replace("{", "%7B").replace("}", "%7D"))
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path_template = url_template.split(parts.netloc, 1)[1]
    queue: asyncio.Queue[str] = asyncio.Queue()
    for z, x, y in tiles:
        queue.put_nowait(path_template.format(z=z, x=x, y=y))
    samples: list[Sample] = []
    await asyncio.gather(*(_client(host, port, queue, samples) for _ in range(concurrency)))
    return samples


@dataclass(frozen=True)
class Server:
    """A server to measure: its label, tile URL template (with {z}, {x}, {y}) and rounds of the mix per turn."""

    label: str
    url: str
    rounds_per_turn: int = 1


def measure(servers: list[Server], tiles: list[tuple[int, int, int]], turns: int, concurrency: int) -> list[Result]:
    """Let the servers take `turns` turns; in its turn a server gets its rounds of the mix (each round shuffled)
    as one stream. Taking turns spreads a change in the machine's load over all servers alike; a fast server
    gets more rounds per turn so that its turn is not mostly the start and the tail of a short stream."""
    rng = random.Random(SEED)  # noqa: S311
    samples: dict[str, list[Sample]] = {server.label: [] for server in servers}
    seconds = dict.fromkeys(samples, 0.0)
    for _turn_number in range(turns):
        for server in servers:
            stream: list[tuple[int, int, int]] = []
            for _round in range(server.rounds_per_turn):
                order = tiles[:]
                rng.shuffle(order)
                stream += order
            started = time.perf_counter()
            samples[server.label] += asyncio.run(_turn(server.url, stream, concurrency))
            seconds[server.label] += time.perf_counter() - started
    return [_result(label, samples[label], seconds[label]) for label in samples]


def _result(label: str, samples: list[Sample], seconds: float) -> Result:
    latencies = sorted(sample[0] * 1000 for sample in samples)
    good = [sample for sample in samples if sample[1] == 200]
    return Result(
        label=label,
        requests=len(samples),
        errors=len(samples) - len(good),
        seconds=seconds,
        p50_ms=statistics.median(latencies),
        p99_ms=benchstats.percentile(latencies, 99),
        mean_kb=statistics.fmean(sample[2] for sample in good) / 1024 if good else 0.0,
    )


def save(result: Result, path: Path) -> None:
    with path.open("a", encoding="utf-8") as results:
        results.write(json.dumps(asdict(result)) + "\n")


# What both sides of each ratio did; the uncached tiles' shortcut is stated because tipg has no such shortcut.
MIX = "the same tiles z12-16 of the same table, 8 clients, servers taking turns"
LINEAR_NOTE = (
    "note: all these tiles are z >= 11, where our uncached tiles skip ST_Transform: within one tile Mercator x is "
    "linear in longitude and y nearly so in latitude, so mapping degrees linearly onto the 4096 tile units is off "
    "by at most 1024*pi*sin(lat)/2^z units, under 0.5 unit (below the rounding to whole units) from z11 in Khanh "
    "Hoa (tiles/render.py); tipg projects every vertex with ST_Transform"
)
# label: (goal or None, peer label, what both did)
RATIOS: dict[str, tuple[float | None, str, str]] = {
    "ours uncached": (1.5, "tipg (no cache)", f"both render every tile in PostGIS, no cache; {MIX}"),
    "ours cached (Redis)": (
        None, "ours uncached, beside cached",
        f"our Redis cache warmed by one pass vs our own server with the cache off; {MIX}; no goal against tipg, "
        "which has no cache here",
    ),
}  # fmt: skip


def report(path: Path) -> list[str]:
    """The side-by-side table and each ratio with its workload, from the results file."""
    runs = {row["label"]: Result(**row) for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    lines = [run.line() for run in runs.values()]
    for label, (goal, peer, workload) in RATIOS.items():
        ours, theirs = runs.get(label), runs.get(peer)
        if theirs is None or ours is None:
            continue
        ratio = ours.per_second / theirs.per_second
        if ours.p99_ms is None or theirs.p99_ms is None:
            p99_ok, p99_text = True, "p99 not compared (too few requests)"
        else:
            p99_ok = ours.p99_ms <= theirs.p99_ms
            p99_text = f"p99 {ours.p99_ms:.1f} vs {theirs.p99_ms:.1f} ms ({'no worse' if p99_ok else 'WORSE'})"
        if goal is None:
            verdict = "no goal"
        else:
            verdict = f"goal >= {goal:g}x: " + ("ok" if ratio >= goal and p99_ok else "BELOW GOAL")
        lines.append(f"{label} / {peer}: {ratio:.2f}x req/s, {p99_text} [{verdict}] (workload: {workload})")
    lines.append(LINEAR_NOTE)
    return lines
