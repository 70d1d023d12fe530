"""OGC API Features views: decide access in Django, let documents and features build the answers."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.errors import InvalidInput, NotFound
from layers.access import viewer
from ogc_api import documents
from ogc_api.catalogue import collection_for, collections_for
from ogc_api.crs import parse_crs
from ogc_api.features import ItemsQuery, LayerFeatures

FORMATS = {"json", "geojson"}


def _check_format(request: HttpRequest) -> None:
    value = request.GET.get("f")
    if value is not None and value not in FORMATS:
        raise InvalidInput(
            _("f=%(value)s is not offered; use f=json (or f=geojson for features).") % {"value": value[:20]},
            parameter="f",
        )


def _json(body: dict[str, Any], media: str = documents.JSON) -> HttpResponse:
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type=f"{media}; charset=utf-8")


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    _check_format(request)
    return _json(documents.landing(request))


@require_safe
def conformance(request: HttpRequest) -> HttpResponse:
    _check_format(request)
    return _json(documents.conformance())


@require_safe
def openapi(request: HttpRequest) -> HttpResponse:
    slugs = [layer.slug for layer in collections_for(viewer(request))]
    return _json(documents.openapi(request, slugs), documents.OPENAPI)


@require_safe
def collections(request: HttpRequest) -> HttpResponse:
    _check_format(request)
    return _json(documents.collections(request, collections_for(viewer(request))))


@require_safe
def collection(request: HttpRequest, slug: str) -> HttpResponse:
    _check_format(request)
    return _json(documents.collection(request, collection_for(slug, viewer(request))))


@require_safe
def queryables(request: HttpRequest, slug: str) -> HttpResponse:
    _check_format(request)
    layer = collection_for(slug, viewer(request))
    return _json(documents.queryables(request, layer), "application/schema+json")


@require_safe
def items(request: HttpRequest, slug: str) -> HttpResponse:
    _check_format(request)
    layer = collection_for(slug, viewer(request))
    query = ItemsQuery.from_params(layer, request.GET)
    page = LayerFeatures(layer).page(query)
    links = documents.items_links(request, layer, query, page)
    head = json.dumps({
        "type": "FeatureCollection", "numberMatched": page.number_matched, "numberReturned": len(page.features),
        "links": links,
    }, ensure_ascii=False)  # fmt: skip
    # The features are GeoJSON text from PostGIS: splice them in rather than parse and re-serialise them.
    body = f'{head[:-1]}, "features": [{", ".join(page.features)}]}}'
    return _features_response(body, query.crs.uri)


@require_safe
def item(request: HttpRequest, slug: str, feature_id: str) -> HttpResponse:
    _check_format(request)
    layer = collection_for(slug, viewer(request))
    crs = parse_crs(request.GET.get("crs"), "crs")
    feature = LayerFeatures(layer).one(feature_id, crs)
    if feature is None:
        raise NotFound(_("Collection %(slug)s has no feature %(id)r.") % {"slug": slug, "id": feature_id[:60]})
    return _features_response(feature, crs.uri)


def _features_response(body: str, crs_uri: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{documents.GEOJSON}; charset=utf-8")
    response["Content-Crs"] = f"<{crs_uri}>"
    return response
