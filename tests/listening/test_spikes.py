"""The spike rule: a topic's negative mentions of 24 hours above the 14-day baseline raise an alert, then retreat."""

import datetime

import pytest

from agencies.models import Agency, Sector
from alerts import routing
from alerts.api import Category, Source, find_open
from alerts.choices import EventKind
from alerts.models import SectorRoute
from gis_core.models import AdminUnit
from sectors.listening import spikes
from sectors.listening.models import Mention, Sentiment, Topic

NOW = datetime.datetime(2026, 12, 7, 3, 0, tzinfo=datetime.UTC)
BASELINE = [1, 0, 2, 1, 1, 0, 1, 2, 1, 0, 1, 1, 2, 1]  # negative mentions per day, the 14 days before (mean 1)


@pytest.fixture
def routed(province: None) -> None:
    SectorRoute.objects.get_or_create(
        sector=Sector.objects.get(code="social-listening"), category="",
        defaults={"department": Agency.objects.get(code="so-vhttdl"), "department_leads": True},
    )  # fmt: skip


def _mentions(topic: Topic, count: int, at: datetime.datetime, unit: AdminUnit | None = None,
              sentiment: str = Sentiment.NEGATIVE) -> None:  # fmt: skip
    for n in range(count):
        key = f"x.vn/{Mention.objects.count()}"
        mention = Mention.objects.create(
            channel=Mention.Channel.MANUAL, source="test", url=f"https://{key}", url_key=key, title="t",
            published_at=at - datetime.timedelta(minutes=n), sentiment=sentiment,
        )  # fmt: skip
        mention.topics.add(topic)
        if unit is not None:
            mention.units.add(unit)


@pytest.fixture
def landslides(routed: None) -> Topic:
    topic = Topic.objects.create(name="Sạt lở", keywords="sạt lở")
    for day, count in enumerate(BASELINE, start=1):
        _mentions(topic, count, NOW - datetime.timedelta(days=day, hours=1))
    return topic


def test_the_level_compares_the_last_24_hours_with_14_daily_counts(landslides: Topic) -> None:
    _mentions(landslides, 4, NOW - datetime.timedelta(hours=2))
    found = spikes.level(landslides, NOW)
    assert found.count == 4 and found.mean == pytest.approx(1.0)
    assert found.limit == pytest.approx(1.0 + 2 * found.sd)
    assert found.spiking is False  # 4 > mean + 2 SD (2.31) but below the minimum of 5


def test_a_spike_raises_one_media_alert_routed_to_the_press_office_and_the_commune(landslides: Topic) -> None:
    khanh_vinh = AdminUnit.objects.get(name="Xã Khánh Vĩnh")
    _mentions(landslides, 6, NOW - datetime.timedelta(hours=3), khanh_vinh)
    _mentions(landslides, 20, NOW - datetime.timedelta(hours=3), sentiment=Sentiment.POSITIVE)  # not counted
    assert spikes.check(NOW) == {"Sạt lở": "raised"}
    alert = find_open(spikes.external_ref(landslides))
    assert alert is not None
    assert (alert.source, alert.category, alert.sector and alert.sector.code) == (
        Source.SECTOR_RULE,
        Category.MEDIA,
        "social-listening",
    )
    assert alert.details["negative_mentions_24h"] == 6 and alert.details["units"] == [khanh_vinh.code]
    assert list(alert.units.all()) == [khanh_vinh]
    proposal = routing.propose(alert)
    assert proposal.lead is not None and proposal.lead.code == "so-vhttdl"
    assert [agency.code for agency in proposal.coordinating] == [f"ubnd-{khanh_vinh.code}"]
    _mentions(landslides, 1, NOW - datetime.timedelta(hours=1), khanh_vinh)
    assert spikes.check(NOW) == {"Sạt lở": "updated"}  # the same alert, not a second one
    landslides.refresh_from_db()
    assert landslides.in_spike


def test_the_rule_records_a_retreat_when_the_count_falls_back(landslides: Topic) -> None:
    _mentions(landslides, 7, NOW - datetime.timedelta(hours=3))
    spikes.check(NOW)
    alert = find_open(spikes.external_ref(landslides))
    assert alert is not None
    later = NOW + datetime.timedelta(hours=30)
    assert spikes.check(later) == {"Sạt lở": "retreated"}
    alert.refresh_from_db()
    assert alert.retreated_at is not None
    assert alert.events.filter(kind=EventKind.HAZARD_RETREATED).count() == 1
    assert spikes.check(later + datetime.timedelta(hours=1)) == {"Sạt lở": "quiet"}  # recorded once


def test_an_unusually_busy_baseline_raises_the_limit(routed: None) -> None:
    topic = Topic.objects.create(name="Ngập", keywords="ngập")
    for day in range(1, 15):
        _mentions(topic, 8 if day % 2 else 2, NOW - datetime.timedelta(days=day, hours=1))
    _mentions(topic, 9, NOW - datetime.timedelta(hours=1))
    assert spikes.level(topic, NOW).spiking is False  # 9 is within mean 5 + 2 x SD 3
    assert spikes.check(NOW) == {"Ngập": "quiet"}
