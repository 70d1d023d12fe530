from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sectors.education"
    label = "education"
    verbose_name = _("Education")

    def ready(self) -> None:
        from services import panels

        panels.register("education", "sectors.education.panel.EducationPanel")
