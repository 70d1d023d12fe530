from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sectors.listening"
    label = "listening"
    verbose_name = _("Social listening")

    def ready(self) -> None:
        from services import panels

        panels.register("social-listening", "sectors.listening.panel.ListeningPanel")
