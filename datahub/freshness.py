"""Data-feed interruptions (Article 6.3): a dataset that misses its expected update raises one data-feed alert to the
operator and a message to its provider.

One alert per gap: the dataset keeps a link to it (feed_alert) and is not alerted again until data arrives, which
records the retreat on the alert (its procedure goes on) and clears the link (datahub.arrivals.mark_received).
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.api import Alert, AlertInput, Category, Severity, Source, Tell, raise_alert
from datahub.models import Dataset


@dataclass
class FreshnessReport:
    raised: list[Alert] = field(default_factory=list)

    def __str__(self) -> str:
        return f"data-feed alerts raised={len(self.raised)}"


def check(now: datetime.datetime | None = None) -> FreshnessReport:
    """Raise the data-feed alert of every active dataset past its expected update that has none open."""
    now = now or timezone.now()
    report = FreshnessReport()
    candidates = Dataset.objects.filter(is_active=True, expected_every__isnull=False, feed_alert__isnull=True)
    for dataset in candidates.select_related("provider", "sector"):
        due = dataset.expected_by()
        if due is not None and due < now:
            alert = raise_feed_alert(dataset, due, now)
            if alert is not None:
                report.raised.append(alert)
    return report


def raise_feed_alert(dataset: Dataset, due: datetime.datetime, now: datetime.datetime) -> Alert | None:
    """Raise the alert of the missed update and tell the provider; None when another worker did it first."""
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if locked.feed_alert_id is not None or locked.expected_by() != due:
            return None  # alerted by another worker, or data arrived meanwhile
        tell = Tell(_("data feed interrupted"), agency=locked.provider, operators=True)
        alert, _created = raise_alert(_input(locked, due, now), tell=tell)
        Dataset.objects.filter(pk=locked.pk).update(feed_alert=alert)
    dataset.feed_alert = alert
    return alert


def _input(dataset: Dataset, due: datetime.datetime, now: datetime.datetime) -> AlertInput:
    last = dataset.last_received_at
    local = timezone.localtime(due).strftime("%d/%m/%Y %H:%M")
    title = _("No update of dataset %(dataset)s from %(provider)s since %(due)s") % {
        "dataset": dataset.name, "provider": dataset.provider, "due": local,
    }  # fmt: skip
    description = _(
        "The dataset is expected every %(every)s; the last data arrived %(last)s. Ask the provider to resend it "
        "or to report the interruption (Article 6)."
    ) % {
        "every": _duration(dataset.expected_every),
        "last": timezone.localtime(last).strftime("%d/%m/%Y %H:%M") if last else _("never"),
    }  # fmt: skip
    return AlertInput(
        title=title[:300], source=Source.FEED_INTERRUPTION, category=Category.FEED_INTERRUPTION,
        severity=Severity.MODERATE, sector=dataset.sector, description=description,
        details={"dataset": dataset.code, "provider": dataset.provider.code, "expected_by": due,
                 "last_received_at": last, "arrival": dataset.arrival},
        external_ref=f"datahub-feed:{dataset.code}:{due.astimezone(datetime.UTC):%Y%m%dT%H%M%S.%f}", observed_at=due,
    )  # fmt: skip


def _duration(delta: datetime.timedelta | None) -> str:
    if delta is None:
        return "-"
    if delta.days and not delta.seconds:
        return _("%(n)d days") % {"n": delta.days}
    return _("%(n)d hours") % {"n": delta.total_seconds() // 3600}
