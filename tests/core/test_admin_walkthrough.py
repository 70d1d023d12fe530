"""The administrator's day in the admin, in Vietnamese: an agency with its contacts, an officer, a service page and a
layer's access rule, each through the admin's own forms as a browser posts them."""

import io
import re
from typing import Any

import pytest
from django.contrib import admin
from django.db.models import Model
from django.test import Client

from accounts.models import Role, User
from agencies.models import Agency, AgencyContact, Sector
from datahub.models import Delivery as DataDelivery
from delivery.models import MessageDelivery
from gis_core import demo
from indicators.models import IndicatorValue
from layers.builtin import register_builtin_layers
from layers.models import Layer
from planning.models import CurrentLandUse, RedLine
from services.models import ServicePage
from tests.agencies.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.vietnamese]
# English the admin must not show on a Vietnamese page (Django's defaults and untranslated third-party labels).
ENGLISH = ("Django", "Please correct", "GET FULL NAME", "Access Attempt", "access attempts", "Save and add another")


def _form_data(response: Any) -> dict[str, Any]:
    """What the browser would post back for an admin add or change page: every field's current value."""
    data: dict[str, Any] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(getattr(item, "pk", item)) for item in value]
            else:
                data[key] = str(value)
    return data


def _post(client: Client, url: str, **values: Any) -> Any:
    page = client.get(url)
    assert page.status_code == 200, url
    _assert_vietnamese(page.content.decode())
    data = _form_data(page) | {key: value for key, value in values.items() if value is not None}
    return client.post(url, data)


def _assert_vietnamese(html: str) -> None:
    text = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    assert "Quản trị hệ thống IOC Khánh Hòa" in html
    leftovers = [phrase for phrase in ENGLISH if phrase in text]
    assert leftovers == [], leftovers


@pytest.fixture
def administrator(db: None) -> Client:
    demo.load(io.StringIO())
    register_builtin_layers(io.StringIO())
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(make_user("quantri", Role.MANAGEMENT_ADMIN))
    return client


def test_the_administrator_sets_up_an_agency_an_officer_a_service_and_a_layer_rule_in_vietnamese(
    administrator: Client,
) -> None:
    client = administrator
    index = client.get("/admin/")
    html = index.content.decode()
    _assert_vietnamese(html)
    assert "<title>Dữ liệu và cấu hình của hệ thống | Quản trị hệ thống IOC Khánh Hòa</title>" in html
    for name in ("Các lần nhận dữ liệu", "Các lượt gửi thông báo"):
        assert name in html, name

    # 1. An agency: the contact columns it must fill are marked, and saving without them is refused in Vietnamese.
    add_agency = "/admin/agencies/agency/add/"
    form = client.get(add_agency).content.decode()
    assert "agencies/admin.css" in form
    for field in ("full_name", "email"):
        assert re.search(rf'<label class="required( inline)?" for="id_contacts-0-{field}">', form), field
    refused = _post(client, add_agency, code="so-thu-nghiem", name="Sở Thử nghiệm", kind=Agency.Kind.PROCESSING)
    assert refused.status_code == 200
    assert "Vui lòng sửa các lỗi bên dưới." in refused.content.decode()
    assert not Agency.objects.filter(code="so-thu-nghiem").exists()
    contacts = {
        "contacts-0-role": AgencyContact.Role.LEADER, "contacts-0-full_name": "Nguyễn Văn Lãnh",
        "contacts-0-phone": "0258 3822 001", "contacts-0-email": "lanhdao@sothunghiem.gov.vn",
        "contacts-1-role": AgencyContact.Role.FOCAL, "contacts-1-full_name": "Trần Thị Đầu",
        "contacts-1-phone": "0905 123 456", "contacts-1-email": "daumoi@sothunghiem.gov.vn",
    }  # fmt: skip
    created = _post(
        client, add_agency, code="so-thu-nghiem", name="Sở Thử nghiệm", kind=Agency.Kind.PROCESSING, **contacts
    )
    assert created.status_code == 302, created.content.decode()[:3000]
    agency = Agency.objects.get(code="so-thu-nghiem")
    assert sorted(agency.contacts.values_list("role", flat=True)) == ["focal", "leader"]

    # 2. An officer of that agency: role and agency come first; groups and per-user permissions are not offered.
    add_user = "/admin/accounts/user/add/"
    form = client.get(add_user).content.decode()
    assert form.index('name="role"') < form.index('name="username"')
    assert 'name="groups"' not in form and 'name="user_permissions"' not in form
    created = _post(
        client, add_user, role=Role.AGENCY_OFFICER, agency=str(agency.pk), username="canbo.sothunghiem",
        usable_password="true", password1="Mat-khau-dai-2026", password2="Mat-khau-dai-2026",
        first_name="Lê", last_name="Văn Cán", email="canbo@sothunghiem.gov.vn",
    )  # fmt: skip
    assert created.status_code == 302, created.content.decode()[:3000]
    officer = User.objects.get(username="canbo.sothunghiem")
    assert (officer.role, officer.agency_id) == (Role.AGENCY_OFFICER, agency.pk)
    change = client.get(f"/admin/accounts/user/{officer.pk}/change/").content.decode()
    assert 'name="groups"' not in change and 'name="user_permissions"' not in change
    users = client.get("/admin/accounts/user/").content.decode()
    assert "Văn Cán" in users

    # 3. A service page for a new service (a sector first, then its page).
    created = _post(client, "/admin/agencies/sector/add/", code="dich-vu-thu", name="Dịch vụ thử nghiệm", number="16")
    assert created.status_code == 302, created.content.decode()[:3000]
    sector = Sector.objects.get(code="dich-vu-thu")
    created = _post(
        client, "/admin/services/servicepage/add/", sector=str(sector.pk), summary="Trang dịch vụ thử nghiệm."
    )
    assert created.status_code == 302, created.content.decode()[:3000]
    assert ServicePage.objects.get(sector=sector).summary == "Trang dịch vụ thử nghiệm."

    # 4. A layer only agency officers of that agency may see, the roles picked by name.
    layer = Layer.objects.get(slug="admin-units")
    change_layer = f"/admin/layers/layer/{layer.pk}/change/"
    form = client.get(change_layer).content.decode()
    assert 'type="checkbox" name="allowed_roles" value="agency_officer"' in form
    assert "Cán bộ cơ quan" in form or "Cán bộ" in form
    saved = _post(
        client, change_layer, access=Layer.Access.RESTRICTED, allowed_roles=[Role.AGENCY_OFFICER],
        allowed_agencies=[str(agency.pk)],
    )  # fmt: skip
    assert saved.status_code == 302, saved.content.decode()[:3000]
    layer.refresh_from_db()
    assert (layer.access, layer.allowed_roles) == (Layer.Access.RESTRICTED, [Role.AGENCY_OFFICER])
    assert list(layer.allowed_agencies.all()) == [agency]
    assert layer.is_visible_to(officer) and not layer.is_visible_to(make_user("nguoixem", Role.VIEWER))

    # The login-throttling pages (django-axes, open to superusers) are Vietnamese too.
    superuser = Client(HTTP_ACCEPT_LANGUAGE="vi")
    superuser.force_login(User.objects.create_superuser("sieuquantri", password=None))
    assert "Lượt đăng nhập" in superuser.get("/admin/").content.decode()
    attempts = superuser.get("/admin/axes/accessattempt/").content.decode()
    _assert_vietnamese(attempts)
    assert "lượt thử đăng nhập" in attempts.lower()


@pytest.mark.parametrize("model", [IndicatorValue, CurrentLandUse, RedLine, DataDelivery, AgencyContact])
def test_long_lists_have_search_and_filters(model: type[Model]) -> None:
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields and model_admin.list_filter


def test_the_two_kinds_of_deliveries_have_distinct_names() -> None:
    names = {str(DataDelivery._meta.verbose_name_plural), str(MessageDelivery._meta.verbose_name_plural)}
    assert names == {"các lần nhận dữ liệu", "các lượt gửi thông báo"}
