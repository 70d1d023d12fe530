"""HTTP and server-side caching of tiles: Cache-Control, ETag, 304, and django.core.cache keyed by data_version.

The server cache is Redis in production (REDIS_URL) and local memory otherwise. Keys carry the layer's
data_version, so an import or edit makes a layer's old tiles unreachable at once; other layers' tiles and
the rest of the cache are untouched, and the stale entries simply expire (TILES_CACHE_SECONDS).
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from tiles.spec import TileSpec


def etag_matches(request: HttpRequest, etag: str) -> bool:
    """Whether If-None-Match names the ETag (weak comparison, as RFC 9110 asks for GET)."""
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    return etag in {tag.strip().removeprefix("W/") for tag in header.split(",")}


def is_versioned(request: HttpRequest, spec: TileSpec) -> bool:
    """Whether the tile URL names the layer's current data version (?v=, as map.js asks): such a URL changes
    with every import or edit, so browsers may keep its tile long."""
    return request.GET.get("v") == str(spec.data_version)


def cache_headers(response: HttpResponse, spec: TileSpec, etag: str, versioned: bool = False) -> HttpResponse:
    """Set ETag and Cache-Control; tiles of non-public layers are private and vary with the caller."""
    response["ETag"] = etag
    scope = "public" if spec.is_public else "private"
    max_age = settings.TILES_VERSIONED_MAX_AGE if versioned else settings.TILES_BROWSER_MAX_AGE
    response["Cache-Control"] = f"{scope}, max-age={max_age}"
    if not spec.is_public:
        response["Vary"] = "Cookie, Authorization"
    return response


def cached_tile(key: str, render: Callable[[], bytes]) -> tuple[bytes, bool]:
    """Return (tile, whether it came from the server cache), rendering and storing it on a miss."""
    if not settings.TILES_SERVER_CACHE:
        return render(), False
    tile = cache.get(key)
    if tile is not None:
        return tile, True
    tile = render()
    cache.set(key, tile, settings.TILES_CACHE_SECONDS)
    return tile, False
