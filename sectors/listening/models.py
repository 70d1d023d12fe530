"""Social listening (service 6): feeds, mentions of the province, topic rules, sentiment corrections, responses."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Sentiment(models.TextChoices):
    NEGATIVE = "negative", _("Negative")
    NEUTRAL = "neutral", _("Neutral")
    POSITIVE = "positive", _("Positive")


class Feed(models.Model):
    """An RSS or Atom feed of a news site, read by the tasks worker at its own interval."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("URL"), max_length=500, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    poll_every = models.DurationField(
        _("poll every"), default=datetime.timedelta(minutes=15), help_text=_("E.g. 00:15:00 for every 15 minutes.")
    )
    next_poll_at = models.DateTimeField(_("next poll at"), null=True, blank=True)
    last_polled_at = models.DateTimeField(_("last polled at"), null=True, blank=True, editable=False)
    last_outcome = models.JSONField(_("outcome of the last poll"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("news feed")
        verbose_name_plural = _("news feeds")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.next_poll_at is None and self.is_active:
            self.next_poll_at = timezone.now()  # a new feed is read at the worker's next pass
        super().save(*args, **kwargs)


class Topic(models.Model):
    """A topic staff follow, found in a mention by any of its keywords (accent-insensitive, whole words)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    keywords = models.TextField(
        _("keywords"), help_text=_("One keyword or phrase per line; accents and letter case are ignored.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    in_spike = models.BooleanField(_("negative mentions above the usual level"), default=False, editable=False)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class Mention(models.Model):
    """One article or post about the province, from a feed, a vendor's export or typed in by staff."""

    class Channel(models.TextChoices):
        FEED = "feed", _("News feed")
        VENDOR = "vendor", _("Listening vendor export")
        MANUAL = "manual", _("Entered by staff")

    channel = models.CharField(_("arrived through"), max_length=10, choices=Channel.choices)
    source = models.CharField(_("source"), max_length=200, help_text=_("The site, page or account that published it."))
    feed = models.ForeignKey(Feed, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("news feed"))
    url = models.URLField(_("URL"), max_length=1000)
    url_key = models.CharField(max_length=1000, unique=True, editable=False)  # the normalized URL
    title = models.CharField(_("title"), max_length=500)
    excerpt = models.TextField(_("excerpt"), blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True, help_text=_("Only when the source names it."))
    published_at = models.DateTimeField(_("published at"))
    fetched_at = models.DateTimeField(_("received at"), default=timezone.now)
    topics = models.ManyToManyField(Topic, blank=True, related_name="mentions", verbose_name=_("topics"))
    units = models.ManyToManyField("gis_core.AdminUnit", blank=True, related_name="+", verbose_name=_("places"))
    geom = models.MultiPointField(_("location"), srid=4326, null=True, blank=True, editable=False)
    sentiment = models.CharField(_("sentiment"), max_length=10, choices=Sentiment.choices, default=Sentiment.NEUTRAL)
    sentiment_score = models.IntegerField(_("lexicon score"), default=0, editable=False)
    sentiment_corrected = models.BooleanField(_("sentiment corrected by staff"), default=False, editable=False)
    is_synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    # Lineage of a vendor's row (datahub): the delivery and the row it came from.
    delivery = models.ForeignKey("datahub.Delivery", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", editable=False)  # fmt: skip
    source_row = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["published_at"]), models.Index(fields=["sentiment", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def first_response(self) -> "Response | None":
        return self.responses.order_by("answered_at").first()


class SentimentCorrection(models.Model):
    """A staff correction of a mention's sentiment; kept for every change."""

    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="corrections")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    corrected_at = models.DateTimeField(_("at"), default=timezone.now)
    old = models.CharField(_("from"), max_length=10, choices=Sentiment.choices)
    new = models.CharField(_("to"), max_length=10, choices=Sentiment.choices)

    class Meta:
        verbose_name = _("sentiment correction")
        verbose_name_plural = _("sentiment corrections")
        ordering = ["-corrected_at"]


class Response(models.Model):
    """The province's answer to a negative mention: who answered, when, where."""

    class Where(models.TextChoices):
        PRESS_RELEASE = "press_release", _("Press release")
        PORTAL = "portal", _("Province web portal")
        SOCIAL = "social", _("Official social-media page")
        PRESS_CONFERENCE = "press_conference", _("Press conference")
        DIRECT = "direct", _("Directly to the author or outlet")

    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="responses")
    responder = models.CharField(_("who answered"), max_length=200, help_text=_("The agency or spokesperson."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("entered by")
    )
    answered_at = models.DateTimeField(_("answered at"))
    where = models.CharField(_("where"), max_length=20, choices=Where.choices)
    link = models.URLField(_("link to the answer"), max_length=1000, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["answered_at"]
