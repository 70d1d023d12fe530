"""What the listening panel shows, computed from the mentions and responses of the last WINDOW."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from alerts.api import Alert, Category, Source
from sectors.listening import responses
from sectors.listening.models import Mention, Sentiment, Topic

WINDOW = datetime.timedelta(days=30)
AWAITING_LISTED = 30
RECENT_LISTED = 20


@dataclass(frozen=True)
class TopicRow:
    topic: Topic
    total: int
    negative: int
    neutral: int
    positive: int


def daily_counts(now: datetime.datetime, topic: Topic | None = None
                 ) -> tuple[list[datetime.date], dict[tuple[datetime.date, str], int]]:  # fmt: skip
    """The last 30 local days and the mentions of each day by sentiment (of a topic when given)."""
    today = timezone.localdate(now)
    days = [today - datetime.timedelta(days=n) for n in range(WINDOW.days - 1, -1, -1)]
    mentions = Mention.objects.filter(published_at__date__gte=days[0], published_at__lte=now)
    if topic is not None:
        mentions = mentions.filter(topics=topic)
    rows = mentions.annotate(day=TruncDate("published_at")).values("day", "sentiment").annotate(n=Count("pk"))
    return days, {(row["day"], row["sentiment"]): row["n"] for row in rows}


def by_topic(now: datetime.datetime) -> list[TopicRow]:
    """Each active topic's mentions of the last 30 days by sentiment."""
    since = now - WINDOW
    within = Q(mentions__published_at__gte=since, mentions__published_at__lte=now)
    topics = Topic.objects.filter(is_active=True).annotate(
        total=Count("mentions", filter=within),
        **{key: Count("mentions", filter=within & Q(mentions__sentiment=key)) for key in Sentiment.values},
    )
    return [TopicRow(topic, topic.total, topic.negative, topic.neutral, topic.positive)  # type: ignore[attr-defined]
            for topic in topics]  # fmt: skip


def spike_alerts(user: Any, now: datetime.datetime) -> list[Alert]:
    """The spike rule's alerts the user may see: open ones and those of the last 30 days."""
    alerts = Alert.objects.visible_to(user).filter(
        source=Source.SECTOR_RULE, category=Category.MEDIA, sector__code=responses.SECTOR,
    )  # fmt: skip
    recent = alerts.filter(Q(pk__in=alerts.open().values("pk")) | Q(appeared_at__gte=now - WINDOW))
    return list(recent.order_by("-appeared_at")[:20])


def summary(now: datetime.datetime) -> dict[str, Any]:
    """The key figures: mentions, negative ones, awaiting an answer, answered within 24 hours."""
    recent = Mention.objects.filter(published_at__gte=now - WINDOW, published_at__lte=now)
    rate = responses.answered_within_24h(now - WINDOW, now, now)
    return {
        "mentions": recent.count(),
        "negative": recent.filter(sentiment=Sentiment.NEGATIVE).count(),
        "awaiting": responses.awaiting().count(),
        "answered_rate": rate.percent,
        "answered_due": rate.due,
        "placed": recent.filter(geom__isnull=False).count(),
    }
