"""Which representation a request wants (JSON or HTML), from ?f= first and the Accept header second."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.errors import InvalidInput

JSON = "application/json"
GEOJSON = "application/geo+json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
F_VALUES = {"json": "json", "geojson": "json", "html": "html"}


def wanted(request: HttpRequest) -> str:
    """Return "json" or "html"; a browser asking for text/html first gets HTML, any other client JSON."""
    value = request.GET.get("f")
    if value is not None:
        if value not in F_VALUES:
            raise InvalidInput(
                _("f=%(value)s is not offered; use f=json (f=geojson for features) or f=html.") % {"value": value[:20]},
                parameter="f",
            )
        return F_VALUES[value]
    # Without Accept (or with */*) the first type wins: JSON, which is what OGC clients expect.
    return "html" if request.get_preferred_type([JSON, GEOJSON, HTML]) == HTML else "json"


def with_format(request: HttpRequest, value: str) -> str:
    """The absolute URL of this request with f set to value (other parameters kept)."""
    params = request.GET.copy()
    params["f"] = value
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
