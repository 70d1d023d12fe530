"""Compress text responses and vector tiles with gzip: pages, JSON, GeoJSON, JS, CSS, XML and MVT.

Django's GZipMiddleware compresses whatever it is given, PNG tiles, photos, PDFs and XLSX files included, which only
costs CPU. This one asks the response's media type first and leaves already-compressed formats alone. It keeps
Django's defences: BREACH padding (random bytes in the gzip header), Vary: Accept-Encoding, and a strong ETag made
weak, so If-None-Match still matches (tiles.caching.etag_matches and django.utils.cache compare weakly).
"""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

# Media types that shrink under gzip; anything else (PNG, JPEG, WebP, PDF, ZIP, XLSX, GeoPackage) is sent as it is.
COMPRESSIBLE_TYPES = frozenset(
    {
        "application/javascript",
        "application/json",
        "application/geo+json",
        "application/ld+json",
        "application/problem+json",
        "application/schema+json",
        "application/vnd.oai.openapi+json",
        "application/vnd.mapbox-vector-tile",
        "application/x-protobuf",
        "application/xml",
        "application/atom+xml",
        "application/rss+xml",
        "application/cap+xml",
        "application/manifest+json",
        "image/svg+xml",
    }
)
# Streams that must reach the client as they are written.
NEVER_COMPRESSED = frozenset({"text/event-stream"})


def media_type(response: HttpResponseBase) -> str:
    """The response's media type without parameters, lower case ('' when it has none)."""
    return response.get("Content-Type", "").split(";", 1)[0].strip().lower()


def is_compressible(kind: str) -> bool:
    """Whether a media type is text or a format that gzip shrinks (MVT is uncompressed protobuf)."""
    if kind in NEVER_COMPRESSED:
        return False
    return kind.startswith("text/") or kind in COMPRESSIBLE_TYPES or kind.endswith(("+json", "+xml"))


class CompressionMiddleware(GZipMiddleware):
    """GZipMiddleware for compressible media types only; place it first so it sees every response."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """Gzip the body when the client accepts it and the media type is worth compressing."""
        if not is_compressible(media_type(response)):
            return response
        return super().process_response(request, response)
