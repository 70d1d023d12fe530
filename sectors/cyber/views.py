"""The cyber-security pages: the register of incidents and systems, and one incident with its timeline.

Only the leadership, the cyber-security team and the owners of affected systems get an answer; everyone else gets
the same 404 as for a page that does not exist, so not even the existence of the register leaks.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from core.errors import InvalidInput, NotFound
from sectors.cyber import access, figures
from sectors.cyber.intake import raise_incident_alert
from sectors.cyber.models import CyberIncident

# Times the team records on an incident page, in the order they happen.
STEPS = {"contain": "contained_at", "resolve": "resolved_at"}


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not access.may_enter(user):
        raise NotFound(_("This page does not exist."))
    return user


@require_safe
def register(request: HttpRequest) -> HttpResponse:
    """The incidents and systems the reader may see, with the figures computed from them."""
    user = _user(request)
    incidents = access.incidents_for(user).prefetch_related("systems")
    systems = access.systems_for(user)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "incidents": incidents[:200], "systems": systems, "today": today,
        "figures": figures.compute(incidents, systems, today), "sees_all": access.sees_all(user),
    }  # fmt: skip
    return render(request, "cyber/register.html", context)


@require_safe
def incident_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One incident: its systems, times, indicators and sightings, and a link to its alert."""
    user = _user(request)
    incident = access.incident_for(user, pk)
    context = {
        "incident": incident, "systems": incident.systems.select_related("owner"),
        "indicators": incident.indicators.all(), "sightings": incident.sightings.select_related("indicator"),
        "may_record": access.sees_all(user) and user.agency_id is not None, "steps": _open_steps(incident),
    }  # fmt: skip
    return render(request, "cyber/incident.html", context)


@require_POST
def record_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """The team records that the incident is contained or resolved (now); the alert learns of the retreat."""
    user = _user(request)
    incident = access.incident_for(user, pk)
    if step not in STEPS or not (access.sees_all(user) and user.agency_id is not None):
        raise NotFound(_("This page does not exist."))
    if step not in _open_steps(incident):
        raise InvalidInput(_("This step is already recorded."))
    now = timezone.now()
    setattr(incident, STEPS[step], now)
    if step == "resolve" and incident.contained_at is None:
        incident.contained_at = now
    incident.save(update_fields=["contained_at", "resolved_at"])
    raise_incident_alert(incident, user)
    return redirect("cyber:incident", pk=incident.pk)


def _open_steps(incident: CyberIncident) -> list[str]:
    return [step for step, name in STEPS.items() if getattr(incident, name) is None]
