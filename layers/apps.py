from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LayersConfig(AppConfig):
    name = "layers"
    verbose_name = _("Layers")

    def ready(self) -> None:
        from core.registry import register
        from gis_core.targets import IMPORT_TARGETS
        from imports.kinds import JOB_KINDS

        # Layer files go through the platform's one importer, as background jobs of imports/.
        register(IMPORT_TARGETS, "layers", "layers.import_target.LayerTarget", "import target")
        register(JOB_KINDS, "layer", "layers.uploads.LayerUploadJob", "import job kind")
