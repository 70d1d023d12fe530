"""Admin pages: alerts and events are read-only for everyone; day swaps and rules are the management agency's."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from alerts.models import AlertRule, WorkdayAdjustment
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


def rule_form(**fields: object) -> dict[str, object]:
    params = {
        "hazard": {"source": "layer", "layer": "vung-ngap"},
        "exposure": {"source": "plan_lots", "land_use": ["ODT"]},
    }
    data: dict[str, object] = {
        "key": "ngap-lut", "name": "Ngập lụt khu dân cư", "rule_type": "spatial_intersection",
        "params": json.dumps(params), "category": "flood", "severity": "severe", "procedure": "", "is_active": "on",
        "run_every": "",
    }  # fmt: skip
    data.update(fields)
    return data


def test_the_rule_form_refuses_parameters_naming_a_missing_layer_with_the_way_to_fix_it(world: World) -> None:
    response = signed_in(world, "admin").post("/admin/alerts/alertrule/add/", rule_form())

    assert response.status_code == 200
    assert "no layer has the slug &#x27;vung-ngap&#x27;; import it first" in response.content.decode()
    assert not AlertRule.objects.exists()


def test_the_management_agency_may_have_rules_run_at_the_next_worker_pass(world: World) -> None:
    rule = AlertRule.objects.create(key="r", name="R", rule_type="spatial_intersection", params={})
    action = {"action": "run_soon", "_selected_action": [rule.pk]}

    signed_in(world, "operator").post("/admin/alerts/alertrule/", action)  # operators only read rules
    assert AlertRule.objects.get().next_run_at is None
    signed_in(world, "admin").post("/admin/alerts/alertrule/", action)

    assert AlertRule.objects.get().next_run_at == timezone.now()
