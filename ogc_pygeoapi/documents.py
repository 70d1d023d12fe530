"""What Coverages and EDR add to ogc_api's landing page, conformance, collection and OpenAPI documents.

ogc_api's documents include them through CoveragesAndEdr, which OgcPygeoapiConfig.ready adds to
ogc_api.contributors, so each class, link and path is listed once and only here.
"""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from layers.models import Layer
from ogc_api.contributors import DocumentContributor
from ogc_pygeoapi import config, coverage

COVERAGES_CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-coverages-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-coverages-1/1.0/conf/geodata-coverage",
    "http://www.opengis.net/spec/ogcapi-coverages-1/1.0/conf/coverage-subset",
    "http://www.opengis.net/spec/ogcapi-coverages-1/1.0/conf/coverage-rangesubset",
    "http://www.opengis.net/spec/ogcapi-coverages-1/1.0/conf/coverage-bbox",
    "http://www.opengis.net/spec/ogcapi-coverages-1/1.0/conf/coverage-scaling",
    "http://www.opengis.net/spec/ogcapi-coverages-1/1.0/conf/geotiff",
    "http://www.opengis.net/spec/ogcapi-coverages-1/1.0/conf/coveragejson",
    "http://www.opengis.net/spec/ogcapi-coverages-1/1.0/conf/oas30",
]
EDR_CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-edr-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-edr-1/1.0/conf/collections",
    "http://www.opengis.net/spec/ogcapi-edr-1/1.0/conf/covjson",
    "http://www.opengis.net/spec/ogcapi-edr-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-edr-1/1.0/conf/oas30",
]
CONFORMANCE = COVERAGES_CONFORMANCE + EDR_CONFORMANCE
EDR_QUERIES = ("position", "radius", "area", "cube")
COVJSON = "application/vnd.cov+json"


def _url(request: HttpRequest, name: str, **kwargs: str) -> str:
    return request.build_absolute_uri(reverse(f"ogc_pygeoapi:{name}", kwargs=kwargs))


def extend_collection(request: HttpRequest, layer: Layer, document: dict[str, Any]) -> None:
    """Add the coverage (raster layers with a file) or the EDR queries (the device layer) to a collection."""
    if layer.kind == Layer.Kind.RASTER and layer.raster_path:
        parts = coverage.collection_parts(_url(request, "coverage", slug=layer.slug), layer)
        document["links"] += parts.pop("links")
        document.update(parts)
    elif layer.slug == config.EDR_LAYER:
        queries = {}
        for query in EDR_QUERIES:
            href = _url(request, "edr", slug=layer.slug, query_type=query)
            document["links"].append({"href": href, "rel": "data", "type": COVJSON,
                                      "title": _("Readings: %(query)s query") % {"query": query}})  # fmt: skip
            queries[query] = {"link": {"href": href, "rel": "data", "variables": {
                "query_type": query, "output_formats": ["CoverageJSON", "GeoJSON"],
                "default_output_format": "CoverageJSON", "crs_details": [
                    {"crs": "CRS84", "wkt": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}]}}}  # fmt: skip
        document["data_queries"] = queries
        document["output_formats"] = ["CoverageJSON", "GeoJSON"]
        document["parameter_names"] = _parameter_names()


def _parameter_names() -> dict[str, Any]:
    from iot.models import Quantity

    return {
        code: {"type": "Parameter", "id": code, "observedProperty": {"label": {"en": name_en or name}},
               "unit": {"symbol": unit}}
        for code, name, name_en, unit in Quantity.objects.values_list("code", "name", "name_en", "unit")
    }  # fmt: skip


def openapi_paths(layers: list[Layer], parameter: Any, response: Any, errors: dict[str, Any]) -> dict[str, Any]:
    """The Coverages and EDR paths of the OpenAPI document, for the collections the caller may see."""
    rasters = [layer.slug for layer in layers if layer.kind == Layer.Kind.RASTER and layer.raster_path]
    edr = [layer.slug for layer in layers if layer.slug == config.EDR_LAYER]
    paths: dict[str, Any] = {}

    def get(summary: str, media: str, parameters: list[Any]) -> dict[str, Any]:
        return {"get": {"summary": summary, "parameters": parameters,
                        "responses": {"200": response(summary, media, False), **errors}}}  # fmt: skip

    text = {"type": "string"}
    if rasters:
        collection = parameter("collectionId", _("Collection id"), {"type": "string", "enum": rasters}, "path")
        paths["/collections/{collectionId}/coverage"] = get(_("The coverage (grid) of a raster layer"),
                                                             coverage.GEOTIFF_MEDIA, [
            collection,
            parameter("bbox", _("minx,miny,maxx,maxy"), {"type": "array", "items": {"type": "number"},
                      "minItems": 4, "maxItems": 4}, style="form", explode=False),
            parameter("bbox-crs", _("CRS of bbox (default CRS84)"), text),
            parameter("subset", _("Axis ranges in the layer's CRS, e.g. x(600000:601000),y(1353000:1354000)"), text),
            parameter("scaleSize", _("Size of the answer in pixels, e.g. x(256),y(256)"), text),
            parameter("properties", _("Comma-separated band numbers"), text),
            parameter("f", _("Format"), {"type": "string", "enum": ["GTiff", "json"]}),
        ])  # fmt: skip
    if edr:
        collection = parameter("collectionId", _("Collection id"), {"type": "string", "enum": edr}, "path")
        common = [
            parameter("datetime", _("Instant or interval (start/end); the last week when absent"), text),
            parameter("parameter-name", _("Comma-separated quantity codes"), text),
            parameter("f", _("Format"), {"type": "string", "enum": ["json", "geojson"]}),
        ]
        coords = parameter("coords", _("Well-known text in CRS84"), text)
        for query, extra in {
            "position": [coords],
            "area": [coords],
            "radius": [coords, parameter("within", _("Distance"), {"type": "number"}),
                       parameter("within-units", _("Unit of the distance"), {"type": "string",
                                 "enum": ["m", "km", "mi", "ft"]})],
            "cube": [parameter("bbox", _("minx,miny,maxx,maxy"), text)],
        }.items():  # fmt: skip
            paths[f"/collections/{{collectionId}}/{query}"] = get(
                _("Readings of the devices: %(query)s query") % {"query": query}, COVJSON, [collection, *extra, *common]
            )
    return paths


class CoveragesAndEdr(DocumentContributor):
    """Coverages and EDR in ogc_api's conformance, collection and OpenAPI documents."""

    conformance = tuple(CONFORMANCE)

    def extend_collection(self, request: HttpRequest, layer: Layer, document: dict[str, Any]) -> None:
        extend_collection(request, layer, document)

    def openapi_paths(
        self, layers: list[Layer], parameter: Any, response: Any, errors: dict[str, Any]
    ) -> dict[str, Any]:
        return openapi_paths(layers, parameter, response, errors)
