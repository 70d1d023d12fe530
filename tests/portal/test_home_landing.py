"""The public home page: the main tasks as entry points, the public alerts in force, and the map; /public-alerts/."""

import re

import pytest
from django.test import Client

from accounts.models import Role
from tests.agencies.factories import make_user
from tests.alerts.world import World, build_world

pytestmark = pytest.mark.django_db

TASK = re.compile(r'<a class="ioc-task" href="([^"]+)" data-task="([^"]+)">')
PUBLIC_TASKS = [
    ("/planning/", "planning:lookup"), ("/field-reports/", "fieldreports:new"),
    ("/field-reports/track/", "fieldreports:track-lookup"), ("/public-alerts/", "portal:public-alerts"),
    ("/services/", "services:list"), ("/indicators/procedures/ranking/", "indicators:public-ranking"),
    ("/map/", "portal:map"),
]  # fmt: skip


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="ioc-alert__title">([^<]+)</h3>', html)


def test_home_offers_the_public_tasks_as_entry_points() -> None:
    html = Client().get("/").content.decode()

    assert TASK.findall(html) == PUBLIC_TASKS
    assert "<h1>" in html and 'id="ioc-map"' in html  # the map is still there, below the tasks


def test_staff_get_the_same_services_entry_point() -> None:
    client = Client()
    client.force_login(make_user("home-operator", Role.OPERATOR))

    assert ("/services/", "services:list") in TASK.findall(client.get("/").content.decode())


def test_home_and_the_alerts_page_list_verified_public_alerts_only(world: World) -> None:
    flood = world.alert(category="flood", title="Lũ trên sông Cái", description="Mực nước vượt báo động 3")
    flood.verify(world.users["operator"])
    world.alert(category="storm", title="Bão chưa xác minh")  # not verified yet
    fallen_tree = world.alert(title="Cây đổ")  # verified, but not a public category
    fallen_tree.verify(world.users["operator"])

    for path in ("/", "/public-alerts/"):
        html = Client().get(path).content.decode()
        assert _titles(html) == ["Lũ trên sông Cái"], path
    page = Client().get("/public-alerts/").content.decode()
    assert "Mực nước vượt báo động 3" in page and "Thử A Ward" in page  # the unit in English
    assert 'href="/alerts/feed.atom"' in page


def test_expired_public_alerts_are_no_longer_in_force(world: World, settings: object) -> None:
    world.alert(category="flood", title="Lũ đã qua").verify(world.users["operator"])
    settings.ALERTS_CAP_VALID_HOURS = 0  # type: ignore[attr-defined]

    html = Client().get("/public-alerts/").content.decode()

    assert _titles(html) == [] and "data-no-public-alerts" in html


@pytest.mark.vietnamese
def test_the_alerts_page_is_in_vietnamese_with_local_dates(world: World) -> None:
    world.alert(category="fire", title="Cháy rừng Hòn Bà").verify(world.users["operator"])

    html = Client().get("/public-alerts/").content.decode()

    assert "<h1>Cảnh báo công khai đang có hiệu lực</h1>" in html
    assert re.search(r"Ban hành \d{2}/\d{2}/\d{4} \d{2}:\d{2}, hiệu lực đến \d{2}/\d{2}/\d{4} \d{2}:\d{2}", html)
