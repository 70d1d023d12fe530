"""The JSON documents of the OGC APIs: landing page, conformance, collections and item pages.

The HTML pages render these same documents (ogc_api/templates), so both representations always agree.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from layers.models import Layer
from ogc_api import filters, records, tilesets
from ogc_api.contributors import contributors
from ogc_api.crs import CRS84_URI, offered_uris
from ogc_api.features import ItemsQuery, Page
from ogc_api.formats import GEOJSON, HTML, JSON, OPENAPI, with_format
from ogc_api.processes import registry as processes

FEATURES_CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/landing-page",
    "http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/json",
    "http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/collections",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]
REL_QUERYABLES = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
REL_CONFORMANCE = "http://www.opengis.net/def/rel/ogc/1.0/conformance"
REL_PROCESSES = "http://www.opengis.net/def/rel/ogc/1.0/processes"
REL_JOB_LIST = "http://www.opengis.net/def/rel/ogc/1.0/job-list"
REL_TILING_SCHEMES = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"


def url(request: HttpRequest, name: str, *args: str, **query: Any) -> str:
    """Return the absolute URL of an ogc_api view, with the query parameters given."""
    address = request.build_absolute_uri(reverse(f"ogc_api:{name}", args=args))
    return f"{address}?{urlencode(query)}" if query else address


def link(href: str, rel: str, media: str, title: str, **extra: Any) -> dict[str, Any]:
    return {"href": href, "rel": rel, "type": media, "title": title, **extra}


def now() -> str:
    """The time of the response (a feature collection's timeStamp), in UTC to the second."""
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def self_links(request: HttpRequest, media: str = JSON) -> list[dict[str, Any]]:
    """This document and its other representation (HTML)."""
    return [
        link(with_format(request, "json"), "self", media, _("This document")),
        link(with_format(request, "html"), "alternate", HTML, _("This document as HTML")),
    ]


def landing(request: HttpRequest) -> dict[str, Any]:
    return {
        "title": _("Khánh Hòa IOC: OGC APIs"),
        "description": _(
            "The published layers of the Khánh Hòa Intelligent Operations Center as features, tiles and a "
            "searchable catalogue, and processes that answer planning and hazard questions."
        ),
        "links": [
            *self_links(request),
            link(url(request, "openapi"), "service-desc", OPENAPI, _("The API definition (OpenAPI 3.0)")),
            link(url(request, "openapi", f="html"), "service-doc", HTML, _("The API documentation")),
            link(url(request, "conformance"), "conformance", JSON, _("Conformance classes")),
            link(url(request, "conformance"), REL_CONFORMANCE, JSON, _("Conformance classes")),
            link(url(request, "collections"), "data", JSON, _("Collections")),
            link(url(request, "records"), "http://www.opengis.net/def/rel/ogc/1.0/ogc-catalog", GEOJSON,
                 _("The layer catalogue as records")),
            link(url(request, "processes"), REL_PROCESSES, JSON, _("Processes")),
            link(url(request, "jobs"), REL_JOB_LIST, JSON, _("Your process jobs")),
            link(url(request, "tile_matrix_sets"), REL_TILING_SCHEMES, JSON, _("Tiling schemes")),
        ],
    }  # fmt: skip


def conformance() -> dict[str, Any]:
    classes = FEATURES_CONFORMANCE + filters.CONFORMANCE + records.CONFORMANCE + processes.CONFORMANCE
    classes += [uri for contributor in contributors() for uri in contributor.conformance]  # e.g. Coverages, EDR
    return {"conformsTo": classes + tilesets.conformance()}


def collection(request: HttpRequest, layer: Layer) -> dict[str, Any]:
    """Describe one layer as a collection: features for a vector layer; a raster one is a grid whose data this
    API offers as map tiles, so it has no itemType and no items link (OGC API Common: dataType coverage)."""
    extent = layer.extent or [-180.0, -90.0, 180.0, 90.0]
    own = url(request, "collection", layer.slug)
    document: dict[str, Any] = {
        "id": layer.slug,
        "title": layer.title_in(),
        "description": layer.description_in(),
        "keywords": list(layer.keywords),
        "extent": {"spatial": {"bbox": [list(extent)], "crs": CRS84_URI}},
        "links": [
            link(own, "self", JSON, _("This collection")),
            link(f"{own}?f=html", "alternate", HTML, _("This collection as HTML")),
            link(url(request, "record", layer.slug), "describedby", GEOJSON, _("Catalogue record")),
        ],
    }
    if layer.kind == Layer.Kind.VECTOR:
        items = url(request, "items", layer.slug)
        document.update({"itemType": "feature", "crs": offered_uris(), "storageCrs": CRS84_URI})
        document["links"] += [
            link(items, "items", GEOJSON, _("Features")),
            link(f"{items}?f=html", "items", HTML, _("Features as HTML")),
            link(url(request, "queryables", layer.slug), REL_QUERYABLES, "application/schema+json",
                 _("Queryable properties")),
        ]  # fmt: skip
    else:
        document["dataType"] = "coverage"
    document["links"] += tilesets.collection_links(request, layer)
    for contributor in contributors():  # e.g. Coverages and EDR (ogc_pygeoapi)
        contributor.extend_collection(request, layer, document)
    return document


def feature_links(request: HttpRequest, layer: Layer) -> list[dict[str, Any]]:
    """A feature's self, alternate and collection links (OGC API Features /req/core/f-links)."""
    return [
        link(with_format(request, "json"), "self", GEOJSON, _("This feature")),
        link(with_format(request, "html"), "alternate", HTML, _("This feature as HTML")),
        link(url(request, "collection", layer.slug), "collection", JSON, _("The collection")),
    ]


QUERYABLE_TYPES = {"integer": "integer", "number": "number", "boolean": "boolean", "date": "string",
                   "datetime": "string", "time": "string", "json": "object"}  # fmt: skip
QUERYABLE_FORMATS = {"date": "date", "datetime": "date-time", "time": "time"}


GEOMETRY_FORMATS = {"POINT", "MULTIPOINT", "LINESTRING", "MULTILINESTRING", "POLYGON", "MULTIPOLYGON"}


def queryables(request: HttpRequest, layer: Layer) -> dict[str, Any]:
    """The layer's properties as a JSON Schema (OGC API Features Part 3 queryables).

    The geometry is declared as Part 3 asks: a format geometry-<type> (geometry-any for mixed layers) and the
    primary-geometry role, with no type member.
    """
    shape = (layer.geometry_type or "").upper()
    geometry_format = f"geometry-{shape.lower()}" if shape in GEOMETRY_FORMATS else "geometry-any"
    geometry = {"title": _("Geometry"), "format": geometry_format, "x-ogc-role": "primary-geometry"}
    properties: dict[str, Any] = {"geometry": geometry}
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
        "links": self_links(request),
        "collections": [records.catalogue_collection(request), *(collection(request, layer) for layer in layers)],
    }


def items_links(request: HttpRequest, layer: Layer, query: ItemsQuery, page: Page, fmt: str) -> list[dict]:
    """Self, alternate, next and previous links of a page, keeping the caller's other parameters."""
    address = url(request, "items", layer.slug)
    media = HTML if fmt == "html" else GEOJSON

    def at(**changes: str) -> str:
        params = request.GET.copy()
        for name in ("cursor", "offset", "f"):
            params.pop(name, None)
        params["limit"] = str(query.limit)
        params.update(changes)
        if fmt == "html":
            params["f"] = "html"
        return f"{address}?{params.urlencode()}"

    links = [
        link(with_format(request, "json"), "self", GEOJSON, _("This page")),
        link(with_format(request, "html"), "alternate", HTML, _("This page as HTML")),
    ]
    if page.next_cursor is not None:
        links.append(link(at(cursor=page.next_cursor.token()), "next", media, _("Next page")))
    if page.position > 0:
        previous = max(page.position - query.limit, 0)
        links.append(link(at(offset=str(previous)), "prev", media, _("Previous page")))
    links.append(link(url(request, "collection", layer.slug), "collection", JSON, _("The collection")))
    return links
