"""TileJSON 3.0.0 documents describing a layer's vector tiles or raster (PNG) tiles."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from layers.models import Layer

VERSION = "3.0.0"
WORLD_BOUNDS = [-180.0, -85.05112877980659, 180.0, 85.0511287798066]
# Catalogue field types -> the words TileJSON's vector_layers.fields use for MVT value types.
MVT_TYPES = {"integer": "Number", "number": "Number", "boolean": "Boolean"}


def tile_url_template(request: HttpRequest, slug: str, raster: bool = False) -> str:
    """Return the absolute URL template of the layer's tiles, with {z}/{x}/{y}."""
    name, suffix = ("tiles:raster-tile", "png") if raster else ("tiles:vector-tile", "mvt")
    path = reverse(name, kwargs={"slug": slug, "z": 0, "x": 0, "y": 0})
    return request.build_absolute_uri(path).replace(f"/0/0/0.{suffix}", f"/{{z}}/{{x}}/{{y}}.{suffix}")


def tilejson(layer: Layer, request: HttpRequest) -> dict[str, Any]:
    """Return the TileJSON of a layer published as vector or raster tiles."""
    if layer.is_raster:
        return raster_tilejson(layer, request)
    layer.ensure_summary()
    types = {field["name"]: field["type"] for field in layer.fields}
    vector_layer: dict[str, Any] = {
        "id": layer.slug,
        "description": layer.title_in(),
        "minzoom": layer.tile_minzoom,
        "maxzoom": layer.tile_maxzoom,
        "fields": {name: MVT_TYPES.get(types.get(name, ""), "String") for name in layer.tile_attributes},
        "attribute_minzoom": dict(layer.tile_attributes),
    }
    if layer.tile_feature_limit is not None:
        # Not silent: clients see that a tile holds at most this many features.
        vector_layer["feature_limit"] = layer.tile_feature_limit
    document = _document(layer, request, raster=False)
    document["vector_layers"] = [vector_layer]
    if layer.tile_feature_limit is not None:
        document["feature_limit"] = layer.tile_feature_limit
    return document


def raster_tilejson(layer: Layer, request: HttpRequest) -> dict[str, Any]:
    """Return the TileJSON of a raster layer's 256-pixel PNG tiles (no vector_layers: the catalogue has the legend)."""
    document = _document(layer, request, raster=True)
    document["format"] = "png"  # not in TileJSON 3.0.0 itself, but read by common clients; tiles are 256 pixels
    return document


def _document(layer: Layer, request: HttpRequest, raster: bool) -> dict[str, Any]:
    """Return the TileJSON members both kinds of layer share."""
    bounds = layer.extent or WORLD_BOUNDS
    document: dict[str, Any] = {
        "tilejson": VERSION,
        "name": layer.title_in(),
        "description": layer.description_in(),
        "version": f"1.0.{layer.data_version}",
        "scheme": "xyz",
        "tiles": [tile_url_template(request, layer.slug, raster=raster)],
        "minzoom": layer.tile_minzoom,
        "maxzoom": layer.tile_maxzoom,
        "bounds": bounds,
        "center": [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, layer.tile_minzoom],
    }
    attribution = " · ".join(part for part in (layer.source, layer.licence) if part)
    if attribution:
        document["attribution"] = attribution
    return document
