"""The OpenAPI 3.0 document of the OGC APIs (Features, Records, Tiles, Processes, Coverages, EDR), per caller."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from layers.models import Layer
from ogc_api import filters, records, tilesets
from ogc_api.contributors import contributors
from ogc_api.crs import CRS84_URI, offered_uris
from ogc_api.documents import url
from ogc_api.features import DEFAULT_LIMIT, MAX_LIMIT
from ogc_api.formats import GEOJSON, HTML, JSON, OPENAPI
from ogc_api.processes import registry, status
from ogc_api.processes.registry import RESPONSES

type Schema = dict[str, Any]


def _parameter(name: str, description: str, schema: Schema, where: str = "query", **extra: Any) -> Schema:
    return {"name": name, "in": where, "required": where == "path", "description": description, "schema": schema,
            **extra}  # fmt: skip


def _response(description: str, media: str, html: bool = True) -> Schema:
    content: Schema = {media: {"schema": {"type": "object"}}}
    if html:
        content[HTML] = {"schema": {"type": "string"}}
    return {"description": description, "content": content}


def _id(name: str, description: str, values: list[str]) -> Schema:
    schema: Schema = {"type": "string", "enum": values} if values else {"type": "string"}
    return _parameter(name, description, schema, "path")


def document(request: HttpRequest, layers: list[Layer]) -> Schema:
    """An OpenAPI 3.0 document of the API, naming the collections the caller may see."""
    vector = [layer.slug for layer in layers if layer.kind == Layer.Kind.VECTOR]
    errors = {
        "400": _response(_("Invalid parameter"), JSON, html=False),
        "401": _response(_("Sign in or send a token"), JSON, html=False),
        "403": _response(_("Not allowed"), JSON, html=False),
        "404": _response(_("Not found"), JSON, html=False),
    }
    f_json = _parameter("f", _("Format"), {"type": "string", "enum": ["json", "html"]})
    f_geojson = _parameter("f", _("Format"), {"type": "string", "enum": ["json", "geojson", "html"]})
    collection_id = _id("collectionId", _("Collection id"), vector)
    any_collection = _id("collectionId", _("Collection id"), [layer.slug for layer in layers])
    crs_schema = {"type": "string", "enum": offered_uris(), "default": CRS84_URI}
    crs = _parameter("crs", _("CRS of the response"), crs_schema)
    skip_geometry = _parameter("skipGeometry", _("true to leave the geometry out"), {"type": "boolean",
                               "default": False})  # fmt: skip
    # OGC API Features Part 1 gives bbox, limit and datetime in these exact forms (/req/core/fc-*-definition).
    bbox_schema = {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 6}
    bbox = _parameter("bbox", _("minx,miny,maxx,maxy (or six numbers with heights)"), bbox_schema, style="form",
                      explode=False)  # fmt: skip
    limit = _parameter("limit", _("Items per page"), {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                       "default": DEFAULT_LIMIT}, style="form", explode=False)  # fmt: skip
    offset = _parameter("offset", _("Items to skip"), {"type": "integer", "minimum": 0})
    datetime_parameter = _parameter(
        "datetime",
        _("Instant or interval (start/end, either end may be ..) on the collection's time property; a collection "
          "without one answers 400"),
        {"type": "string"}, style="form", explode=False,
    )  # fmt: skip
    items_parameters = [
        collection_id, limit, offset, bbox, datetime_parameter,
        _parameter("bbox-crs", _("CRS of bbox"), crs_schema),
        crs,
        _parameter("properties", _("Comma-separated properties to return"), {"type": "string"}),
        _parameter("sortby", _("Comma-separated properties, - for descending"), {"type": "string"}),
        _parameter("filter", _("CQL2 filter"), {"type": "string"}),
        _parameter("filter-lang", _("Language of filter"), {"type": "string", "enum": list(filters.PARSERS)}),
        _parameter("filter-crs", _("CRS of the filter's geometries"), crs_schema),
        _parameter("cursor", _("Where the page starts, as a next link gives it"), {"type": "string"}),
        skip_geometry, f_geojson,
    ]  # fmt: skip
    record_parameters = [
        _parameter("q", _("Comma-separated search terms (any may match)"), {"type": "string"}),
        bbox,
        _parameter("type", _("Record type"), {"type": "string", "enum": records.TYPES}),
        _parameter("ids", _("Comma-separated record ids"), {"type": "string"}),
        _parameter("externalIds", _("Comma-separated external ids"), {"type": "string"}),
        _parameter("datetime", _("Instant or interval of the last update"), {"type": "string"}, style="form",
                   explode=False),
        _parameter("limit", _("Records per page"), {"type": "integer", "minimum": 1, "maximum": records.MAX_LIMIT},
                   style="form", explode=False),
        offset, f_geojson,
    ]  # fmt: skip

    def get(summary: str, media: str, parameters: list[Schema] | None = None, html: bool = True) -> Schema:
        parameters = list(parameters or [])
        if html and not any(parameter["name"] == "f" for parameter in parameters):
            parameters.append(f_json)
        return {"get": {"summary": summary, "parameters": parameters,
                        "responses": {"200": _response(summary, media, html), **errors}}}  # fmt: skip

    tiled = _id("collectionId", _("Collection id"), [layer.slug for layer in layers if tilesets.has_tiles(layer)])
    matrix_set = _id("tileMatrixSetId", _("Tile matrix set"), [tilesets.WEB_MERCATOR_QUAD])
    process_id = _id("processId", _("Process id"), list(registry.PROCESSES))
    body_schema = {
        "type": "object",
        "properties": {"inputs": {"type": "object"}, "response": {"enum": RESPONSES}},
        "example": {"inputs": {"lon": 109.1967, "lat": 12.2388}},
    }
    execute_body = {"required": True, "content": {JSON: {"schema": body_schema}}}
    prefer = _parameter("Prefer", _("respond-async: run the process as a job of your account (async-execute)"),
                        {"type": "string", "enum": ["respond-async"]}, "header")  # fmt: skip
    accepted = {**_response(_("The job was accepted: its statusInfo; Location is the job's URL"), JSON, html=False),
                "headers": {"Location": {"schema": {"type": "string", "format": "uri"}},
                            "Preference-Applied": {"schema": {"type": "string"}}}}  # fmt: skip
    execute = {"post": {"summary": _("Execute a process (at once, or as a job with Prefer: respond-async)"),
                        "parameters": [process_id, prefer], "requestBody": execute_body,
                        "responses": {"200": _response(_("The result"), JSON, html=False), "201": accepted,
                                      **errors}}}  # fmt: skip
    job_id = _parameter("jobId", _("Job id"), {"type": "string"}, "path")
    job_list_parameters = [
        _parameter("processID", _("Comma-separated process ids"), {"type": "string"}),
        _parameter("status", _("Comma-separated statuses"), {"type": "string"}),
        _parameter("limit", _("Jobs per page"), {"type": "integer", "minimum": 1, "maximum": status.MAX_LIMIT,
                   "default": status.DEFAULT_LIMIT}),
        offset,
    ]  # fmt: skip
    job = get(_("A job's status (statusInfo)"), JSON, [job_id])
    job["delete"] = {"summary": _("Dismiss a job: cancel it if it has not run, drop its results"),
                     "parameters": [job_id], "responses": {"200": _response(_("statusInfo, dismissed"), JSON,
                                                                             html=False), **errors}}  # fmt: skip
    feature_id = _parameter("featureId", _("Feature id"), {"type": "string"}, "path")
    record_id = _parameter("recordId", _("Record id (a layer's slug)"), {"type": "string"}, "path")
    return {
        "openapi": "3.0.3",
        "info": {"title": _("Khánh Hòa IOC: OGC APIs"), "version": "1.0.0"},
        "servers": [{"url": url(request, "landing").rstrip("/")}],
        "paths": {
            "/": get(_("Landing page"), JSON),
            "/conformance": get(_("Conformance classes"), JSON),
            "/api": get(_("This document (f=html: its documentation page)"), OPENAPI),
            "/collections": get(_("Collections"), JSON),
            "/collections/{collectionId}": get(_("One collection"), JSON, [any_collection]),
            "/collections/{collectionId}/queryables": get(
                _("Queryable properties"), "application/schema+json", [collection_id]
            ),
            "/collections/{collectionId}/items": get(_("Features"), GEOJSON, items_parameters),
            "/collections/{collectionId}/items/{featureId}": get(
                _("One feature"), GEOJSON, [collection_id, feature_id, crs, skip_geometry, f_geojson]
            ),
            "/collections/catalogue": get(_("The layer catalogue (records)"), JSON),
            "/collections/catalogue/items": get(_("Records"), GEOJSON, record_parameters),
            "/collections/catalogue/items/{recordId}": get(_("One record"), GEOJSON, [record_id]),
            "/collections/{collectionId}/tiles": get(_("Tilesets"), JSON, [tiled]),
            "/collections/{collectionId}/tiles/{tileMatrixSetId}": get(_("Tileset"), JSON, [tiled, matrix_set]),
            "/tileMatrixSets": get(_("Tiling schemes"), JSON),
            "/tileMatrixSets/{tileMatrixSetId}": get(_("Tile matrix set"), JSON, [matrix_set]),
            "/processes": get(_("Processes"), JSON),
            "/processes/{processId}": get(_("One process"), JSON, [process_id]),
            "/processes/{processId}/execution": execute,
            "/jobs": get(_("Your process jobs"), JSON, job_list_parameters),
            "/jobs/{jobId}": job,
            "/jobs/{jobId}/results": get(
                _("A job's results, as the synchronous execution answers them"), JSON, [job_id]
            ),
            **{
                path: item
                for contributor in contributors()  # e.g. Coverages and EDR (ogc_pygeoapi)
                for path, item in contributor.openapi_paths(layers, _parameter, _response, errors).items()
            },
        },
    }
