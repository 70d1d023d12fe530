"""The site menu: one table of entries; each visitor sees the public pages and the staff pages their role may open."""

import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from accounts.permissions import PERMISSIONS
from portal import navigation
from portal.navigation import MENU, PUBLIC, STAFF, Entry, holding, menu_for
from tests.agencies.factories import make_user
from tests.agencies.world import World, build_world, client_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    """Two agencies and one account per role, the planner and the leader included."""
    world = build_world()
    world.users["planner"] = make_user("planner", Role.PLANNER)
    world.users["leader"] = make_user("leader", Role.LEADER)
    return world


NAV = re.compile(r'<a href="([^"]+)"(?: aria-current="page")? data-nav="([^"]+)">')
PUBLIC_PAGES = [
    "portal:map", "planning:lookup", "fieldreports:new", "fieldreports:track-lookup", "portal:public-alerts",
    "services:list", "indicators:public-ranking", "ogc_api:landing", "layers:catalogue",
]  # fmt: skip

# Caller -> the staff entries their role holds (accounts.permissions.PERMISSIONS).
STAFF_PAGES = {
    "anonymous": [],
    "management_admin": [
        "alerts:console", "portal:operator-map", "planning:planners", "datahub:catalogue",
        "indicators:table", "reports:dashboard", "reports:archive", "audit:log", "admin:index",
    ],
    "operator": [
        "alerts:console", "portal:operator-map", "planning:planners", "datahub:catalogue",
        "indicators:table", "reports:dashboard", "reports:archive", "admin:index",
    ],
    "officer_a": [
        "alerts:inbox", "portal:operator-map", "planning:planners", "datahub:catalogue",
        "indicators:table",
    ],
    "provider_token": ["planning:planners", "datahub:catalogue", "indicators:table"],
    "planner": ["planning:planners", "datahub:catalogue", "indicators:table"],
    "leader": [
        "portal:operator-map", "planning:planners", "datahub:catalogue", "indicators:table", "reports:dashboard",
        "reports:archive", "audit:log",
    ],
    "viewer": [
        "portal:operator-map", "planning:planners", "datahub:catalogue", "indicators:table", "reports:dashboard",
        "reports:archive", "audit:log",
    ],
}  # fmt: skip


def _session(world: World, caller: str) -> Client:
    if caller == "provider_token":  # the provider's person signs in like anyone else
        client = Client()
        client.force_login(world.users[caller])
        return client
    return client_as(world, caller)


def _menu(html: str) -> list[str]:
    return [name for _href, name in NAV.findall(html)]


@pytest.mark.parametrize("caller", list(STAFF_PAGES))
def test_each_role_sees_the_public_pages_then_the_staff_pages_it_may_open(world: World, caller: str) -> None:
    html = _session(world, caller).get("/").content.decode()

    assert _menu(html) == PUBLIC_PAGES + STAFF_PAGES[caller]


@pytest.mark.parametrize("caller", list(STAFF_PAGES))
def test_every_staff_page_in_the_menu_opens_for_that_role(world: World, caller: str) -> None:
    client = _session(world, caller)
    for name in STAFF_PAGES[caller]:
        response = client.get(reverse(name))
        assert response.status_code == 200, (caller, name, response.status_code)


def test_staff_pages_a_role_may_not_open_are_absent_not_greyed(world: World) -> None:
    html = _session(world, "provider_token").get("/").content.decode()

    for hidden in ("/alerts/console/", "/alerts/inbox/", "/reports/", "/admin/"):
        assert f'href="{hidden}"' not in html
    assert "ioc-nav__list--staff" in html


def test_anonymous_visitors_get_no_staff_list(world: World) -> None:
    html = Client().get("/").content.decode()

    assert "ioc-nav__list--staff" not in html
    assert 'href="/ogc/?f=html"' in html  # the OGC landing page as a page, not JSON


def test_every_entry_names_a_page_and_a_known_permission() -> None:
    for entry in MENU:
        reverse(entry.url_name)
        assert entry.group in (PUBLIC, STAFF)
    staff_permissions = {entry.visible.__name__ for entry in MENU if entry.group == STAFF}
    assert all(name.removeprefix("holding(").removesuffix(")") in PERMISSIONS for name in staff_permissions)


def test_a_menu_is_built_from_its_table_not_the_template(world: World) -> None:
    table = (
        Entry("portal:public-alerts", gettext_lazy("Alerts for all"), navigation.everyone, PUBLIC),
        Entry("alerts:console", gettext_lazy("Console"), holding("alerts.operate"), STAFF),
    )
    request = RequestFactory().get("/public-alerts/")
    request.user = world.users["viewer"]

    links = menu_for(request, table)

    assert [(link.label, link.href, link.current) for link in links] == [("Alerts for all", "/public-alerts/", True)]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/public-alerts/", "portal:public-alerts"),
        ("/field-reports/track/", "fieldreports:track-lookup"),
        ("/field-reports/", "fieldreports:new"),
        ("/reports/dashboard/", "reports:dashboard"),
        ("/reports/", "reports:archive"),
        ("/", None),
    ],
)
def test_the_current_page_is_marked_with_aria_current(world: World, path: str, current: str | None) -> None:
    request = RequestFactory().get(path)
    request.user = world.users["operator"]

    marked = [link.url_name for link in menu_for(request) if link.current]

    assert marked == ([current] if current else [])


def test_the_page_marks_its_menu_entry_in_html(world: World) -> None:
    html = Client().get("/public-alerts/").content.decode()

    assert '<a href="/public-alerts/" aria-current="page" data-nav="portal:public-alerts">' in html
    assert html.count('aria-current="page"') == 2  # the menu entry and the breadcrumb's last item


def test_the_menu_button_controls_the_menu_and_starts_closed(world: World) -> None:
    html = Client().get("/").content.decode()

    button = re.search(r"<button class=\"ioc-menu-button\"[^>]*>", html)
    assert button is not None
    assert 'aria-expanded="false"' in button.group(0) and 'aria-controls="ioc-menu"' in button.group(0)
    assert 'id="ioc-menu"' in html
    assert "/static/portal/nav.js" in html


PAGES_IN_THE_FRAME = [
    ("anonymous", "/"), ("anonymous", "/map/"), ("anonymous", "/public-alerts/"), ("anonymous", "/planning/"),
    ("anonymous", "/field-reports/"), ("anonymous", "/field-reports/track/"), ("anonymous", "/layers/"),
    ("anonymous", "/ogc/?f=html"), ("anonymous", "/ogc/collections?f=html"), ("anonymous", "/accounts/login/"),
    ("anonymous", "/services/"), ("planner", "/planning/planners/"), ("leader", "/reports/dashboard/"),
    ("operator", "/alerts/console/"), ("officer_a", "/alerts/inbox/"), ("operator", "/operations/map/"),
    ("operator", "/planning/planners/"), ("operator", "/data/"), ("operator", "/indicators/"),
    ("operator", "/indicators/procedures/"), ("operator", "/reports/"), ("operator", "/reports/dashboard/"),
    ("operator", "/services/"), ("operator", "/layers/upload/"), ("operator", "/planning/planners/import/"),
]  # fmt: skip


@pytest.mark.parametrize(("caller", "path"), PAGES_IN_THE_FRAME)
def test_every_page_has_the_site_header_menu_and_one_title(world: World, caller: str, path: str) -> None:
    response = _session(world, caller).get(path, headers={"Accept": "text/html"})

    assert response.status_code == 200, (path, response.status_code)
    html = response.content.decode()
    assert html.count("data-ioc-header") == 1 and 'id="ioc-menu"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1, path


def test_signed_out_header_has_no_staff_names(world: World) -> None:
    user = User.objects.get(username="viewer")
    client = Client()
    client.force_login(user)
    client.post(reverse("accounts:logout"))

    assert "ioc-nav__list--staff" not in client.get("/").content.decode()


def test_the_public_service_ranking_is_in_the_public_menu_of_every_visitor(world: World) -> None:
    for caller in ("anonymous", "viewer"):
        html = _session(world, caller).get("/").content.decode()
        assert ("/indicators/procedures/ranking/", "indicators:public-ranking") in NAV.findall(html), caller


def test_the_ranking_page_marks_its_short_menu_entry_as_current(world: World) -> None:
    page = Client().get("/indicators/procedures/ranking/").content.decode()
    assert 'aria-current="page" data-nav="indicators:public-ranking">Procedures ranking</a>' in page
