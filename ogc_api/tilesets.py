"""OGC API Tiles over the tiles app: tileset metadata whose URL templates point at /tiles/, never a second renderer.

A vector layer published as tiles has one WebMercatorQuad tileset of Mapbox Vector Tiles served by
tiles.views.vector_tile; a raster layer's map tiles (PNG) are served by the tiles app's raster view
(tiles.tilejson.tile_url_template builds both URL templates). The tiles app applies the same access rule as
everything else here.
"""

import math
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import NotFound
from layers.models import MAX_ZOOM, Layer
from ogc_api.formats import HTML, JSON
from tiles.tilejson import tile_url_template

WEB_MERCATOR_QUAD = "WebMercatorQuad"
TMS_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
EPSG_3857 = "http://www.opengis.net/def/crs/EPSG/0/3857"
MVT = "application/vnd.mapbox-vector-tile"
PNG = "image/png"
REL_TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
REL_TILESETS = {Layer.Kind.VECTOR: "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
                Layer.Kind.RASTER: "http://www.opengis.net/def/rel/ogc/1.0/tilesets-map"}  # fmt: skip
ORIGIN = 20037508.342789244  # half the equator in EPSG:3857 metres
CELL_SIZE_0 = 2 * ORIGIN / 256  # metres per pixel at zoom 0
PIXEL_SIZE_M = 0.00028  # the standardised rendering pixel of OGC scale denominators
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/png",
    "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
    "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
]


def conformance() -> list[str]:
    """The OGC API Tiles conformance classes this API implements."""
    return list(CONFORMANCE)


def has_tiles(layer: Layer) -> bool:
    """Whether the tiles app serves this layer (published as tiles)."""
    return layer.published_tiles


def tile_template(request: HttpRequest, layer: Layer) -> str:
    """The absolute URL template of the layer's tiles in the tiles app, with OGC's variable names."""
    template = tile_url_template(request, layer.slug, raster=layer.is_raster)
    return template.replace("{z}/{x}/{y}", "{tileMatrix}/{tileCol}/{tileRow}")


def collection_links(request: HttpRequest, layer: Layer) -> list[dict[str, Any]]:
    """The tilesets link of a collection (none when the layer is not served as tiles)."""
    if not has_tiles(layer) or not layer.published_ogc:
        return []
    href = request.build_absolute_uri(reverse("ogc_api:tilesets", args=[layer.slug]))
    return [{"href": href, "rel": REL_TILESETS[Layer.Kind(layer.kind)], "type": JSON, "title": _("Tilesets")}]


def require_tiles(layer: Layer) -> None:
    if not has_tiles(layer):
        raise NotFound(
            _("Collection %(slug)s is not published as tiles; its collection document lists what it offers.")
            % {"slug": layer.slug}
        )


def tileset(request: HttpRequest, layer: Layer) -> dict[str, Any]:
    """The WebMercatorQuad tileset of a layer: where its tiles are and which tiles exist at each zoom."""
    own = request.build_absolute_uri(reverse("ogc_api:tileset", args=[layer.slug, WEB_MERCATOR_QUAD]))
    vector = layer.kind == Layer.Kind.VECTOR
    media = MVT if vector else PNG
    links: list[dict[str, Any]] = [
        {"href": own, "rel": "self", "type": JSON, "title": _("This tileset")},
        {"href": f"{own}?f=html", "rel": "alternate", "type": HTML, "title": _("This tileset as HTML")},
        {"href": request.build_absolute_uri(reverse("ogc_api:tile_matrix_set", args=[WEB_MERCATOR_QUAD])),
         "rel": REL_TILING_SCHEME, "type": JSON, "title": _("The tile matrix set")},
        {"href": tile_template(request, layer), "rel": "item", "type": media, "templated": True,
         "title": _("Tiles")},
        {"href": request.build_absolute_uri(reverse("ogc_api:collection", args=[layer.slug])), "rel": "collection",
         "type": JSON, "title": _("The collection")},
    ]  # fmt: skip
    if vector:
        tilejson = request.build_absolute_uri(reverse("tiles:tilejson", kwargs={"slug": layer.slug}))
        links.append({"href": tilejson, "rel": "describedby", "type": JSON, "title": "TileJSON"})
    document: dict[str, Any] = {
        "title": layer.title_in(),
        "dataType": "vector" if vector else "map",
        "crs": EPSG_3857,
        "tileMatrixSetURI": TMS_URI,
        "links": links,
        "tileMatrixSetLimits": limits(layer.extent, layer.tile_minzoom, layer.tile_maxzoom),
    }
    if vector:
        document["layers"] = [{"id": layer.slug, "dataType": "vector", "minTileMatrix": str(layer.tile_minzoom),
                               "maxTileMatrix": str(layer.tile_maxzoom)}]  # fmt: skip
    return document


def tilesets(request: HttpRequest, layer: Layer) -> dict[str, Any]:
    """The list of a layer's tilesets (one: WebMercatorQuad)."""
    own = request.build_absolute_uri(reverse("ogc_api:tilesets", args=[layer.slug]))
    entry = tileset(request, layer)
    entry.pop("tileMatrixSetLimits")
    entry["links"] = [dict(entry["links"][0], rel="self"), *entry["links"][2:4]]
    return {
        "links": [
            {"href": own, "rel": "self", "type": JSON, "title": _("Tilesets")},
            {"href": f"{own}?f=html", "rel": "alternate", "type": HTML, "title": _("Tilesets as HTML")},
        ],
        "tilesets": [entry],
    }


def limits(extent: list[float] | None, minzoom: int, maxzoom: int) -> list[dict[str, Any]]:
    """Rows and columns of the tiles covering the extent at each zoom (empty when there is no extent)."""
    if not extent:
        return []
    west, south, east, north = extent
    rows = []
    for zoom in range(minzoom, maxzoom + 1):
        first_col, first_row = _tile(west, north, zoom)
        last_col, last_row = _tile(east, south, zoom)
        rows.append({"tileMatrix": str(zoom), "minTileRow": first_row, "maxTileRow": last_row,
                     "minTileCol": first_col, "maxTileCol": last_col})  # fmt: skip
    return rows


def _tile(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """The column and row of the WebMercatorQuad tile holding a lon/lat point."""
    n = 2**zoom
    lat = max(min(lat, 85.0511287798066), -85.0511287798066)
    col = int((lon + 180.0) / 360.0 * n)
    row = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return min(max(col, 0), n - 1), min(max(row, 0), n - 1)


def tile_matrix_sets(request: HttpRequest) -> dict[str, Any]:
    own = request.build_absolute_uri(reverse("ogc_api:tile_matrix_sets"))
    one = request.build_absolute_uri(reverse("ogc_api:tile_matrix_set", args=[WEB_MERCATOR_QUAD]))
    return {
        "links": [{"href": own, "rel": "self", "type": JSON, "title": _("Tiling schemes")},
                  {"href": f"{own}?f=html", "rel": "alternate", "type": HTML, "title": _("Tiling schemes as HTML")}],
        "tileMatrixSets": [{"id": WEB_MERCATOR_QUAD, "title": _("Web Mercator (Google Maps compatible)"),
                            "uri": TMS_URI, "links": [{"href": one, "rel": "self", "type": JSON,
                                                       "title": WEB_MERCATOR_QUAD}]}],
    }  # fmt: skip


def tile_matrix_set(name: str) -> dict[str, Any]:
    """The WebMercatorQuad tile matrix set (OGC Two-Dimensional Tile Matrix Set 2.0, JSON encoding)."""
    if name != WEB_MERCATOR_QUAD:
        raise NotFound(_("The only tile matrix set here is WebMercatorQuad, not %(name)r.") % {"name": name[:60]})
    matrices = []
    for zoom in range(MAX_ZOOM + 1):
        cell = CELL_SIZE_0 / 2**zoom
        matrices.append({
            "id": str(zoom), "scaleDenominator": cell / PIXEL_SIZE_M, "cellSize": cell, "cornerOfOrigin": "topLeft",
            "pointOfOrigin": [-ORIGIN, ORIGIN], "tileWidth": 256, "tileHeight": 256,
            "matrixWidth": 2**zoom, "matrixHeight": 2**zoom,
        })  # fmt: skip
    return {
        "id": WEB_MERCATOR_QUAD,
        "title": _("Web Mercator (Google Maps compatible)"),
        "uri": TMS_URI,
        "crs": EPSG_3857,
        "orderedAxes": ["X", "Y"],
        "wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
        "tileMatrices": matrices,
    }
