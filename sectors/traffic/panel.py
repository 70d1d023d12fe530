"""The traffic block of the service page: congestion map with a step picker, open incidents, cameras with their last
snapshot and status, and the indicators computed from the data (staff only, as every non-public panel)."""

from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iot.models import CameraEvent, Device
from portal.map_config import Overlay
from sectors.traffic import indicators
from sectors.traffic.layer import BANDS, SLUG
from sectors.traffic.models import TrafficIncident
from sectors.traffic.views import may_act
from services.panels import ServicePanel

OPEN_LISTED = 50


class TrafficPanel(ServicePanel):
    template_name = "traffic/panel.html"

    def layers(self) -> list[str]:
        return [SLUG]

    def overlays(self) -> list[Overlay]:
        return [Overlay(url=reverse("traffic:incidents-geojson"), title=_("Open road incidents"), key="incidents")]

    def context(self) -> dict[str, Any]:
        now = timezone.now()
        latest = CameraEvent.objects.filter(device=OuterRef("pk")).order_by("-at")
        cameras = (
            Device.objects.filter(kind=Device.Kind.CAMERA).exclude(status=Device.Status.RETIRED)
            .annotate(last_event=Subquery(latest.values("pk")[:1]), last_event_at=Subquery(latest.values("at")[:1]))
            .select_related("unit").order_by("code")
        )  # fmt: skip
        online = set(cameras.heard_within_deadline(now).filter(last_seen_at__isnull=False).values_list("pk", flat=True))
        language = self.request.LANGUAGE_CODE if hasattr(self.request, "LANGUAGE_CODE") else "vi"
        return {
            "open_incidents": TrafficIncident.objects.open().select_related("edge", "unit")[:OPEN_LISTED],
            "cameras": [(camera, camera.pk in online) for camera in cameras],
            "indicators": indicators.summary(now),
            "bands": [
                (colour, label_en if language == "en" else label) for _low, _high, colour, label, label_en in BANDS
            ],
            "steps_url": reverse("traffic:steps"),
            "may_act": may_act(self.request.user),
            "now": now,
        }
