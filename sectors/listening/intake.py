"""How a mention comes in, whatever the channel: checked, de-duplicated, then read for topics, places and sentiment."""

import datetime
from dataclasses import dataclass

from django.contrib.gis.geos import MultiPoint
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from gis_core.models import AdminUnit
from sectors.listening import dedup, places, sentiment, topics
from sectors.listening.models import Feed, Mention

MAX_EXCERPT = 2000  # characters kept of a feed's summary or a vendor's text


@dataclass
class MentionData:
    """What a feed entry, a vendor's row or a staff form says about one mention."""

    channel: str
    source: str
    url: str
    title: str
    published_at: datetime.datetime
    excerpt: str = ""
    author: str = ""
    feed: Feed | None = None
    is_synthetic: bool = False

    def clean(self) -> None:
        """Trim the texts; raise InvalidInput on the first thing wrong."""
        self.title, self.source = self.title.strip()[:500], self.source.strip()[:200]
        self.excerpt, self.author = self.excerpt.strip()[:MAX_EXCERPT], self.author.strip()[:200]
        if not self.title:
            raise InvalidInput(_("Give the mention a title."))
        if not self.url.startswith(("http://", "https://")) or not dedup.url_key(self.url):
            raise InvalidInput(_("Give the mention's address as an http or https URL."))
        if timezone.is_naive(self.published_at):
            self.published_at = timezone.make_aware(self.published_at)


def record(data: MentionData) -> tuple[Mention, bool]:
    """Store the mention, or return the one it repeats; return it and whether it is new."""
    data.clean()
    with transaction.atomic():
        repeated = dedup.existing(data.url, data.title, data.excerpt, data.published_at)
        if repeated is not None:
            return repeated, False
        mention = Mention(
            channel=data.channel, source=data.source or dedup.url_key(data.url).split("/")[0], url=data.url,
            url_key=dedup.url_key(data.url), title=data.title, excerpt=data.excerpt, author=data.author,
            published_at=data.published_at, feed=data.feed, is_synthetic=data.is_synthetic,
        )  # fmt: skip
        try:
            with transaction.atomic():
                analyse(mention)
        except IntegrityError:  # another worker stored the same URL in between
            return Mention.objects.get(url_key=mention.url_key), False
    return mention, True


def analyse(mention: Mention) -> None:
    """Work out the mention's sentiment, topics and places from its text and save them."""
    text = f"{mention.title}. {mention.excerpt}"
    if not mention.sentiment_corrected:
        mention.sentiment, mention.sentiment_score = sentiment.classify(text)
    unit_ids = places.find_units(text)
    units = list(AdminUnit.objects.filter(pk__in=unit_ids))
    mention.geom = MultiPoint([unit.geom.point_on_surface for unit in units], srid=4326) if units else None
    mention.save()
    mention.topics.set(topics.matching(text))
    mention.units.set(units)
