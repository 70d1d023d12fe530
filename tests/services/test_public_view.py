"""The public view of the service pages: summary, public layers, public alerts in force; never a staff figure."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from agencies.models import Agency
from alerts.models import Alert
from indicators.models import Indicator
from layers.models import Layer
from services import panels
from services.models import ServicePage
from services.panels import ServicePanel, panel_for
from tests.agencies.factories import make_user
from tests.services.test_service_pages import client_for, make_devices, raise_alert

pytestmark = pytest.mark.usefixtures("demo")

# What only staff may read on a service page: the figure cards, the staff tables and their attributes.
STAFF_MARKS = (
    "data-open-alerts", "data-overdue-alerts", "data-open-field-reports", "data-indicator-count", "data-devices",
    "data-indicators", "data-alerts", "data-open>", "data-overdue>", "data-silent>",
)  # fmt: skip


def verified(title: str, sector: str | None, category: str) -> Alert:
    alert = raise_alert(title, sector, category=category)
    alert.verify(make_user(f"op-{alert.pk}", Role.OPERATOR))
    return alert


def public_and_staff_alerts() -> None:
    """A verified flood (public), an unverified storm, a verified accident (not public) and an overdue one."""
    verified("Lũ trên sông Cái", "disaster-weather", "flood")
    raise_alert("Bão số 9 chưa xác minh", "disaster-weather", category="storm")
    verified("Va chạm xe máy trên cầu", "traffic", "accident")
    raise_alert("Đèn tín hiệu hỏng quá hạn", "traffic", deadline_at=timezone.now() - datetime.timedelta(hours=2))


def test_the_public_list_counts_the_public_alerts_in_force_of_each_service() -> None:
    public_and_staff_alerts()

    html = Client().get(reverse("services:list")).content.decode()

    row = html.split('data-service="disaster-weather"')[1].split("</tr>")[0]
    assert "data-public-alerts>1<" in row
    traffic = html.split('data-service="traffic"')[1].split("</tr>")[0]
    assert "data-public-alerts>0<" in traffic
    assert not [mark for mark in STAFF_MARKS if mark in html]
    assert reverse("reports:dashboard") not in html


def test_the_public_page_shows_the_summary_public_layers_and_public_alerts_in_force() -> None:
    public_and_staff_alerts()
    layer = Layer.objects.get(slug="flood-depth-demo")
    layer.access, layer.allowed_roles = Layer.Access.RESTRICTED, [Role.OPERATOR]
    layer.save()

    html = Client().get(reverse("services:detail", args=["disaster-weather"])).content.decode()

    assert ServicePage.objects.get(sector__code="disaster-weather").summary_en in html  # English in the tests
    assert 'data-layer="admin-units"' in html and "flood-depth-demo" not in html
    assert "Lũ trên sông Cái" in html and "Bão số 9 chưa xác minh" not in html
    assert 'id="service-map"' in html


def test_no_staff_figure_reaches_the_public_page() -> None:
    public_and_staff_alerts()
    make_devices()

    html = Client().get(reverse("services:detail", args=["traffic"])).content.decode()

    assert not [mark for mark in STAFF_MARKS if mark in html]
    indicators = list(Indicator.objects.filter(sector__code="traffic").values_list("name", flat=True))
    assert "data-traffic-indicators" not in html  # traffic's indicators are computed in its panel, for staff only
    secrets = ["Va chạm xe máy trên cầu", "Đèn tín hiệu hỏng quá hạn", "cam-online", "Camera nút giao", *indicators]
    for secret in [*secrets, Agency.objects.get(code="so-xd").name]:
        assert secret not in html, secret
    staff = client_for().get(reverse("services:detail", args=["traffic"])).content.decode()
    assert "Va chạm xe máy trên cầu" in staff and "cam-online" in staff  # the staff view keeps them


def test_the_public_map_overlay_holds_only_public_alerts_in_force() -> None:
    public_and_staff_alerts()

    weather = Client().get(reverse("services:alerts", args=["disaster-weather"])).json()
    traffic = Client().get(reverse("services:alerts", args=["traffic"])).json()

    assert [feature["properties"]["title"] for feature in weather["features"]] == ["Lũ trên sông Cái"]
    assert traffic["features"] == []
    staff = client_for().get(reverse("services:alerts", args=["traffic"])).json()
    assert {feature["properties"]["title"] for feature in staff["features"]} >= {"Va chạm xe máy trên cầu"}


class StaffPanel(ServicePanel):
    template_name = "portal/includes/public_alert_list.html"


class PublicPanel(StaffPanel):
    public = True


@pytest.mark.parametrize(("panel_class", "public_sees_it"), [(StaffPanel, False), (PublicPanel, True)])
def test_a_sector_panel_is_shown_to_the_public_only_when_it_says_it_is_public(
    monkeypatch: pytest.MonkeyPatch, panel_class: type[ServicePanel], public_sees_it: bool
) -> None:
    monkeypatch.setitem(panels.SERVICE_PANELS, "traffic", f"{__name__}.{panel_class.__name__}")
    url = reverse("services:detail", args=["traffic"])

    public = Client().get(url).content.decode()
    planner = client_for(Role.PLANNER).get(url).content.decode()
    staff = client_for().get(url).content.decode()

    assert ('data-sector-panel="traffic"' in public) is public_sees_it
    assert ('data-sector-panel="traffic"' in planner) is public_sees_it
    assert 'data-sector-panel="traffic"' in staff
    assert ServicePanel.public is False


def test_panel_for_returns_nothing_for_a_sector_without_a_panel() -> None:
    request = Client().get("/").wsgi_request

    assert panel_for(request, "no-such-sector") is None
