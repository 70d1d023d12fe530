"""Who may see cyber-security data: the leadership, the provincial cyber-security team, and each system's owner.

The same audience is written into every incident alert (details["restricted_to"]) so that the alerts engine's one
rule on restricted alerts (alerts.models.restricted_alerts_rule) shows the alert to exactly these people.
"""

from typing import Any

from django.conf import settings

from agencies.models import Agency
from alerts.api import sees_all_restricted
from core.errors import NotFound
from sectors.cyber.models import CyberIncident, IncidentQuerySet, InformationSystem, SystemQuerySet


def team_agency() -> Agency | None:
    """The agency of the provincial cyber-security team, if it exists."""
    return Agency.objects.filter(code=settings.CYBER_TEAM_AGENCY).first()


def sees_all(user: Any) -> bool:
    """Whether the user sees every system and incident: the leadership and the cyber-security team."""
    if sees_all_restricted(user):
        return True
    agency_id = getattr(user, "agency_id", None) if user is not None and user.is_authenticated else None
    return agency_id is not None and Agency.objects.filter(pk=agency_id, code=settings.CYBER_TEAM_AGENCY).exists()


def may_enter(user: Any) -> bool:
    """Whether the user may open the cyber pages at all (sees something or owns a system)."""
    if sees_all(user):
        return True
    agency_id = getattr(user, "agency_id", None) if user is not None and user.is_authenticated else None
    return agency_id is not None and InformationSystem.objects.filter(owner_id=agency_id).exists()


def systems_for(user: Any) -> SystemQuerySet:
    """Systems the user may see: all for the leadership and the team, their agency's for an owner, else none."""
    systems: SystemQuerySet = InformationSystem.objects.select_related("owner")
    if sees_all(user):
        return systems
    if user is None or not user.is_authenticated or getattr(user, "agency_id", None) is None:
        return systems.none()
    return systems.filter(owner_id=user.agency_id)


def incidents_for(user: Any) -> IncidentQuerySet:
    """Incidents the user may see: all for the leadership and the team, those on their agency's systems, else none."""
    incidents: IncidentQuerySet = CyberIncident.objects.all()
    if sees_all(user):
        return incidents
    if user is None or not user.is_authenticated or getattr(user, "agency_id", None) is None:
        return incidents.none()
    return incidents.filter(pk__in=CyberIncident.objects.filter(systems__owner_id=user.agency_id).values("pk"))


def incident_for(user: Any, pk: int) -> CyberIncident:
    """The incident if the user may see it; NotFound otherwise (never Forbidden: its existence is confidential)."""
    incident = incidents_for(user).filter(pk=pk).first()
    if incident is None:
        raise NotFound("No such incident.")
    return incident


def audience_agencies(incident: CyberIncident) -> list[Agency]:
    """The agencies an incident's alert is restricted and routed to: the systems' owners, then the team."""
    agencies = list(Agency.objects.filter(pk__in=incident.agency_ids()).order_by("name"))
    team = team_agency()
    if team is not None and team not in agencies:
        agencies.append(team)
    return agencies
