"""The alerts API: list and detail as GeoJSON, manual and system creation, one POST endpoint per transition.

Views only read the request and call the model; the model checks states and the actor's rights.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.permissions import (
    acting_user,
    authenticate_request,
    has_permission,
    login_or_token_required,
    require_permission,
)
from alerts import api_input as read
from alerts import cap, routing, transitions
from alerts.choices import Source
from alerts.intake import AlertInput, raise_alert
from alerts.models import Alert, AlertEvent, AlertQuerySet
from alerts.serializers import alert_feature, event_dict
from core.errors import InvalidInput, NotAuthenticated, NotFound

# Until accounts.permissions has "alerts.submit", trusted systems raise alerts with the data-push permission.
SUBMIT_PERMISSION = "alerts.submit"
SYSTEM_SOURCES = frozenset(Source) - {Source.MANUAL}


def _json(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _alerts() -> AlertQuerySet:
    return (
        Alert.objects.with_undelivered()
        .select_related("sector", "lead_agency", "rule")
        .prefetch_related("units", "coordinating_agencies")
    )


def _visible_alert(user: User, pk: int) -> Alert:
    alert = _alerts().visible_to(user).filter(pk=pk).first()
    if alert is None:
        raise NotFound(_("No alert #%(id)s is visible to you.") % {"id": pk})
    return alert


@require_http_methods(["GET", "POST"])
@login_or_token_required
def alert_collection(request: HttpRequest) -> JsonResponse:
    """GET: list alerts as a GeoJSON FeatureCollection (filters); POST: an operator enters an alert by hand."""
    user = acting_user(request)
    if request.method == "POST":
        require_permission(user, "alerts.operate")
        alert, _created = raise_alert(_alert_input(read.json_body(request), Source.MANUAL), user)
        return _json(alert_feature(alert), status=201)
    require_permission(user, "alerts.view")
    alerts = read.filter_alerts(_alerts().visible_to(user), request.GET)
    limit, offset = read.page(request.GET)
    total = alerts.count()
    features = [alert_feature(alert) for alert in alerts.order_by("-appeared_at", "-id")[offset : offset + limit]]
    return _json({"type": "FeatureCollection", "count": total, "limit": limit, "offset": offset, "features": features})


@require_POST
@login_or_token_required
def alert_submit(request: HttpRequest) -> JsonResponse:
    """A trusted system raises (or, with the same external_ref, updates) an alert with its API token."""
    if getattr(request, "auth_token", None) is None:
        raise NotAuthenticated(
            _("Systems send alerts with 'Authorization: Token <secret>'; operators use POST /api/v1/alerts.")
        )
    user = acting_user(request)
    require_permission(user, SUBMIT_PERMISSION)
    body = read.json_body(request)
    source = read.text(body, "source")
    if source not in SYSTEM_SOURCES:
        allowed = ", ".join(sorted(SYSTEM_SOURCES))
        raise InvalidInput(_("'source' must be one of: %(allowed)s.") % {"allowed": allowed})
    data = _alert_input(body, source)
    data.external_ref = read.text(body, "external_ref").strip()[:200]
    alert, created = raise_alert(data, user)
    return _json(alert_feature(alert), status=201 if created else 200)


@require_GET
@login_or_token_required
def alert_detail(request: HttpRequest, pk: int) -> JsonResponse:
    """One alert with its whole event history; operators also see the routing proposal."""
    user = acting_user(request)
    require_permission(user, "alerts.view")
    alert = _visible_alert(user, pk)
    body = alert_feature(alert)
    events = AlertEvent.objects.filter(alert=alert).order_by("seq")
    body["properties"]["events"] = [event_dict(event) for event in events]
    if has_permission(user, "alerts.operate") and alert.is_open:
        body["properties"]["routing_proposal"] = routing.propose(alert).as_dict()
    return _json(body)


@require_GET
def alert_cap(request: HttpRequest, pk: int) -> HttpResponse:
    """The alert as a CAP 1.2 message: public alerts for anyone, the others for those who may see them."""
    alert = _alerts().filter(pk=pk).first()
    if alert is None or not alert.is_public:
        authenticate_request(request)
        user = acting_user(request)
        require_permission(user, "alerts.view")
        alert = _visible_alert(user, pk)
    return HttpResponse(cap.message(alert), content_type=cap.CONTENT_TYPE)


def _alert_input(body: dict[str, Any], source: str) -> AlertInput:
    details = body.get("details", {})
    if not isinstance(details, dict):
        raise InvalidInput(_("'details' must be a JSON object."))
    return AlertInput(
        title=read.text(body, "title"), source=source, category=read.text(body, "category") or "other",
        severity=read.text(body, "severity") or "moderate", sector=read.sector(body.get("sector")),
        geom=read.geometry(body.get("geometry")), description=read.text(body, "description"), details=details,
        procedure=read.text(body, "procedure"), procedure_reason=read.text(body, "procedure_reason"),
        observed_at=read.instant(body, "observed_at"), inter_sector=body.get("inter_sector") is True,
    )  # fmt: skip


# ---- Transitions: one endpoint each, named in ACTIONS ------------------------------------------------------------

type Handler = Callable[[Alert, User, dict[str, Any]], AlertEvent]


def _forward(alert: Alert, user: User, body: dict[str, Any]) -> AlertEvent:
    return alert.forward(
        user, read.agency(body.get("lead_agency")), coordinating=read.agencies(body.get("coordinating_agencies")),
        sector=read.sector(body.get("sector")), message=read.text(body, "message"), reason=read.text(body, "reason"),
        phone_call=read.phone_call(body),
    )  # fmt: skip


def _evidence(body: dict[str, Any]) -> list[Any]:
    evidence = body.get("evidence", [])
    if not isinstance(evidence, list):
        raise InvalidInput(_('\'evidence\' is a list of {"title", "url" or "reference"} objects.'))
    return evidence


# Action name -> (permission checked before the model's own checks, handler).
ACTIONS: dict[str, tuple[str, Handler]] = {
    "verify": ("alerts.operate", lambda a, u, b: a.verify(u, read.text(b, "note"))),
    "reject": ("alerts.operate", lambda a, u, b: a.reject(u, read.text(b, "reason"))),
    "forward": ("alerts.operate", _forward),
    "change-procedure": (
        "alerts.operate", lambda a, u, b: a.change_procedure(u, read.text(b, "procedure"), read.text(b, "reason"))
    ),
    "grant-extension": (
        "alerts.operate", lambda a, u, b: a.grant_extension(u, read.instant(b, "until"), read.text(b, "reason"))
    ),
    "deny-extension": ("alerts.operate", lambda a, u, b: a.deny_extension(u, read.text(b, "reason"))),
    "confirm": ("alerts.operate", lambda a, u, b: a.confirm(u, read.text(b, "note"))),
    "return-for-rework": ("alerts.operate", lambda a, u, b: a.return_for_rework(u, read.text(b, "reason"))),
    "accept": ("alerts.process", lambda a, u, b: a.accept(u, read.text(b, "note"))),
    "refuse": ("alerts.process", lambda a, u, b: a.refuse(u, read.text(b, "reason"), read.phone_call(b))),
    "request-extension": (
        "alerts.process",
        lambda a, u, b: a.request_extension(u, read.instant(b, "until", required=True), read.text(b, "reason")),  # type: ignore[arg-type]
    ),
    "resolve": ("alerts.process", lambda a, u, b: a.resolve(u, read.text(b, "result"), _evidence(b))),
    "note": ("alerts.view", lambda a, u, b: a.add_note(u, read.text(b, "text"))),
}  # fmt: skip


@require_POST
@login_or_token_required
def alert_action(request: HttpRequest, pk: int, action: str) -> JsonResponse:
    """Apply one transition; 409 when the alert has moved on, 400 with what to fix on bad input."""
    user = acting_user(request)
    permission, handler = ACTIONS[action]
    if not has_permission(user, permission):
        # Only who acts as the IOC on a restricted alert (its steward) takes an IOC step without that permission.
        seen = Alert.objects.visible_to(user).filter(pk=pk).first() if user.is_authenticated else None
        if seen is None or not transitions.acts_as_ioc(seen, user, action):
            require_permission(user, permission)
    alert = _visible_alert(user, pk)
    event = handler(alert, user, read.json_body(request))
    # Not filtered by visibility again: an agency that refused no longer sees the alert, yet gets the answer.
    return _json({"event": event_dict(event), "alert": alert_feature(_alerts().get(pk=pk))})
