from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OgcApiConfig(AppConfig):
    name = "ogc_api"
    verbose_name = _("OGC APIs")
