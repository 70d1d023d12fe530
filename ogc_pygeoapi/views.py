"""Thin views: Django decides who may see the layer, pygeoapi answers with a configuration built for the request.

OGC API - Coverages (/ogc/collections/{raster}/coverage) and EDR (/ogc/collections/iot-devices/{query}) only;
Features, Records, Tiles and Processes stay with ogc_api's own views.
"""

import copy
import functools
import re
from collections.abc import Callable
from typing import Any

import pygeoapi.api.coverages as coverages_api
import pygeoapi.api.environmental_data_retrieval as edr_api
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from pygeoapi.api import API, APIRequest

from core.errors import InvalidInput, NotFound
from layers import rasters
from layers.access import viewer
from layers.models import Layer
from ogc_api.catalogue import collection_for
from ogc_api.http import ogc_get, refuse_unknown
from ogc_pygeoapi import config

COVERAGE_PARAMETERS = ("bbox", "bbox-crs", "subset", "scaleSize", "properties", "datetime")
EDR_PARAMETERS = ("coords", "datetime", "parameter-name", "within", "within-units", "bbox", "z")
GEOTIFF_NAMES = {"gtiff", "geotiff", "tif", "tiff"}
COVERAGE_FORMATS = {**dict.fromkeys(GEOTIFF_NAMES, "GTiff"), "json": "json", "covjson": "json"}
EDR_FORMATS = {"json": "json", "covjson": "json", "coveragejson": "json", "geojson": "geojson"}
SCALE_SIZE = re.compile(r"^\s*([A-Za-z]+)\((\d{1,5})\)\s*$")


def _respond(result: tuple[dict[str, Any], int, Any]) -> HttpResponse:
    headers, status, content = result
    response = HttpResponse(b"" if status == 204 else content, status=status)
    for name, value in headers.items():
        response[name] = value
    if status == 204:
        del response["Content-Type"]
    return response


@functools.lru_cache(maxsize=8)
def _api(base_url: str) -> API:
    """pygeoapi's API object for a base URL (building one costs about 20 ms: templates, locales, process manager)."""
    return API(config.server_for(base_url), {})


def _call(request: HttpRequest, cfg: dict[str, Any], fmt: str, function: Callable[..., Any], *args: Any) -> Any:
    """Run one pygeoapi API function on the request, in the platform's GDAL environment."""
    # A shallow copy per request carries this request's configuration; the cached object is never changed.
    api = copy.copy(_api(cfg["server"]["url"]))
    api.config = cfg
    api_request = APIRequest.from_django(request, api.locales)
    # The format we negotiated (f= or Accept), in pygeoapi's own names: EDR reads it again from f=.
    params = request.GET.copy()
    params["f"] = fmt
    api_request._args, api_request._format = params, fmt
    with rasters.raster_env():
        return function(api, api_request, *args)


def _format(request: HttpRequest, table: dict[str, str], accept: dict[str, str]) -> str:
    """The format from f= (400 for an unknown one) or else the Accept header; JSON by default."""
    name = request.GET.get("f")
    if name is not None:
        if name.lower() not in table:
            raise InvalidInput(_("f must be one of %(formats)s.") % {"formats": ", ".join(table)}, parameter="f")
        return table[name.lower()]
    wanted = request.headers.get("Accept", "")
    return next((fmt for media, fmt in accept.items() if media in wanted), "json")


def _scale_size(request: HttpRequest) -> dict[str, int]:
    value = request.GET.get("scaleSize")
    if not value:
        return {}
    sizes = {}
    for part in value.split(","):
        match = SCALE_SIZE.match(part)
        if match is None:
            raise InvalidInput(_("scaleSize is written axis(pixels),axis(pixels), e.g. x(256),y(256)."),
                               parameter="scaleSize")  # fmt: skip
        sizes[match.group(1)] = int(match.group(2))
    return sizes


def raster_layer(request: HttpRequest, slug: str) -> Layer:
    """The published raster layer with a file the caller may see, else NotFound (or 401/403 as every /ogc/ view)."""
    layer = collection_for(slug, viewer(request))
    if layer.kind != Layer.Kind.RASTER or not layer.raster_path:
        raise NotFound(_("Collection %(slug)s is not a coverage: only raster layers have one.") % {"slug": slug})
    return layer


@ogc_get
def coverage(request: HttpRequest, slug: str) -> HttpResponse:
    """OGC API - Coverages: the layer's grid, subset by bbox or subset, bands by properties, GeoTIFF or CoverageJSON."""
    refuse_unknown(request, COVERAGE_PARAMETERS)
    layer = raster_layer(request, slug)
    fmt = _format(request, COVERAGE_FORMATS, {"image/tiff": "GTiff", "application/prs.coverage+json": "json"})
    cfg = config.coverage(request, layer)
    cfg["resources"][slug]["providers"][0]["scale_size"] = _scale_size(request)
    return _respond(_call(request, cfg, fmt, coverages_api.get_collection_coverage, slug))


@ogc_get
def edr_query(request: HttpRequest, slug: str, query_type: str) -> HttpResponse:
    """OGC API - EDR on the device layer: position, radius, area and cube over the readings."""
    refuse_unknown(request, EDR_PARAMETERS)
    layer = collection_for(slug, viewer(request))
    if layer.slug != config.EDR_LAYER:
        raise NotFound(_("Collection %(slug)s has no environmental data queries.") % {"slug": slug})
    fmt = _format(request, EDR_FORMATS, {"application/geo+json": "geojson", "application/vnd.cov+json": "json"})
    cfg = config.edr(request, layer)
    return _respond(_call(request, cfg, fmt, edr_api.get_collection_edr_query, slug, None, query_type))
