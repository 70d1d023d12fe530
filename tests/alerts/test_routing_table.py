"""Routing by jurisdiction: the unit's polygon names the committee, the routing table the provincial department.

Routing proposes; the operator confirms it, or changes it with a reason that the forwarding event keeps.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from alerts.models import Alert, SectorRoute
from alerts.routing import propose
from core.errors import InvalidInput
from tests.agencies.factories import make_agency
from tests.alert_rules.rule_data import BLOCKS, HAZARD_BOTH, blocks_rule, import_file, import_hazard
from tests.alerts.world import World


def test_without_a_route_the_committees_are_proposed_and_competent_departments_are_alternatives(
    world: World,
) -> None:
    alert = world.alert(geom=world.polygon_across())

    assert propose(alert, world.fire).as_dict() == {
        "lead": "ubnd-90001", "coordinating": ["ubnd-90002"], "alternatives": ["pccc"],
        "needs_management_decision": False, "department": None,
    }  # fmt: skip


def test_the_routing_table_adds_the_sectors_department_to_coordinate(world: World) -> None:
    SectorRoute.objects.create(sector=world.fire, department=world.pccc)
    alert = world.alert(geom=world.polygon_across(), sector=world.fire)

    proposal = propose(alert)

    assert (proposal.lead, proposal.coordinating, proposal.department) == (
        world.ubnd_a, [world.ubnd_b, world.pccc], world.pccc,
    )  # fmt: skip


def test_a_route_may_let_the_department_lead_and_a_category_route_wins_over_the_sectors(world: World) -> None:
    police = make_agency("ca-tinh", sectors=(world.fire,), whole_province=True)
    SectorRoute.objects.create(sector=world.fire, department=police)
    SectorRoute.objects.create(sector=world.fire, category="fire", department=world.pccc, department_leads=True)

    fire = propose(world.alert(category="fire", sector=world.fire))
    other = propose(world.alert(category="accident", sector=world.fire))

    assert (fire.lead, fire.coordinating) == (world.pccc, [world.ubnd_a])
    assert (other.lead, other.coordinating) == (world.ubnd_a, [police])


def test_a_route_names_a_provincial_processing_agency(world: World) -> None:
    route = SectorRoute(sector=world.fire, department=world.ubnd_a)

    with pytest.raises(ValidationError) as error:
        route.full_clean()

    assert "whole province" in str(error.value.message_dict["department"])


def test_each_units_rule_alert_goes_to_that_units_committee_and_the_operator_may_change_it_with_a_reason(
    world: World, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    SectorRoute.objects.create(sector=world.utilities, department=world.pccc)
    import_file(tmp_path, "khu-dan-cu", BLOCKS)
    blocks_rule(world, category="other")
    import_hazard(tmp_path, django_capture_on_commit_callbacks, HAZARD_BOTH)
    in_a, in_b = Alert.objects.get(dedup_unit=world.ward_a), Alert.objects.get(dedup_unit=world.ward_b)
    operator = world.users["operator"]

    assert (propose(in_a).lead, propose(in_b).lead) == (world.ubnd_a, world.ubnd_b)
    in_b.verify(operator)
    with pytest.raises(InvalidInput, match="give the reason for the change"):
        in_b.forward(operator, world.pccc, coordinating=[world.ubnd_b])
    in_b.forward(operator, world.pccc, coordinating=[world.ubnd_b], reason="Sự cố hạ tầng do sở chủ trì")

    forwarded = in_b.events.get(kind="forwarded")
    assert (forwarded.reason, forwarded.data["routing_changed"]) == ("Sự cố hạ tầng do sở chủ trì", True)
    assert forwarded.data["proposal"] == {
        "lead": "ubnd-90002", "coordinating": ["pccc"], "alternatives": [], "needs_management_decision": False,
        "department": "pccc",
    }  # fmt: skip
    in_a.verify(operator)
    in_a.forward(operator, world.ubnd_a, coordinating=[world.pccc])  # the proposal as it stands: no reason needed
    assert in_a.events.get(kind="forwarded").data["routing_changed"] is False


def test_an_inter_sector_rule_leaves_the_lead_to_the_management_agency(
    world: World, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    import_file(tmp_path, "khu-dan-cu", BLOCKS)
    blocks_rule(world, inter_sector=True, category="other")
    import_hazard(tmp_path, django_capture_on_commit_callbacks, HAZARD_BOTH)
    alert = Alert.objects.get(dedup_unit=world.ward_a)
    alert.verify(world.users["operator"])

    assert alert.inter_sector and propose(alert).needs_management_decision
    with pytest.raises(InvalidInput, match="decision of the management agency"):
        alert.forward(world.users["operator"], world.ubnd_a)


@pytest.mark.parametrize(("who", "status"), [("admin", 302), ("operator", 403)])
def test_the_management_agency_edits_the_routing_table(world: World, who: str, status: int) -> None:
    client = Client()
    client.force_login(world.users[who])

    response = client.post(
        "/admin/alerts/sectorroute/add/", {"sector": world.fire.pk, "category": "", "department": world.pccc.pk}
    )

    assert response.status_code == status
    assert SectorRoute.objects.filter(sector=world.fire).exists() is (status == 302)
