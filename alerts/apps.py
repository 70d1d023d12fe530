from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.health import HEALTH_WARNINGS
from core.registry import register


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        # /healthz warns of audiences nobody can receive (the courier that delivery registers says which).
        register(HEALTH_WARNINGS, "notifications", "alerts.api.audience_gaps", "health warning")
