"""The operators' console and the agencies' inbox, as pages (their live behaviour is in test_operations_browser.py)."""

import datetime
import json
import re

from django.test import Client
from time_machine import TimeMachineFixture

from alerts.models import AlertRule
from tests.alerts.conftest import START
from tests.alerts.world import World


def client_of(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def config_of(html: str, element_id: str) -> dict[str, object]:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"{element_id} missing"
    return json.loads(match.group(1))


def test_the_console_is_a_map_and_a_filtered_list_for_operators(world: World) -> None:
    AlertRule.objects.create(key="ngap", name="Ngập", rule_type="spatial_intersection", params={
        "hazard": {"source": "layer", "layer": "vung-ngap"}, "exposure": {"source": "plan_lots", "land_use": ["ODT"]},
    })  # fmt: skip

    response = client_of(world, "operator").get("/alerts/console/?state=new,forwarded&overdue=true")

    assert response.status_code == 200
    html = response.content.decode()
    for name in ("state", "sector", "unit", "agency", "procedure", "overdue", "appeared_from", "appeared_to"):
        assert f'name="{name}"' in html, name
    assert re.search(r'value="new" checked', html) and re.search(r'value="forwarded" checked', html)
    console = config_of(html, "al-console-config")
    assert console["api"] == "/api/v1/alerts" and int(console["pollSeconds"]) <= 60  # type: ignore[call-overload]
    assert config_of(html, "console-map-config")["defaultLayers"] == ["admin-units", "land-use-status", "vung-ngap"]


def test_only_operators_open_the_console(world: World) -> None:
    officer = client_of(world, "officer_a").get("/alerts/console/")

    assert officer.status_code == 403 and "may not open the operators&#x27; console" in officer.content.decode()
    assert Client().get("/alerts/console/").status_code == 302


def test_the_list_filters_by_date_range(world: World, frozen_clock: TimeMachineFixture) -> None:
    early = world.alert(title="Hôm trước")
    frozen_clock.move_to(START + datetime.timedelta(days=1))
    late = world.alert(title="Hôm sau")
    client = client_of(world, "operator")

    def ids(query: str) -> list[int]:
        return [feature["id"] for feature in client.get(f"/api/v1/alerts?{query}").json()["features"]]

    assert ids("appeared_from=2026-02-14") == [late.pk]
    assert ids("appeared_to=2026-02-13") == [early.pk]
    refused = client.get("/api/v1/alerts?appeared_from=14/02/2026")
    assert refused.status_code == 400 and "YYYY-MM-DD" in refused.json()["message"]


def test_the_inbox_lists_the_alerts_of_the_officers_agency_as_lead_or_coordinating(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    operator = world.users["operator"]
    lead = world.alert(title="Đèn đường hỏng")
    lead.verify(operator)
    lead.forward(operator, world.ubnd_a, sector=world.utilities)
    coordinating = world.alert(title="Cháy nhỏ", category="fire")
    coordinating.change_procedure(operator, "deadline", "Cháy đã được dập")
    coordinating.verify(operator)
    coordinating.forward(operator, world.pccc, coordinating=[world.ubnd_a], sector=world.fire, reason="PCCC chủ trì")
    elsewhere = world.alert(title="Phường B", geom=world.polygon_across())
    elsewhere.verify(operator)
    elsewhere.forward(operator, world.ubnd_b, sector=world.utilities, reason="Phường B")
    frozen_clock.shift(datetime.timedelta(hours=1))

    response = client_of(world, "officer_a").get("/alerts/inbox/")

    assert response.status_code == 200
    html = response.content.decode()
    cards = re.findall(r'data-id="(\d+)" data-state="(\w+)" data-role="(\w+)"', html)
    assert sorted(cards) == sorted([(str(lead.pk), "forwarded", "lead"), (str(coordinating.pk), "forwarded",
                                                                          "coordinating")])  # fmt: skip
    assert "Phường B" not in html
    assert "3 hours left" in html  # 4 h to accept, forwarded an hour ago
    partial = client_of(world, "officer_a").get("/alerts/inbox/?partial=1").content.decode()
    assert "<html" not in partial and f'data-id="{lead.pk}"' in partial
    assert 'name="viewport"' in html  # phones


def test_only_agency_officers_have_an_inbox(world: World) -> None:
    assert client_of(world, "operator").get("/alerts/inbox/").status_code == 403
