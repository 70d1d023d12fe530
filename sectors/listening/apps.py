from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sectors.listening"
    label = "listening"
    verbose_name = _("Social listening")
