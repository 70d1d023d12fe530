"""News feeds read through the safe fetcher from a local fake news site: entries, redirects, budgets, the task."""

import datetime
import time
from collections.abc import Iterator

import pytest
from django.utils import timezone

from core.periodic import get_task
from sectors.listening import feeds
from sectors.listening.models import Feed, Mention, Sentiment, Topic
from tests.listening.fake_feed import FeedServer, Page, atom, feed_server, rss

ITEMS = (
    ("https://baokhanhhoa.vn/sat-lo-khanh-vinh.html", "Sạt lở đất ở xã Khánh Vĩnh, người dân lo ngại",
     "&lt;p&gt;Mưa lớn gây &lt;b&gt;sạt lở&lt;/b&gt; nghiêm trọng.&lt;/p&gt;", "Mon, 07 Dec 2026 08:00:00 +0700"),
    ("https://baokhanhhoa.vn/le-hoi-bien.html", "Lễ hội biển Nha Trang thu hút du khách",
     "Lễ hội thành công, du khách hài lòng.", "Mon, 07 Dec 2026 09:30:00 +0700"),
)  # fmt: skip


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as running:
        yield running


def _feed(server: FeedServer, path: str) -> Feed:
    return Feed.objects.create(name=path, url=server.url(path))


def test_rss_entries_become_mentions_with_text_author_and_time(province: None, server: FeedServer,
                                                                topics: dict[str, Topic]) -> None:  # fmt: skip
    server.pages["/rss"] = Page(rss(*ITEMS))
    report = feeds.poll(_feed(server, "/rss"))
    assert (report.new, report.repeated, report.error) == (2, 0, "")
    landslide = Mention.objects.get(url=ITEMS[0][0])
    assert landslide.source == "Báo Khánh Hòa" and landslide.channel == Mention.Channel.FEED
    assert landslide.excerpt == "Mưa lớn gây sạt lở nghiêm trọng."  # markup stripped
    assert landslide.published_at == datetime.datetime(2026, 12, 7, 1, 0, tzinfo=datetime.UTC)
    assert "Ban biên tập" in landslide.author
    assert landslide.sentiment == Sentiment.NEGATIVE
    assert [topic.name for topic in landslide.topics.all()] == ["Sạt lở"]
    assert [unit.name for unit in landslide.units.all()] == ["Xã Khánh Vĩnh"]
    assert Mention.objects.get(url=ITEMS[1][0]).sentiment == Sentiment.POSITIVE


def test_a_second_poll_and_an_atom_copy_add_nothing(province: None, server: FeedServer) -> None:
    server.pages["/rss"] = Page(rss(*ITEMS))
    server.pages["/atom"] = Page(atom((ITEMS[0][0] + "?utm_source=rss", ITEMS[0][1], "Mưa lớn gây sạt lở nghiêm trọng.",
                                       "2026-12-07T01:00:00Z")), content_type="application/atom+xml")  # fmt: skip
    feeds.poll(_feed(server, "/rss"))
    again = feeds.poll(Feed.objects.get(url=server.url("/rss")))
    copy = feeds.poll(_feed(server, "/atom"))
    assert (again.new, again.repeated) == (0, 2)
    assert (copy.new, copy.repeated) == (0, 1)
    assert Mention.objects.count() == 2


@pytest.mark.parametrize("target", ["http://10.0.0.7/rss", "http://169.254.169.254/latest/meta-data/",
                                    "http://192.168.1.1/feed", "file:///etc/passwd"])  # fmt: skip
def test_a_redirect_to_a_private_address_or_another_scheme_is_refused(province: None, server: FeedServer,
                                                                      target: str) -> None:  # fmt: skip
    server.pages["/moved"] = Page(b"", 302, "text/plain", {"Location": target})
    feed = _feed(server, "/moved")
    report = feeds.poll(feed)
    assert report.new == 0 and report.error
    assert (
        "10.0.0.7" in report.error or "169.254" in report.error or "192.168" in report.error or "http" in report.error
    )
    feed.refresh_from_db()
    assert feed.last_outcome["error"] == report.error and Mention.objects.count() == 0


def test_a_private_feed_address_is_refused_without_the_test_allowance(province: None, server: FeedServer,
                                                                     settings: object) -> None:  # fmt: skip
    server.pages["/rss"] = Page(rss(*ITEMS))
    settings.OUTBOUND_ALLOWED_NETWORKS = []  # type: ignore[attr-defined]  # production: loopback refused
    report = feeds.poll(_feed(server, "/rss"))
    assert "127.0.0.1" in report.error and Mention.objects.count() == 0
    assert server.hits == []  # refused before connecting


def test_a_feed_larger_than_the_budget_is_refused(province: None, server: FeedServer, settings: object) -> None:
    settings.LISTENING_FEED_MAX_BYTES = 1000  # type: ignore[attr-defined]
    server.pages["/big"] = Page(rss(*ITEMS * 10))
    report = feeds.poll(_feed(server, "/big"))
    assert "bytes" in report.error and Mention.objects.count() == 0


def test_a_slow_feed_is_cut_at_its_time_budget_and_the_pass_stops_in_time(province: None, server: FeedServer,
                                                                         settings: object) -> None:  # fmt: skip
    settings.LISTENING_FEED_TIMEOUT_SECONDS = 1  # type: ignore[attr-defined]
    settings.LISTENING_PASS_SECONDS = 2  # type: ignore[attr-defined]
    past = timezone.now() - datetime.timedelta(minutes=1)
    for path in ("/slow-1", "/slow-2", "/slow-3"):
        server.pages[path] = Page(rss(*ITEMS), delay=5)
        Feed.objects.create(name=path, url=server.url(path), next_poll_at=past)
    started = time.monotonic()
    reports = feeds.poll_due()
    elapsed = time.monotonic() - started
    assert elapsed < 3.5
    assert all(report.error for report in reports) and len(reports) < 3
    assert Feed.objects.filter(next_poll_at=past).count() == 3 - len(reports)  # the rest keep their turn


def test_the_tasks_worker_reads_due_feeds_and_not_the_others(province: None, server: FeedServer) -> None:
    server.pages["/rss"] = Page(rss(*ITEMS))
    due = _feed(server, "/rss")
    Feed.objects.create(
        name="later", url=server.url("/later"), next_poll_at=timezone.now() + datetime.timedelta(hours=1)
    )
    summary = get_task("listening.feeds").run(timezone.now())
    assert "new mentions=2" in summary and server.hits == ["/rss"]
    due.refresh_from_db()
    assert due.next_poll_at is not None and due.next_poll_at > timezone.now() + datetime.timedelta(minutes=10)
