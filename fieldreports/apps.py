from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldReportsConfig(AppConfig):
    name = "fieldreports"
    verbose_name = _("Field reports")

    def ready(self) -> None:
        from alerts.api import REPORT_SOURCES
        from core.registry import register

        # An alert's page shows the citizens' reports and photos that raised it; alerts reads them through this.
        register(REPORT_SOURCES, "fieldreports", "fieldreports.staff.AlertReports", "report source")
