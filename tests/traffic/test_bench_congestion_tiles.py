"""bench_congestion_tiles prints its percentiles through core.benchstats and its ratio with the workload."""

import io

import pytest
from django.core.management import call_command

from roads.models import RoadEdge

pytestmark = pytest.mark.django_db


def test_too_few_tiles_print_no_p95_and_the_ratio_line_names_its_workload() -> None:
    out = io.StringIO()
    call_command("bench_congestion_tiles", "--segments", "200", "--steps", "2", "--tiles", "5", "--rounds", "2",
                 stdout=out)  # fmt: skip
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("congestion tiles: p50 ")
    assert "p95 not printed (10 samples, needs >= 100)" in lines[1] and "p95 not printed" in lines[2]
    (ratio,) = [line for line in lines if line.startswith("ratio ")]
    assert "(workload: 5 tiles z12-15 x 2 rounds over " in ratio and "2 5-minute steps" in ratio
    assert not RoadEdge.objects.exists()  # the grid lived in temporary tables only
