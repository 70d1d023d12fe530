"""The listening block of the service page: volume and sentiment by topic, placed mentions on the map, negative
mentions awaiting a response (with the staff forms), the spike alerts."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.map_config import Overlay
from sectors.listening import charts, figures, responses
from sectors.listening.forms import MentionForm
from sectors.listening.models import Mention, Response, Sentiment, Topic
from services.panels import ServicePanel


class ListeningPanel(ServicePanel):
    template_name = "listening/panel.html"

    def overlays(self) -> list[Overlay]:
        return [Overlay(url=reverse("listening:mentions-geojson"), title=_("Placed mentions (30 days)"),
                        key="mentions")]  # fmt: skip

    def _topic(self) -> Topic | None:
        value = self.request.GET.get("topic", "")
        return Topic.objects.filter(pk=int(value), is_active=True).first() if value.isdigit() else None

    def context(self) -> dict[str, Any]:
        now = timezone.now()
        topic = self._topic()
        days, counts = figures.daily_counts(now, topic)
        title = (_("Mentions per day by sentiment, topic %(topic)s") % {"topic": topic.name} if topic
                 else _("Mentions per day by sentiment, all topics"))  # fmt: skip
        awaiting = responses.awaiting().prefetch_related("topics", "units")[: figures.AWAITING_LISTED]
        return {
            "summary": figures.summary(now),
            "chart": charts.sentiment_bars(days, counts, title),
            "chart_title": title,
            "legend": charts.legend(),
            "topics": figures.by_topic(now),
            "topic": topic,
            "all_topics": Topic.objects.filter(is_active=True),
            "awaiting": awaiting,
            "recent": Mention.objects.prefetch_related("topics", "units")[: figures.RECENT_LISTED],
            "spikes": figures.spike_alerts(self.request.user, now),
            "may_handle": responses.may_handle(self.request.user),
            "mention_form": MentionForm(),
            "now_input": timezone.localtime(now).strftime("%Y-%m-%dT%H:%M"),
            "where_choices": Response.Where.choices,
            "sentiment_choices": Sentiment.choices,
            "page_url": reverse("services:detail", args=[responses.SECTOR]),
        }
