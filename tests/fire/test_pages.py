"""The fire service page's panel, the incident page, the computed indicators and the layers in the catalogue."""

import datetime

from django.contrib.gis.geos import Point
from django.test import Client
from django.utils import timezone

from indicators.models import IndicatorValue
from layers.models import Layer
from sectors.fire import figures, layers, rules
from sectors.fire.models import FireIncident, WaterSource
from services.models import ServicePage
from tests.fire.world import FireWorld, hydrant, premises


def _incident(world: FireWorld, code: str, minutes: int, closed: bool = True) -> FireIncident:
    reported = timezone.now() - datetime.timedelta(days=3)
    arrived = reported + datetime.timedelta(minutes=minutes)
    return FireIncident.objects.create(
        code=code, title=f"Cháy thử {code}", geom=Point(109.11, 12.21, srid=4326), station=world.station,
        reported_at=reported, arrived_at=arrived, closed_at=arrived + datetime.timedelta(hours=1) if closed else None,
        injured=2,
    )  # fmt: skip


def _officer(world: FireWorld) -> Client:
    client = Client()
    client.force_login(world.users["officer"])
    return client


def test_figures_are_computed_from_the_registers(fire_world: FireWorld) -> None:
    premises("NEAR", 109.108, 12.207)
    premises("FAR", 109.148, 12.248, next_due=datetime.date.today() - datetime.timedelta(days=1))
    hydrant("T1", 109.11, 12.21)
    hydrant("T2", 109.12, 12.21, WaterSource.Status.OUT_OF_ORDER)
    for code, minutes in (("A", 6), ("B", 8), ("C", 20)):
        _incident(fire_world, code, minutes)
    rules.run()
    numbers = figures.current()
    assert (numbers.premises, numbers.covered, numbers.overdue) == (2, 1, 1)
    assert (numbers.hydrants, numbers.hydrants_working, numbers.hydrants_share) == (2, 1, 50.0)
    assert numbers.median_response_min == 8.0


def test_publish_sends_the_figures_through_the_datahub_once(fire_world: FireWorld) -> None:
    premises("NEAR", 109.108, 12.207)
    _incident(fire_world, "A", 9)
    rules.run()
    assert figures.publish() == "sent"
    assert figures.publish() == "unchanged"
    values = {value.indicator.code: value for value in IndicatorValue.objects.select_related("indicator", "unit")}
    assert values[figures.COVERED].value == 100
    assert values[figures.RESPONSE].value == 9 and values[figures.RESPONSE].unit == fire_world.ward
    assert values[figures.OVERDUE].delivery.dataset.code == figures.DATASET


def test_service_page_shows_the_panel_and_layers_to_the_fire_police(fire_world: FireWorld) -> None:
    from io import StringIO

    layers.register(StringIO())
    ServicePage.objects.create(sector=fire_world.sector, summary="PCCC", summary_en="Fire")
    _incident(fire_world, "OPEN-1", 7, closed=False)
    page = _officer(fire_world).get("/services/fire/").content.decode()
    assert 'data-sector-panel="fire"' in page and "data-fire-figures" in page
    assert "Cháy thử OPEN-1" in page and "/sectors/fire/incidents/OPEN-1/" in page
    assert "fire-coverage" in page and "fire-premises" in page


def test_incident_page_shows_times_response_and_casualty_counts_to_staff_only(fire_world: FireWorld) -> None:
    _incident(fire_world, "PC-9", 9)
    page = _officer(fire_world).get("/sectors/fire/incidents/PC-9/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "data-incident-times" in text and "data-casualties" in text and "9 minutes" in text
    assert Client().get("/sectors/fire/incidents/PC-9/").status_code == 302  # to the sign-in page
    assert _officer(fire_world).get("/sectors/fire/incidents/NOPE/").status_code == 404


def test_layers_are_in_the_catalogue_and_the_incident_view_has_no_casualties(fire_world: FireWorld) -> None:
    from io import StringIO

    from django.db import connection

    registered = layers.register(StringIO())
    assert {layer.slug for layer in registered} >= {"fire-stations", "fire-coverage", "fire-incidents"}
    assert Layer.objects.get(slug="fire-incidents").access == Layer.Access.INTERNAL
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM fire_incident_map LIMIT 0")
        columns = {column.name for column in cursor.description}
    assert not columns & {"deaths", "injured", "rescued"}


def test_the_fire_page_shows_no_device_tile_or_list_since_the_service_has_no_devices(fire_world: FireWorld) -> None:
    ServicePage.objects.create(sector=fire_world.sector, summary="PCCC", summary_en="Fire")
    page = _officer(fire_world).get("/services/fire/").content.decode()
    assert "data-open-alerts" in page  # the other tiles are there
    assert "data-devices" not in page and "data-no-devices" not in page and "Devices online" not in page


def test_a_service_expecting_devices_but_with_none_says_so_plainly(fire_world: FireWorld) -> None:
    ServicePage.objects.create(sector=fire_world.sector, summary="PCCC", summary_en="Fire",
                               device_kinds=["weather_station"])  # fmt: skip
    page = _officer(fire_world).get("/services/fire/").content.decode()
    assert "data-no-devices" in page and "No device is connected to this service yet." in page
    card = page.split("data-no-devices>")[1].split("</div>")[0]
    assert card == "Devices online<strong>—</strong>No device is connected to this service yet."
    assert "data-devices-online" not in page and "data-devices-silent" not in page
    assert "No device of this service is registered." in page  # the list is still there, empty


def _card(page: str, attribute: str) -> str:
    return page.split(f"{attribute}>")[1].split("</div>")[0]


def test_the_panel_says_an_empty_register_is_empty_rather_than_zero_of_zero(fire_world: FireWorld) -> None:
    ServicePage.objects.create(sector=fire_world.sector, summary="PCCC", summary_en="Fire")
    empty = _officer(fire_world).get("/services/fire/").content.decode()
    assert _card(empty, "data-covered").endswith(
        "<strong>—</strong><span data-empty-register>The register holds no high-risk premises yet.</span>"
    )
    assert _card(empty, "data-hydrants-working") == (
        "Hydrants working<strong>—</strong><span data-empty-register>The register holds no hydrant yet.</span>"
    )
    assert "0 of 0" not in empty

    premises("NEAR", 109.108, 12.207)
    hydrant("T1", 109.11, 12.21)
    hydrant("T2", 109.12, 12.21, WaterSource.Status.OUT_OF_ORDER)
    rules.run()
    page = _officer(fire_world).get("/services/fire/").content.decode()
    assert _card(page, "data-hydrants-working") == "Hydrants working<strong>50.0%</strong>1 of 2"
    assert _card(page, "data-covered").endswith("of 1") and "data-empty-register" not in page
