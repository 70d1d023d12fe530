"""The cyber-security API: the SOC's webhook (JSON incident or STIX 2.1 bundle) and the register for those allowed."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import acting_user, permission_required, require_permission
from core.json_body import parse_json_object
from sectors.cyber import access
from sectors.cyber.intake import read_report, record
from sectors.cyber.models import incident_fields
from sectors.cyber.stix import MAX_BUNDLE_BYTES, import_bundle

JSON = {"ensure_ascii": False}


@require_POST
@permission_required("alerts.submit")
def incidents_in(request: HttpRequest) -> JsonResponse:
    """POST /api/v1/cyber/incidents: one incident as JSON, or a STIX 2.1 bundle; the cyber team's systems only."""
    user = acting_user(request)
    require_permission(user, "alerts.submit", access.team_agency())
    body = parse_json_object(request.body, max_bytes=MAX_BUNDLE_BYTES)
    if body.get("type") == "bundle":
        result = import_bundle(request.body, actor=user)
        created = any(result.incidents.values())
        answer = {"incidents": result.incidents, "indicators": result.indicators, "sightings": result.sightings}
        return JsonResponse(answer, status=201 if created else 200, json_dumps_params=JSON)
    incident, created = record(read_report(body), user)
    return JsonResponse(incident_fields(incident), status=201 if created else 200, json_dumps_params=JSON)


@require_GET
@permission_required("alerts.view")
def incidents_out(request: HttpRequest) -> JsonResponse:
    """GET /api/v1/cyber/incidents: the incidents the caller may see (none for everyone else)."""
    incidents = access.incidents_for(acting_user(request)).prefetch_related("systems")[:500]
    return JsonResponse({"incidents": [incident_fields(i) for i in incidents]}, json_dumps_params=JSON)


@require_GET
@permission_required("alerts.view")
def systems_out(request: HttpRequest) -> JsonResponse:
    """GET /api/v1/cyber/systems: the information systems the caller may see."""
    rows = [
        {
            "code": s.code, "name": s.name, "owner": s.owner.code, "hosting": s.hosting,
            "security_level": s.security_level, "level_dossier_approved": s.level_dossier_approved,
            "last_assessed_on": s.last_assessed_on,
        }
        for s in access.systems_for(acting_user(request))
    ]  # fmt: skip
    return JsonResponse({"systems": rows}, json_dumps_params=JSON)
