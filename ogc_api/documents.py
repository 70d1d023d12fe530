"""The JSON documents of OGC API Features: landing page, conformance, collections, item pages and OpenAPI."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from layers.models import Layer
from ogc_api import filters
from ogc_api.crs import CRS84_URI, offered_uris
from ogc_api.features import MAX_LIMIT, ItemsQuery, Page

JSON = "application/json"
GEOJSON = "application/geo+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]


def url(request: HttpRequest, name: str, *args: str, **query: Any) -> str:
    """Return the absolute URL of an ogc_api view, with the query parameters given."""
    address = request.build_absolute_uri(reverse(f"ogc_api:{name}", args=args))
    return f"{address}?{urlencode(query)}" if query else address


def link(href: str, rel: str, media: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": media, "title": title}


def landing(request: HttpRequest) -> dict[str, Any]:
    return {
        "title": _("Khánh Hòa IOC: OGC API Features"),
        "description": _("The published vector layers of the Khánh Hòa Intelligent Operations Center."),
        "links": [
            link(url(request, "landing"), "self", JSON, _("This document")),
            link(url(request, "openapi"), "service-desc", OPENAPI, _("The API definition (OpenAPI 3.0)")),
            link(url(request, "conformance"), "conformance", JSON, _("Conformance classes")),
            link(url(request, "collections"), "data", JSON, _("Collections")),
        ],
    }


def conformance() -> dict[str, Any]:
    return {"conformsTo": CONFORMANCE + filters.CONFORMANCE}


def collection(request: HttpRequest, layer: Layer) -> dict[str, Any]:
    """Describe one layer as a feature collection."""
    items = url(request, "items", layer.slug)
    extent = layer.extent or [-180.0, -90.0, 180.0, 90.0]
    return {
        "id": layer.slug,
        "title": layer.title_in(),
        "description": layer.description_in(),
        "keywords": list(layer.keywords),
        "itemType": "feature",
        "extent": {"spatial": {"bbox": [list(extent)], "crs": CRS84_URI}},
        "crs": offered_uris(),
        "storageCrs": CRS84_URI,
        "links": [
            link(url(request, "collection", layer.slug), "self", JSON, _("This collection")),
            link(items, "items", GEOJSON, _("Features")),
            link(f"{items}?f=json", "items", JSON, _("Features")),
            link(
                url(request, "queryables", layer.slug),
                "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                "application/schema+json",
                _("Queryable properties"),
            ),
        ],
    }


QUERYABLE_TYPES = {"integer": "integer", "number": "number", "boolean": "boolean", "date": "string",
                   "datetime": "string", "time": "string", "json": "object"}  # fmt: skip
QUERYABLE_FORMATS = {"date": "date", "datetime": "date-time", "time": "time"}


def queryables(request: HttpRequest, layer: Layer) -> dict[str, Any]:
    """The layer's properties as a JSON Schema (OGC API Features Part 3 queryables)."""
    properties: dict[str, Any] = {"geometry": {"$ref": "https://geojson.org/schema/Geometry.json"}}
    for field in layer.fields:
        schema = {"title": field["name"], "type": QUERYABLE_TYPES.get(field["type"], "string")}
        if field["type"] in QUERYABLE_FORMATS:
            schema["format"] = QUERYABLE_FORMATS[field["type"]]
        properties[field["name"]] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url(request, "queryables", layer.slug),
        "type": "object",
        "title": layer.title_in(),
        "properties": properties,
        "additionalProperties": False,
    }


def collections(request: HttpRequest, layers: list[Layer]) -> dict[str, Any]:
    return {
        "links": [link(url(request, "collections"), "self", JSON, _("Collections"))],
        "collections": [collection(request, layer) for layer in layers],
    }


def items_links(request: HttpRequest, layer: Layer, query: ItemsQuery, page: Page) -> list[dict]:
    """Self, next and previous links of a page, keeping the caller's other parameters."""
    address = url(request, "items", layer.slug)

    def at(offset: int, after: str | None) -> str:
        params = request.GET.copy()
        params.pop("after", None)
        params["offset"], params["limit"] = str(offset), str(query.limit)
        if after is not None and not query.sortby:
            params["after"] = after  # in id order the next page starts from the index, not by skipping rows
        return f"{address}?{params.urlencode()}"

    returned = len(page.features)
    links = [link(request.build_absolute_uri(), "self", GEOJSON, _("This page"))]
    if returned and query.offset + returned < page.number_matched:
        links.append(link(at(query.offset + returned, page.last_id), "next", GEOJSON, _("Next page")))
    if query.offset > 0:
        links.append(link(at(max(query.offset - query.limit, 0), None), "prev", GEOJSON, _("Previous page")))
    links.append(link(url(request, "collection", layer.slug), "collection", JSON, _("The collection")))
    return links


def _parameter(name: str, description: str, schema: dict[str, Any], where: str = "query") -> dict[str, Any]:
    return {"name": name, "in": where, "required": where == "path", "description": description, "schema": schema}


def _response(description: str, media: str) -> dict[str, Any]:
    return {"description": description, "content": {media: {"schema": {"type": "object"}}}}


def openapi(request: HttpRequest, slugs: list[str]) -> dict[str, Any]:
    """An OpenAPI 3.0 document of the API, listing the collections the caller may see."""
    id_schema: dict[str, Any] = {"type": "string", "enum": slugs} if slugs else {"type": "string"}
    collection_id = _parameter("collectionId", _("Collection id"), id_schema, "path")
    crs_schema = {"type": "string", "enum": offered_uris(), "default": CRS84_URI}
    errors = {"400": _response(_("Invalid parameter"), JSON), "404": _response(_("Not found"), JSON)}
    items_parameters = [
        collection_id,
        _parameter("limit", _("Features per page"), {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
        _parameter("offset", _("Features to skip"), {"type": "integer", "minimum": 0}),
        _parameter("bbox", _("minx,miny,maxx,maxy"), {"type": "array", "items": {"type": "number"}, "minItems": 4}),
        _parameter("bbox-crs", _("CRS of bbox"), crs_schema),
        _parameter("crs", _("CRS of the response"), crs_schema),
        _parameter("properties", _("Comma-separated properties to return"), {"type": "string"}),
        _parameter("sortby", _("Comma-separated properties, - for descending"), {"type": "string"}),
        _parameter("filter", _("CQL2 filter"), {"type": "string"}),
        _parameter("filter-lang", _("Language of filter"), {"type": "string", "enum": list(filters.PARSERS)}),
        _parameter("filter-crs", _("CRS of the filter's geometries"), crs_schema),
    ]

    def get(summary: str, media: str, parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        return {"get": {"summary": summary, "parameters": parameters or [], "responses": {
            "200": _response(summary, media), **errors}}}  # fmt: skip

    feature_id = _parameter("featureId", _("Feature id"), {"type": "string"}, "path")
    return {
        "openapi": "3.0.3",
        "info": {"title": _("Khánh Hòa IOC: OGC API Features"), "version": "1.0.0"},
        "servers": [{"url": url(request, "landing").rstrip("/")}],
        "paths": {
            "/": get(_("Landing page"), JSON),
            "/conformance": get(_("Conformance classes"), JSON),
            "/api": get(_("This document"), OPENAPI),
            "/collections": get(_("Collections"), JSON),
            "/collections/{collectionId}": get(_("One collection"), JSON, [collection_id]),
            "/collections/{collectionId}/queryables": get(
                _("Queryable properties"), "application/schema+json", [collection_id]
            ),
            "/collections/{collectionId}/items": get(_("Features"), GEOJSON, items_parameters),
            "/collections/{collectionId}/items/{featureId}": get(
                _("One feature"), GEOJSON, [collection_id, feature_id, items_parameters[5]]
            ),
        },
    }
