"""Sending: the planned deliveries (delivery.planning) go out in the worker's pass, one thread per channel.

A channel that is down holds up only its own messages. A delivery is claimed with a lease (SELECT … FOR UPDATE
SKIP LOCKED, then claimed_until: two workers never send the same message), sent outside any transaction, and every
attempt is logged with its outcome. A transient failure reschedules the message with exponential backoff
(ALERTS_DELIVERY_RETRY_SECONDS doubled per attempt, at most ALERTS_DELIVERY_RETRY_MAX_SECONDS) and stops that
channel for the rest of the pass; a permanent failure, or ALERTS_DELIVERY_MAX_ATTEMPTS failures, ends it as failed,
where the admin can send it again. Providers receive the delivery's key (X-IOC-Delivery, the SMS reference, the
email's Message-ID): if a worker dies between sending and logging, the lease expires and the message goes again
with the same key.
"""

import datetime
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone

from delivery.channels import Channel, PermanentFailure, Sent, TransientFailure, get_channel
from delivery.models import DeliveryAttempt, MessageDelivery

logger = logging.getLogger(__name__)
Outcome = DeliveryAttempt.Outcome


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
    with ThreadPoolExecutor(max_workers=len(names), thread_name_prefix="delivery") as pool:
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
        outbox = row.outbox  # the notice's row is marked sent when its last delivery went: alerts shows it
        if outcome == Outcome.SENT and not outbox.deliveries.exclude(state=MessageDelivery.State.SENT).exists():
            outbox.sent_at = now
            outbox.save(update_fields=["sent_at"])


def retry(deliveries: Any) -> int:
    """Put failed deliveries back in the queue for one more attempt each (the admin's action)."""
    return deliveries.filter(state=MessageDelivery.State.FAILED).update(
        state=MessageDelivery.State.PENDING, next_attempt_at=timezone.now(), claimed_until=None
    )
