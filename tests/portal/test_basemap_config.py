"""What the page config gives the shared base switcher: land, unit names and reference layers, offline."""

import io
import json
from typing import Any

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gis_core import demo
from gis_core.models import AdminUnit
from layers.models import Layer
from portal import basemap
from portal.map_config import map_config
from tests.gis_core.reference import NHA_TRANG_WARD

pytestmark = pytest.mark.django_db


@pytest.fixture
def offline() -> dict[str, Any]:
    demo.load(io.StringIO())
    with translation.override("vi"):
        return map_config()["basemap"]["offline"]


def test_the_offline_base_carries_the_province_and_its_surroundings_as_land(
    offline: dict[str, Any], client: Client
) -> None:
    response = client.get(offline["landUrl"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    parts = {feature["properties"]["part"] for feature in json.loads(response.content)["features"]}
    assert parts == {"mainland", "truong_sa", "surroundings"}
    assert offline["title"] == "Bản đồ nền ngoại tuyến"


def test_the_land_is_cached_for_good_only_under_its_current_digest(offline: dict[str, Any], client: Client) -> None:
    assert "immutable" in client.get(offline["landUrl"])["Cache-Control"]
    stale = client.get(reverse("portal:base-land") + "?v=0ld")
    assert stale["Cache-Control"] == "public, max-age=3600"
    assert stale["ETag"] != '"0ld"'
    assert "land" not in offline  # the page carries only its address


def test_every_unit_has_a_label_inside_it_shown_from_zoom_10(offline: dict[str, Any]) -> None:
    assert offline["labelMinZoom"] == 10
    labels = {label["name"]: Point(label["lon"], label["lat"], srid=4326) for label in offline["labels"]}
    assert len(labels) == AdminUnit.objects.count() == 65
    nha_trang = AdminUnit.objects.get(code=NHA_TRANG_WARD)
    assert nha_trang.geom.buffer(1e-5).covers(labels[nha_trang.name])


def test_only_layers_flagged_with_a_basemap_keyword_are_reference_layers(offline: dict[str, Any]) -> None:
    assert offline["referenceLayers"] == []
    common = {"source_kind": "upload", "published_tiles": True, "access": Layer.Access.PUBLIC}
    Layer.objects.create(slug="duong-giao-thong", title="Đường giao thông", keywords=["bản đồ nền"], **common)
    Layer.objects.create(slug="song-ngoi", title="Sông ngòi", keywords=["thủy văn", "basemap"], **common)
    Layer.objects.create(slug="ngap-lut", title="Ngập lụt", keywords=["thiên tai"], **common)
    Layer.objects.create(slug="duong-chua-xuat-ban", title="Đường (nháp)", keywords=["bản đồ nền"],
                         **{**common, "published_tiles": False})  # fmt: skip
    assert basemap.reference_layers() == ["duong-giao-thong", "song-ngoi"]


def test_the_land_is_read_once_and_rounded_for_drawing_without_changing_its_shape() -> None:
    basemap.land_geojson.cache_clear()
    first = basemap.land_geojson()
    assert basemap.land_geojson() is first
    collection = json.loads(basemap.OUTLINE_FILE.read_text(encoding="utf-8"))
    original = {f["properties"]["part"]: GEOSGeometry(json.dumps(f["geometry"])) for f in collection["features"]}
    for feature in first["features"]:
        drawn = GEOSGeometry(json.dumps(feature["geometry"]))
        source = original[feature["properties"]["part"]]
        assert drawn.geom_type == "MultiPolygon" and not drawn.empty
        assert drawn.num_geom == source.num_geom
        assert drawn.area == pytest.approx(source.area, rel=0.01)
    assert len(json.dumps(first)) < 0.9 * len(json.dumps(collection))


def test_a_broken_outline_file_says_how_to_rebuild_it(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "khanh_hoa_outline.geojson"
    broken.write_text('{"type": "FeatureCollection"}', encoding="utf-8")
    monkeypatch.setattr(basemap, "OUTLINE_FILE", broken)
    basemap.land_geojson.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match=r"build_province_outline\.py"):
            basemap.land_geojson()
    finally:
        basemap.land_geojson.cache_clear()
