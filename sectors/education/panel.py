"""The education block of /services/education/: schools on the map and figures computed from the register."""

from typing import Any

from alerts import api
from sectors.education import figures, layer
from sectors.education.closures import closed_schools
from services.panels import ServicePanel

HAZARD_RULES = ("truong-hoc-vung-ngap", "truong-hoc-vung-sat-lo")


class EducationPanel(ServicePanel):
    template_name = "education/panel.html"

    def layers(self) -> list[str]:
        return [layer.SLUG]

    def context(self) -> dict[str, Any]:
        totals = figures.totals()
        teachers = totals["teachers"]
        hazard = api.Alert.objects.visible_to(self.request.user).open().filter(rule__key__in=HAZARD_RULES)
        return {
            "totals": totals,
            "pupils_per_teacher": round(totals["pupils"] / teachers, 1) if teachers else None,
            "communes": figures.by_commune()[:10], "closed": list(closed_schools()[:20]),
            "hazard_alerts": hazard.order_by("-appeared_at")[:10], "hazard_count": hazard.count(),
        }  # fmt: skip
