"""External CAP 1.2 feeds the IOC subscribes to, and the receipt of every message read from them.

The worker polls each active feed when its time has come (alerts/cap_import.py); every message read leaves one
CapReceipt: created, updated or cancelled an alert, ignored (not an actual alert, or already read), or refused with
the reason. A refused document changes nothing else.
"""

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CapFeed(models.Model):
    """A URL serving CAP 1.2 messages: one message, or an Atom/RSS feed of them (embedded or linked)."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("URL"), max_length=500, unique=True)
    sector = models.ForeignKey(
        "agencies.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sector"),
        help_text=_("The sector of the alerts this feed raises, e.g. dangerous weather and natural disasters."),
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)
    poll_every = models.DurationField(_("poll every"), help_text=_("E.g. 00:05:00 for every five minutes."))
    next_poll_at = models.DateTimeField(_("next poll at"), null=True, blank=True)
    last_polled_at = models.DateTimeField(_("last polled at"), null=True, blank=True, editable=False)
    last_outcome = models.JSONField(_("outcome of the last poll"), default=dict, blank=True, editable=False)
    etag = models.CharField(max_length=200, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        verbose_name = _("CAP feed")
        verbose_name_plural = _("CAP feeds")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.next_poll_at is None and self.is_active:
            self.next_poll_at = timezone.now()  # a new subscription is read at the worker's next pass
        super().save(*args, **kwargs)


class CapReceipt(models.Model):
    """One CAP message read from a feed, and what came of it."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("Alert raised")
        UPDATED = "updated", _("Alert updated")
        CANCELLED = "cancelled", _("Alert cancelled by its source")
        IGNORED = "ignored", _("Ignored")
        REFUSED = "refused", _("Refused")

    feed = models.ForeignKey(CapFeed, on_delete=models.PROTECT, related_name="receipts", verbose_name=_("feed"))
    received_at = models.DateTimeField(_("received at"))
    source_url = models.URLField(_("read from"), max_length=500)
    sha256 = models.CharField(_("SHA-256 of the document"), max_length=64)
    sender = models.CharField(_("sender"), max_length=200, blank=True)
    identifier = models.CharField(_("identifier"), max_length=200, blank=True)
    sent = models.CharField(_("sent"), max_length=40, blank=True)
    msg_type = models.CharField(_("message type"), max_length=20, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.TextField(_("reason"), blank=True)
    alert = models.ForeignKey(
        "alerts.Alert", on_delete=models.PROTECT, null=True, blank=True, related_name="cap_receipts",
        verbose_name=_("alert"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("CAP message received")
        verbose_name_plural = _("CAP messages received")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["sender", "identifier"], name="cap_receipt_message")]

    def __str__(self) -> str:
        return f"{self.sender} {self.identifier}: {self.outcome}"
