"""The stations are a public layer of the catalogue, with latest values and the VN_AQI colour, kept fresh."""

import io
import json

from django.db import connection
from django.test import Client

from iot import api, layer
from iot.models import AqiHourly
from layers.models import Layer
from tests.iot.world import World

AT = "2026-02-13T09:00:00+07:00"


def _rows() -> dict[str, tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT code, vn_aqi, vn_aqi_colour, latest FROM iot_device_map ORDER BY code")
        return {row[0]: row[1:] for row in cursor.fetchall()}


def test_the_layer_shows_public_stations_with_latest_values_and_aqi_colour(world: World) -> None:
    registered = layer.register(io.StringIO())
    api.ingest(world.devices["aq-01"], {"at": AT, "values": {"pm25": 30.5, "pm10": 40}})
    AqiHourly.objects.create(
        device=world.devices["aq-01"], hour_end=AT, aqi=162, dominant="pm25", computed_at=AT, sub_indices={}
    )

    rows = _rows()

    assert registered.access == Layer.Access.PUBLIC
    assert registered.source_type.problems(registered) == []
    assert set(rows) == {"aq-01", "wl-01"}  # no camera, no street light
    aqi, colour, latest = rows["aq-01"]
    assert (aqi, colour) == (162, "#FF0000")
    assert json.loads(str(latest)) == {"pm10": 40, "pm25": 30.5}


def test_the_periodic_check_bumps_the_layer_so_tiles_and_ogc_see_new_values(world: World, client: Client) -> None:
    registered = layer.register(io.StringIO())
    before = registered.data_version

    api.run_periodic()

    registered.refresh_from_db()
    assert registered.data_version == before + 1
    items = client.get("/ogc/collections/iot-devices/items?f=json")
    assert items.status_code == 200, items.content[:300]
    assert {feature["properties"]["code"] for feature in items.json()["features"]} == {"aq-01", "wl-01"}
