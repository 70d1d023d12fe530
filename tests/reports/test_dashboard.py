"""The leadership dashboard counts open and overdue alerts by service and unit, and shows late datasets."""

import datetime

from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from agencies.models import Agency
from datahub.models import Dataset
from tests.alerts.world import World, local


def test_the_dashboard_shows_open_and_overdue_alerts_and_late_feeds(
    world: World, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(local(2026, 11, 2, 8), tick=False)
    world.alert(title="B1", sector=world.utilities)
    world.alert(title="B2", sector=world.utilities)
    world.alert(title="B3", sector=world.fire, category="fire").reject(world.users["operator"], "báo sai")
    time_machine.move_to(local(2026, 11, 2, 9, 30))  # both open ones are past their 1-hour verification deadline
    provider = Agency.objects.get(code="pccc")
    Dataset.objects.create(
        code="late-feed",
        name="Nguồn chậm",
        provider=provider,
        target="indicator_values",
        expected_every=datetime.timedelta(days=1),
        created_at=local(2026, 11, 1),
    )  # due 2 Nov 00:00: late, not yet interrupted
    viewer = Client()
    viewer.force_login(world.users["viewer"])

    page = viewer.get(reverse("reports:dashboard")).content.decode()

    assert "data-open-alerts>Open alerts<strong>2</strong>" in page
    assert "data-overdue-alerts>Overdue<strong>2</strong>" in page
    services = page.split("data-by-service>")[1].split("</table>")[0]
    # English names on the English page (core.names): the sector's name_en, the unit's derived English name.
    assert '<td>public-utilities</td><td class="dh-num">2</td><td class="dh-num">2</td>' in services
    units = page.split("data-by-unit>")[1].split("</table>")[0]
    assert 'data-unit="90001"><td>Thử A Ward</td><td class="dh-num">2</td>' in units
    assert 'data-state="late"' in page.split("data-stale>")[1]


def test_the_dashboard_is_for_the_province_and_viewers(world: World) -> None:
    officer = Client()
    officer.force_login(world.users["officer_a"])

    assert officer.get(reverse("reports:dashboard")).status_code == 403
