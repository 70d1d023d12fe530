"""bench_pygeoapi: a 512x512 coverage subset (ours vs stock pygeoapi) and a one-month EDR position query p50.

Ours: Django's full request path (access check, configuration built from the catalogue, pygeoapi's coverage API,
our provider). Stock: pygeoapi's API with a static configuration and its own 'rasterio' provider over the same file,
called in the same process (no HTTP on either side). EDR has no stock peer: pygeoapi's EDR providers read files
(xarray) or a SensorThings server, not PostgreSQL; the figure is compared with the 100 ms goal.
"""

import datetime
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pygeoapi.api.coverages as coverages_api
import rasterio
from django.contrib.gis.geos import Point
from django.db import connection
from django.test import Client
from pygeoapi.api import API, APIRequest
from rasterio.transform import from_origin

from agencies.models import Agency
from iot.models import Device
from layers import rasters
from layers.models import Layer
from layers.raster_import import import_raster
from ogc_pygeoapi import config
from ogc_pygeoapi.generate import generate_readings

SLUG = "bench-coverage"
SIZE = 2048  # the benchmark grid, 10 m pixels in EPSG:9217
ORIGIN = (590_000.0, 1_370_000.0)
DEVICE_PREFIX = "bench-edr-"
INTERVAL_SECONDS = 300
GOAL_MS = 100.0


@dataclass
class Figure:
    name: str
    p50_ms: float
    reference: str
    reference_ms: float
    workload: str

    def line(self) -> str:
        ratio = self.p50_ms / self.reference_ms if self.reference_ms else float("nan")
        return (
            f"{self.name}: p50 {self.p50_ms:.1f} ms; {self.reference} {self.reference_ms:.1f} ms; ratio {ratio:.2f} "
            f"(workload: {self.workload})"
        )


def p50(action: Callable[[], Any], rounds: int) -> float:
    action()  # warm the caches once (GDAL blocks, query plans)
    times = []
    for _round in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def coverage_figure(rounds: int) -> Figure:
    """Time a 512x512 bbox subset as GeoTIFF through our view and through stock pygeoapi."""
    with tempfile.TemporaryDirectory(prefix="bench-cov-") as folder:
        source = Path(folder) / "grid.tif"
        values = np.add.outer(np.arange(SIZE, dtype="float32"), np.arange(SIZE, dtype="float32"))
        with rasterio.open(
            source,
            "w",
            driver="GTiff",
            width=SIZE,
            height=SIZE,
            count=1,
            dtype="float32",
            crs="EPSG:9217",
            transform=from_origin(*ORIGIN, 10, 10),
            nodata=-9999.0,
        ) as out:
            out.write(values, 1)  # fmt: skip
        import_raster(source, SLUG)
    Layer.objects.filter(slug=SLUG).update(access=Layer.Access.PUBLIC, published_ogc=True, published_tiles=True)
    layer = Layer.objects.get(slug=SLUG)
    try:
        left, top = ORIGIN[0] + 5120, ORIGIN[1] - 5120
        bbox = f"{left},{top - 5120},{left + 5120},{top}"
        params = {"bbox": bbox, "bbox-crs": "EPSG:9217", "f": "GTiff"}
        client = Client(HTTP_HOST="127.0.0.1")

        def ours() -> None:
            response = client.get(f"/ogc/collections/{SLUG}/coverage", params)
            assert response.status_code == 200 and len(response.content) > 512 * 512 * 4

        stock_config = config.server(_request())
        stock_config["resources"][SLUG] = {
            "type": "collection", "title": SLUG, "description": SLUG, "keywords": [], "links": [],
            "extents": {"spatial": {"bbox": list(layer.extent or []), "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}},
            "providers": [{"type": "coverage", "name": "rasterio", "data": str(rasters.layer_file(layer)),
                           "format": dict(config.GEOTIFF)}],
        }  # fmt: skip
        # pygeoapi's own provider reads bbox-crs as an EPSG code (it does not take URIs).
        stock_request = _request({"bbox": bbox, "bbox-crs": "9217", "f": "GTiff"})

        def stock() -> None:
            api = API(stock_config, {})
            _headers, status, content = coverages_api.get_collection_coverage(
                api, APIRequest.from_django(stock_request, api.locales), SLUG
            )
            assert status == 200 and len(content) > 512 * 512 * 4

        return Figure("coverage 512x512 GeoTIFF subset (embedded in Django)", p50(ours, rounds),
                      "stock pygeoapi in-process", p50(stock, rounds),
                      "the same 512x512 bbox of the same COG as GeoTIFF, both in this process; ours also checks the "
                      "catalogue's access and goes through Django's request handling")  # fmt: skip
    finally:
        folder_path = rasters.slug_dir(SLUG)
        Layer.objects.filter(slug=SLUG).delete()
        shutil.rmtree(folder_path, ignore_errors=True)


def _request(params: dict[str, str] | None = None) -> Any:
    from django.test import RequestFactory

    return RequestFactory(HTTP_HOST="127.0.0.1").get(f"/ogc/collections/{SLUG}/coverage", params or {})


def edr_figure(readings: int, rounds: int, stdout: Any) -> Figure:
    """Generate readings for 100 devices (one quantity, every 5 minutes), then time one-month position queries."""
    agency = Agency.objects.order_by("pk").first()
    if agency is None:
        raise RuntimeError("load the demo first (manage.py load_demo): devices need an agency")
    count = 100
    per_device = max(readings // count, 1)
    end = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    start = end - datetime.timedelta(seconds=per_device * INTERVAL_SECONDS)
    devices = [Device.objects.create(code=f"{DEVICE_PREFIX}{n:03d}", name=f"Bench {n}", kind=Device.Kind.AIR_QUALITY,
                                     agency=agency, position=Point(108.9 + (n % 10) * 0.03, 12.0 + (n // 10) * 0.03))
               for n in range(count)]  # fmt: skip
    ids = [device.pk for device in devices]
    try:
        began = time.perf_counter()
        written = generate_readings(ids, ["pm25"], start, end, INTERVAL_SECONDS)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE iot_reading")
        stdout.write(f"  generated {written:,} readings in {time.perf_counter() - began:.0f} s\n")
        client = Client(HTTP_HOST="127.0.0.1")
        month = f"{(end - datetime.timedelta(days=31)).isoformat()}/{end.isoformat()}".replace("+00:00", "Z")
        targets = [devices[n] for n in range(0, count, max(count // rounds, 1))]
        state = {"next": 0}

        def position() -> None:
            device = targets[state["next"] % len(targets)]
            state["next"] += 1
            response = client.get("/ogc/collections/iot-devices/position",
                                  {"coords": device.position.wkt, "datetime": month})  # fmt: skip
            assert response.status_code == 200, response.content[:200]

        return Figure(f"EDR position, one month of 5-minute readings, over {written:,} readings",
                      p50(position, rounds), "goal", GOAL_MS,
                      "one device's month through our EDR provider over PostGIS, against the goal: pygeoapi ships "
                      "no PostgreSQL EDR provider, so there is no peer")  # fmt: skip
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM iot_reading WHERE device_id = ANY(%s)", [ids])
        Device.objects.filter(pk__in=ids).delete()
