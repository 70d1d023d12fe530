from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrafficConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sectors.traffic"
    label = "traffic"
    verbose_name = _("Traffic")
