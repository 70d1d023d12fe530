from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FireConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sectors.fire"
    label = "fire"
    verbose_name = _("Fire prevention and fighting")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from fieldreports.models import FieldReport
        from sectors.fire import signals
        from services import panels

        panels.register("fire", "sectors.fire.panel.FirePanel")
        post_save.connect(signals.field_report_saved, sender=FieldReport, dispatch_uid="fire.field_report_saved")
