from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from core.registry import register
        from gis_core.targets import IMPORT_TARGETS
        from imports.kinds import JOB_KINDS
        from layers.styles import STYLE_KINDS

        # Plans and land-use status maps go through the platform's one importer.
        register(IMPORT_TARGETS, "plans", "planning.plan_import.PlanLotsTarget", "import target")
        register(IMPORT_TARGETS, "landuse_status", "planning.status_import.StatusAreasTarget", "import target")
        # The web upload's dry run and its confirmation run as background jobs.
        register(JOB_KINDS, "plan_check", "planning.staged_import.PlanCheckJob", "import job kind")
        register(JOB_KINDS, "plan_apply", "planning.staged_import.PlanApplyJob", "import job kind")
        # The land-use style colours a layer by the national land-use catalogue, which planning holds.
        register(STYLE_KINDS, "landuse", "planning.layer_style.LandUseCodes", "style kind")
