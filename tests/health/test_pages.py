"""The health block of the service page and the incidence and vaccination maps, computed from the data."""

import io

from django.contrib.gis.geos import Point
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from agencies.models import Sector
from sectors.health import layer
from sectors.health.models import CaseCount, CommunePopulation, Facility, VaccinationCoverage
from services.models import ServicePage
from tests.agencies.factories import make_user
from tests.health.world import WEEK, World


def officer(world: World) -> Client:
    client = Client()
    client.force_login(make_user("demo-health", Role.AGENCY_OFFICER, world.department))
    return client


def test_the_health_service_page_shows_figures_computed_from_cases_and_facilities(world: World) -> None:
    ServicePage.objects.create(sector=Sector.objects.get(code="health"), summary="Y tế")
    layer.register(io.StringIO())
    Facility.objects.create(
        code="bv-1",
        name="Bệnh viện A",
        kind=Facility.Kind.HOSPITAL,
        level=Facility.Level.PROVINCIAL,
        unit=world.wards[0],
        beds=200,
        occupied_beds=150,
        geom=Point(109.12, 12.22, srid=4326),
    )
    Facility.objects.create(
        code="tyt-1",
        name="Trạm Y tế B",
        kind=Facility.Kind.COMMUNE_STATION,
        level=Facility.Level.COMMUNE,
        unit=world.wards[1],
        beds=5,
        geom=Point(109.22, 12.22, srid=4326),
    )
    CaseCount.objects.create(disease="dengue", unit=world.wards[0], week_start=WEEK, cases=7)
    CaseCount.objects.create(disease="measles", unit=world.wards[1], week_start=WEEK, cases=2)

    response = officer(world).get(reverse("services:detail", args=["health"]))

    assert response.status_code == 200
    panel = response.context["panel_context"]
    assert (panel["week_cases"], panel["beds"].beds, panel["beds"].occupancy) == (9, 205, 75.0)
    assert [code for _name, code, _cases in panel["totals"]] == ["dengue", "measles"]
    assert "co-so-y-te" in response.context["map_options"].layers
    assert b'data-sector-panel="health"' in response.content


def test_the_incidence_map_divides_the_week_s_cases_by_the_population(world: World) -> None:
    CommunePopulation.objects.create(unit=world.wards[0], year=2026, population=20_000)
    CommunePopulation.objects.create(unit=world.wards[1], year=2025, population=50_000)  # the latest figure is used
    CaseCount.objects.create(disease="dengue", unit=world.wards[0], week_start=WEEK, cases=7)

    response = officer(world).get(reverse("health:maps"), {"disease": "dengue", "week": "2026-W23"})

    assert response.status_code == 200
    assert response.context["map_data"]["values"] == {"90001": 35.0, "90002": 0.0}


def test_the_vaccination_map_shows_coverage_by_commune(world: World) -> None:
    VaccinationCoverage.objects.create(unit=world.wards[0], year=2025, target_children=200, fully_immunised=190)

    response = officer(world).get(reverse("health:maps"), {"measure": "vaccination"})

    assert response.context["map_data"]["values"] == {"90001": 95.0}
    assert response.context["map_data"]["format"] == "percent"


def test_the_facilities_layer_is_served_through_ogc_api_features(world: World) -> None:
    layer.register(io.StringIO())
    Facility.objects.create(
        code="bv-1",
        name="Bệnh viện A",
        kind=Facility.Kind.HOSPITAL,
        level=Facility.Level.PROVINCIAL,
        unit=world.wards[0],
        beds=200,
        occupied_beds=150,
        geom=Point(109.12, 12.22, srid=4326),
    )

    items = Client().get("/ogc/collections/co-so-y-te/items", {"f": "json"}).json()

    (feature,) = items["features"]
    assert (feature["properties"]["kind"], feature["properties"]["beds"]) == ("hospital", 200)
