"""pygeoapi's configuration, built from the layer catalogue for each request (no YAML, no restart).

Only the one collection a request names is described, after Django has decided the caller may see it: a raster
layer with a file becomes a coverage resource over its COG, the device layer an EDR resource over iot_reading.
"""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from layers import rasters
from layers.models import Layer

COVERAGE_PROVIDER = "ogc_pygeoapi.coverage.LayerRasterProvider"
EDR_PROVIDER = "ogc_pygeoapi.edr.ReadingsEDRProvider"
GEOJSON_FORMATTER = "ogc_pygeoapi.formatters.GeoJSONFormatter"
GEOTIFF = {"name": "GTiff", "mimetype": "image/tiff; application=geotiff"}
EDR_LAYER = "iot-devices"  # the device layer's collection carries the readings' EDR queries


def server(request: HttpRequest) -> dict[str, Any]:
    """The configuration without resources for the /ogc/ base URL of this request."""
    return server_for(request.build_absolute_uri(reverse("ogc_api:landing")).rstrip("/"))


def server_for(base_url: str) -> dict[str, Any]:
    """The server block: URLs under our /ogc/, English only (pygeoapi's own texts), quiet logging."""
    return {
        "server": {
            "url": base_url,
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "languages": ["en-US"],
            "limits": {"default_items": 10, "max_items": 10_000},
            "map": {"url": "", "attribution": ""},
            "pretty_print": False,
        },
        # The root logger has Django's handler, so pygeoapi's logging.basicConfig adds nothing.
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {"title": "Khánh Hòa IOC"},
            "license": {"name": ""},
            "provider": {"name": ""},
            "contact": {"name": ""},
        },
        "resources": {},
    }


def _extents(layer: Layer) -> dict[str, Any]:
    bbox = list(layer.extent or [-180.0, -90.0, 180.0, 90.0])
    return {"spatial": {"bbox": bbox, "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}}


def coverage(request: HttpRequest, layer: Layer) -> dict[str, Any]:
    """The configuration serving one raster layer's current COG through the rasterio provider."""
    config = server(request)
    config["resources"][layer.slug] = {
        "type": "collection",
        "title": layer.title_in(),
        "description": layer.description_in(),
        "keywords": list(layer.keywords),
        "extents": _extents(layer),
        "links": [],
        "providers": [
            {
                "type": "coverage",
                "name": COVERAGE_PROVIDER,
                "data": str(rasters.layer_file(layer)),
                "format": dict(GEOTIFF),
            }
        ],
    }
    return config


def edr(request: HttpRequest, layer: Layer) -> dict[str, Any]:
    """The configuration serving the IoT readings as EDR queries on the device layer's collection."""
    config = server(request)
    config["resources"][layer.slug] = {
        "type": "collection",
        "title": layer.title_in(),
        "description": layer.description_in(),
        "keywords": list(layer.keywords),
        "extents": _extents(layer),
        "links": [],
        "providers": [{"type": "edr", "name": EDR_PROVIDER, "data": "iot_reading"}],
        "formatters": [{"name": GEOJSON_FORMATTER}],
    }
    return config
