"""HTML pages of the OGC APIs: chosen by f=html or by a browser's Accept header, linked both ways with JSON."""

import json
import re

import pytest
from django.test import Client

from layers.models import Layer

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PAGES = [
    "/ogc/",
    "/ogc/conformance",
    "/ogc/collections",
    "/ogc/collections/diem",
    "/ogc/collections/diem/items",
    "/ogc/collections/catalogue",
    "/ogc/collections/catalogue/items",
    "/ogc/collections/catalogue/items/diem",
    "/ogc/processes",
    "/ogc/processes/hazard-exposure",
    "/ogc/tileMatrixSets/WebMercatorQuad",
]


def alternate_json(html: str) -> str:
    match = re.search(r'<link rel="alternate" type="application/[^"]*json[^"]*" href="([^"]+)"', html)
    assert match, "no <link rel=alternate> to the JSON"
    return match.group(1).replace("&amp;", "&")


def found(pattern: str, html: str) -> str:
    match = re.search(pattern, html, re.S)
    assert match, pattern
    return match.group(1)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_html_with_f_html_and_links_its_json(client: Client, points: Layer, path: str) -> None:
    response = client.get(path, {"f": "html"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<main id="ioc-main"' in html  # the portal's base template
    json_url = alternate_json(html)
    data = client.get(json_url)
    assert data.status_code == 200 and not data["Content-Type"].startswith("text/html")
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize("path", PAGES)
def test_browsers_get_html_and_other_clients_json(client: Client, points: Layer, path: str) -> None:
    assert client.get(path, HTTP_ACCEPT=BROWSER_ACCEPT)["Content-Type"].startswith("text/html")
    for accept in ("*/*", "application/json", "application/geo+json", ""):
        response = client.get(path, HTTP_ACCEPT=accept) if accept else client.get(path)
        json.loads(response.content)  # JSON, not a page


@pytest.mark.parametrize("path", ["/ogc/", "/ogc/collections", "/ogc/collections/diem", "/ogc/collections/diem/items"])
def test_json_documents_link_their_html_alternate(client: Client, points: Layer, path: str) -> None:
    links = client.get(path).json()["links"]
    html = next(link for link in links if link["rel"] == "alternate" and link["type"] == "text/html")
    assert "f=html" in html["href"]
    assert client.get(html["href"])["Content-Type"].startswith("text/html")


def test_items_page_shows_a_table_a_map_and_html_paging(client: Client, points: Layer) -> None:
    html = client.get("/ogc/collections/diem/items", {"f": "html", "limit": "5", "sortby": "hang,cot"}).content.decode()
    assert html.count("<tr>") == 6  # header and five features
    assert "Điểm 0-4" in html and "Điểm 1-0" not in html
    assert 'id="ogc-map"' in html and 'id="ogc-geojson"' in html
    geojson = json.loads(found(r'<script id="ogc-geojson" type="application/json">(.*?)</script>', html))
    assert len(geojson["features"]) == 5 and geojson["features"][0]["geometry"]["type"] == "Point"
    next_link = found(r'<a rel="next" href="([^"]+)"', html).replace("&amp;", "&")
    assert "f=html" in next_link
    following = client.get(next_link).content.decode()
    assert "Điểm 1-0" in following and "Features from number 6: 5 of 25." in following


def test_items_page_in_another_crs_has_no_map(client: Client, points: Layer) -> None:
    html = client.get("/ogc/collections/diem/items", {"f": "html", "crs": "EPSG:9217"}).content.decode()
    assert 'id="ogc-map"' not in html and "Điểm" in html


def test_item_page_lists_its_properties(client: Client, points: Layer) -> None:
    first = client.get("/ogc/collections/diem/items?limit=1").json()["features"][0]
    html = client.get(f"/ogc/collections/diem/items/{first['id']}", {"f": "html"}).content.decode()
    assert first["properties"]["ten"] in html and "Point" in html and 'id="ogc-map"' in html


def test_conformance_page_lists_the_same_classes_as_the_json(client: Client) -> None:
    classes = client.get("/ogc/conformance").json()["conformsTo"]
    html = client.get("/ogc/conformance?f=html").content.decode()
    assert all(uri in html for uri in classes)


@pytest.mark.vietnamese
def test_pages_speak_vietnamese_first(client: Client, points: Layer) -> None:
    html = client.get("/ogc/collections?f=html").content.decode()
    assert "Tập dữ liệu" in html and "Điểm" in html
    english = client.get("/ogc/collections?f=html", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Collections" in english and "Points" in english
