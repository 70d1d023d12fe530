"""OGC API Features items, side by side with tipg: the same 100,000-polygon table behind both servers.

Our app runs under gunicorn (docker/gunicorn.conf.py, 2 workers), tipg under uvicorn (2 workers, bench/tipg_env.sh,
its own virtual environment). Each server's page 50 is reached by following its own next links from page 1, then
page 1 and page 50 are fetched in turn, each over a fresh connection, and timed. The table, its layer and both
servers are removed afterwards, whatever happens.
"""

import http.client
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction

from layers.models import Layer

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = "bench_ogc"
TABLE = "parcels"
SLUG = "bench-ogc-parcels"
ORIGIN_LON, ORIGIN_LAT = 109.10, 12.20  # near Nha Trang
CELL_DEG = 0.0003  # about 33 m
# The table is bench_ogc.parcels (SCHEMA, TABLE); values are bound.
GENERATE_SQL = """
CREATE SCHEMA bench_ogc;
CREATE TABLE bench_ogc.parcels (
    id integer PRIMARY KEY, code text NOT NULL, land_use text NOT NULL, floors integer, area_m2 double precision,
    geom geometry(MultiPolygon, 4326) NOT NULL
);
INSERT INTO bench_ogc.parcels
SELECT n, 'LO-' || n, (ARRAY['ODT', 'TMD', 'DGD', 'DKV', 'DGT'])[1 + n %% 5], 1 + n %% 9, ST_Area(g::geography), g
FROM (SELECT n, ST_Multi(ST_MakeEnvelope(%(lon)s + c * %(cell)s, %(lat)s + r * %(cell)s,
                                         %(lon)s + (c + 0.9) * %(cell)s, %(lat)s + (r + 0.9) * %(cell)s, 4326)) AS g
      FROM (SELECT n, (n - 1) %% %(side)s AS c, (n - 1) / %(side)s AS r
            FROM generate_series(1, %(count)s) AS n) AS cells) AS shapes;
CREATE INDEX ON bench_ogc.parcels USING gist (geom);
ANALYZE bench_ogc.parcels;
"""


@dataclass(frozen=True)
class Server:
    """A running server and how to reach its first page of items."""

    name: str
    port: int
    first_page: str  # path and query


@dataclass
class Timing:
    """One server's timed fetches: page 1, the deep page, page 1 with a bbox over every feature, and the walk."""

    name: str
    pages: int
    limit: int
    walk_s: float = 0.0  # following next links from page 1 to the deep page
    page1: list[float] = field(default_factory=list)
    deep: list[float] = field(default_factory=list)
    counted: list[float] = field(default_factory=list)  # page 1 with the bbox: a filtered numberMatched
    counts: dict[str, bool] = field(default_factory=dict)  # request kind: whether the page carried numberMatched

    @property
    def page1_s(self) -> float:
        return statistics.median(self.page1)

    @property
    def page50_s(self) -> float:
        return statistics.median(self.deep)

    @property
    def counted_s(self) -> float:
        return statistics.median(self.counted)

    @property
    def page1_rate(self) -> float:
        return self.limit / self.page1_s

    @property
    def page50_rate(self) -> float:
        return self.limit / self.page50_s

    @property
    def counted_rate(self) -> float:
        return self.limit / self.counted_s

    @property
    def walk_rate(self) -> float:
        return self.pages * self.limit / self.walk_s


def create_table(count: int) -> None:
    side = int(count**0.5) + 1
    params = {"lon": ORIGIN_LON, "lat": ORIGIN_LAT, "cell": CELL_DEG, "side": side, "count": count}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cursor.execute(GENERATE_SQL, params)


def covering_bbox(count: int) -> str:
    """A bbox (lon,lat) a little larger than the generated table: it selects every feature, so numberMatched is a
    filtered count on both servers."""
    side = int(count**0.5) + 1
    margin = CELL_DEG
    west, south = ORIGIN_LON - margin, ORIGIN_LAT - margin
    east, north = ORIGIN_LON + side * CELL_DEG + margin, ORIGIN_LAT + side * CELL_DEG + margin
    return f"{west:.6f},{south:.6f},{east:.6f},{north:.6f}"


def register_layer() -> Layer:
    Layer.objects.filter(slug=SLUG).delete()
    layer = Layer.objects.create(
        slug=SLUG, title="Benchmark: 100 000 thửa", title_en="Benchmark parcels", source_kind="table",
        schema_name=SCHEMA, table_name=TABLE, access=Layer.Access.PUBLIC, published_ogc=True,
    )  # fmt: skip
    layer.sync_with_source()
    return layer


def drop(layer_slug: str = SLUG) -> None:
    with transaction.atomic():
        Layer.objects.filter(slug=layer_slug).delete()  # a table source keeps its table: dropped below
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


def _database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgis://{db['USER']}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _wait(port: int, path: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited during start-up (code {process.returncode})")
        try:
            status, _body = fetch(port, path)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the server on port {port} did not answer {path} within {seconds:.0f} s")


@contextmanager
def our_server(port: int, workers: int) -> Iterator[subprocess.Popen]:
    """gunicorn with the project's production settings file, DEBUG off."""
    env = {
        **os.environ, "DJANGO_DEBUG": "0", "GUNICORN_WORKERS": str(workers), "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0", "LOG_FORMAT": "text", "LOG_LEVEL": "WARNING",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or f"bench-{secrets.token_hex(24)}",
    }  # fmt: skip
    command = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "-c", "docker/gunicorn.conf.py",
               "-b", f"127.0.0.1:{port}", "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    try:
        _wait(port, "/ogc/conformance", process)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


@contextmanager
def tipg_server(port: int, workers: int) -> Iterator[subprocess.Popen]:
    """tipg through bench/tipg_env.sh, serving only the benchmark's schema; stopped by closing its stdin."""
    script = 'source bench/tipg_env.sh && tipg_start "$1" "$2" "$3" "$4" && echo ready && read -r _; tipg_stop'
    command = ["bash", "-c", script, "tipg", str(port), _database_url(), SCHEMA, str(workers)]
    process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # noqa: S603
    try:
        line = process.stdout.readline() if process.stdout else ""
        if line.strip() != "ready":
            hint = "source bench/tipg_env.sh; TIPG_LOG=/dev/stderr tipg_start ..."
            raise RuntimeError(f"tipg did not start; to see why, run `{hint}`")
        yield process
    finally:
        _close(process.stdin)
        process.wait(timeout=60)


def _close(stream: IO[str] | None) -> None:
    if stream is not None:
        stream.close()


def fetch(port: int, path: str) -> tuple[int, bytes]:
    """GET over a fresh connection (gunicorn's sync workers close every connection anyway)."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        client.request("GET", path, headers={"Accept": "application/geo+json"})
        response = client.getresponse()
        return response.status, response.read()
    finally:
        client.close()


def _page(port: int, path: str, limit: int) -> tuple[float, str | None, bool]:
    """Fetch one page: seconds, the next page's path, whether it carried numberMatched."""
    started = time.perf_counter()
    status, body = fetch(port, path)
    elapsed = time.perf_counter() - started
    if status != 200:
        raise RuntimeError(f"GET {path} on port {port} answered {status}: {body[:300]!r}")
    document = json.loads(body)
    if len(document["features"]) != limit:
        raise RuntimeError(f"GET {path} on port {port} returned {len(document['features'])} features, not {limit}")
    counted = document.get("numberMatched") is not None
    following = next((link["href"] for link in document["links"] if link["rel"] == "next"), None)
    if following is None:
        return elapsed, None, counted
    parts = urlsplit(following)
    return elapsed, f"{parts.path}?{parts.query}", counted


def walk(server: Server, limit: int, pages: int) -> tuple[float, str, str]:
    """Follow next links from page 1 to page `pages`: seconds, page 1's path, the deep page's path."""
    path: str | None = server.first_page
    started = time.perf_counter()
    page_paths = []
    for _number in range(pages):
        if path is None:
            raise RuntimeError(f"{server.name}: no next link before page {pages}")
        page_paths.append(path)
        _elapsed, path, _counted = _page(server.port, path, limit)
    return time.perf_counter() - started, page_paths[0], page_paths[-1]


def measure(servers: list[Server], limit: int, pages: int, rounds: int, bbox: str) -> list[Timing]:
    """Walk each server in turn, then time page 1, the deep page and page 1 with `bbox`, the servers alternating
    request by request so that a change in the machine's load falls on both alike."""
    timings = [Timing(server.name, pages, limit) for server in servers]
    paths = []
    for server in servers:  # warm-up, not timed: each worker's first request loads code and fills caches
        for _warm in range(4):
            _page(server.port, server.first_page, limit)
    for server, timing in zip(servers, timings, strict=True):
        timing.walk_s, first, deep = walk(server, limit, pages)
        counted = f"{first}&bbox={bbox}" if "?" in first else f"{first}?bbox={bbox}"
        paths.append({"page1": first, "deep": deep, "counted": counted})
    for _round in range(rounds):
        for kind in ("page1", "deep", "counted"):
            for server, timing, path in zip(servers, timings, paths, strict=True):
                elapsed, _next, has_count = _page(server.port, path[kind], limit)
                getattr(timing, kind).append(elapsed)
                timing.counts[kind] = has_count
    return timings
