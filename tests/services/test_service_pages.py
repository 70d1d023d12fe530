"""The service pages: built from configuration, figures that match the database, access, and the demo rows."""

import datetime
import io
import re

import pytest
from django.contrib.gis.geos import Point
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from agencies.models import Agency, Sector
from alerts import api as alerts_api
from alerts.choices import OPEN_STATES
from alerts.intake import AlertInput
from alerts.models import Alert
from datahub.models import Dataset, Delivery
from indicators.models import Indicator, IndicatorValue
from iot.models import Device
from layers.models import Layer
from services import demo
from services.models import ServicePage
from tests.agencies.factories import make_user

pytestmark = pytest.mark.usefixtures("demo")

NHA_TRANG = Point(109.19, 12.24, srid=4326)


def client_for(role: str = Role.OPERATOR, **fields: object) -> Client:
    client = Client()
    client.force_login(make_user(f"user-{role}", role, **fields))  # type: ignore[arg-type]
    return client


def figure(page: str, name: str) -> int:
    """The number in the page's card data-<name>."""
    match = re.search(rf"data-{name}>[^<]*<strong>(\d+)</strong>", page)
    assert match, f"no figure data-{name} on the page"
    return int(match.group(1))


def raise_alert(title: str, sector: str | None, category: str = "other", **fields: object) -> Alert:
    found = Sector.objects.get(code=sector) if sector else None
    alert, _created = alerts_api.raise_alert(
        AlertInput(title=title, source="manual", category=category, sector=found, geom=NHA_TRANG)  # type: ignore[arg-type]
    )
    if fields:
        Alert.objects.filter(pk=alert.pk).update(**fields)
    return alert


def make_alerts() -> None:
    """Open, overdue and closed alerts across services, one tied to traffic only by its category."""
    past = timezone.now() - datetime.timedelta(hours=2)
    raise_alert("Ùn tắc cầu Trần Phú", "traffic")
    raise_alert("Đèn tín hiệu hỏng", "traffic", deadline_at=past)
    raise_alert("Sự cố đã xử lý", "traffic", state="closed")
    raise_alert("Va chạm xe máy", None, category="accident")
    raise_alert("Ổ dịch sốt xuất huyết", "health", category="epidemic", deadline_at=past)
    raise_alert("Cháy rừng phòng hộ", "fire", category="fire", state="rejected")


def make_devices() -> None:
    agency = Agency.objects.get(code="so-xd")
    now = timezone.now()
    Device.objects.create(code="cam-online", name="Camera nút giao", kind="camera", agency=agency, position=NHA_TRANG,
                          interval_seconds=60, last_seen_at=now)  # fmt: skip
    Device.objects.create(code="cam-silent", name="Camera cầu", kind="camera", agency=agency, position=NHA_TRANG,
                          interval_seconds=60, created_at=now - datetime.timedelta(days=1))  # fmt: skip
    Device.objects.create(code="cam-retired", name="Camera cũ", kind="camera", agency=agency, position=NHA_TRANG,
                          status=Device.Status.RETIRED)  # fmt: skip


def expected_open(page: ServicePage) -> tuple[int, int]:
    """Open and overdue alerts of the page's sector or categories, counted straight from the alerts table."""
    belongs = Q(sector__code=page.sector.code) | Q(category__in=page.alert_categories)
    belongs |= Q(field_report__category__in=page.report_categories.all())
    open_alerts = Alert.objects.filter(belongs, state__in=OPEN_STATES).distinct()
    return open_alerts.count(), open_alerts.filter(deadline_at__lte=timezone.now()).count()


def test_every_demo_service_has_a_page_with_the_figures_of_the_database() -> None:
    make_alerts()
    make_devices()
    client = client_for()
    pages = list(ServicePage.objects.select_related("sector"))
    assert len(pages) == 15 and {page.sector.number for page in pages} == set(range(1, 16))

    for page in pages:
        response = client.get(reverse("services:detail", args=[page.sector.code]))
        assert response.status_code == 200, page.sector.code
        html = response.content.decode()
        assert (figure(html, "open-alerts"), figure(html, "overdue-alerts")) == expected_open(page), page.sector.code
        indicators = Indicator.objects.filter(sector=page.sector, is_active=True)
        assert figure(html, "indicator-count") == indicators.count(), page.sector.code
        for code in indicators.values_list("code", flat=True):
            assert f'data-indicator="{code}"' in html
        assert 'id="service-map"' in html

    traffic = client.get(reverse("services:detail", args=["traffic"])).content.decode()
    assert (figure(traffic, "open-alerts"), figure(traffic, "overdue-alerts")) == (3, 1)
    assert "Va chạm xe máy" in traffic and "Sự cố đã xử lý" not in traffic
    demo_cameras = Device.objects.filter(kind="camera", code__startswith="demo-").count()  # iot.demo's, heard at load
    assert (figure(traffic, "devices-online"), figure(traffic, "devices-silent")) == (1 + demo_cameras, 1)
    assert "cam-retired" not in traffic


def test_the_list_shows_each_service_with_its_key_figures_and_links_the_dashboard() -> None:
    make_alerts()
    html = client_for().get(reverse("services:list")).content.decode()

    for page in ServicePage.objects.select_related("sector"):
        row = html.split(f'data-service="{page.sector.code}"')[1].split("</tr>")[0]
        opened, overdue = expected_open(page)
        assert f"data-open>{opened}<" in row and f"data-overdue>{overdue}<" in row, page.sector.code
    assert reverse("reports:dashboard") in html


def test_indicators_show_the_latest_value_delivered() -> None:
    html = client_for(Role.VIEWER).get(reverse("services:detail", args=["socio-economic-indicators"])).content.decode()

    latest = IndicatorValue.objects.filter(indicator__code="budget-revenue").order_by("-period_start").first()
    assert latest is not None
    row = html.split('data-indicator="budget-revenue"')[1].split("</tr>")[0]
    assert f"{latest.value.normalize():f}" in row.replace(",", "")
    assert "dữ liệu demo" in Indicator.objects.get(code="budget-revenue").description


def test_a_new_service_row_appears_with_no_code_change() -> None:
    sector = Sector.objects.create(code="tourist-safety", number=16, name="An toàn du lịch")
    page = ServicePage.objects.create(sector=sector, summary="Dịch vụ mới", alert_categories=["crime"])
    page.layers.set(Layer.objects.filter(slug="admin-units"))
    raise_alert("Trộm cắp tại bãi biển", None, category="crime")
    client = client_for()

    listing = client.get(reverse("services:list")).content.decode()
    row = listing.split('data-service="tourist-safety"')[1].split("</tr>")[0]
    assert "An toàn du lịch" in row and "data-open>1<" in row
    html = client.get(reverse("services:detail", args=["tourist-safety"])).content.decode()
    assert figure(html, "open-alerts") == 1 and "Trộm cắp tại bãi biển" in html
    assert 'data-layer="admin-units"' in html


def test_the_map_overlay_holds_the_open_alerts_of_the_service() -> None:
    make_alerts()
    response = client_for().get(reverse("services:alerts", args=["traffic"]))

    assert response["Content-Type"] == "application/geo+json"
    titles = sorted(feature["properties"]["title"] for feature in response.json()["features"])
    assert titles == ["Va chạm xe máy", "Ùn tắc cầu Trần Phú", "Đèn tín hiệu hỏng"]


def test_layers_shown_follow_the_layer_access_rules() -> None:
    layer = Layer.objects.get(slug="flood-depth-demo")
    layer.access, layer.allowed_roles = Layer.Access.RESTRICTED, [Role.OPERATOR]
    layer.save()
    url = reverse("services:detail", args=["disaster-weather"])

    assert 'data-layer="flood-depth-demo"' in client_for(Role.OPERATOR).get(url).content.decode()
    viewer_page = client_for(Role.VIEWER).get(url).content.decode()
    assert 'data-layer="flood-depth-demo"' not in viewer_page and "flood-depth-demo" not in viewer_page


def test_anonymous_visitors_and_accounts_without_alerts_get_the_public_view() -> None:
    provider = client_for(Role.DATA_PROVIDER, agency=Agency.objects.get(code="so-yt"))
    for client in (Client(), provider):
        for url in (reverse("services:list"), reverse("services:detail", args=["traffic"])):
            response = client.get(url)
            assert response.status_code == 200
            assert "data-public-view" in response.content.decode()
    assert "data-public-view" not in client_for().get(reverse("services:list")).content.decode()


def test_unknown_services_are_named() -> None:
    response = client_for().get(reverse("services:detail", args=["no-such-service"]))
    assert response.status_code == 404
    assert "no-such-service" in response.content.decode()


def test_loading_the_demo_twice_changes_nothing_and_keeps_edits() -> None:
    ServicePage.objects.filter(sector__code="traffic").update(summary="Sửa trong trang quản trị")
    models = (ServicePage, Indicator, IndicatorValue, Dataset, Delivery, Alert)
    before = {model.__name__: model.objects.count() for model in models}
    out = io.StringIO()

    demo.load(out)

    assert {model.__name__: model.objects.count() for model in models} == before
    assert out.getvalue().startswith("services: nothing to change")
    assert ServicePage.objects.get(sector__code="traffic").summary == "Sửa trong trang quản trị"


def test_the_management_agency_adds_a_new_service_in_the_admin() -> None:
    sector = Sector.objects.create(code="tourist-safety", number=16, name="An toàn du lịch")
    admin = client_for(Role.MANAGEMENT_ADMIN)

    response = admin.post(reverse("admin:services_servicepage_add"), {
        "sector": sector.pk, "summary": "Dịch vụ mới", "summary_en": "", "order": 16, "is_active": "on",
        "alert_categories": ["crime", "accident"], "device_kinds": ["camera"],
    })  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:2000]
    page = ServicePage.objects.get(sector=sector)
    assert page.alert_categories == ["crime", "accident"] and page.device_kinds == ["camera"]
    assert client_for().get(reverse("services:detail", args=["tourist-safety"])).status_code == 200


def test_an_operator_may_not_change_the_configuration() -> None:
    operator = client_for(Role.OPERATOR)
    assert operator.get(reverse("admin:services_servicepage_changelist")).status_code == 200
    assert operator.get(reverse("admin:services_servicepage_add")).status_code == 403


@pytest.mark.vietnamese
def test_the_pages_speak_vietnamese_first() -> None:
    html = client_for().get(reverse("services:list")).content.decode()
    assert "Các dịch vụ của IOC" in html and "Thiết bị mất tín hiệu" in html
    detail = client_for(Role.VIEWER).get(reverse("services:detail", args=["fire"])).content.decode()
    assert "Cảnh báo đang xử lý" in detail and "Phòng cháy, chữa cháy: đội chữa cháy" in detail
