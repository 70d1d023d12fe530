from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sectors.health"
    label = "health"
    verbose_name = _("Health")

    def ready(self) -> None:
        from services import panels

        panels.register("health", "sectors.health.panel.HealthPanel")
