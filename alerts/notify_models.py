"""Who hears about alerts in the province: the recipients of the province audiences.

The agencies' contacts live in agencies; both are read into an Outbox row's recipients when a notice is queued
(alerts.notifications). How the messages are written and sent (templates, channels, webhooks, deliveries) belongs to
the app above alerts that sends them (alerts.couriers).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from alerts.choices import Audience

# Province audiences have no agency; their people are listed here (agencies' contacts live in agencies).
PROVINCE_AUDIENCES = (Audience.OPERATORS, Audience.PROVINCE_COMMITTEE, Audience.PROVINCE_LEADERSHIP)


class ProvinceRecipient(models.Model):
    """A person of the IOC or the province who receives one province audience's messages."""

    audience = models.CharField(_("audience"), max_length=20, choices=[(a.value, a.label) for a in PROVINCE_AUDIENCES])
    full_name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(_("position"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("province recipient")
        verbose_name_plural = _("province recipients")
        ordering = ["audience", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_audience_display()})"

    def clean(self) -> None:
        if not (self.email or self.phone):
            raise ValidationError(_("Give an email address or a phone number, or both."))
