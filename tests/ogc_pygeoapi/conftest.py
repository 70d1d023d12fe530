"""Fixtures: the demo flood raster (EPSG:9217), a three-band raster, and devices with a month of readings."""

import datetime
import io
from pathlib import Path

import numpy as np
import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from rasterio.transform import from_origin

from iot import layer as device_layer
from iot.models import Device
from layers import demo_raster
from layers.models import Layer
from ogc_pygeoapi.generate import generate_readings
from tests.iot.world import World, build_world
from tests.layers import raster_data as rd

MONTH_START = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
MONTH_END = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
FAR = Point(109.2, 12.3, srid=4326)  # about 11 km from the other test devices


@pytest.fixture
def flood(db: None) -> Layer:
    """The demo flood-depth raster: 650 x 660 pixels of 10 m in VN-2000 / TM-3 108-15 (EPSG:9217)."""
    demo_raster.load(io.StringIO())
    return Layer.objects.get(slug=demo_raster.SLUG)


@pytest.fixture
def three_bands(db: None, tmp_path: Path) -> Layer:
    """A 3-band float raster in EPSG:9217 whose band b holds the value b everywhere."""
    data = np.stack([np.full((200, 300), band, dtype="float32") for band in (1, 2, 3)])
    path = rd.write_tif(tmp_path / "ba-kenh.tif", data, crs="EPSG:9217",
                        transform=from_origin(600_000, 1_355_000, 10, 10))  # fmt: skip
    call_command("import_layer", str(path), "--slug", "ba-kenh", "--publish", stdout=io.StringIO())
    Layer.objects.filter(slug="ba-kenh").update(access=Layer.Access.PUBLIC, published_tiles=True)
    return Layer.objects.get(slug="ba-kenh")


@pytest.fixture
def readings(db: None) -> World:
    """The IoT test world with aq-01 and wl-01 reading every 10 minutes through January 2026; wl-01 stands apart."""
    world = build_world()
    device_layer.register(io.StringIO())
    Device.objects.filter(pk=world.devices["wl-01"].pk).update(position=FAR)
    aq, wl = world.devices["aq-01"].pk, world.devices["wl-01"].pk
    generate_readings([aq], ["pm25", "temperature"], MONTH_START, MONTH_END, 600)
    generate_readings([wl], ["water_level"], MONTH_START, MONTH_END, 600)
    return world
