"""The spike rule: a topic's negative mentions of the last 24 hours above their usual level raise a media alert.

Baseline: the counts of the topic's negative mentions (by publication time) in each of the 14 windows of 24 hours
before the last 24 hours. The topic spikes when the last 24 hours hold at least MIN_COUNT negative mentions and more
than mean + SD_FACTOR x standard deviation (population) of those 14 counts. The alert (source sector_rule, category
media, sector social-listening) goes through alerts.api: routing proposes the press office (Sở Văn hóa, Thể thao và
Du lịch, from the sector's routing row) and, through the alert's geometry (the points of the units the mentions
name), those communes and wards. A new finding while it stays high updates the same alert (one reference per
topic). When the count falls back to the baseline or below MIN_COUNT, the rule records a retreat on the alert; the
alert's procedure goes on.
"""

import datetime
import statistics
from dataclasses import dataclass

from django.contrib.gis.geos import MultiPoint
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from agencies.models import Sector
from alerts import api
from core.formats import fmt_number
from gis_core.models import AdminUnit
from sectors.listening.models import Mention, Sentiment, Topic

SECTOR = "social-listening"
BASELINE_DAYS = 14
SD_FACTOR = 2.0
MIN_COUNT = 5
DAY = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class Level:
    """A topic's negative mentions in the last 24 hours against its baseline."""

    count: int
    mean: float
    sd: float

    @property
    def limit(self) -> float:
        return self.mean + SD_FACTOR * self.sd

    @property
    def spiking(self) -> bool:
        return self.count >= MIN_COUNT and self.count > self.limit


def external_ref(topic: Topic) -> str:
    return f"listening-spike:{topic.pk}"


def level(topic: Topic, now: datetime.datetime) -> Level:
    """Count the topic's negative mentions in the last 24 hours and in each of the BASELINE_DAYS windows before."""
    since = now - DAY * (BASELINE_DAYS + 1)
    windows = {
        f"w{day}": Count("pk", filter=Q(published_at__gt=now - DAY * (day + 1), published_at__lte=now - DAY * day))
        for day in range(BASELINE_DAYS + 1)
    }
    counts = Mention.objects.filter(
        topics=topic, sentiment=Sentiment.NEGATIVE, published_at__gt=since, published_at__lte=now
    ).aggregate(**windows)
    baseline = [counts[f"w{day}"] for day in range(1, BASELINE_DAYS + 1)]
    return Level(counts["w0"], statistics.fmean(baseline), statistics.pstdev(baseline))


def check(now: datetime.datetime) -> dict[str, str]:
    """Apply the rule to every active topic; return each topic's outcome (raised, updated, retreated, quiet)."""
    sector = Sector.objects.filter(code=SECTOR).first()
    return {topic.name: check_topic(topic, now, sector) for topic in Topic.objects.filter(is_active=True)}


def check_topic(topic: Topic, now: datetime.datetime, sector: Sector | None) -> str:
    found = level(topic, now)
    if found.spiking:
        _alert, created = api.raise_alert(_alert_input(topic, found, now, sector))
        if not topic.in_spike:
            Topic.objects.filter(pk=topic.pk).update(in_spike=True)
        return "raised" if created else "updated"
    if topic.in_spike:
        alert = api.find_open(external_ref(topic))
        if alert is not None:
            api.record_retreat(alert, {"negative_mentions_24h": found.count, "limit": round(found.limit, 2)})
        Topic.objects.filter(pk=topic.pk).update(in_spike=False)
        return "retreated"
    return "quiet"


def _alert_input(topic: Topic, found: Level, now: datetime.datetime, sector: Sector | None) -> api.AlertInput:
    recent = Mention.objects.filter(
        topics=topic, sentiment=Sentiment.NEGATIVE, published_at__gt=now - DAY, published_at__lte=now
    )
    units = list(AdminUnit.objects.filter(pk__in=recent.values("units")).order_by("code"))
    geom = MultiPoint([unit.geom.point_on_surface for unit in units], srid=4326) if units else None
    return api.AlertInput(
        title=_("Negative mentions about “%(topic)s” above their usual level") % {"topic": topic.name},
        source=api.Source.SECTOR_RULE, category=api.Category.MEDIA, severity=api.Severity.MODERATE, sector=sector,
        geom=geom, external_ref=external_ref(topic), observed_at=now,
        description=_(
            "%(count)d negative mentions in the last 24 hours; the usual level is %(mean)s a day "
            "(mean of the previous %(days)d days), the limit %(limit)s."
        ) % {"count": found.count, "mean": fmt_number(found.mean, 1), "days": BASELINE_DAYS,
             "limit": fmt_number(found.limit, 1)},
        details={"rule": "listening-spike", "topic": topic.name, "negative_mentions_24h": found.count,
                 "baseline_mean": round(found.mean, 2), "baseline_sd": round(found.sd, 2),
                 "limit": round(found.limit, 2), "units": [unit.code for unit in units]},
    )  # fmt: skip
