"""GET /api/v1/search?q=: places, plans, lots and coordinates for everyone; alerts and reports for staff."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import authenticate_request
from core.errors import InvalidInput
from search import registry
from search.text import SearchText


@require_GET
def search(request: HttpRequest) -> JsonResponse:
    """The ranked results for ?q= (and ?limit=, at most 20), each with a label and where to move the map."""
    if request.headers.get("Authorization"):
        authenticate_request(request)  # API clients of staff send their token; the page sends its session
    text = SearchText.parse(request.GET.get("q"))
    hits = registry.search(text, request.user, _limit(request.GET.get("limit")))
    body = {"query": text.raw, "count": len(hits), "results": [hit.as_dict() for hit in hits]}
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"  # staff results depend on who asks
    return response


def _limit(value: str | None) -> int:
    if value is None or value == "":
        return registry.DEFAULT_LIMIT
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= registry.MAX_LIMIT:
        raise InvalidInput(
            _("limit=%(value)s is not a whole number from 1 to %(max)d.")
            % {"value": value[:20], "max": registry.MAX_LIMIT}
        )
    return int(value)
