from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sectors.education"
    label = "education"
    verbose_name = _("Education")

    def ready(self) -> None:
        from alert_rules.api import FEATURE_SOURCES
        from core import registry
        from services import panels

        panels.register("education", "sectors.education.panel.EducationPanel")
        # The schools as an exposure input of the spatial rules ("schools in flood zones").
        registry.register(FEATURE_SOURCES, "schools", "sectors.education.exposure.SchoolFeatures", "feature source")
