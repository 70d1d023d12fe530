"""Planning: each outbox notice becomes one message per recipient per channel, rendered from its snapshot alone.

Planning happens in the transaction that queued the notice (alerts calls the registered courier, delivery.courier),
so a crash loses nothing. The words come from the Outbox row: its subject, body and recipients, and the snapshot
alerts took of the alert when it queued the notice (alerts.snapshots); the alert itself is never read back.
"""

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import Context
from django.utils import translation

from alerts.api import Outbox, Undelivered, remembered
from delivery.channels import Channel, get_channel
from delivery.models import MessageDelivery, MessageTemplate, WebhookSubscription, compile_text


def plan(outbox: Outbox) -> list[MessageDelivery]:
    """Create the deliveries of a notice: its audience's active templates by recipients, and subscribed webhooks."""
    now = outbox.created_at
    with translation.override(settings.LANGUAGE_CODE):
        context = message_context(outbox)
        deliveries = [*_people(outbox, context, now), *_webhooks(outbox, now)]
    return MessageDelivery.objects.bulk_create(deliveries)


def message_context(outbox: Outbox) -> dict[str, Any]:
    """What a template may say about the notice and its alert: the snapshot's words, the notice's subject and body."""
    return {**outbox.snapshot.get("context", {}), "subject": outbox.subject, "body": outbox.body}


def _people(outbox: Outbox, context: dict[str, Any], now: datetime.datetime) -> list[MessageDelivery]:
    deliveries = []
    for template in templates(outbox.audience):
        seen: set[str] = set()
        for recipient in outbox.recipients:
            address = template.channel.address_of(recipient)
            if not address or address in seen:
                continue
            seen.add(address)
            values = {**context, "recipient_name": recipient.get("name", "")}
            deliveries.append(MessageDelivery(
                outbox=outbox, channel=template.name, address=address, recipient_name=recipient.get("name", ""),
                subject=_render(template.subject, values)[:300], body=_render(template.body, values),
                created_at=now, next_attempt_at=now,
            ))  # fmt: skip
    return deliveries


@dataclass(frozen=True)
class _Compiled:
    """An active template of a configured channel, compiled."""

    name: str
    channel: Channel
    subject: Any
    body: Any


def templates(audience: str) -> list[_Compiled]:
    """The audience's active templates on configured channels, by channel name (read once per worker pass)."""

    def read() -> list[_Compiled]:
        compiled = []
        for template in MessageTemplate.objects.filter(audience=audience, is_active=True).order_by("channel"):
            channel = get_channel(template.channel)
            if channel.is_configured():
                subject, body = compile_text(template.subject), compile_text(template.body)
                compiled.append(_Compiled(template.channel, channel, subject, body))
        return compiled

    return remembered(("templates", audience), read)


def undeliverable(audience: str, recipients: list[dict[str, str]]) -> str:
    """Why plan would create no delivery for these recipients of the audience (an Undelivered value), or ""."""
    if subscriptions(audience):
        return ""
    if not recipients:
        return Undelivered.NO_RECIPIENT
    compiled = templates(audience)
    if any(template.channel.address_of(recipient) for template in compiled for recipient in recipients):
        return ""
    return Undelivered.NO_CHANNEL


def subscriptions(audience: str) -> list[WebhookSubscription]:
    """The active webhook subscriptions that want the audience's notices."""
    active = remembered("webhooks", lambda: list(WebhookSubscription.objects.filter(is_active=True)))
    return [subscription for subscription in active if subscription.wants(audience)]


def _webhooks(outbox: Outbox, now: datetime.datetime) -> list[MessageDelivery]:
    wanting = subscriptions(outbox.audience)
    if not wanting:
        return []
    payload = webhook_payload(outbox)
    return [
        MessageDelivery(
            outbox=outbox,
            channel="webhook",
            address=subscription.url,
            recipient_name=subscription.name,
            subscription=subscription,
            subject=outbox.subject,
            body=payload,
            created_at=now,
            next_attempt_at=now,
        )
        for subscription in wanting
    ]


def _render(template: Any, values: dict[str, Any]) -> str:
    return str(template.render(Context(values, autoescape=False))).strip()


def webhook_payload(outbox: Outbox) -> str:
    """The JSON a subscribed system receives (signed by the webhook channel): the notice and its snapshot's alert."""
    webhook = outbox.snapshot.get("webhook", {})
    body = {
        "audience": outbox.audience,
        "agency": webhook.get("agency"),
        "subject": outbox.subject,
        "body": outbox.body,
        "alert": webhook.get("alert", {}),
        "event": webhook.get("event", {}),
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True)
