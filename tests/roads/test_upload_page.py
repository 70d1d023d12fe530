"""The road network's upload page: the IOC replaces the network from a file and reads the topology report."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import Role
from roads.models import RoadEdge
from tests.agencies.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


def _file(features: list[list[list[float]]]) -> SimpleUploadedFile:
    body = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": f"Đường {n}"}, "geometry": {"type": "LineString", "coordinates": c}}
        for n, c in enumerate(features)]}  # fmt: skip
    return SimpleUploadedFile("duong.geojson", json.dumps(body).encode(), content_type="application/geo+json")


def _client(role: str) -> Client:
    agency = make_agency("so-gtvt") if role == Role.AGENCY_OFFICER else None
    client = Client()
    client.force_login(make_user(f"user-{role}", role, agency))
    return client


def test_an_operator_imports_a_network_and_reads_what_was_fixed() -> None:
    client = _client(Role.OPERATOR)
    upload = _file([[[109.19, 12.24], [109.20, 12.24]], [[109.20001, 12.24], [109.21, 12.24]]])
    page = client.post("/roads/import/", {"file": upload, "tolerance": "5"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "data-import-report" in text and "1 endpoints snapped" in text
    assert RoadEdge.objects.count() == 2


def test_a_bad_file_shows_the_problems_and_writes_nothing() -> None:
    page = _client(Role.OPERATOR).post("/roads/import/", {"file": _file([]), "tolerance": "5"})
    assert page.status_code == 400 and "layers__problems" in page.content.decode()
    assert not RoadEdge.objects.exists()


def test_agency_officers_may_not_replace_the_network() -> None:
    assert _client(Role.AGENCY_OFFICER).get("/roads/import/").status_code == 403
