"""The education block of the service page: figures computed from the register, hazard alerts, closures."""

from django.test import Client
from django.urls import reverse

from accounts.models import Role
from agencies.models import Sector
from sectors.education import closures
from services.models import ServicePage
from tests.agencies.factories import make_user
from tests.education.world import World


def test_the_education_service_page_shows_pupils_teachers_and_closed_schools(world: World) -> None:
    ServicePage.objects.create(sector=Sector.objects.get(code="education"), summary="Giáo dục")
    user = make_user("demo-education", Role.AGENCY_OFFICER, world.department)
    closures.close(world.schools[2], user, "Sạt lở")
    client = Client()
    client.force_login(user)

    response = client.get(reverse("services:detail", args=["education"]))

    assert response.status_code == 200
    panel = response.context["panel_context"]
    assert (panel["totals"]["schools"], panel["totals"]["pupils"], panel["pupils_per_teacher"]) == (3, 1700, 18.9)
    assert (panel["totals"]["closed"], panel["totals"]["pupils_out"]) == (1, 900)
    assert "Trường THCS B1" in response.content.decode()
