"""Admin pages: alerts and events are read-only for everyone; the day-swap table is the management agency's."""

import pytest
from django.test import Client

from alerts.models import WorkdayAdjustment
from tests.alerts.world import World


def signed_in(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def test_operators_read_alerts_and_their_events_but_change_nothing(world: World) -> None:
    alert = world.alert()
    event = alert.events.get()
    client = signed_in(world, "operator")

    assert client.get(f"/admin/alerts/alert/{alert.pk}/change/").status_code == 200
    assert client.get(f"/admin/alerts/alertevent/{event.pk}/change/").status_code == 200
    assert client.get("/admin/alerts/alert/add/").status_code == 403
    assert client.post(f"/admin/alerts/alertevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/alerts/alert/{alert.pk}/delete/", {"post": "yes"}).status_code == 403
    assert alert.events.get().pk == event.pk


@pytest.mark.parametrize(("who", "status"), [("admin", 302), ("operator", 403)])
def test_the_management_agency_records_day_swaps(world: World, who: str, status: int) -> None:
    data = {"date": "2026-04-25", "kind": "working_day", "reason": "Thông báo 123/TB-VPCP"}

    response = signed_in(world, who).post("/admin/alerts/workdayadjustment/add/", data)

    assert response.status_code == status
    assert WorkdayAdjustment.objects.filter(date="2026-04-25").exists() is (status == 302)
