"""Routing proposals: the unit decides the responsible People's Committee, the sector the provincial department.

Each unit the alert touches proposes its People's Committee (Agency.objects.responsible_for); the most affected
unit's committee leads and the others coordinate. The routing table (alerts.models.SectorRoute, edited in the
admin) names the sector's provincial department, which coordinates, or leads where the table says so. An
inter-sector alert, or one nobody is competent for, waits for the management agency (Articles 8.5 and 9.8).
Routing only proposes; the operator confirms or changes it at the forwarding step, with a reason when changed.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.gis.db.models.functions import Area, Intersection

from agencies.models import Agency, AgencyQuerySet
from alerts.route_models import SectorRoute
from gis_core.models import AdminUnit

if TYPE_CHECKING:
    from agencies.models import Sector
    from alerts.models import Alert


@dataclass
class RoutingProposal:
    """The proposed lead and coordinating agencies, the other candidates, and whether the province must decide."""

    lead: Agency | None
    coordinating: list[Agency] = field(default_factory=list)
    alternatives: list[Agency] = field(default_factory=list)
    needs_management_decision: bool = False
    department: Agency | None = None  # named by the routing table

    def matches(self, lead: Agency, coordinating: list[Agency]) -> bool:
        """Whether the operator's choice is the proposal unchanged."""
        chosen = {agency.pk for agency in coordinating}
        return self.lead is not None and lead.pk == self.lead.pk and chosen == {a.pk for a in self.coordinating}

    def as_dict(self) -> dict[str, Any]:
        return {
            "lead": self.lead.code if self.lead else None,
            "coordinating": [agency.code for agency in self.coordinating],
            "alternatives": [agency.code for agency in self.alternatives],
            "needs_management_decision": self.needs_management_decision,
            "department": self.department.code if self.department else None,
        }


def ranked_units(alert: "Alert") -> list[AdminUnit]:
    """The units the alert touches, the rule finding's unit first, then the most affected (shared area, code)."""
    units = alert.units.all()
    if alert.geom is not None and alert.geom.dims == 2:
        units = units.annotate(shared=Area(Intersection("geom", alert.geom))).order_by("-shared", "code")
    else:
        units = units.order_by("code")
    ranked = list(units)
    ranked.sort(key=lambda unit: unit.pk != alert.dedup_unit_id)  # stable: the rest keep their order
    return ranked


def propose(alert: "Alert", sector: "Sector | None" = None) -> RoutingProposal:
    """Propose who handles the alert: each touched unit's committee and the sector's routed department."""
    sector = sector or alert.sector
    route = SectorRoute.objects.for_alert(sector, alert.category)
    department = route.department if route is not None else None
    department_leads = route is not None and route.department_leads
    units = ranked_units(alert)
    if not units:
        candidates = _unique([*([department] if department else []), *_province_wide(sector)])
        lead = candidates[0] if candidates else None
        return RoutingProposal(lead, [], candidates[1:], alert.inter_sector or lead is None, department)
    per_unit = [Agency.objects.responsible_for(unit, sector).first() for unit in units]
    committees = _unique([agency for agency in per_unit if agency is not None])
    if department is not None and (department_leads or per_unit[0] is None):
        lead, coordinating = department, [agency for agency in committees if agency != department]
    else:
        lead = per_unit[0]
        others = [*committees, *([department] if department else [])]
        coordinating = _unique([agency for agency in others if agency != lead])
    taken = {agency.pk for agency in coordinating} | ({lead.pk} if lead else set())
    alternatives = [a for a in Agency.objects.responsible_for(units[0], sector) if a.pk not in taken]
    return RoutingProposal(lead, coordinating, alternatives, alert.inter_sector or lead is None, department)


def _province_wide(sector: "Sector | None") -> AgencyQuerySet:
    agencies = Agency.objects.active().filter(kind=Agency.Kind.PROCESSING, whole_province=True)
    if sector is not None:
        agencies = agencies.filter(all_sectors=True) | agencies.filter(sectors=sector)
    return agencies.distinct().order_by("-all_sectors", "name")


def _unique(agencies: list[Agency]) -> list[Agency]:
    unique: dict[int, Agency] = {}
    for agency in agencies:
        unique.setdefault(agency.pk, agency)
    return list(unique.values())
