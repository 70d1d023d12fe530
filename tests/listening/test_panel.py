"""The social-listening service page: figures, chart, map overlay, awaiting list and the staff forms."""

import datetime
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.models import User
from sectors.listening import responses
from sectors.listening.models import Mention, Response, Sentiment

LOADERS = (
    "gis_core.demo.load", "layers.demo.load", "agencies.demo.load", "accounts.demo.load", "fieldreports.demo.load",
    "indicators.demo.load", "iot.demo.load", "services.demo.load", "sectors.listening.demo.load",
)  # fmt: skip
PAGE = "/services/social-listening/"


@pytest.fixture(scope="module")
def demo_listening(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
                   ) -> Iterator[None]:  # fmt: skip
    media, layer_data = tmp_path_factory.mktemp("media"), tmp_path_factory.mktemp("layer-data")
    with (django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, LAYER_DATA_DIR=layer_data),
          transaction.atomic()):  # fmt: skip
        for dotted in LOADERS:
            import_string(dotted)(io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def press(demo_listening: None, db: None) -> Client:
    client = Client()
    client.force_login(User.objects.get(username="demo-press"))
    return client


def test_the_press_officer_sees_figures_chart_topics_spike_and_awaiting_list(press: Client) -> None:
    html = press.get(PAGE).content.decode()
    assert 'data-sector-panel="social-listening"' in html
    assert "<svg" in html and "data-sentiment-chart" in html
    assert "Mentions per day by sentiment, all topics" in html
    assert "synthetic demo data" in html
    assert "Above the usual level" in html  # the demo's flooding spike, on its topic
    assert html.count("data-response-form") == min(responses.awaiting().count(), 30)
    assert "data-mention-form" in html


def test_the_operator_sees_the_spike_alert(demo_listening: None, db: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username="demo-operator"))
    assert spike_rows(client.get(PAGE).content.decode()) == 1


def test_the_chart_follows_the_chosen_topic(press: Client) -> None:
    from sectors.listening.models import Topic

    flood = Topic.objects.get(name="Ngập")
    html = press.get(PAGE, {"topic": flood.pk}).content.decode()
    assert "Mentions per day by sentiment, topic Ngập" in html


def test_placed_mentions_are_served_as_geojson_for_the_map(press: Client) -> None:
    page = press.get(PAGE).content.decode()
    assert "/sectors/listening/mentions.geojson" in page
    body = press.get("/sectors/listening/mentions.geojson").json()
    assert body["features"] and all(feature["geometry"]["type"] == "MultiPoint" for feature in body["features"])


def test_a_response_posted_from_the_page_leaves_the_awaiting_list(press: Client) -> None:
    mention = responses.awaiting().first()
    assert mention is not None
    answered = timezone.localtime(mention.published_at + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    answer = press.post(f"/sectors/listening/mentions/{mention.pk}/respond/", {
        "responder": "Người phát ngôn Sở VHTTDL", "answered_at": answered, "where": Response.Where.PRESS_CONFERENCE,
    })  # fmt: skip
    assert answer.status_code == 302
    assert not responses.awaiting().filter(pk=mention.pk).exists()
    response = mention.responses.get()
    assert (
        response.recorded_by is not None
        and response.recorded_by.username == "demo-press"
        and response.where == Response.Where.PRESS_CONFERENCE
    )


def test_a_correction_and_a_manual_mention_from_the_page(press: Client) -> None:
    mention = Mention.objects.filter(sentiment=Sentiment.NEUTRAL).first()
    assert mention is not None
    press.post(f"/sectors/listening/mentions/{mention.pk}/sentiment/", {"sentiment": Sentiment.NEGATIVE})
    mention.refresh_from_db()
    assert mention.sentiment == Sentiment.NEGATIVE and str(mention.corrections.get().corrected_by) == "demo-press"
    press.post("/sectors/listening/mentions/new/", {
        "url": "https://facebook.com/groups/camlam/posts/1", "title": "Rác thải bốc mùi ở xã Cam Lâm",
        "source": "Nhóm Facebook Cam Lâm", "published_at": "2026-12-06T20:15",
    })  # fmt: skip
    typed = Mention.objects.get(url="https://facebook.com/groups/camlam/posts/1")
    assert typed.channel == Mention.Channel.MANUAL and typed.sentiment == Sentiment.NEGATIVE
    assert [unit.name for unit in typed.units.all()] == ["Xã Cam Lâm"]


def test_a_leader_sees_the_page_without_the_forms_and_may_not_post(demo_listening: None, db: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username="demo-leader"))
    html = client.get(PAGE).content.decode()
    assert 'data-sector-panel="social-listening"' in html and "data-response-form" not in html
    mention = responses.awaiting().first()
    assert mention is not None
    refused = client.post(f"/sectors/listening/mentions/{mention.pk}/respond/", {
        "responder": "x", "answered_at": "2026-12-07T10:00", "where": Response.Where.PORTAL,
    })  # fmt: skip
    assert refused.status_code == 403 and not mention.responses.exists()


def spike_rows(html: str) -> int:
    table = html[html.index("data-spike-alerts") :]
    return table[: table.index("</table>")].count("data-alert=")
