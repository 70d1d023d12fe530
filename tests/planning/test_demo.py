"""The synthetic Nha Trang demo: plans, revisions and status map over the demo wards; loading twice changes nothing."""

import io
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

from gis_core import demo as gis_demo
from planning import demo
from planning.models import CurrentLandUse, LandUseSurvey, Plan, PlanDocument, PlanRevision, RedLine, ZoningLot
from tests.planning.conftest import TEST_LAT, TEST_LON

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _snapshot() -> dict[str, object]:
    models = (Plan, PlanRevision, ZoningLot, RedLine, PlanDocument, LandUseSurvey, CurrentLandUse)
    return {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in models}


def _load() -> str:
    out = io.StringIO()
    demo.load(out)
    return out.getvalue()


def test_demo_loads_two_plans_with_thousands_of_lots_and_a_status_map_and_says_it_is_synthetic() -> None:
    gis_demo.load(io.StringIO())
    _load()
    zoning = Plan.objects.get(code=demo.ZONING_CODE)
    general = Plan.objects.get(code=demo.GENERAL_CODE)
    assert ZoningLot.objects.filter(revision__plan=zoning, revision__number=1).count() >= 2000
    assert zoning.revisions.count() == 2
    assert general.revisions.get().lots.count() > 500
    assert CurrentLandUse.objects.count() > 1000
    assert RedLine.objects.filter(revision__plan=zoning).exists()
    for text in (zoning.name, zoning.source_note, general.name, LandUseSurvey.objects.get().source_note):
        assert "mô phỏng" in text.lower()  # every demo record says it is synthetic
    assert set(zoning.units.values_list("name", flat=True)) <= {u for u in general.units.values_list("name", flat=True)}
    assert all("Nha Trang" in name for name in general.units.values_list("name", flat=True))


def test_loading_the_demo_twice_writes_nothing_the_second_time() -> None:
    gis_demo.load(io.StringIO())
    _load()
    before = _snapshot()
    second = _load()
    assert _snapshot() == before
    assert second.count("unchanged") == 3


def test_the_demo_answers_the_test_vector_now_and_with_the_original_revision_in_the_past(client: Client) -> None:
    gis_demo.load(io.StringIO())
    _load()
    now = client.get("/api/v1/planning/lookup", {"lon": str(TEST_LON), "lat": str(TEST_LAT)}).json()
    assert [p["plan"]["code"] for p in now["plans"]] == [demo.ZONING_CODE, demo.GENERAL_CODE]
    assert all(p["lots"] for p in now["plans"])
    assert now["plans"][0]["revision"]["number"] == 2
    past = client.get(
        "/api/v1/planning/lookup", {"lon": str(TEST_LON), "lat": str(TEST_LAT), "date": "2019-08-01"}
    ).json()
    assert [(p["plan"]["code"], p["revision"]["number"]) for p in past["plans"]] == [(demo.ZONING_CODE, 1)]


def test_without_the_nha_trang_wards_the_demo_says_so_and_creates_no_plan() -> None:
    before = _snapshot()
    output = _load()
    assert "no unit named '*Nha Trang*'" in output
    assert _snapshot() == before
