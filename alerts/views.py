"""The alert pages: the operators' console, the agencies' inbox, an alert's page with its actions, and its files.

Views read the request and call the model; which actions a user sees comes from alerts.actions (the steps'
own table), and a posted action runs the API's handler for it, so the page cannot do what the API would refuse.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from accounts.permissions import has_permission, require_permission
from agencies.models import Agency, Sector
from alerts import actions, evidence, places, quick_report, routing, rule_engines, transitions
from alerts.api_views import ACTIONS as API_ACTIONS
from alerts.choices import OPEN_STATES, ProcedureName, State
from alerts.citizen_reports import photo_of_alert, photos_by_alert, reports_of_alert
from alerts.deadlines import deadlines
from alerts.models import Alert, AlertEvent, AlertQuerySet, AlertRule
from alerts.report_models import Evidence, QuickReport
from core.error_pages import forbidden_reason, page_view
from core.errors import Conflict, Forbidden, InvalidInput
from core.images import safe_file_name, thumbnail
from core.models import WorkerHeartbeat
from gis_core.models import AdminUnit
from portal.map_config import DEFAULT_LAYERS, MapOptions, Overlay

LOTS_SHOWN = 30
INBOX_SIZE = 200
PHOTO_THUMBNAIL_SIDE = 320
INBOX_PHOTOS = 4  # thumbnails on one inbox card; the alert's page shows them all


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required has checked it
    return request.user


def _visible(user: User, pk: int) -> Alert:
    alert = Alert.objects.visible_to(user).select_related("sector", "lead_agency", "rule").filter(pk=pk).first()
    if alert is None:
        raise Http404(_("No alert #%(id)s is visible to you.") % {"id": pk})
    return alert


# ---- The operators' console ---------------------------------------------------------------------------------


@require_safe
@login_required
@page_view
def console(request: HttpRequest) -> HttpResponse:
    """Full-screen map and list of alerts with filters, refreshed from the API without reloading."""
    require_permission(request.user, "alerts.operate")
    options = MapOptions(layers=(*DEFAULT_LAYERS, *sorted(hazard_layers())), popups=False)
    config = {
        "api": reverse("alerts_api:list"),
        "page": reverse("alerts:detail", args=[0]).replace("/0/", "/{id}/"),
        "pollSeconds": _poll_seconds(),
        "labels": {
            "overdue": _("Overdue"), "immediate": _("Immediate"),
            "none": _("No alert matches the filters."), "updated": _("Updated %(time)s"),
            "failed": _("The alerts could not be read: %(reason)s"), "count": _("%(n)s alerts"),
            "open": _("Show on the map"), "map": _("Map"), "new": _("New"), **live_labels(),
            "undelivered": _("Not delivered, nobody could receive:"),
        },
    }  # fmt: skip
    states = [state for value in request.GET.getlist("state") for state in value.split(",") if state]
    context = {
        "map_options": options, "config": config, "filters": _filter_choices(), "params": request.GET,
        "states_selected": states, "stale_workers": list(WorkerHeartbeat.objects.stale(timezone.now())),
    }  # fmt: skip
    return render(request, "alerts/console.html", context)


def hazard_layers() -> set[str]:
    """The catalogue layers the active rules read: the hazards drawn under the alerts."""
    slugs: set[str] = set()
    for rule in AlertRule.objects.filter(is_active=True):
        slugs |= rule_engines.input_layers(rule)
    return slugs


def _filter_choices() -> dict[str, Any]:
    return {
        "states": State.choices,
        "procedures": ProcedureName.choices,
        "sectors": Sector.objects.filter(is_active=True).order_by("number", "name"),
        "units": AdminUnit.objects.order_by("name").only("code", "name", "kind"),
        "agencies": Agency.objects.active().filter(kind=Agency.Kind.PROCESSING).order_by("name"),
    }


def live_labels() -> dict[str, str]:
    """Texts alerts/static/alerts/live.js writes: the time left it recounts and the agency pickers' search."""
    return {"left": _("%(time)s left"), "late": _("overdue by %(time)s"), "find": _("Find an agency by name"),
            "found": _("%(n)s agencies match")}  # fmt: skip


def _poll_seconds() -> int:
    return int(settings.ALERTS_CONSOLE_POLL_SECONDS)


# ---- The agencies' inbox -----------------------------------------------------------------------------------


@require_safe
@login_required
@page_view
def inbox(request: HttpRequest) -> HttpResponse:
    """The alerts routed to the officer's agency, as lead or coordinating, open ones first by deadline."""
    require_permission(request.user, "alerts.process")
    user = _user(request)
    alerts = _inbox(Alert.objects.visible_to(user), user.agency_id)
    photos = photos_by_alert(alert.pk for alert in alerts)
    cards = [{"alert": alert, "lead": alert.lead_agency_id == user.agency_id, "deadlines": deadlines(alert),
              "photos": photos.get(alert.pk, [])[:INBOX_PHOTOS]} for alert in alerts]  # fmt: skip
    context = {"cards": cards, "agency": user.agency, "poll_seconds": _poll_seconds(), "live_labels": live_labels()}
    template = "alerts/includes/inbox_list.html" if request.GET.get("partial") else "alerts/inbox.html"
    return render(request, template, context)


def _inbox(alerts: AlertQuerySet, agency_id: int | None) -> list[Alert]:
    ordered = alerts.annotate(
        closed=Case(When(state__in=sorted(OPEN_STATES), then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("closed", "deadline_at", "-appeared_at")
    return list(ordered.with_undelivered().select_related("lead_agency").prefetch_related("units")[:INBOX_SIZE])


# ---- One alert ---------------------------------------------------------------------------------------------


@require_safe
@login_required
@page_view
def alert_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An alert: place, units and lots, routing, deadlines, timeline, files, and the actions open to the user."""
    require_permission(request.user, "alerts.view")
    return _render_alert(request, _visible(_user(request), pk))


def _render_alert(
    request: HttpRequest, alert: Alert, failed: str = "", error: str = "", status: int = 200
) -> HttpResponse:
    user = _user(request)
    events = list(AlertEvent.objects.filter(alert=alert).order_by("seq"))
    names = _agency_names_by_code(events)
    files = list(Evidence.objects.filter(alert=alert).order_by("uploaded_at", "id"))
    by_event: dict[int | None, list[Evidence]] = {}
    for item in files:
        by_event.setdefault(item.event_id, []).append(item)
    proposal = routing.propose(alert) if alert.is_open and has_permission(user, "alerts.operate") else None
    overlay = Overlay(url=reverse("alerts_api:detail", args=[alert.pk]), title=_("This alert"), key="alert",
                      fit=True)  # fmt: skip
    context = {
        "alert": alert,
        "map_options": MapOptions(overlays=[overlay]),
        "units": alert.units.order_by("code"),
        "lots": places.lots_reached(alert, LOTS_SHOWN),
        "lots_count": places.lots_count(alert),
        "proposal": proposal,
        "deadlines": deadlines(alert),
        "timeline": [(event, by_event.get(event.pk, []), _agency_names(event, names)) for event in events],
        "citizen_reports": reports_of_alert(alert.pk, user),
        "files": files,
        "reports": alert.quick_reports.order_by("-created_at"),
        "action_forms": [
            {
                "action": action,
                "values": request.POST if action.name == failed else {},
                "error": error if action.name == failed else "",
            }
            for action in actions.available(alert, user)
        ],
        "error": error,
        "choices": _action_choices(alert, proposal),
        "is_lead": user.agency_id is not None and user.agency_id == alert.lead_agency_id,
        "poll_seconds": _poll_seconds(),
        "live_labels": live_labels(),
        "is_operator": has_permission(user, "alerts.operate"),
    }
    return render(request, "alerts/alert.html", context, status=status)


def _agency_names_by_code(events: list[AlertEvent]) -> dict[str, str]:
    """The names of the agencies the events name by code (forwarding records codes)."""
    codes = {code for event in events for code in [event.data.get("lead_agency"), *_codes(event)] if code}
    return dict(Agency.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}


def _codes(event: AlertEvent) -> list[str]:
    value = event.data.get("coordinating_agencies") or []
    return [str(code) for code in value] if isinstance(value, list) else []


def _agency_names(event: AlertEvent, names: dict[str, str]) -> dict[str, Any]:
    """An event's lead and coordinating agencies by name (a code no longer known is shown as recorded)."""
    lead = event.data.get("lead_agency")
    return {
        "lead": names.get(str(lead), str(lead)) if lead else "",
        "coordinating": [names.get(code, code) for code in _codes(event)],
    }


def _action_choices(alert: Alert, proposal: routing.RoutingProposal | None) -> dict[str, Any]:
    return {
        "agencies": Agency.objects.active().filter(kind=Agency.Kind.PROCESSING).order_by("name"),
        "sectors": Sector.objects.filter(is_active=True).order_by("number", "name"),
        "procedures": [(value, label) for value, label in ProcedureName.choices if value != alert.procedure],
        "lead": proposal.lead.code if proposal and proposal.lead else "",
        "coordinating": [agency.code for agency in proposal.coordinating] if proposal else [],
    }


@require_POST
@login_required
@page_view
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one step from the alert's page; on a refusal the page comes back with the message and the form."""
    require_permission(request.user, "alerts.view")
    user = _user(request)
    alert = _visible(user, pk)
    if action not in actions.BY_NAME:
        raise Http404(action)
    try:
        _take(request, alert, user, action)
    except (InvalidInput, Conflict, Forbidden) as exc:
        return _render_alert(request, alert, failed=action, error=exc.message, status=exc.status)
    messages.success(request, _("Done: %(action)s.") % {"action": actions.BY_NAME[action].label})
    if not Alert.objects.visible_to(user).filter(pk=pk).exists():
        return redirect("alerts:inbox")  # an agency that refused no longer sees the alert
    return redirect("alerts:detail", pk=pk)


def _take(request: HttpRequest, alert: Alert, user: User, action: str) -> None:
    if action == "quick-report":
        quick_report.create([alert], user)
        return
    if action in ("resolve", "note"):
        files = evidence.check_files(request.FILES.getlist("files"))
        body = actions.form_body(request.POST)
        if action == "resolve":
            references = [line.strip() for line in request.POST.get("references", "").splitlines() if line.strip()]
            extra = [{"title": _("Document %(ref)s") % {"ref": ref}, "reference": ref} for ref in references]
            evidence.attach(
                alert, user, files, lambda items: alert.resolve(user, body.get("result", ""), items + extra)
            )
        else:
            evidence.attach(alert, user, files, lambda _items: alert.add_note(user, body.get("text", "")))
        return
    permission, handler = API_ACTIONS[action]
    if not (has_permission(user, permission) or transitions.acts_as_ioc(alert, user, action)):
        raise Forbidden(forbidden_reason(request, permission), permission=permission)
    handler(alert, user, actions.form_body(request.POST))


@require_POST
@login_required
@page_view
def quick_report_selection(request: HttpRequest) -> HttpResponse:
    """A quick report on the alerts ticked in the console."""
    require_permission(request.user, "alerts.operate")
    user = _user(request)
    ids = [int(value) for value in request.POST.getlist("alert") if value.isdigit()]
    alerts = list(Alert.objects.visible_to(user).filter(pk__in=ids).order_by("pk"))
    try:
        report = quick_report.create(alerts, user)
    except (InvalidInput, Forbidden) as exc:
        messages.error(request, exc.message)
        return redirect("alerts:console")
    messages.success(request, _("The quick report was sent to the province: %(title)s") % {"title": report.title})
    return redirect("alerts:report", pk=report.pk)


# ---- Files -------------------------------------------------------------------------------------------------


@require_safe
@login_required
@page_view
def evidence_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """An evidence file (or its thumbnail) for those who may see its alert."""
    require_permission(request.user, "alerts.view")
    item = Evidence.objects.select_related("alert").filter(name=name).first()
    if item is None or not Alert.objects.visible_to(_user(request)).filter(pk=item.alert_id).exists():
        raise Http404(name)
    thumb = bool(request.GET.get("thumbnail")) and bool(item.thumbnail)
    stem, extension = item.name.rsplit(".", 1)
    response = FileResponse(
        evidence.open_file(item, thumb), content_type="image/jpeg" if thumb else item.content_type,
        as_attachment=item.kind == Evidence.Kind.PDF,
        # Named for what it is: a photo uploaded as "x.html" downloads as "x.jpg".
        filename=safe_file_name(item.original_name, stem, "jpg" if thumb else extension),
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_safe
@login_required
@page_view
def report_photo(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """A citizen's photo of a field report behind the alert (or ?thumbnail=1), for those who may see the alert."""
    require_permission(request.user, "alerts.view")
    _visible(_user(request), pk)
    photo = photo_of_alert(pk, name)
    if photo is None:
        raise Http404(name)
    with photo.file.open("rb") as stored:
        content = stored.read()
    content_type = photo.content_type
    if request.GET.get("thumbnail"):  # made when asked: the photo was checked by content when it was sent
        content, content_type = thumbnail(content, PHOTO_THUMBNAIL_SIDE), "image/jpeg"
    response = HttpResponse(content, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_safe
@login_required
@page_view
def report_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A quick report's PDF (or ?map=1 its map image), for those who may see every alert it covers."""
    require_permission(request.user, "alerts.view")
    report = QuickReport.objects.filter(pk=pk).first()
    covered = Alert.objects.filter(quick_reports=pk)
    if report is None or Alert.objects.visible_to(_user(request)).filter(quick_reports=pk).count() < covered.count():
        raise Http404(str(pk))
    if request.GET.get("map") and report.map_image:
        return FileResponse(report.map_image.open("rb"), content_type="image/png")
    return FileResponse(report.file.open("rb"), content_type="application/pdf", filename=report.filename)
