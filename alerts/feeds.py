"""The Atom feed of public alerts, /alerts/feed.atom, with the CAP facts consumers such as Google Public Alerts read.

Each entry is one public alert (alerts.choices.PUBLIC_CATEGORIES, verified) whose CAP message has not expired; it
links to the alert's CAP message and repeats, in the CAP namespace, its expiry, area (areaDesc, polygons,
circles, geocodes), event, urgency, severity, certainty, status and message type.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from alerts import cap
from alerts.models import Alert, AlertQuerySet

FEED_SIZE = 100


def public_alerts_in_force(limit: int, among: AlertQuerySet | None = None) -> list[tuple[Alert, cap.CapFacts]]:
    """Return the latest verified public alerts whose CAP message has not expired, with their CAP facts.

    `among` narrows them to a set of alerts, e.g. a service page's (services.views).
    """
    now = timezone.now()
    public = (among if among is not None else Alert.objects.all()).public()
    alerts = public.prefetch_related("units").order_by("-updated_at", "-id")[: limit * 2]
    entries = []
    for alert in alerts:
        facts = cap.facts(alert)
        if datetime.datetime.fromisoformat(facts.expires) > now:
            entries.append((alert, facts))
    return entries[:limit]


class CapAtomFeed(Atom1Feed):
    """Atom 1.0 with the CAP 1.2 namespace and CAP elements in each entry."""

    def root_attributes(self) -> dict[str, str]:
        attributes = super().root_attributes()
        attributes["xmlns:cap"] = cap.NS
        return attributes

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("link", "", {"rel": "related", "type": "application/cap+xml", "href": item["link"]})
        facts: cap.CapFacts = item["cap"]
        for name, value in (
            ("identifier", facts.identifier), ("sent", facts.sent), ("status", "Actual"),
            ("msgType", facts.msg_type), ("scope", facts.scope), ("event", facts.event),
            ("effective", facts.effective), ("expires", facts.expires), ("urgency", facts.urgency),
            ("severity", facts.severity), ("certainty", facts.certainty), ("areaDesc", facts.area_desc),
        ):  # fmt: skip
            handler.addQuickElement(f"cap:{name}", value)
        for polygon in facts.polygons:
            handler.addQuickElement("cap:polygon", polygon)
        for circle in facts.circles:
            handler.addQuickElement("cap:circle", circle)
        for code in facts.geocodes:
            handler.startElement("cap:geocode", {})
            handler.addQuickElement("valueName", cap.GEOCODE_NAME)
            handler.addQuickElement("value", code)
            handler.endElement("cap:geocode")


class PublicAlertsFeed(Feed):  # type: ignore[type-arg]
    feed_type = CapAtomFeed
    title = "Cảnh báo công khai — Trung tâm Giám sát, điều hành thông minh tỉnh Khánh Hòa"
    subtitle = "Cảnh báo thời tiết nguy hiểm, thiên tai, lũ lụt, cháy và dịch bệnh đã được IOC xác minh (CAP 1.2)."
    language = "vi"
    author_name = "IOC Khánh Hòa"

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=60"
        return response

    def link(self) -> str:
        return reverse("alerts:feed")

    def items(self) -> list[tuple[Alert, cap.CapFacts]]:
        return public_alerts_in_force(FEED_SIZE)

    def item_title(self, item: tuple[Alert, cap.CapFacts]) -> str:
        return item[0].title

    def item_description(self, item: tuple[Alert, cap.CapFacts]) -> str:
        alert, facts = item
        return f"{alert.description or alert.title} — {facts.area_desc}"

    def item_link(self, item: tuple[Alert, cap.CapFacts]) -> str:
        return reverse("alerts_api:cap", args=[item[0].pk])

    def item_guid(self, item: tuple[Alert, cap.CapFacts]) -> str:
        return f"{settings.ALERTS_CAP_SENDER}:{item[1].identifier}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: tuple[Alert, cap.CapFacts]) -> datetime.datetime:
        return item[0].appeared_at

    def item_updateddate(self, item: tuple[Alert, cap.CapFacts]) -> datetime.datetime:
        return datetime.datetime.fromisoformat(item[1].sent)

    def item_extra_kwargs(self, item: tuple[Alert, cap.CapFacts]) -> dict[str, Any]:
        return {"cap": item[1]}
