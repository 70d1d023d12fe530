"""The health and education demos: synthetic data loaded once (a second load changes nothing), saying so."""

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings

from alerts.models import Alert
from layers.models import Layer
from sectors.education import demo as education_demo
from sectors.education.models import School
from sectors.health import demo as health_demo
from sectors.health.models import CaseCount, Facility

LOADERS = ("gis_core.demo.load", "agencies.demo.load", "alerts.demo.load")


@pytest.fixture
def province(db: None, tmp_path: object) -> None:
    from django.utils.module_loading import import_string

    for dotted in LOADERS:
        import_string(dotted)(io.StringIO())


def test_the_demos_load_once_say_they_are_synthetic_and_raise_their_alerts(
    province: None, tmp_path: object, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    first, second = io.StringIO(), io.StringIO()
    with override_settings(MEDIA_ROOT=str(tmp_path)), django_capture_on_commit_callbacks(execute=True):
        for out in (first, second):
            health_demo.load(out)
            education_demo.load(out)

    assert "(synthetic)" in first.getvalue() and "outbreak alerts" in first.getvalue()
    assert "health: 0 facilities, 0 commune populations, 0 weekly counts created" in second.getvalue()
    assert "education: 0 schools, 0 rules created (synthetic); hazard layers imported: none." in second.getvalue()
    assert all("(demo)" in name for name in Facility.objects.values_list("name", flat=True))
    assert (
        CaseCount.objects.filter(source_ref__startswith="demo: Dữ liệu demo tổng hợp").count()
        == CaseCount.objects.count()
    )
    assert {"co-so-y-te", "truong-hoc", "vung-ngap", "vung-sat-lo"} <= set(Layer.objects.values_list("slug", flat=True))
    assert Alert.objects.filter(external_ref__startswith="health-outbreak:dengue:").exists()
    assert Alert.objects.filter(rule__key="truong-hoc-vung-ngap").exists()
    assert School.objects.filter(closed=True).count() == 2
