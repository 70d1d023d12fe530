"""Deliveries: each outbox notice becomes one message per recipient per channel, which the worker then sends.

Planning happens in the transaction of the event that caused the notice, so a crash loses nothing. Sending
happens in the worker's pass, one thread per channel, so a channel that is down holds up only its own messages.
A delivery is claimed with a lease (SELECT … FOR UPDATE SKIP LOCKED, then claimed_until: two workers never send
the same message), sent outside any transaction, and every attempt is logged with its outcome. A transient
failure reschedules the message with exponential backoff (ALERTS_DELIVERY_RETRY_SECONDS doubled per attempt,
at most ALERTS_DELIVERY_RETRY_MAX_SECONDS) and stops that channel for the rest of the pass; a permanent failure,
or ALERTS_DELIVERY_MAX_ATTEMPTS failures, ends it as failed, where the admin can send it again.
Providers receive the delivery's key (X-IOC-Delivery, the SMS reference, the email's Message-ID): if a worker
dies between sending and logging, the lease expires and the message goes again with the same key.
"""

import datetime
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connections, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from alerts import pass_memo
from alerts.channels import Channel, PermanentFailure, Sent, TransientFailure, get_channel
from alerts.notify_models import (
    DeliveryAttempt,
    MessageDelivery,
    MessageTemplate,
    WebhookSubscription,
    compile_text,
)

if TYPE_CHECKING:
    from alerts.models import Alert, Outbox

logger = logging.getLogger(__name__)
Outcome = DeliveryAttempt.Outcome
# An alert may carry its units ({code, name} by code) under this attribute, read with it in one query.
UNITS_ANNOTATION = "message_units"


# ---- Planning: in the event's transaction ----------------------------------------------------------------


def plan(outbox: "Outbox") -> list[MessageDelivery]:
    """Create the deliveries of a notice: its audience's active templates by recipients, and subscribed webhooks."""
    now = outbox.created_at
    with translation.override(settings.LANGUAGE_CODE):
        context = message_context(outbox)
        deliveries = [*_people(outbox, context, now), *_webhooks(outbox, context, now)]
    return MessageDelivery.objects.bulk_create(deliveries)


def _people(outbox: "Outbox", context: dict[str, Any], now: datetime.datetime) -> list[MessageDelivery]:
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

    return pass_memo.remembered(("templates", audience), read)


def undeliverable(audience: str, recipients: list[dict[str, str]]) -> str:
    """Why plan would create no delivery for these recipients of the audience (an Undelivered value), or ""."""
    from alerts.choices import Undelivered

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
    active = pass_memo.remembered("webhooks", lambda: list(WebhookSubscription.objects.filter(is_active=True)))
    return [subscription for subscription in active if subscription.wants(audience)]


def _webhooks(outbox: "Outbox", context: dict[str, Any], now: datetime.datetime) -> list[MessageDelivery]:
    wanting = subscriptions(outbox.audience)
    if not wanting:
        return []
    payload = webhook_payload(outbox, context)
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
    from django.template import Context

    return str(template.render(Context(values, autoescape=False))).strip()


def message_context(outbox: "Outbox") -> dict[str, Any]:
    """What a template may say about the notice and its alert (read in the language the caller set)."""
    alert: Alert = outbox.alert
    return {
        "alert_id": alert.pk,
        "title": alert.title,
        "subject": outbox.subject,
        "body": outbox.body,
        "state": _display(alert, "state"),
        "category": _display(alert, "category"),
        "severity": _display(alert, "severity"),
        "procedure": _display(alert, "procedure"),
        "units": ", ".join(unit["name"] for unit in units_of(alert)),
        "lead_agency": str(alert.lead_agency or ""),
        "agency": str(outbox.agency or ""),
        "deadline": local_text(alert.deadline_at),
        "resolution_deadline": local_text(alert.resolution_deadline),
        "event": _display(outbox.event, "kind"),
        "link": absolute_url(reverse("alerts:detail", args=[alert.pk])),
    }


def _display(instance: models.Model, name: str) -> str:
    """The field's choice label in the current language."""
    return str(getattr(instance, f"get_{name}_display")())


def units_of(alert: "Alert") -> list[dict[str, str]]:
    """The alert's units' codes and names by code: as the worker annotated them (UNITS_ANNOTATION), else read now."""
    rows = getattr(alert, UNITS_ANNOTATION, None)
    if rows is not None:
        return list(rows)
    return [{"code": row["code"], "name": row["name"]} for row in alert.units.order_by("code").values("code", "name")]


def webhook_payload(outbox: "Outbox", context: dict[str, Any]) -> str:
    """The JSON a subscribed system receives (signed by the webhook channel)."""
    alert, event = outbox.alert, outbox.event
    body = {
        "audience": outbox.audience,
        "agency": outbox.agency.code if outbox.agency else None,
        "subject": outbox.subject,
        "body": outbox.body,
        "alert": {
            "id": alert.pk, "title": alert.title, "state": alert.state, "category": alert.category,
            "severity": alert.severity, "procedure": alert.procedure,
            "units": [unit["code"] for unit in units_of(alert)],
            "lead_agency": alert.lead_agency.code if alert.lead_agency else None,
            "deadline_at": _iso(alert.deadline_at), "url": context["link"],
            "cap_url": absolute_url(reverse("alerts_api:cap", args=[alert.pk])),
        },
        "event": {"seq": event.seq, "kind": event.kind, "at": _iso(event.at)},
    }  # fmt: skip
    return json.dumps(body, ensure_ascii=False, sort_keys=True)


def absolute_url(path: str) -> str:
    return settings.ALERTS_SITE_URL.rstrip("/") + path


def local_text(instant: datetime.datetime | None) -> str:
    return timezone.localtime(instant).strftime("%H:%M %d/%m/%Y") if instant is not None else ""


def _iso(instant: datetime.datetime | None) -> str | None:
    return timezone.localtime(instant).isoformat() if instant is not None else None


# ---- Sending: the worker's pass -------------------------------------------------------------------------


@dataclass
class SendReport:
    """What one sending pass did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    down: list[str] = field(default_factory=list)  # channels stopped for this pass after a transient failure

    def add(self, other: "SendReport") -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.down += other.down

    def __str__(self) -> str:
        down = f" down={','.join(sorted(self.down))}" if self.down else ""
        return f"sent={self.sent} retried={self.retried} failed={self.failed}{down}"


def send_due(batch: int = 200) -> SendReport:
    """Send the due deliveries, each channel in its own thread; at most batch per channel."""
    now = timezone.now()
    names = list(_due(now).order_by("channel").values_list("channel", flat=True).distinct())
    report = SendReport()
    if not names:
        return report
    with ThreadPoolExecutor(max_workers=len(names), thread_name_prefix="alerts-delivery") as pool:
        for result in pool.map(lambda name: _closing(_send_channel, name, batch), names):
            report.add(result)
    if report.sent or report.retried or report.failed:
        logger.info("alerts deliveries: %s", report)
    return report


def _closing(function: Callable[[str, int], SendReport], name: str, batch: int) -> SendReport:
    try:
        return function(name, batch)
    finally:
        connections.close_all()  # this thread's connections; the pool's threads end with the pass


def _due(now: datetime.datetime) -> Any:
    unclaimed = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return MessageDelivery.objects.pending().filter(unclaimed, next_attempt_at__lte=now)


def _send_channel(name: str, batch: int) -> SendReport:
    channel = get_channel(name)
    report = SendReport()
    for _number in range(batch):
        delivery = _claim(name)
        if delivery is None:
            break
        outcome = attempt(channel, delivery)
        if outcome == Outcome.SENT:
            report.sent += 1
        elif outcome == Outcome.FAILED:
            report.failed += 1
        else:
            report.retried += 1
            report.down.append(name)
            break  # the channel is down: its other messages wait for the next pass, not for more timeouts
    return report


def _claim(name: str) -> MessageDelivery | None:
    now = timezone.now()
    with transaction.atomic():
        # Lock only the delivery row; the outbox, report and subscription come in the same query, unlocked.
        delivery = (
            _due(now)
            .filter(channel=name)
            .select_related("outbox__report", "subscription")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("next_attempt_at", "id")
            .first()
        )
        if delivery is None:
            return None
        lease = datetime.timedelta(seconds=3 * settings.ALERTS_SEND_TIMEOUT_SECONDS + 60)
        delivery.claimed_until = now + lease
        delivery.save(update_fields=["claimed_until"])
    return delivery


def attempt(channel: Channel, delivery: MessageDelivery) -> str:
    """Send a claimed delivery once and log the attempt; return its outcome."""
    started = time.monotonic()
    sent: Sent | None = None
    try:
        sent = channel.send(delivery)
        outcome, detail = Outcome.SENT, sent.detail
    except TransientFailure as exc:
        last_chance = delivery.attempts + 1 >= settings.ALERTS_DELIVERY_MAX_ATTEMPTS
        outcome, detail = (Outcome.FAILED if last_chance else Outcome.RETRY), str(exc)
    except PermanentFailure as exc:
        outcome, detail = Outcome.FAILED, str(exc)
    _record(delivery, outcome, detail, sent, int((time.monotonic() - started) * 1000))
    if outcome != Outcome.SENT:
        logger.warning("alerts delivery %s on %s: %s (%s)", delivery.pk, channel.name, outcome, detail)
    return outcome


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before the next try after `attempts` failed ones: doubled each time, capped."""
    seconds = settings.ALERTS_DELIVERY_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.ALERTS_DELIVERY_RETRY_MAX_SECONDS))


def _record(delivery: MessageDelivery, outcome: str, detail: str, sent: Sent | None, duration_ms: int) -> None:
    now = timezone.now()
    with transaction.atomic():
        row = MessageDelivery.objects.select_for_update().get(pk=delivery.pk)
        row.attempts += 1
        row.claimed_until = None
        if outcome == Outcome.SENT:
            assert sent is not None
            row.state, row.sent_at, row.next_attempt_at, row.provider_id = (
                MessageDelivery.State.SENT,
                now,
                None,
                sent.provider_id,
            )
            row.last_error = ""
        elif outcome == Outcome.RETRY:
            row.next_attempt_at, row.last_error = now + backoff(row.attempts), detail
        else:
            row.state, row.next_attempt_at, row.last_error = MessageDelivery.State.FAILED, None, detail
        row.save()
        DeliveryAttempt.objects.create(
            delivery=row, number=row.attempts, at=now, outcome=outcome, detail=detail[:2000], duration_ms=duration_ms
        )
        outbox = row.outbox
        if outcome == Outcome.SENT and not outbox.deliveries.exclude(state=MessageDelivery.State.SENT).exists():
            outbox.sent_at = now
            outbox.save(update_fields=["sent_at"])


def retry(deliveries: Any) -> int:
    """Put failed deliveries back in the queue for one more attempt each (the admin's action)."""
    return deliveries.filter(state=MessageDelivery.State.FAILED).update(
        state=MessageDelivery.State.PENDING, next_attempt_at=timezone.now(), claimed_until=None
    )
