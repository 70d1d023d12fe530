"""Alert pages name agencies by name, never by code; steps taken by the worker or a rule say "System" ("Hệ
thống"); times are dd/mm/yyyy HH:mm and durations are words."""

import re

import pytest
from django.test import Client

from alerts.api import raise_alert
from alerts.intake import AlertInput
from alerts.models import Alert, AlertEvent
from tests.alerts.world import World

pytestmark = pytest.mark.django_db

NAMES = {"ubnd_a": "Ủy ban nhân dân Phường Thử A", "ubnd_b": "Ủy ban nhân dân Phường Thử B",
         "pccc": "Phòng Cảnh sát PCCC và CNCH"}  # fmt: skip


def _named(world: World) -> None:
    for attribute, name in NAMES.items():
        agency = getattr(world, attribute)
        agency.name = name
        agency.save()


def _text(html: str) -> str:
    """What a person reads: the page without tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _client(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def _forwarded(world: World) -> Alert:
    _named(world)
    alert = world.alert()
    operator = world.users["operator"]
    alert.verify(operator)
    alert.forward(operator, world.ubnd_a, coordinating=[world.ubnd_b, world.pccc], sector=world.utilities,
                  reason="Cần cả hai phường và PCCC.")  # fmt: skip
    return alert


def test_the_alert_page_names_agencies_not_codes(world: World) -> None:
    alert = _forwarded(world)
    text = _text(_client(world, "operator").get(f"/alerts/{alert.pk}/").content.decode())
    for code in ("ubnd-90001", "ubnd-90002", "pccc"):
        assert code not in text, code
    assert f"{NAMES['ubnd_a']}; coordinating: {NAMES['ubnd_b']}, {NAMES['pccc']}" in text  # the forwarding event
    assert text.count(NAMES["ubnd_a"]) >= 2  # the event and the routing box


def test_the_agency_pickers_show_names_and_can_be_searched(world: World) -> None:
    _named(world)
    alert = world.alert()
    alert.verify(world.users["operator"])
    html = _client(world, "operator").get(f"/alerts/{alert.pk}/").content.decode()
    picker = html.split('name="lead_agency"')[1].split("</select>")[0]
    assert "data-searchable" in picker.split(">")[0]
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', picker)
    assert ("ubnd-90001", NAMES["ubnd_a"]) in options  # the code is only the value sent without a script
    assert 'name="coordinating_agencies"' in html and "data-searchable" in html.split('name="coordinating_agencies"')[1]


def test_the_inbox_names_the_officers_agency(world: World) -> None:
    _forwarded(world)
    text = _text(_client(world, "officer_a").get("/alerts/inbox/").content.decode())
    assert NAMES["ubnd_a"] in text and "ubnd-90001" not in text


@pytest.mark.vietnamese
def test_steps_without_a_person_say_system_in_vietnamese(world: World) -> None:
    alert, _created = raise_alert(
        AlertInput(title="Mưa lớn vượt ngưỡng", source="manual", category="other", geom=world.point_in_a())  # type: ignore[arg-type]
    )
    event = AlertEvent.objects.get(alert=alert)
    assert event.actor_id is None
    html = _client(world, "operator").get(f"/alerts/{alert.pk}/").content.decode()
    actor = re.search(r'<span class="al-event__actor" data-system>([^<]*)</span>', html)
    assert actor is not None and actor.group(1) == "Hệ thống"
    assert ">system<" not in html and ">None<" not in html


def test_the_api_gives_the_actors_name_beside_the_recorded_label(world: World) -> None:
    alert, _created = raise_alert(
        AlertInput(title="Mưa lớn", source="manual", category="other", geom=world.point_in_a())  # type: ignore[arg-type]
    )
    body = _client(world, "operator").get(f"/api/v1/alerts/{alert.pk}").json()
    events = body.get("events") or body.get("properties", {}).get("events") or []
    assert events and events[0]["actor"] == "system" and events[0]["actor_name"] == "System"


def test_times_and_durations_are_in_words_and_dd_mm_yyyy(world: World) -> None:
    alert = _forwarded(world)
    html = _client(world, "officer_a").get(f"/alerts/{alert.pk}/").content.decode()
    assert "13/02/2026 09:00" in html  # raised at the frozen clock, Asia/Ho_Chi_Minh
    assert "4 hours left" in html  # to accept, in words
    assert not re.search(r"\d+ h \d+ min", html)
