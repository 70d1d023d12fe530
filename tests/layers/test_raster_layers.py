"""Raster layers in the catalogue: the colour ramp and its legend, the API record, the rules and the demo layer."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from layers import demo_raster, styles
from layers.importing import import_layer
from layers.models import Layer
from tests.layers import raster_data as rd

HOST: dict[str, Any] = {"HTTP_HOST": "localhost"}


def test_a_ramp_colours_classes_and_leaves_values_below_the_first_stop_and_nodata_transparent() -> None:
    values = np.array([[-1.0, 0.0, 0.49, 0.5], [1.99, 2.0, 7.0, np.nan]])
    valid = np.array([[True, True, True, True], [True, True, True, True]])
    valid[0, 2] = False  # as nodata
    rgba = styles.ramp_rgba(rd.FLOOD_STYLE, values, valid)
    assert rgba.shape == (2, 4, 4) and rgba.dtype == np.uint8
    assert [tuple(p) for p in rgba[0]] == [(0, 0, 0, 0), (0xC6, 0xDB, 0xEF, 255), (0, 0, 0, 0), (0x6B, 0xAE, 0xD6, 255)]
    assert [tuple(p) for p in rgba[1]] == [(0x21, 0x71, 0xB5, 255), (0x08, 0x30, 0x6B, 255),
                                           (0x08, 0x30, 0x6B, 255), (0, 0, 0, 0)]  # fmt: skip


def test_an_interpolated_ramp_blends_between_stops() -> None:
    style = {"kind": "ramp", "interpolate": True,
             "stops": [{"value": 0, "color": "#000000"}, {"value": 2, "color": "#FF8040"}]}  # fmt: skip
    rgba = styles.ramp_rgba(style, np.array([[0.0, 1.0, 2.0, 5.0]]), np.ones((1, 4), dtype=bool))
    assert [tuple(p) for p in rgba[0]] == [(0, 0, 0, 255), (128, 64, 32, 255), (255, 128, 64, 255), (255, 128, 64, 255)]


def test_the_legend_of_a_ramp_names_each_class() -> None:
    assert styles.style_problems(rd.FLOOD_STYLE, raster=True) == []
    assert styles.legend(rd.FLOOD_STYLE) == [
        {"color": "#C6DBEF", "label": "0 - 0,5 m", "label_en": "0 - 0.5 m"},
        {"color": "#6BAED6", "label": "0,5 - 1 m", "label_en": "0.5 - 1 m"},
        {"color": "#2171B5", "label": "1 - 2 m", "label_en": "1 - 2 m"},
        {"color": "#08306B", "label": "Trên 2 m", "label_en": "Over 2 m"},
    ]
    unlabelled = {"kind": "ramp", "stops": [{"value": 0, "color": "#000000"}, {"value": 0.5, "color": "#FFFFFF"}]}
    assert [entry["label"] for entry in styles.legend(unlabelled)] == ["0 - 0.5", "≥ 0.5"]
    assert [entry["label"] for entry in styles.legend({**unlabelled, "interpolate": True})] == ["0", "0.5"]


@pytest.mark.parametrize(
    ("style", "problem"),
    [
        ({"kind": "ramp", "stops": []}, '"stops" must be a non-empty list'),
        ({"kind": "ramp", "stops": [{"value": 1, "color": "#000000"}, {"value": 1, "color": "#FFFFFF"}]},
         "stop 2: the values of the stops must increase."),
        ({"kind": "ramp", "stops": [{"value": "1", "color": "#000000"}]}, 'stop 1 needs a number "value".'),
        ({"kind": "ramp", "stops": [{"value": 1, "color": "blue"}]}, "stop 1: 'blue' is not a colour"),
        ({"kind": "ramp", "band": 0, "stops": [{"value": 1, "color": "#000000"}]}, '"band" must be a band number'),
        ({"kind": "single", "color": "#000000"}, 'a raster layer is coloured by a colour ramp: use "kind": "ramp".'),
    ],
)  # fmt: skip
def test_a_bad_ramp_is_explained(style: dict[str, Any], problem: str) -> None:
    assert any(problem in found for found in styles.style_problems(style, raster=True))


def test_a_ramp_is_refused_for_a_vector_layer() -> None:
    assert styles.style_problems(rd.FLOOD_STYLE) == [
        "a colour ramp colours the pixels of raster layers; choose another kind for a vector layer."
    ]


@pytest.mark.django_db
def test_a_raster_layer_is_always_a_file_and_needs_a_ramp_for_its_bands(tmp_path: Path) -> None:
    layer = import_layer(rd.write_tif(tmp_path / "ngap.tif"), "ngap").layer
    layer.clean()  # the default ramp is valid
    layer.style = {**rd.FLOOD_STYLE, "band": 2}
    with pytest.raises(ValidationError) as caught:
        layer.clean()
    assert caught.value.message_dict["style"] == ["The file has 1 band(s); there is no band 2."]
    layer.style = {}
    with pytest.raises(ValidationError, match="A raster layer needs a colour ramp"):
        layer.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Layer.objects.filter(pk=layer.pk).update(source_kind="upload")


@pytest.mark.django_db
def test_deleting_a_raster_layer_removes_its_files_once_committed(
    tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    layer = import_layer(rd.write_tif(tmp_path / "ngap.tif"), "ngap").layer
    folder = layer.raster_file().parent
    with django_capture_on_commit_callbacks(execute=True):
        layer.delete()
    assert not folder.exists() and rd.files() == []


@pytest.mark.django_db
def test_the_catalogue_record_of_a_raster_layer_has_its_grid_statistics_legend_and_tiles(tmp_path: Path) -> None:
    layer = import_layer(rd.write_tif(tmp_path / "ngap.tif"), "ngap").layer
    Layer.objects.filter(pk=layer.pk).update(style=rd.FLOOD_STYLE, access="public", published_tiles=True)
    record = Client().get(reverse("layers_api:layer", args=["ngap"]), **HOST).json()
    assert record["kind"] == "raster" and record["extent"] == pytest.approx(layer.extent)
    assert record["legend"][1] == {"color": "#6BAED6", "label": "0,5 - 1 m", "label_en": "0.5 - 1 m"}
    raster = record["raster"]
    assert (raster["crs"], raster["srid"], raster["width"], raster["height"]) == ("EPSG:32649", 32649, 1200, 1000)
    assert raster["bands"][0]["valid_pixels"] == 400_000 and "crs_wkt" not in raster
    assert {"rel": "tilejson", "type": "application/json",
            "href": "http://localhost/tiles/ngap.json"} in record["links"]  # fmt: skip
    listed = Client().get(reverse("layers_api:layers"), {"kind": "raster"}, **HOST).json()
    assert [entry["slug"] for entry in listed["layers"]] == ["ngap"]


@pytest.mark.django_db
def test_the_demo_flood_depth_layer_is_synthetic_public_and_loaded_once() -> None:
    out = io.StringIO()
    demo_raster.load(out)
    layer = Layer.objects.get(slug=demo_raster.SLUG)
    assert "created (synthetic)" in out.getvalue()
    assert (layer.kind, layer.access, layer.published_tiles) == ("raster", "public", True)
    assert "mô phỏng" in layer.title and "SYNTHETIC" in layer.description_en and "synthetic" in layer.keywords
    assert layer.raster["srid"] == 9217 and layer.raster["bands"][0]["max"] <= 3.0
    assert layer.extent is not None
    west, south, east, north = layer.extent
    assert 109.15 < west < east < 109.23 and 12.22 < south < north < 12.30  # part of Nha Trang
    with rasterio.open(layer.raster_file()) as cog:
        assert cog.tags()["SYNTHETIC"] == "yes" and cog.overviews(1) == [2]
    version, path = layer.data_version, layer.raster_path

    again = io.StringIO()
    demo_raster.load(again)
    layer.refresh_from_db()
    assert "kept" in again.getvalue() and (layer.data_version, layer.raster_path) == (version, path)
    assert rd.files() == [path]
