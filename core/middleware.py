"""Turn the project's exceptions into responses in one place: JSON for API callers, a page for a browser."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from core import error_pages
from core.errors import InvalidInput, IOCError
from core.json_body import refuse_control_characters


class ErrorResponseMiddleware:
    """Answer an IOCError with its status: a JSON body {"error", "message", ...details}, or a page for a browser."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return error_response(request, exception) if isinstance(exception, IOCError) else None


def error_response(request: HttpRequest, exception: IOCError) -> HttpResponse:
    """Answer an IOCError with its status: a page in the site's layout for a browser, else JSON."""
    if error_pages.wants_html(request):
        return error_pages.error_page(request, exception)
    body = {"error": exception.code, "message": exception.message, **exception.details}
    response = JsonResponse(body, status=exception.status, json_dumps_params={"ensure_ascii": False})
    if exception.status == 401:
        response["WWW-Authenticate"] = 'Token realm="ioc"'
    return response


class ControlCharacterMiddleware:
    """Refuse (400) a NUL or another control character in a query string or a form body, wherever it comes in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            self._check(request)
        except InvalidInput as error:
            return error_response(request, error)
        return self.get_response(request)

    @staticmethod
    def _check(request: HttpRequest) -> None:
        forms = [request.GET]
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            forms.append(request.POST)
        for form in forms:
            for name, values in form.lists():
                refuse_control_characters(name, _("A parameter name"))
                for value in values:
                    refuse_control_characters(value, name[:60])
