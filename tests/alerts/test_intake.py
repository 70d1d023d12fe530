"""Raising alerts: units by intersection, the procedure by category, routing proposals, one alert per situation."""

from typing import Any

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.db import connection

from alerts.api import raise_alert
from alerts.intake import AlertInput
from alerts.models import Alert, AlertEvent
from alerts.routing import propose
from core.errors import Conflict, InvalidInput
from tests.alerts.world import World


def box(x0: float, y0: float, x1: float, y1: float) -> Polygon:
    return Polygon(((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)), srid=4326)


def units_by_postgis(geom: GEOSGeometry | None) -> list[str]:
    """The expected units, by a query written independently of the application code."""
    assert geom is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code FROM gis_core_adminunit WHERE ST_Intersects(geom, ST_GeomFromEWKT(%s)) "
            "AND NOT ST_Touches(geom, ST_GeomFromEWKT(%s)) ORDER BY code",
            [geom.ewkt, geom.ewkt],
        )
        return [row[0] for row in cursor.fetchall()]


def test_the_units_are_those_the_geometry_reaches_into(world: World) -> None:
    across = world.alert(geom=world.polygon_across())
    west_edge_of_b = world.ward_b.geom.extent[0]
    grazing = world.alert(geom=box(109.14, 12.21, west_edge_of_b, 12.22))  # its east edge lies on ward B's edge

    assert sorted(across.units.values_list("code", flat=True)) == units_by_postgis(across.geom) == ["90001", "90002"]
    assert list(grazing.units.values_list("code", flat=True)) == units_by_postgis(grazing.geom) == ["90001"]


def test_a_geometry_outside_the_province_is_refused_and_nothing_is_written(world: World) -> None:
    with pytest.raises(InvalidInput, match="outside every unit"):
        world.alert(geom=Point(105.8, 21.0, srid=4326))

    assert (Alert.objects.count(), AlertEvent.objects.count()) == (0, 0)


def test_an_invalid_geometry_is_refused(world: World) -> None:
    bowtie = Polygon(((109.11, 12.21), (109.14, 12.24), (109.14, 12.21), (109.11, 12.24), (109.11, 12.21)), srid=4326)

    with pytest.raises(InvalidInput, match="invalid: Self-intersection"):
        world.alert(geom=bowtie)
    assert not Alert.objects.exists()


def test_the_category_chooses_the_procedure_and_another_choice_needs_a_reason(world: World) -> None:
    assert world.alert(category="threshold").procedure == "deadline"
    assert world.alert(category="storm").procedure == "immediate"

    with pytest.raises(InvalidInput, match="say why"):
        world.alert(category="threshold", procedure="immediate")
    chosen = world.alert(category="threshold", procedure="immediate", procedure_reason="Nước dâng nhanh")

    created = chosen.events.get()
    assert (created.reason, created.data["procedure_basis"]) == ("Nước dâng nhanh", "chosen")
    assert Alert.objects.count() == 3


def test_unknown_words_are_refused_with_the_allowed_ones(world: World) -> None:
    with pytest.raises(InvalidInput, match="Unknown category 'tsunami'; use one of: disaster"):
        world.alert(category="tsunami")
    with pytest.raises(InvalidInput, match="Give the alert a title"):
        world.alert(title=" ")
    assert not Alert.objects.exists()


def test_routing_proposes_the_most_affected_units_committee_as_lead_and_the_others_as_coordinating(
    world: World,
) -> None:
    alert = world.alert(geom=world.polygon_across())

    proposal = propose(alert, world.fire)

    assert proposal.as_dict() == {
        "lead": "ubnd-90001",
        "coordinating": ["ubnd-90002"],
        "alternatives": ["pccc"],
        "needs_management_decision": False,
        "department": None,
    }


def test_an_inter_sector_alert_waits_for_the_management_agency_to_name_the_lead(world: World) -> None:
    alert = world.alert(inter_sector=True)
    alert.verify(world.users["operator"])

    assert propose(alert, world.fire).needs_management_decision
    with pytest.raises(InvalidInput, match="decision of the management agency"):
        alert.forward(world.users["operator"], world.ubnd_a, sector=world.fire)
    alert.forward(world.users["operator"], world.ubnd_a, sector=world.fire, reason="Văn bản 12/SKHCN chỉ định")
    assert alert.state == "forwarded"


def test_the_same_reference_from_a_system_updates_the_alert_instead_of_duplicating_it(world: World) -> None:
    system = world.users["system"]
    data: dict[str, Any] = {
        "title": "Mưa lớn",
        "source": "cap_feed",
        "category": "storm",
        "external_ref": "cap-2026-001",
    }

    first, created = raise_alert(AlertInput(**data, geom=world.point_in_a()), system)
    again, created_again = raise_alert(AlertInput(**data, geom=world.point_in_a()), system)
    worse, _ = raise_alert(AlertInput(**data, geom=world.point_in_a(), severity="extreme"), system)

    assert (created, created_again, again.pk, worse.pk) == (True, False, first.pk, first.pk)
    assert list(first.events.values_list("kind", flat=True)) == ["created", "updated"]
    assert first.events.get(kind="updated").data["changed"] == ["severity"]


def test_a_reference_of_a_closed_alert_cannot_be_reopened(world: World) -> None:
    data: dict[str, Any] = {
        "title": "Mưa lớn",
        "source": "cap_feed",
        "category": "storm",
        "external_ref": "cap-2026-002",
    }
    alert, _ = raise_alert(AlertInput(**data, geom=world.point_in_a()), world.users["system"])
    alert.reject(world.users["operator"], "Tin thử nghiệm")

    with pytest.raises(Conflict, match="send a new reference"):
        raise_alert(AlertInput(**data, geom=world.point_in_a()), world.users["system"])
