from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldReportsConfig(AppConfig):
    name = "fieldreports"
    verbose_name = _("Field reports")
