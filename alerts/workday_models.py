"""Working-day swaps announced by the government (alerts.workdays reads them with the public holidays)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkdayAdjustment(models.Model):
    """A day the government swapped: a weekend day worked, or a weekday given off (e.g. around Tết)."""

    class Kind(models.TextChoices):
        WORKING_DAY = "working_day", _("Working day")
        DAY_OFF = "day_off", _("Day off")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("becomes"), max_length=12, choices=Kind.choices)
    reason = models.CharField(
        _("legal basis"), max_length=300, help_text=_("The notice that decided the swap, e.g. its number and date.")
    )

    class Meta:
        verbose_name = _("working-day adjustment")
        verbose_name_plural = _("working-day adjustments")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_kind_display()}"
