"""JSON endpoints of agencies: the public directory. The contacts, for entitled callers, are accounts' (it checks
the caller's role: accounts.views.agency_contacts)."""

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agencies.models import Agency, AgencyQuerySet, Sector
from agencies.serializers import agency_public
from core.errors import InvalidInput, NotFound
from gis_core.models import AdminUnit


def _json(body: dict[str, Any]) -> JsonResponse:
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _directory() -> AgencyQuerySet:
    units = Prefetch("units", queryset=AdminUnit.objects.only("id", "code"))
    return Agency.objects.active().prefetch_related("sectors", units)


def active_agency(code: str) -> Agency:
    """The active agency with that code, with its sectors and units; NotFound says where the codes are."""
    agency = _directory().filter(code=code).first()
    if agency is None:
        raise NotFound(_("No active agency has the code %(code)s; see /api/v1/agencies for the list.") % {"code": code})
    return agency


@require_GET
def agency_list(request: HttpRequest) -> JsonResponse:
    """List active agencies (public), optionally only one kind or one sector."""
    agencies = _directory()
    kind = request.GET.get("kind")
    if kind is not None:
        if kind not in Agency.Kind.values:
            allowed = ", ".join(Agency.Kind.values)
            raise InvalidInput(
                _("Unknown kind '%(kind)s'; use one of: %(allowed)s.") % {"kind": kind, "allowed": allowed}
            )
        agencies = agencies.filter(kind=kind)
    sector = request.GET.get("sector")
    if sector is not None:
        if not Sector.objects.filter(code=sector).exists():
            raise InvalidInput(
                _("Unknown sector '%(sector)s'; see the sector codes in this list.") % {"sector": sector}
            )
        agencies = agencies.filter(sectors__code=sector)
    return _json({"agencies": [agency_public(agency) for agency in agencies]})


@require_GET
def agency_detail(request: HttpRequest, code: str) -> JsonResponse:
    """Describe one agency (public part)."""
    return _json(agency_public(active_agency(code)))
