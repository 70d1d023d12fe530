"""The built-in land-use layer: coloured by the national land-use catalogue, its tiles carry each area's code."""

import datetime
import io
import json
from pathlib import Path
from typing import Any

import mapbox_vector_tile
import pytest
from django.conf import settings
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.test import Client
from django.urls import reverse

from layers.builtin import register_builtin_layers
from layers.models import Layer
from layers.styles import style_problems
from planning.catalogue import sync_catalogue
from planning.models import CurrentLandUse, LandUseCode, LandUseSurvey
from tests.tiles.conftest import tile_of

pytestmark = pytest.mark.django_db
HOST: dict[str, Any] = {"HTTP_HOST": "localhost"}
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "landuse_codes.json"


@pytest.fixture
def land_use_layer() -> Layer:
    sync_catalogue(LandUseCode)
    register_builtin_layers(io.StringIO())
    return Layer.objects.get(slug="land-use-status")


def test_its_legend_is_the_catalogue_with_the_official_colours(land_use_layer: Layer) -> None:
    codes = json.loads(FIXTURE.read_text(encoding="utf-8"))["codes"]
    record = Client().get(reverse("layers_api:layer", args=["land-use-status"]), **HOST).json()
    assert [(c["value"], c["color"]) for c in record["style"]["categories"]] == [
        (code["code"], code["colour"]) for code in codes
    ]
    assert record["legend"][0] == {
        "color": codes[0]["colour"],
        "label": f"{codes[0]['code']} — {codes[0]['name_vi']}",
        "label_en": f"{codes[0]['code']} — {codes[0]['name_en']}",
    }
    land_use_layer.full_clean()  # its style and tile attributes fit its fields


def test_a_colour_change_in_the_catalogue_reaches_the_legend_at_once(land_use_layer: Layer) -> None:
    LandUseCode.objects.filter(code="ODT").update(colour="#123456")
    legend = {entry["label"].split(" — ")[0]: entry["color"] for entry in land_use_layer.legend()}
    assert legend["ODT"] == "#123456"


def test_a_landuse_style_names_the_attribute_holding_the_code() -> None:
    assert style_problems({"kind": "landuse"}, ["land_use_id"]) == [
        'the style colours by a land-use code: name its attribute in "attribute".'
    ]
    assert "is not a field of the layer" in style_problems({"kind": "landuse", "attribute": "ma"}, ["land_use_id"])[0]
    assert style_problems({"kind": "landuse", "attribute": "land_use_id", "default_color": "grey"}, ["land_use_id"])


def test_its_tiles_carry_each_areas_code(land_use_layer: Layer) -> None:
    survey = LandUseSurvey.objects.create(name="Thử", reference_date=datetime.date(2024, 1, 1))
    square = MultiPolygon(Polygon.from_bbox((109.19, 12.23, 109.20, 12.24)), srid=4326)
    CurrentLandUse.objects.create(survey=survey, land_use_id="ODT", geom=square)
    x, y = tile_of(109.195, 12.235, 14)
    response = Client().get(reverse("tiles:vector-tile", args=["land-use-status", 14, x, y]), **HOST)
    (feature,) = mapbox_vector_tile.decode(response.content)["land-use-status"]["features"]
    assert feature["properties"] == {"land_use_id": "ODT", "survey_id": survey.pk}
