from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyberConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sectors.cyber"
    label = "cyber"
    verbose_name = _("Cyber-security")

    def ready(self) -> None:
        from services import panels

        panels.register("cyber-security", "sectors.cyber.panel.CyberPanel")
