"""The cyber-security block of the service page: computed figures and open incidents, for those allowed only."""

from typing import Any

from django.utils import timezone

from sectors.cyber import access, figures
from services.panels import ServicePanel


class CyberPanel(ServicePanel):
    template_name = "cyber/panel.html"

    def context(self) -> dict[str, Any]:
        user = self.request.user
        if not access.may_enter(user):
            return {"allowed": False}
        incidents = access.incidents_for(user)
        systems = access.systems_for(user)
        return {
            "allowed": True,
            "figures": figures.compute(incidents, systems, timezone.localdate()),
            "open_incidents": incidents.open().prefetch_related("systems")[:20],
        }
