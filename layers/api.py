"""The catalogue API: /api/v1/layers and /api/v1/layers/<slug>, listing only what the caller may see."""

import hashlib

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.errors import InvalidInput, NotFound
from layers.access import viewer
from layers.models import Layer
from layers.serializers import catalogue_document, layer_detail


def _json(body: dict) -> JsonResponse:
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def find_layer(slug: str) -> Layer:
    """Return the layer with its owner and allowed agencies, or raise NotFound."""
    layer = Layer.objects.select_related("owner").prefetch_related("allowed_agencies").filter(slug=slug).first()
    if layer is None:
        raise NotFound(_("No layer has the slug %(slug)s; see /api/v1/layers.") % {"slug": slug[:60]})
    return layer


@require_safe
def layer_list(request: HttpRequest) -> HttpResponse:
    """The layers the caller may see; ?q= searches titles, descriptions and keywords, ?kind= vector or raster."""
    layers = Layer.objects.visible_to(viewer(request)).select_related("owner")
    if query := request.GET.get("q", "").strip():
        text = Q(title__icontains=query) | Q(title_en__icontains=query) | Q(description__icontains=query)
        layers = layers.filter(text | Q(description_en__icontains=query) | Q(keywords__icontains=query))
    if kind := request.GET.get("kind"):
        if kind not in Layer.Kind.values:
            raise InvalidInput(_("kind must be one of %(kinds)s.") % {"kinds": ", ".join(Layer.Kind.values)})
        layers = layers.filter(kind=kind)
    response = _json(catalogue_document(layers, request))
    # Revalidated on every use (no-cache), answered 304 while the caller's catalogue is unchanged.
    response["ETag"] = quote_etag(hashlib.blake2s(response.content, digest_size=16).hexdigest())
    patch_cache_control(response, no_cache=True, private=True)
    return get_conditional_response(request, etag=response["ETag"], response=response) or response


@require_safe
def layer_record(request: HttpRequest, slug: str) -> JsonResponse:
    """One layer's record; 401 or 403 for a layer the caller may not see."""
    layer = find_layer(slug)
    layer.check_visible_to(viewer(request))
    layer.ensure_summary()
    return _json(layer_detail(layer, request))
