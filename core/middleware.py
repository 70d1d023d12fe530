"""Turn the project's exceptions into JSON error responses, in one place."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from core.errors import IOCError


class ErrorResponseMiddleware:
    """Answer an IOCError with its status and a JSON body {"error", "message", ...details}."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, IOCError):
            return None
        body = {"error": exception.code, "message": exception.message, **exception.details}
        response = JsonResponse(body, status=exception.status, json_dumps_params={"ensure_ascii": False})
        if exception.status == 401:
            response["WWW-Authenticate"] = 'Token realm="ioc"'
        return response
