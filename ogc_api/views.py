"""OGC API views: decide access in Django, let the document modules build the answers, render JSON or HTML."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import authenticate_request
from core.errors import InvalidInput, NotFound
from layers.access import viewer
from layers.models import Layer
from ogc_api import documents, openapi, records, selection, tilesets
from ogc_api.catalogue import collection_for, collections_for
from ogc_api.crs import CRS84, parse_crs
from ogc_api.features import CollectionItems, ItemsQuery
from ogc_api.formats import GEOJSON, HTML, JSON, OPENAPI, wanted, with_format
from ogc_api.http import link_header, ogc_get, ogc_methods, refuse_unknown
from ogc_api.models import ProcessJob
from ogc_api.processes import jobs, registry, status

SCHEMA = "application/schema+json"


def _respond(
    request: HttpRequest, document: dict[str, Any], template: str, media: str = JSON, **context: Any
) -> HttpResponse:
    """The document as JSON, or rendered by ogc_api/<template>.html when the caller wants HTML."""
    if wanted(request) == "html":
        page = {"doc": document, "json_url": with_format(request, "json"), "json_type": media, **context}
        response = render(request, f"ogc_api/{template}.html", page)
    else:
        # JSON is UTF-8 by definition (RFC 8259): no charset, so clients comparing the media type exactly accept it.
        response = HttpResponse(json.dumps(document, ensure_ascii=False), content_type=media)
    patch_vary_headers(response, ["Accept"])
    return response


def _vector_layer(request: HttpRequest, slug: str) -> Layer:
    """The vector layer behind an items or queryables URL; a raster one is a 404 that says where its tiles are."""
    layer = collection_for(slug, viewer(request))
    if layer.kind != Layer.Kind.VECTOR:
        # Malformed or unknown parameters are refused first, as for any items request.
        ItemsQuery.from_params(layer, request.GET)
        tiles = documents.url(request, "tilesets", slug) if tilesets.has_tiles(layer) else ""
        message = _("Collection %(slug)s is a raster layer: it has no features or queryables.") % {"slug": slug}
        if tiles:
            message += " " + _("Its map tiles are described at %(url)s.") % {"url": tiles}
        raise NotFound(message, kind="raster", tiles=tiles)
    return layer


@ogc_get
def landing(request: HttpRequest) -> HttpResponse:
    return _respond(request, documents.landing(request), "landing")


@ogc_get
def conformance(request: HttpRequest) -> HttpResponse:
    return _respond(request, documents.conformance(), "conformance")


@ogc_get
def openapi_document(request: HttpRequest) -> HttpResponse:
    """The OpenAPI document as JSON, or the Swagger UI page that reads it (f=html, or a browser's Accept)."""
    if request.GET.get("f") not in (None, "json", "html"):
        raise InvalidInput(_("The API definition is offered as JSON (f=json) or as a page (f=html)."), parameter="f")
    if wanted(request) == "html":
        response = render(request, "ogc_api/api.html", {"json_url": with_format(request, "json"), "json_type": OPENAPI})
        response["Link"] = link_header(request, HTML)
    else:
        body = json.dumps(openapi.document(request, collections_for(viewer(request))), ensure_ascii=False)
        response = HttpResponse(body, content_type=OPENAPI)
        response["Link"] = link_header(request, OPENAPI)
    patch_vary_headers(response, ["Accept"])
    return response


@ogc_get
def collections(request: HttpRequest) -> HttpResponse:
    return _respond(request, documents.collections(request, collections_for(viewer(request))), "collections")


@ogc_get
def collection(request: HttpRequest, slug: str) -> HttpResponse:
    layer = collection_for(slug, viewer(request))
    return _respond(request, documents.collection(request, layer), "collection", layer=layer)


@ogc_get
def queryables(request: HttpRequest, slug: str) -> HttpResponse:
    layer = _vector_layer(request, slug)
    return _respond(request, documents.queryables(request, layer), "document", "application/schema+json",
                    title=_("Queryable properties"))  # fmt: skip


@ogc_get
def items(request: HttpRequest, slug: str) -> HttpResponse:
    fmt = wanted(request)
    layer = _vector_layer(request, slug)
    query = ItemsQuery.from_params(layer, request.GET)
    page = CollectionItems(layer).page(query)
    links = documents.items_links(request, layer, query, page, fmt)
    head: dict[str, Any] = {"type": "FeatureCollection", "timeStamp": documents.now()}
    if page.number_matched is not None:
        head["numberMatched"] = page.number_matched
    head.update({"numberReturned": len(page.features), "links": links})
    if fmt == "html":
        features = [json.loads(feature) for feature in page.features]
        columns = [name for name in query.properties if name != layer.id_column]
        rows = [(f["id"], [f["properties"].get(name) for name in columns]) for f in features]
        context = {"layer": layer, "rows": rows, "columns": columns, "on_map": query.crs == CRS84 and bool(rows),
                   "geojson": {"type": "FeatureCollection", "features": features}, "position": page.position,
                   "matched": page.number_matched}  # fmt: skip
        return _respond(request, head, "items", GEOJSON, **context)
    text = json.dumps(head, ensure_ascii=False)
    # The features are GeoJSON text from PostGIS: splice them in rather than parse and re-serialise them.
    body = f'{text[:-1]}, "features": [{", ".join(page.features)}]}}'
    queryables_url = documents.url(request, "queryables", slug)
    return _features_response(request, body, query.crs.uri, (queryables_url, documents.REL_QUERYABLES, SCHEMA))


@ogc_get
def item(request: HttpRequest, slug: str, feature_id: str) -> HttpResponse:
    fmt = wanted(request)
    layer = _vector_layer(request, slug)
    refuse_unknown(request, selection.ITEM_PARAMETERS)
    crs = parse_crs(request.GET.get("crs"), "crs")
    feature = CollectionItems(layer).one(feature_id, crs, selection.skip_geometry(request.GET))
    if feature is None:
        raise NotFound(_("Collection %(slug)s has no feature %(id)r.") % {"slug": slug, "id": feature_id[:60]})
    links = documents.feature_links(request, layer)
    if fmt == "html":
        document = {**json.loads(feature), "links": links}
        context = {"layer": layer, "on_map": crs == CRS84, "geojson": document}
        return _respond(request, document, "item", GEOJSON, **context)
    # The feature is GeoJSON text from PostGIS: splice its links in rather than parse and re-serialise it.
    body = f'{feature[:-1]}, "links": {json.dumps(links, ensure_ascii=False)}}}'
    collection_url = documents.url(request, "collection", slug)
    return _features_response(request, body, crs.uri, (collection_url, "collection", JSON))


def _features_response(request: HttpRequest, body: str, crs_uri: str, *extra: tuple[str, str, str]) -> HttpResponse:
    response = HttpResponse(body, content_type=GEOJSON)
    response["Content-Crs"] = f"<{crs_uri}>"
    response["Link"] = link_header(request, GEOJSON, *extra)
    patch_vary_headers(response, ["Accept"])
    return response


# --- Records: the layer catalogue ------------------------------------------------------------------------------


@ogc_get
def catalogue(request: HttpRequest) -> HttpResponse:
    return _respond(request, records.catalogue_collection(request), "collection")


@ogc_get
def record_items(request: HttpRequest) -> HttpResponse:
    fmt = wanted(request)
    refuse_unknown(request, records.PARAMETERS)
    query = records.RecordSearch.from_params(request.GET)
    layers, matched = records.search(viewer(request), query)
    document = {
        "type": "FeatureCollection",
        "numberMatched": matched,
        "numberReturned": len(layers),
        "links": _record_links(request, query, matched, len(layers), fmt),
        "features": [records.record(request, layer) for layer in layers],
    }
    return _respond(request, document, "records", GEOJSON, search=request.GET, types=records.TYPES)


def _record_links(request: HttpRequest, query: records.RecordSearch, matched: int, returned: int, fmt: str) -> list:
    address = request.build_absolute_uri(request.path)
    media = HTML if fmt == "html" else GEOJSON

    def at(offset: int) -> str:
        params = request.GET.copy()
        params["offset"], params["limit"] = str(offset), str(query.limit)
        return f"{address}?{params.urlencode()}"

    links = [
        documents.link(with_format(request, "json"), "self", GEOJSON, _("This page")),
        documents.link(with_format(request, "html"), "alternate", HTML, _("This page as HTML")),
    ]
    if query.offset + returned < matched:
        links.append(documents.link(at(query.offset + returned), "next", media, _("Next page")))
    if query.offset > 0:
        links.append(documents.link(at(max(query.offset - query.limit, 0)), "prev", media, _("Previous page")))
    return links


@ogc_get
def record(request: HttpRequest, slug: str) -> HttpResponse:
    layer = records.record_for(slug, viewer(request))
    return _respond(request, records.record(request, layer), "record", GEOJSON, layer=layer)


# --- Tiles: links to the tiles app -------------------------------------------------------------------------------


@ogc_get
def tile_sets(request: HttpRequest, slug: str) -> HttpResponse:
    layer = collection_for(slug, viewer(request))
    tilesets.require_tiles(layer)
    return _respond(request, tilesets.tilesets(request, layer), "document", title=_("Tilesets"), layer=layer)


@ogc_get
def tile_set(request: HttpRequest, slug: str, matrix_set: str) -> HttpResponse:
    layer = collection_for(slug, viewer(request))
    tilesets.require_tiles(layer)
    tilesets.tile_matrix_set(matrix_set)  # NotFound for any other tile matrix set
    return _respond(request, tilesets.tileset(request, layer), "document", title=_("Tileset"), layer=layer)


@ogc_get
def tile_matrix_sets(request: HttpRequest) -> HttpResponse:
    return _respond(request, tilesets.tile_matrix_sets(request), "document", title=_("Tiling schemes"))


@ogc_get
def tile_matrix_set(request: HttpRequest, matrix_set: str) -> HttpResponse:
    document = tilesets.tile_matrix_set(matrix_set)
    return _respond(request, document, "document", title=document["title"])


# --- Processes -----------------------------------------------------------------------------------------------


@ogc_get
def processes(request: HttpRequest) -> HttpResponse:
    summaries = []
    for process in registry.all_processes():
        href = documents.url(request, "process", process.id)
        summaries.append({**process.summary(), "links": [
            documents.link(href, "self", JSON, process.title()),
            documents.link(f"{href}?f=html", "alternate", HTML, process.title()),
        ]})  # fmt: skip
    document = {"processes": summaries, "links": documents.self_links(request)}
    return _respond(request, document, "processes")


@ogc_get
def process(request: HttpRequest, name: str) -> HttpResponse:
    found = registry.get_process(name)
    execute = documents.url(request, "execution", found.id)
    links = [*documents.self_links(request),
             documents.link(execute, "http://www.opengis.net/def/rel/ogc/1.0/execute", JSON, _("Execute"))]  # fmt: skip
    return _respond(request, {**found.describe(), "links": links}, "process")


# Read-only computations for any caller, sent by API clients without a session: a CSRF token would only block them.
# A job is written for an account, so a session caller asking respond-async passes Django's CSRF check (_job_owner).
@csrf_exempt
@require_POST
def execution(request: HttpRequest, name: str) -> HttpResponse:
    """Run the process at once (200), or with Prefer: respond-async queue it for the tasks worker (201 + Location)."""
    found = registry.get_process(name)
    asynchronous = found.asynchronous and jobs.wants_async(request.headers.get("Prefer", ""))
    owner = _job_owner(request) if asynchronous else None
    inputs, response_kind = registry.execution_request(request, found)
    if owner is not None:
        job = jobs.enqueue(found, inputs, response_kind, owner)
        body = json.dumps(status.status_info(request, job), ensure_ascii=False)
        response = HttpResponse(body, status=201, content_type=JSON)
        response["Location"] = documents.url(request, "job", str(job.pk))
        response["Preference-Applied"] = "respond-async"
    else:
        result = found.execute(inputs, viewer(request))
        body = json.dumps(result if response_kind == "raw" else {"result": result}, ensure_ascii=False)
        response = HttpResponse(body, content_type=JSON)
    patch_vary_headers(response, ["Prefer"])
    return response


def _job_owner(request: HttpRequest) -> User:
    """The account whose jobs these are (401 for anonymous callers); a session caller's DELETE or POST passes CSRF."""
    owner = jobs.account(viewer(request))
    if not request.headers.get("Authorization"):
        authenticate_request(request)
    return owner


@ogc_get
def job_list(request: HttpRequest) -> HttpResponse:
    owner = _job_owner(request)
    refuse_unknown(request, status.LIST_PARAMETERS)
    search = status.JobSearch.from_params(request.GET)
    document, page = status.job_list(request, ProcessJob.objects.owned_by(owner), search)
    titles = {process.id: process.title() for process in registry.all_processes()}
    rows = [(job, titles.get(job.process_id, job.process_id)) for job in page]
    return _respond(request, document, "jobs", rows=rows)


@ogc_methods("GET", "HEAD", "DELETE")
def job(request: HttpRequest, job_id: str) -> HttpResponse:
    """A job's statusInfo; DELETE dismisses it (OGC API Processes, requirement class dismiss) and answers the same."""
    found = jobs.find(job_id, _job_owner(request))
    if found is None:
        return _no_such_job(request, job_id)
    refuse_unknown(request, ())
    if request.method == "DELETE":
        found = jobs.dismiss(found)
    title = registry.get_process(found.process_id).title() if found.process_id in registry.PROCESSES else ""
    return _respond(request, status.status_info(request, found), "job", job=found, process_title=title)


@ogc_get
def job_results(request: HttpRequest, job_id: str) -> HttpResponse:
    found = jobs.find(job_id, _job_owner(request))
    if found is None:
        return _no_such_job(request, job_id)
    refuse_unknown(request, ())
    return _respond(request, jobs.results(found), "document", title=_("Results"))


def _no_such_job(request: HttpRequest, job_id: str) -> HttpResponse:
    """Tell a person in a sentence and link the list of their jobs; a program gets the standard's no-such-job 404."""
    if request.method == "DELETE" or wanted(request) != "html":
        raise jobs.no_such_job(job_id)
    response = render(request, "ogc_api/no_such_job.html", {"job_id": job_id[:60]}, status=404)
    patch_vary_headers(response, ["Accept"])
    return response
