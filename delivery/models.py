"""How alert notices reach people and systems: message templates, Zalo followers, webhooks, deliveries, attempts.

An alerts Outbox row is one notice to one audience, with a snapshot of what it says and to whom. delivery.planning
turns it, in the transaction that queued it, into one MessageDelivery per recipient per channel, with the text
rendered from the audience's MessageTemplate for that channel; delivery.sending sends them and logs every attempt.
The tables keep the names they had when these models were part of alerts (migration delivery/0001).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.template import Engine, TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from alerts.api import Audience
from delivery.channel_names import CHANNELS, TEMPLATED_CHANNELS
from delivery.phones import normalise_phone

# Plain text: messages are not HTML, so nothing is escaped.
TEXT_ENGINE = Engine(autoescape=False, libraries={})
TEMPLATE_HELP = _(
    "Django template syntax. Variables: {{ alert_id }}, {{ title }}, {{ subject }}, {{ body }}, {{ state }}, "
    "{{ category }}, {{ severity }}, {{ procedure }}, {{ units }}, {{ lead_agency }}, {{ agency }}, "
    "{{ recipient_name }}, {{ deadline }}, {{ resolution_deadline }}, {{ event }}, {{ link }}."
)


def compile_text(source: str) -> Any:
    """Compile a message template; raise ValidationError with the syntax problem."""
    try:
        return TEXT_ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        raise ValidationError(_("The template has a syntax error: %(error)s") % {"error": exc}) from None


class ZaloRecipient(models.Model):
    """A person who follows the province's Zalo Official Account: their phone and the OA's user id for them."""

    phone = models.CharField(
        _("phone"), max_length=20, unique=True, help_text=_("As registered for the contact, e.g. 0905 123 456.")
    )
    user_id = models.CharField(_("Zalo user id"), max_length=64, help_text=_("The follower's id for our OA."))
    display_name = models.CharField(_("Zalo display name"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("Zalo follower")
        verbose_name_plural = _("Zalo followers")
        db_table = "alerts_zalorecipient"
        ordering = ["phone"]

    def __str__(self) -> str:
        return f"{self.phone} → {self.user_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.phone = normalise_phone(self.phone) or self.phone
        super().save(*args, **kwargs)


class WebhookSubscription(models.Model):
    """Another system that receives alert messages as JSON, signed with HMAC-SHA256 over its shared secret."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("shared secret"), max_length=200, help_text=_("The receiver checks X-IOC-Signature with it.")
    )
    audiences = models.JSONField(
        _("audiences"), default=list, blank=True,
        help_text=_('Audiences sent, e.g. ["agency_focal", "province_leadership"]; empty: every message.'),
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        db_table = "alerts_webhooksubscription"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        known = set(Audience.values)
        if not isinstance(self.audiences, list) or not set(self.audiences) <= known:
            raise ValidationError({"audiences": _("Use a list of: %(known)s.") % {"known": ", ".join(sorted(known))}})

    def wants(self, audience: str) -> bool:
        return not self.audiences or audience in self.audiences


class MessageTemplate(models.Model):
    """The Vietnamese text one audience receives on one channel; no active template, no message on that channel."""

    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    channel = models.CharField(_("channel"), max_length=20, help_text=_("A name from delivery.channel_names.CHANNELS."))
    subject = models.CharField(_("subject"), max_length=300, blank=True, help_text=TEMPLATE_HELP)
    body = models.TextField(_("body"), help_text=TEMPLATE_HELP)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        db_table = "alerts_messagetemplate"
        ordering = ["audience", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["audience", "channel"], name="one_template_per_audience_channel")
        ]

    def __str__(self) -> str:
        return f"{self.get_audience_display()} — {self.channel}"

    def clean(self) -> None:
        if self.channel not in CHANNELS or self.channel not in TEMPLATED_CHANNELS:
            raise ValidationError({"channel": _("Use one of: %(names)s.") % {"names": ", ".join(TEMPLATED_CHANNELS)}})
        errors = {}
        for name in ("subject", "body"):
            try:
                compile_text(getattr(self, name))
            except ValidationError as exc:
                errors[name] = exc.messages
        if errors:
            raise ValidationError(errors)


class MessageDeliveryQuerySet(models.QuerySet["MessageDelivery"]):
    def pending(self) -> "MessageDeliveryQuerySet":
        return self.filter(state=MessageDelivery.State.PENDING)


class MessageDelivery(models.Model):
    """One message to one recipient on one channel; the worker sends it, retrying with backoff."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed for good")

    outbox = models.ForeignKey(
        "alerts.Outbox", on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("notice")
    )
    channel = models.CharField(_("channel"), max_length=20)
    address = models.CharField(_("address"), max_length=500, help_text=_("Email, phone, Zalo user id or URL."))
    recipient_name = models.CharField(_("recipient"), max_length=150, blank=True)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries",
        verbose_name=_("webhook subscription"),
    )  # fmt: skip
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("body"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"))
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("being sent until"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_id = models.CharField(_("id given by the provider"), max_length=200, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = MessageDeliveryQuerySet.as_manager()

    class Meta:
        # Not "deliveries": data providers' arrivals are data deliveries (datahub.Delivery).
        verbose_name = _("message delivery")
        verbose_name_plural = _("message deliveries")
        db_table = "alerts_messagedelivery"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["channel", "next_attempt_at"], name="delivery_due", condition=models.Q(state="pending")
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient_name or self.address}: {self.subject or self.body[:60]}"

    @property
    def key(self) -> str:
        """A stable id for this message, sent to providers so a resend after a crash can be recognised."""
        return f"ioc-delivery-{self.pk}"


class DeliveryAttempt(models.Model):
    """One try to send a delivery and what came of it."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        RETRY = "retry", _("Failed, will retry")
        FAILED = "failed", _("Failed for good")

    delivery = models.ForeignKey(
        MessageDelivery, on_delete=models.PROTECT, related_name="log", verbose_name=_("delivery")
    )
    number = models.PositiveIntegerField(_("attempt"))
    at = models.DateTimeField(_("at"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    detail = models.TextField(_("detail"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        db_table = "alerts_deliveryattempt"
        ordering = ["delivery", "number"]
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="one_log_row_per_attempt")]

    def __str__(self) -> str:
        return f"{self.delivery_id}#{self.number} {self.outcome}"
