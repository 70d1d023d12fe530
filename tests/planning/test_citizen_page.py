"""The public planning lookup page: no login, its script, the map and the API addresses."""

import json
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_page_is_public_and_carries_its_config(client: Client) -> None:
    response = client.get("/planning/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="pl-map"' in html
    assert "planning/lookup.js" in html
    match = re.search(r'<script id="pl-config" type="application/json">(.*?)</script>', html, re.S)
    assert match is not None
    config = json.loads(match[1])
    assert config["lookupUrl"] == "/api/v1/planning/lookup"
    assert config["reportUrl"] == "/api/v1/planning/parcel-report"
    assert {entry["key"] for entry in config["indicators"]} >= {"building_coverage_pct", "floor_area_ratio", "floors"}


def test_the_page_loads_nothing_from_other_hosts(client: Client) -> None:
    html = client.get("/planning/").content.decode()
    assert not re.findall(r"""(?:src|href)=["']https?://""", html)
