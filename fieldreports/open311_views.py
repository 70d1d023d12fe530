"""Open311 GeoReport v2 at /open311/v2/: services, service definitions, requests (GET, POST) and tokens.

Every endpoint answers in the format its address ends with (.json or .xml) and reports failures with the
spec's error body (HTTP 404 for what does not exist, 403 for a missing or wrong api_key, 400 for any other bad
request, 429 when an abuse limit is reached). Views only read the request and call the app's functions.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from core.client_ip import client_ip
from core.errors import Forbidden, InvalidInput, IOCError, NotAuthenticated, NotFound
from fieldreports import open311_documents as documents
from fieldreports.choices import Channel
from fieldreports.handling import submit_report
from fieldreports.models import Open311Client, ReportCategory, normalize_tracking_code
from fieldreports.open311_params import filter_requests, listed_reports
from fieldreports.open311_render import FORMATS, render, render_errors
from fieldreports.ratelimit import RateLimited
from fieldreports.submission import problem_items, read_submission

type Open311View = Callable[..., HttpResponse]
TOO_BIG = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def open311(*methods: str) -> Callable[[Open311View], Open311View]:
    """Answer only the given methods, check jurisdiction_id, and turn every refusal into the spec's errors."""

    def decorator(view: Open311View) -> Open311View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, fmt: str = "xml", **kwargs: Any) -> HttpResponse:
            language = request.GET.get("locale", "")[:2]
            with translation.override(language if language in ("vi", "en") else translation.get_language()):
                try:
                    if request.method not in methods:
                        response = render_errors([(405, _("Use %(methods)s here.") % {"methods": " or ".join(
                            methods)})], fmt, 405)  # fmt: skip
                        response["Allow"] = ", ".join(methods)
                        return response
                    _check_jurisdiction(request)
                    return view(request, *args, fmt=fmt, **kwargs)
                except TOO_BIG:
                    message = _("The request is too large: at most %(n)d photos of %(mb)d MB each.") % {
                        "n": settings.FIELDREPORTS_MAX_PHOTOS,
                        "mb": settings.FIELDREPORTS_PHOTO_MAX_BYTES // 2**20,
                    }
                    return render_errors([(400, message)], fmt, 400)
                except IOCError as error:
                    return _error_response(error, fmt)

        return csrf_exempt(wrapped)  # api_key callers have no CSRF cookie; no session is ever used here

    return decorator


def _error_response(error: IOCError, fmt: str) -> HttpResponse:
    status = 403 if isinstance(error, NotAuthenticated | Forbidden) else error.status
    status = status if status in (400, 403, 404, 405, 429) else 400
    items = problem_items(error) if isinstance(error, InvalidInput) else None
    if items:
        errors = [(status, f"{item['field']}: {item['message']}" if item.get("field") else item["message"])
                  for item in items]  # fmt: skip
    else:
        errors = [(status, error.message)]
    response = render_errors(errors, fmt, status)
    if isinstance(error, RateLimited):
        response["Retry-After"] = str(error.details.get("retry_after", 60))
    return response


def _check_jurisdiction(request: HttpRequest) -> None:
    given = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or "").strip()
    if given and given != settings.OPEN311_JURISDICTION_ID:
        raise NotFound(_("jurisdiction_id '%(given)s' was not found; this endpoint serves %(ours)s.")
                       % {"given": given[:60], "ours": settings.OPEN311_JURISDICTION_ID})  # fmt: skip


@open311("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET services: the categories anyone may report in."""
    categories = ReportCategory.objects.public().prefetch_related("attributes")
    return render([documents.service(category) for category in categories], "services", fmt)


@open311("GET")
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """GET services/{service_code}: the category's questions."""
    category = ReportCategory.objects.public().filter(service_code=code).first()
    if category is None:
        raise NotFound(_("service_code '%(code)s' was not found; see services.%(fmt)s.") % {"code": code[:40],
                                                                                              "fmt": fmt})  # fmt: skip
    return render(documents.service_definition(category), "service_definition", fmt)


@open311("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET requests: the filtered list; POST requests: a new report from a client with its api_key."""
    if request.method == "POST":
        return _create(request, fmt)
    reports = filter_requests(request.GET)
    return render([documents.service_request(report, request) for report in reports], "service_requests", fmt)


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    key = (request.POST.get("api_key") or "").strip()
    client = Open311Client.objects.authenticate(key)
    if client is None:
        message = _("Invalid api_key received -- can't proceed with create_request.") if key else _(
            "api_key is missing: ask the management agency of the IOC for one.")  # fmt: skip
        raise Forbidden(message)
    submission = read_submission(request.POST, Channel.OPEN311)
    submission.client = client
    report = submit_report(submission, request.FILES.getlist("media"), ip=client_ip(request))
    return render([documents.created(report)], "service_requests", fmt)


@open311("GET")
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    """GET requests/{service_request_id}."""
    report = listed_reports().filter(pk=int(request_id)).first() if request_id.isdigit() else None
    if report is None:
        raise NotFound(_("service_request_id %(id)s was not found.") % {"id": request_id[:30]})
    return render([documents.service_request(report, request)], "service_requests", fmt)


@open311("GET")
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    """GET tokens/{token}: the tracking code shown to reporters works as the token."""
    report = listed_reports().filter(tracking_code=normalize_tracking_code(token)).first()
    if report is None:
        raise NotFound(_("token %(token)s was not found.") % {"token": token[:30]})
    return render([documents.token(report, token)], "service_requests", fmt)


@open311("GET", "POST")
def unknown(request: HttpRequest, path: str, fmt: str) -> HttpResponse:
    """Any other address under /open311/v2/: the spec's 404 body."""
    formats = ", ".join(f".{name}" for name in FORMATS)
    raise NotFound(_("There is no Open311 resource '%(path)s'; end addresses with %(formats)s.")
                   % {"path": path[:80], "formats": formats})  # fmt: skip
