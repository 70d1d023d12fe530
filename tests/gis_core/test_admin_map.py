"""The admin map widget loads OpenLayers from our own static files and needs no internet."""

import re
from typing import Protocol, cast
from urllib.parse import urlsplit

import pytest
from django.test import Client
from pytest_django import Settings

from accounts.models import User
from core.widgets import LocalMapWidget
from gis_core.models import AdminUnit, Province
from tests.gis_core.reference import NHA_TRANG_WARD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_units")]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
_URL_ATTRIBUTE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")
_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.DOTALL)
_ABSOLUTE_URL = re.compile(r"""https?://[^\s"'<>)]+""")


class _MergedAssets(Protocol):
    """The asset lists a Media merges at runtime (django-stubs leaves these attributes out)."""

    _js: list[str]
    _css: dict[str, list[str]]


@pytest.fixture
def admin_client_logged_in(client: Client, django_user_model: type[User]) -> Client:
    user = django_user_model.objects.create_superuser("gisadmin", "gisadmin@example.org", "correct-horse-42")
    client.force_login(user)
    return client


def _remote(urls: list[str]) -> list[str]:
    return [url for url in urls if urlsplit(url).scheme and urlsplit(url).hostname not in LOCAL_HOSTS]


def _urls_in_scripts(page: str) -> list[str]:
    return [url for script in _SCRIPT.findall(page) for url in _ABSOLUTE_URL.findall(script)]


def test_widget_media_is_served_locally() -> None:
    media = LocalMapWidget().media
    assets = cast(_MergedAssets, media)
    urls = [*assets._js, *(path for paths in assets._css.values() for path in paths)]
    assert "vendor/ol/ol.js" in urls and "vendor/ol/ol.css" in urls
    assert _remote([media.absolute_path(path) for path in urls]) == []


def test_unit_change_page_renders_the_map_with_local_assets_only(admin_client_logged_in: Client) -> None:
    unit = AdminUnit.objects.get(code=NHA_TRANG_WARD)
    response = admin_client_logged_in.get(f"/admin/gis_core/adminunit/{unit.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/vendor/ol/ol.js" in page
    assert "/static/gis/js/OLMapWidget.js" in page
    assert "new MapWidget(options)" in page
    assert _remote(_URL_ATTRIBUTE.findall(page)) == []
    # No inline script fetches anything remote either (the stock widgets load OSM or NASA tiles).
    assert _remote(_urls_in_scripts(page)) == []
    assert "ol.source.OSM" not in page


def test_unit_map_draws_the_other_units_from_the_local_api(admin_client_logged_in: Client) -> None:
    unit = AdminUnit.objects.get(code=NHA_TRANG_WARD)
    page = admin_client_logged_in.get(f"/admin/gis_core/adminunit/{unit.pk}/change/").content.decode()
    assert "/api/v1/units?simplify" in page


def test_province_change_page_renders_with_local_assets_only(admin_client_logged_in: Client) -> None:
    province = Province.objects.get(code="56")
    response = admin_client_logged_in.get(f"/admin/gis_core/province/{province.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/vendor/ol/ol.js" in page
    assert _remote(_URL_ATTRIBUTE.findall(page)) == []
    assert _remote(_urls_in_scripts(page)) == []


def test_an_online_basemap_appears_only_when_configured(settings: Settings) -> None:
    widget = LocalMapWidget()
    assert "ol.source.XYZ" not in widget.render("geom", None)
    settings.MAP_ONLINE_BASEMAP_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert "tiles.example.org" in widget.render("geom", None)


def test_saving_a_unit_in_the_admin_recomputes_its_area(admin_client_logged_in: Client) -> None:
    unit = AdminUnit.objects.get(code=NHA_TRANG_WARD)
    computed_on_load = unit.area_km2  # the demo loader computes it from the boundary
    assert computed_on_load > 10
    AdminUnit.objects.filter(pk=unit.pk).update(area_km2=0)
    form = {
        "province": unit.province_id,
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        # The map widget posts GeoJSON in its own projection (Web Mercator).
        "geom": unit.geom.transform(3857, clone=True).json,
        "valid_from": unit.valid_from.isoformat(),
        "geometry_source": unit.geometry_source,
    }
    response = admin_client_logged_in.post(f"/admin/gis_core/adminunit/{unit.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    unit.refresh_from_db()
    assert unit.area_km2 == pytest.approx(computed_on_load, rel=1e-6)
