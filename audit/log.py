"""Writing the audit log: `record(kind, …)` from anywhere; who and from where come from the current request."""

import contextvars
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from audit.models import AuditEntry, Kind
from core.client_ip import client_ip

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("audit_request", default=None)


class CurrentRequestMiddleware:
    """Remember the request being served, so model signals (role changes, admin log entries) know who and where."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def current_request() -> HttpRequest | None:
    """The request being served in this thread, if any (None in commands and workers)."""
    return _current_request.get()


def record(
    kind: Kind,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    target: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry; the user defaults to the request's, the address is always the request's (core/client_ip)."""
    request = request if request is not None else current_request()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    account = user if user is not None and getattr(user, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        kind=kind,
        user=account,
        username=(account.get_username() if account is not None else username)[:150],
        target=str(target)[:300],
        details=details or {},
        ip=(client_ip(request) or None) if request is not None else None,
    )


def record_export(request: HttpRequest, what: str, **details: Any) -> AuditEntry:
    """Record one export (a file or table taken out of the platform) by the caller of the request."""
    return record(Kind.EXPORT, request=request, target=what, details=details)
