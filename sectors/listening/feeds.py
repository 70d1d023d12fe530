"""News feeds (RSS/Atom) read by the tasks worker through the safe fetcher, within a time and size budget.

Each feed is fetched with core.fetch (http(s) only, no private or loopback address after DNS or after a redirect)
with at most LISTENING_FEED_MAX_BYTES and LISTENING_FEED_TIMEOUT_SECONDS; a pass stops starting feeds once
LISTENING_PASS_SECONDS are spent, and the feeds left keep their turn for the next pass. The tasks worker is not the
alerts worker, so even a pass that uses all its time delays no alert deadline. Bytes, never a URL, are handed to
feedparser, so it never fetches anything itself.
"""

import calendar
import datetime
import html
import logging
import time
import urllib.error
from dataclasses import dataclass, field
from typing import Any

import feedparser
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from core.errors import InvalidInput
from core.fetch import FetchRefused
from core.fetch import fetch as safe_fetch
from sectors.listening.intake import MentionData, record
from sectors.listening.models import Feed, Mention

logger = logging.getLogger(__name__)
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8"


@dataclass
class PollReport:
    feed: str
    new: int = 0
    repeated: int = 0
    skipped: int = 0
    error: str = ""
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"new": self.new, "repeated": self.repeated, "skipped": self.skipped, "error": self.error,
                "problems": self.problems[:10]}  # fmt: skip


def poll_due(limit: int = 50) -> list[PollReport]:
    """Read the due feeds, each claimed so only one worker reads it, until the pass's time is spent."""
    deadline = time.monotonic() + settings.LISTENING_PASS_SECONDS
    reports = []
    now = timezone.now()
    for feed in Feed.objects.filter(is_active=True, next_poll_at__lte=now).order_by("next_poll_at")[:limit]:
        remaining = deadline - time.monotonic()
        if remaining < 1:
            break  # the rest stay due and are read first at the next pass
        claimed = Feed.objects.filter(pk=feed.pk, next_poll_at=feed.next_poll_at).update(
            next_poll_at=now + feed.poll_every
        )
        if claimed:
            reports.append(poll(feed, timeout=min(settings.LISTENING_FEED_TIMEOUT_SECONDS, remaining)))
    return reports


def poll(feed: Feed, timeout: float | None = None) -> PollReport:
    """Read one feed and record each of its entries as a mention."""
    report = PollReport(feed=feed.name)
    try:
        answer = safe_fetch(
            feed.url, max_bytes=settings.LISTENING_FEED_MAX_BYTES,
            timeout=timeout or settings.LISTENING_FEED_TIMEOUT_SECONDS,
            headers={"Accept": ACCEPT, "User-Agent": "IOC-KhanhHoa-Listening/1.0"},
        )  # fmt: skip
    except FetchRefused as exc:
        report.error = str(exc)
    except urllib.error.HTTPError as exc:
        report.error = f"HTTP {exc.code} from {feed.url}"
    except (urllib.error.URLError, OSError) as exc:
        report.error = f"{feed.url} unreachable: {getattr(exc, 'reason', exc)}"
    else:
        read_entries(feed, answer.body, report)
    if report.error:
        logger.warning("news feed %s (%s) not read: %s", feed.name, feed.url, report.error)
    Feed.objects.filter(pk=feed.pk).update(last_polled_at=timezone.now(), last_outcome=report.as_dict())
    return report


def read_entries(feed: Feed, body: bytes, report: PollReport) -> None:
    """Record the entries of an RSS or Atom document."""
    parsed = feedparser.parse(body)
    if parsed.bozo and not parsed.entries:
        report.error = f"{feed.url} is not an RSS or Atom feed: {parsed.get('bozo_exception', '')}"[:300]
        return
    source = parsed.feed.get("title", "") or feed.name
    for entry in parsed.entries:
        data = _entry(feed, source, entry)
        if data is None:
            report.skipped += 1
            continue
        try:
            _mention, created = record(data)
        except InvalidInput as exc:
            report.skipped += 1
            report.problems.append(f"{data.url[:200]}: {exc}")
            continue
        if created:
            report.new += 1
        else:
            report.repeated += 1


def _entry(feed: Feed, source: str, entry: Any) -> MentionData | None:
    link, title = entry.get("link", ""), _text(entry.get("title", ""))
    if not link or not title:
        return None
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime.datetime.fromtimestamp(calendar.timegm(stamp), tz=datetime.UTC) if stamp else timezone.now()
    return MentionData(
        channel=Mention.Channel.FEED, source=source, url=link, title=title,
        excerpt=_text(entry.get("summary", "")), author=_text(entry.get("author", "")), published_at=published,
        feed=feed,
    )  # fmt: skip


def _text(value: str) -> str:
    return " ".join(html.unescape(strip_tags(value)).split())
