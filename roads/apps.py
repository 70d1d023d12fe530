from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roads"
    label = "roads"
    verbose_name = _("Road network")

    def ready(self) -> None:
        from core.registry import register
        from gis_core.targets import IMPORT_TARGETS

        register(IMPORT_TARGETS, "roads", "roads.importer.RoadsTarget", "import target")
