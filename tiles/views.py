"""Vector and raster tiles and their TileJSON: thin views over tiles.spec, the renderers and tiles.caching."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.errors import NotFound
from layers.access import viewer
from layers.models import Layer
from tiles.caching import cache_headers, cached_tile, etag_matches, is_versioned
from tiles.raster import render_raster_tile
from tiles.render import render_tile
from tiles.spec import TileSpec
from tiles.tilejson import tilejson

MVT_MEDIA_TYPE = "application/vnd.mapbox-vector-tile"
PNG_MEDIA_TYPE = "image/png"


@require_safe
def vector_tile(request: HttpRequest, slug: str, z: int, x: int, y: int) -> HttpResponse:
    """One Mapbox Vector Tile of a layer; 304 when If-None-Match holds its ETag."""
    spec = TileSpec.load(slug, Layer.Kind.VECTOR)
    return tile_response(request, spec, (z, x, y), render_tile, MVT_MEDIA_TYPE)


@require_safe
def raster_tile(request: HttpRequest, slug: str, z: int, x: int, y: int) -> HttpResponse:
    """One 256-pixel PNG tile of a raster layer, coloured by its ramp; 304 when If-None-Match holds its ETag."""
    spec = TileSpec.load(slug, Layer.Kind.RASTER)
    return tile_response(request, spec, (z, x, y), render_raster_tile, PNG_MEDIA_TYPE)


def tile_response(
    request: HttpRequest,
    spec: TileSpec,
    tile: tuple[int, int, int],
    render: Callable[[TileSpec, int, int, int], bytes],
    media_type: str,
) -> HttpResponse:
    """Check the tile and the caller, then answer 304, a cached tile or a freshly rendered one."""
    z, x, y = tile
    spec.check_tile(z, x, y)
    if not spec.is_public:  # public tiles never touch the session
        spec.check_visible_to(viewer(request))
    etag = spec.etag(z, x, y)
    versioned = is_versioned(request, spec)
    if etag_matches(request, etag):
        return cache_headers(HttpResponseNotModified(), spec, etag, versioned)
    body, hit = cached_tile(spec.cache_key(z, x, y), lambda: render(spec, z, x, y))
    response = HttpResponse(body, content_type=media_type)
    response["X-Tile-Cache"] = "hit" if hit else "miss"
    return cache_headers(response, spec, etag, versioned)


@require_safe
def layer_tilejson(request: HttpRequest, slug: str) -> JsonResponse:
    """The TileJSON 3.0.0 document of a layer's vector or raster tiles."""
    layer = Layer.objects.filter(slug=slug).prefetch_related("allowed_agencies").first()
    if layer is None or not layer.published_tiles:
        raise NotFound(_("No layer %(slug)s is published as tiles; see /api/v1/layers.") % {"slug": slug[:60]})
    layer.check_visible_to(viewer(request))
    response = JsonResponse(tilejson(layer, request), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-cache" if layer.access == Layer.Access.PUBLIC else "private, no-cache"
    return response
