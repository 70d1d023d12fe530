"""Fixtures of the gis_core tests: the 65 demo units, loaded once per module and removed afterwards."""

import io
from collections.abc import Iterator

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from gis_core import demo
from gis_core.models import KHANH_HOA_CODE, AdminUnit, Province


@pytest.fixture(scope="module")
def demo_units(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Commit the demo province for this module's tests; delete it after so other suites start empty."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.load(io.StringIO())
    yield
    with django_db_blocker.unblock(), transaction.atomic():
        AdminUnit.objects.filter(province__code=KHANH_HOA_CODE).delete()
        Province.objects.filter(code=KHANH_HOA_CODE).delete()
