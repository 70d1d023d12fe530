"""The listening benchmark: intake (de-duplication against a busy week, analysis) and the spike rule.

Reference: one tasks-worker pass (LISTENING_PASS_SECONDS, 60 s) must be able to store 1,000 new mentions, i.e.
~16.7 a second, with a week of mentions already stored to compare against. The generated rows are committed (so
the trigram index is in its steady state, as in service) and deleted afterwards.
"""

import datetime
import random
import time
from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from sectors.listening import intake, spikes
from sectors.listening.models import Mention, Topic

REFERENCE_PER_SECOND = 1000 / 60
HOST = "bench.invalid"
WORDS = (
    "sạt lở", "ngập", "rác thải", "giá đất", "du lịch", "người dân", "bức xúc", "hài lòng", "xã Khánh Vĩnh",
    "phường Nha Trang", "Cam Lâm", "đường", "cầu", "dự án", "mưa lớn", "cơ quan", "kiểm tra", "ban quản lý",
    "hiện trường", "hộ dân", "tháng", "báo cáo", "sự cố", "khắc phục", "thông tin", "video", "bình luận",
)  # fmt: skip


ONSETS = (
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "h",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "nh",
    "ph",
    "qu",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
)
RIMES = (
    "a",
    "ai",
    "an",
    "ang",
    "ao",
    "âm",
    "ân",
    "ênh",
    "i",
    "inh",
    "o",
    "oa",
    "ong",
    "ôi",
    "ơn",
    "u",
    "ung",
    "ư",
    "ương",
)


def _text(rng: random.Random, words: int) -> str:
    """Text of common phrases and made-up syllables, so texts differ as much as real articles do."""
    return " ".join(rng.choice(WORDS) if rng.random() < 0.3 else rng.choice(ONSETS) + rng.choice(RIMES)
                    for _ in range(words))  # fmt: skip


def run(write: Callable[[str], object], existing: int = 20000, new: int = 500, topics: int = 20) -> None:
    """Print mentions stored per second and the spike rule's time, each against its reference; remove the data."""
    rng = random.Random(6)  # noqa: S311 (generated test text, no secret)
    now = timezone.now()
    try:
        Topic.objects.bulk_create(Topic(name=f"bench-{n}", keywords=rng.choice(WORDS)) for n in range(topics))
        Mention.objects.bulk_create(
            (Mention(channel=Mention.Channel.VENDOR, source="bench", url=f"https://{HOST}/{n}", url_key=f"{HOST}/{n}",
                     title=_text(rng, 12), excerpt=_text(rng, 30),
                     published_at=now - datetime.timedelta(minutes=rng.randrange(7 * 24 * 60)))
             for n in range(existing)), batch_size=2000,
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE listening_mention")  # as autovacuum leaves a table in service
        started = time.perf_counter()
        for n in range(new):
            intake.record(intake.MentionData(
                channel=Mention.Channel.FEED, source="bench", url=f"https://{HOST}/new/{n}",
                title=_text(rng, 12), excerpt=_text(rng, 30), published_at=now,
            ))  # fmt: skip
        per_second = new / (time.perf_counter() - started)
        started = time.perf_counter()
        spikes.check(now)
        spike_seconds = time.perf_counter() - started
    finally:
        Mention.objects.filter(url_key__startswith=HOST + "/").delete()
        Topic.objects.filter(name__startswith="bench-").delete()
    write(f"intake with {existing} mentions in the week: {per_second:.1f} mentions/s "
          f"({per_second / REFERENCE_PER_SECOND:.1f}x the reference of 1,000 per 60 s pass)")  # fmt: skip
    write(f"spike rule over {topics} topics: {spike_seconds * 1000:.0f} ms ({spike_seconds / 60:.3f} of a 60 s pass)")
