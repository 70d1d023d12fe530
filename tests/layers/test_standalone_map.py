"""A vector layer exported as a standalone HTML map (folium): its features inline, every asset from this server."""

import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from gis_core import demo
from gis_core.models import AdminUnit
from layers import html_map
from layers.builtin import register_builtin_layers
from layers.models import Layer

pytestmark = pytest.mark.django_db
HOST: dict[str, Any] = {"HTTP_HOST": "localhost"}
ANY_URL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+""", re.I)
LINKED = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""")


@pytest.fixture
def units() -> Layer:
    demo.load(io.StringIO())
    register_builtin_layers(io.StringIO())
    return Layer.objects.get(slug="admin-units")


def export(slug: str, client: Client | None = None) -> Any:
    return (client or Client()).get(reverse("layers:map-html", args=[slug]), **HOST)


def test_the_export_references_no_other_server(units: Layer) -> None:
    response = export("admin-units")
    assert response.status_code == 200 and response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert ANY_URL.findall(html) == [], "the exported map must open with no internet"
    linked = LINKED.findall(html)
    assert {"/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css"} <= set(linked)
    assert all(finders.find(url.removeprefix(settings.STATIC_URL)) for url in linked), linked
    for name in ("jquery", "bootstrap", "font-awesome", "awesome-markers"):
        assert name not in html.lower()  # folium's CDN defaults are gone, not merely rewritten


def test_the_export_holds_every_feature_coloured_as_the_legend_says(units: Layer) -> None:
    html = export("admin-units").content.decode()
    assert html.count('"type": "Feature"') == units.feature_count == 65
    assert '"code": "22366"' in html  # Phường Nha Trang, with its attributes for the popup
    assert "#FDB462" in html and ">Ward</li>" in html  # a ward's fill and its legend entry
    assert "<title>Communes, wards and the special zone</title>" in html


def test_a_layer_too_large_to_inline_is_refused_with_the_way_out(units: Layer, monkeypatch: Any) -> None:
    monkeypatch.setattr(html_map, "MAX_FEATURES", 10)
    response = export("admin-units")
    assert response.status_code == 400
    message = response.json()["message"]
    assert "65 features" in message and "at most 10" in message and "/ogc/" in message


def test_hidden_layers_follow_the_catalogue_rules(units: Layer) -> None:
    units.access = Layer.Access.INTERNAL
    units.save()
    assert export("admin-units").status_code == 401
    assert export("khong-co").status_code == 404


def test_attribute_text_reaches_the_page_as_text_never_as_markup(units: Layer) -> None:
    AdminUnit.objects.filter(code="22366").update(name='<img src=x onerror="alert(1)">')
    html = export("admin-units").content.decode()
    assert "<img src=x" not in html and 'onerror=\\"alert' not in html
    # Escaped for the popup's innerHTML (folium's JSON then writes each & as \u0026 inside the script).
    assert "\\u0026lt;img src=x onerror=\\u0026quot;alert(1)\\u0026quot;\\u0026gt;" in html
