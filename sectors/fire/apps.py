from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FireConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sectors.fire"
    label = "fire"
    verbose_name = _("Fire prevention and fighting")
