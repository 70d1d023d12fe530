from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrafficConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sectors.traffic"
    label = "traffic"
    verbose_name = _("Traffic")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from core.periodic import PERIODIC_TASKS
        from fieldreports.models import FieldReport
        from iot import observers
        from sectors.traffic import signals
        from sectors.traffic.models import TrafficIncident
        from services import panels

        # Detectors' readings become segment flows; camera accidents and jams become incidents.
        observers.register("traffic", "sectors.traffic.flows.TrafficObserver")
        PERIODIC_TASKS.setdefault("traffic.escalate", "sectors.traffic.tasks.EscalateOverdue")
        panels.register("traffic", "sectors.traffic.panel.TrafficPanel")
        post_save.connect(signals.field_report_saved, sender=FieldReport, dispatch_uid="traffic-field-report")
        post_save.connect(signals.incident_saved, sender=TrafficIncident, dispatch_uid="traffic-incident-layer")
