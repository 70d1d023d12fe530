"""The catalogue's JSON: a layer's metadata, what it holds and where to get it."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from layers.models import Layer


def _owner(layer: Layer) -> dict[str, str] | None:
    if layer.owner is None:
        return None
    return {"code": layer.owner.code, "name": layer.owner.name, "name_en": layer.owner.name_en}


def links(layer: Layer, request: HttpRequest) -> list[dict[str, Any]]:
    """Links to the layer's record, page and tiles."""
    absolute = request.build_absolute_uri
    found = [
        {"rel": "self", "type": "application/json", "href": absolute(reverse("layers_api:layer", args=[layer.slug]))},
        {"rel": "alternate", "type": "text/html", "href": absolute(reverse("layers:detail", args=[layer.slug]))},
    ]
    if layer.published_tiles:  # vector or raster: the TileJSON gives the matching URL template
        found.append(
            {
                "rel": "tilejson",
                "type": "application/json",
                "href": absolute(reverse("tiles:tilejson", args=[layer.slug])),
            }
        )
    return found


def tile_templates(layer: Layer, request: HttpRequest) -> dict[str, Any] | None:
    """Where a map client gets the layer's tiles ({z}/{x}/{y} URL template, format, zooms), or None if unpublished."""
    if not layer.published_tiles:
        return None
    if layer.kind == Layer.Kind.VECTOR:
        route, suffix, media_type = "tiles:vector-tile", ".mvt", "application/vnd.mapbox-vector-tile"
    else:
        route, suffix, media_type = "tiles:raster-tile", ".png", "image/png"
    path = reverse(route, args=[layer.slug, 0, 0, 0])
    template = request.build_absolute_uri(path).replace(f"/0/0/0{suffix}", "/{z}/{x}/{y}" + suffix)
    return {"url": template, "type": media_type, "minzoom": layer.tile_minzoom, "maxzoom": layer.tile_maxzoom}


def raster_description(layer: Layer) -> dict[str, Any] | None:
    """A raster layer's CRS, grid, overviews and band statistics (None for a vector layer)."""
    if not layer.is_raster:
        return None
    return {name: value for name, value in layer.raster.items() if name != "crs_wkt"}


def layer_summary(layer: Layer, request: HttpRequest) -> dict[str, Any]:
    """The layer as the catalogue list shows it, with what a map needs to draw it (tiles, style, legend)."""
    return {
        "slug": layer.slug,
        "title": layer.title,
        "title_en": layer.title_en,
        "description": layer.description,
        "description_en": layer.description_en,
        "keywords": layer.keywords,
        "kind": layer.kind,
        "owner": _owner(layer),
        "source": layer.source,
        "licence": layer.licence,
        "update_frequency": layer.update_frequency,
        "last_updated": layer.last_updated.isoformat() if layer.last_updated else None,
        "access": layer.access,
        "srid": layer.srid,
        "extent": layer.extent,
        "geometry_type": layer.geometry_type,
        "feature_count": layer.feature_count,
        "data_version": layer.data_version,
        "published_ogc": layer.published_ogc,
        "published_tiles": layer.published_tiles,
        "tile_url": tile_templates(layer, request),
        "style": layer.drawing_style(),
        "legend": layer.legend(),
        "links": links(layer, request),
    }


def catalogue_document(layers: Iterable[Layer], request: HttpRequest) -> dict[str, Any]:
    """The catalogue list (/api/v1/layers, and the map config of every map page): count and one summary per layer."""
    found = list(layers)
    for layer in found:
        layer.ensure_summary()
    return {"count": len(found), "layers": [layer_summary(layer, request) for layer in found]}


def layer_detail(layer: Layer, request: HttpRequest) -> dict[str, Any]:
    """The layer with its fields, style, legend and tile options."""
    return {
        **layer_summary(layer, request),
        "fields": layer.fields,
        "id_field": layer.id_column,
        "raster": raster_description(layer),
        "tiles": {
            "minzoom": layer.tile_minzoom,
            "maxzoom": layer.tile_maxzoom,
            "attributes": layer.tile_attributes,
            "simplify_px": layer.tile_simplify_px,
            "simplify_below_zoom": layer.tile_simplify_below_zoom,
            "feature_limit": layer.tile_feature_limit,
        },
    }
