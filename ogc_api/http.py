"""What every OGC API answer shares: GET only (405 in JSON otherwise), lang=, Link headers, and refusing parameters
the endpoint does not know (OGC API Features /req/core/query-param-unknown) instead of silently ignoring them.
"""

import functools
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from core.errors import InvalidInput
from ogc_api.formats import HTML, JSON, wanted, with_format

type View = Callable[..., HttpResponse]
SAFE_METHODS = ("GET", "HEAD")
COMMON_PARAMETERS = frozenset({"f", "lang"})  # every endpoint takes these


def ogc_get(view: View) -> View:
    """Serve view to GET and HEAD only, in the language lang= asks for, with self and alternate Link headers."""
    return ogc_methods(*SAFE_METHODS)(view)


def ogc_methods(*allowed: str) -> Callable[[View], View]:
    """As ogc_get, for the methods given (a job's DELETE): any other is a 405 in JSON naming them."""

    def decorator(view: View) -> View:
        # The GETs are read-only, and a view taking another method checks the caller's CSRF token itself
        # (accounts.permissions.authenticate_request); Django's page would turn a 405 into a 403.
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: str, **kwargs: str) -> HttpResponse:
            if request.method not in allowed:
                return method_not_allowed(request, allowed)
            language = _language(request.GET.get("lang"))
            if language is None:
                return _with_links(request, view(request, *args, **kwargs))
            with translation.override(language):
                response = _with_links(request, view(request, *args, **kwargs))
            response["Content-Language"] = language
            patch_vary_headers(response, ["Accept-Language"])
            return response

        return wrapper

    return decorator


def method_not_allowed(request: HttpRequest, allowed: Iterable[str]) -> HttpResponse:
    """A 405 in JSON naming the methods the path allows."""
    methods = ", ".join(allowed)
    body = {"error": "method_not_allowed", "message": _("%(method)s is not allowed here; use %(allowed)s.")
            % {"method": request.method, "allowed": methods}}  # fmt: skip
    response = JsonResponse(body, status=405, json_dumps_params={"ensure_ascii": False})
    response["Allow"] = methods
    return response


def _language(value: str | None) -> str | None:
    """The site language lang= names (its primary tag: en-GB is en), or None to keep Accept-Language's choice."""
    if not value:
        return None
    codes = {code for code, _name in settings.LANGUAGES}
    for tag in value.split(","):
        code = tag.split(";")[0].strip().lower().split("-")[0]
        if code in codes:
            return code
    return None


def _with_links(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Add the self and alternate Link headers (RFC 8288) unless the view wrote its own."""
    if response.status_code == 200 and not response.has_header("Link"):
        response["Link"] = link_header(request, self_type=_media_type(response))
    return response


def _media_type(response: HttpResponse) -> str:
    return (response.get("Content-Type") or JSON).split(";")[0].strip()


def link_header(request: HttpRequest, self_type: str, *extra: tuple[str, str, str]) -> str:
    """The Link header value: this representation as self, the other (JSON or HTML) as alternate, then extra."""
    current = wanted(request) if request.GET.get("f") in (None, "json", "geojson", "html") else "json"
    other, other_type = ("json", JSON) if current == "html" else ("html", HTML)
    links = [(with_format(request, current), "self", self_type), (with_format(request, other), "alternate", other_type),
             *extra]  # fmt: skip
    return ", ".join(f'<{href}>; rel="{rel}"; type="{media}"' for href, rel, media in links)


def refuse_unknown(request: HttpRequest, known: Iterable[str], hint: str = "") -> None:
    """Raise InvalidInput naming the first query parameter that is neither common nor in known."""
    allowed = COMMON_PARAMETERS | set(known)
    for name in request.GET:
        if name not in allowed:
            message = _("%(name)s is not a parameter of this request.") % {"name": name[:60]}
            raise InvalidInput(f"{message} {hint}".strip(), parameter=name[:60])
