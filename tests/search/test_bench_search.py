"""bench_search generates lots, prints p50/p95 for anonymous and staff callers, and leaves nothing behind."""

import io

import pytest
from django.core.management import call_command

from planning.models import Plan, ZoningLot

pytestmark = pytest.mark.django_db


def test_bench_search_prints_percentiles_and_rolls_back() -> None:
    out = io.StringIO()
    call_command("bench_search", "--lots", "400", "--queries", "100", stdout=out)
    text = out.getvalue()
    assert "generated 400 lots" in text
    for who in ("anonymous", "operator"):
        assert f"search ({who}): p50 " in text and "over 100 queries" in text
    assert not Plan.objects.filter(code="bench").exists() and ZoningLot.objects.count() == 0
