"""The fire block of /services/fire/: stations with coverage, water sources, premises, open incidents, figures."""

from typing import Any

from django.db.models import Count, Q

from accounts.permissions import has_permission
from alerts import api
from layers.models import Layer
from roads.layer import SLUG as ROAD_LAYER
from sectors.fire import figures, layers
from sectors.fire.models import COVERED_WITHIN_MINUTES, FireIncident, FireStation, Premises, WaterSource
from sectors.fire.rules import PREFIX
from services.panels import ServicePanel

LISTED = 10


class FirePanel(ServicePanel):
    template_name = "fire/panel.html"

    def layers(self) -> list[str]:
        wanted = [ROAD_LAYER, *(spec["slug"] for spec in layers.FIRE_LAYERS)]
        visible = set(
            Layer.objects.filter(slug__in=wanted).visible_to(self.request.user).values_list("slug", flat=True)
        )
        return [slug for slug in wanted if slug in visible]

    def context(self) -> dict[str, Any]:
        staff = has_permission(self.request.user, "alerts.view")
        stations = FireStation.objects.select_related("unit").order_by("code")
        context: dict[str, Any] = {"staff": staff, "stations": stations, "minutes": COVERED_WITHIN_MINUTES}
        if not staff:
            return context
        numbers = figures.current()
        alerts = api.Alert.objects.visible_to(self.request.user).open().filter(external_ref__startswith=PREFIX)
        context.update({
            "figures": numbers,
            "open_incidents": FireIncident.objects.open().select_related("station", "unit").order_by("-reported_at"),
            "hydrant_rows": self._hydrant_rows(),
            "hydrants_out": WaterSource.objects.filter(status=WaterSource.Status.OUT_OF_ORDER).order_by("code")[
                :LISTED
            ],
            "premises_by_group": Premises.objects.values("risk_group").annotate(
                total=Count("pk"), overdue=Count("pk", filter=Q(pk__in=Premises.objects.overdue().values("pk"))),
            ).order_by("risk_group"),
            "alerts": alerts.order_by("-appeared_at")[:LISTED], "alert_count": alerts.count(),
        })  # fmt: skip
        return context

    @staticmethod
    def _hydrant_rows() -> list[tuple[str, str, int]]:
        counts = dict(WaterSource.objects.filter(kind=WaterSource.Kind.HYDRANT).values("status")
                      .annotate(n=Count("pk")).values_list("status", "n"))  # fmt: skip
        return [(status.value, str(status.label), counts.get(status.value, 0)) for status in WaterSource.Status]
