"""What makes the map light on a phone, checked without a browser: compression, the catalogue in the page and its
ETag, versioned tiles kept longer, production static storage (issue #12)."""

import gzip
import io
import json
import re
from typing import Any, cast

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

from core.compression import CompressionMiddleware
from gis_core import demo
from layers.builtin import register_builtin_layers
from layers.models import Layer

ACCEPT = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def layers(db: None) -> None:
    cache.clear()
    demo.load(io.StringIO())
    register_builtin_layers(io.StringIO())


def _tile(client: Client, query: str = "", headers: dict[str, str] | None = None) -> Any:
    return client.get(f"/tiles/admin-units/8/205/119.mvt{query}", headers=headers)


def test_pages_json_and_vector_tiles_are_sent_gzipped_to_clients_that_accept_it(client: Client, layers: None) -> None:
    page = client.get("/", headers=ACCEPT)
    assert page["Content-Encoding"] == "gzip" and "Accept-Encoding" in page["Vary"]
    assert b"ioc-map" in gzip.decompress(page.content)
    catalogue = client.get("/api/v1/layers", headers=ACCEPT)
    assert catalogue["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(catalogue.content))["count"] >= 2
    tile = _tile(client, headers=ACCEPT)
    assert tile["Content-Type"] == "application/vnd.mapbox-vector-tile" and tile["Content-Encoding"] == "gzip"
    plain = _tile(client)
    assert "Content-Encoding" not in plain and gzip.decompress(tile.content) == plain.content
    # The strong ETag becomes weak when compressed, and still answers 304.
    assert tile["ETag"] == "W/" + plain["ETag"]
    assert _tile(client, headers=ACCEPT | {"If-None-Match": tile["ETag"]}).status_code == 304


@pytest.mark.parametrize(
    ("media_type", "compressed"),
    [
        ("image/png", False),
        ("image/jpeg", False),
        ("application/pdf", False),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False),
        ("text/event-stream", False),
        ("application/vnd.mapbox-vector-tile", True),
        ("application/geo+json; charset=utf-8", True),
        ("text/html; charset=utf-8", True),
        ("application/javascript", True),
    ],
)
def test_only_formats_that_shrink_are_compressed(media_type: str, compressed: bool) -> None:
    body = b"0123456789abcdef" * 200
    middleware = CompressionMiddleware(lambda request: HttpResponse(body, content_type=media_type))
    response = cast(HttpResponse, middleware(RequestFactory().get("/", headers={"Accept-Encoding": "gzip"})))
    assert (response.get("Content-Encoding") == "gzip") is compressed
    assert (gzip.decompress(response.content) if compressed else response.content) == body


def test_the_catalogue_has_an_etag_and_answers_304_while_it_is_unchanged(client: Client, layers: None) -> None:
    first = client.get("/api/v1/layers")
    assert first.status_code == 200 and first["ETag"].startswith('"')
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    again = client.get("/api/v1/layers", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    layer = Layer.objects.get(slug="admin-units")
    layer.title = "Đơn vị hành chính (mới)"
    layer.save()
    changed = client.get("/api/v1/layers", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_the_map_config_carries_the_callers_catalogue_so_tiles_start_at_once(client: Client, layers: None) -> None:
    html = client.get("/").content.decode()
    match = re.search(r'<script id="ioc-map-config" type="application/json">(.*?)</script>', html, re.S)
    assert match
    config = json.loads(match.group(1))
    in_page = config["catalogue"]
    from_api = client.get("/api/v1/layers").json()
    assert in_page == from_api
    assert {"admin-units", "land-use-status"} <= {record["slug"] for record in in_page["layers"]}
    # proj4js is not among the page's scripts: the map loads it from this URL on the first pointer move.
    assert config["vn2000"]["script"] == "/static/vendor/proj4/proj4.js" and "proj4.js" not in html.replace(
        match.group(1), ""
    )


@override_settings(TILES_BROWSER_MAX_AGE=60, TILES_VERSIONED_MAX_AGE=86400)
def test_tiles_asked_for_with_the_current_data_version_are_kept_longer(client: Client, layers: None) -> None:
    version = Layer.objects.get(slug="admin-units").data_version
    assert _tile(client)["Cache-Control"] == "public, max-age=60"
    current = _tile(client, f"?v={version}")
    assert current["Cache-Control"] == "public, max-age=86400"
    assert _tile(client, f"?v={version}", {"If-None-Match": current["ETag"]})["Cache-Control"] == (
        "public, max-age=86400"
    )
    # An old version's URL gets the short lifetime: its tile is already the new data.
    assert _tile(client, f"?v={version - 1}")["Cache-Control"] == "public, max-age=60"


def test_production_storage_fingerprints_and_precompresses_static_files() -> None:
    from django.conf import settings

    from core.staticfiles import ManifestStaticFilesStorage

    assert settings.STATIC_MANIFEST is False  # tests run with DEBUG on: plain names, no collectstatic needed
    storage = ManifestStaticFilesStorage()
    assert hasattr(storage, "post_process") and storage.manifest_strict
    # CSS references are rewritten to fingerprinted names; JS source-map comments are left alone.
    assert [pattern for pattern, _ in storage.patterns] == ["*.css"]
