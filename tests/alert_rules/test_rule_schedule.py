"""Layer-fed rules run when their input layer is imported and on their schedule, claimed like due alerts."""

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from shapely import box
from time_machine import TimeMachineFixture

from alert_rules.rule_runs import claim_and_run
from alerts.models import Alert
from alerts.worker import run_once
from core.errors import ImportFailed
from layers.importing import import_layer
from tests.alert_rules.rule_data import BLOCKS, HAZARD_A, HAZARD_BOTH, blocks_rule, import_file, import_hazard
from tests.alerts.conftest import START
from tests.alerts.world import World
from tests.layers.data import write


@pytest.fixture
def blocks(world: World, tmp_path: Path) -> None:
    import_file(tmp_path, "khu-dan-cu", BLOCKS)


def test_the_figures_are_per_unit_with_population_shared_by_the_area_under_the_hazard(
    world: World, blocks: None, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    rule = blocks_rule(world)

    import_hazard(tmp_path, django_capture_on_commit_callbacks, HAZARD_BOTH)

    a, b = Alert.objects.get(dedup_unit=world.ward_a), Alert.objects.get(dedup_unit=world.ward_b)
    assert (a.rule, b.rule) == (rule, rule)
    assert (a.details["features"], a.details["population"]) == (2, 700)  # A1 and A2; A3 is commercial
    assert (b.details["features"], b.details["population"]) == (1, 250)  # half of B1 lies under the zone
    assert b.details["exposed_area_m2"] == pytest.approx(a.details["exposed_area_m2"] / 4, rel=0.01)


def test_a_rule_with_an_interval_runs_when_due_and_again_once_the_interval_has_passed(
    world: World, blocks: None, tmp_path: Path, frozen_clock: TimeMachineFixture
) -> None:
    import_file(tmp_path, "vung-nguy-hiem", [{"cap": 1, "geometry": HAZARD_A}])  # no rule reads it yet
    rule = blocks_rule(world, run_every=datetime.timedelta(hours=1))
    assert rule.next_run_at == START

    first = run_once()
    soon = run_once()
    frozen_clock.move_to(START + datetime.timedelta(hours=1))
    later = run_once()

    assert (first.rules, soon.rules, later.rules) == (1, 0, 1)
    alert = Alert.objects.get(rule=rule)
    assert list(alert.events.values_list("kind", flat=True)) == ["created", "overdue"]  # the rerun changed nothing
    rule.refresh_from_db()
    assert rule.next_run_at == START + datetime.timedelta(hours=2)
    assert (rule.last_run["trigger"], rule.last_run["unchanged"]) == ("schedule", 1)


def test_a_claim_read_before_another_run_no_longer_matches(world: World, blocks: None, tmp_path: Path) -> None:
    import_file(tmp_path, "vung-nguy-hiem", [{"cap": 1, "geometry": HAZARD_A}])
    rule = blocks_rule(world, run_every=datetime.timedelta(hours=1))
    version = rule.run_version

    assert claim_and_run(rule.pk, version, timezone.now(), "schedule") is not None
    assert claim_and_run(rule.pk, version, timezone.now(), "schedule") is None  # a second worker's stale read
    assert Alert.objects.filter(rule=rule).count() == 1


def test_a_failed_import_runs_no_rule(
    world: World, blocks: None, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    rule = blocks_rule(world)
    outside = write(tmp_path / "sai.gpkg", [{"cap": 1, "geometry": box(2.0, 48.0, 2.1, 48.1)}])  # Paris

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ImportFailed):
        import_layer(outside, "vung-nguy-hiem")

    assert callbacks == [] and not Alert.objects.exists()
    rule.refresh_from_db()
    assert rule.last_run_at is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"run_every": datetime.timedelta(seconds=10)}, "run_every", "at most once a minute"),
        ({"rule_type": "threshold", "params": {"quantity": "rain_mm", "threshold": 50},
          "run_every": datetime.timedelta(hours=1)}, "run_every", "Only rules that read layers run on a schedule"),
    ],
)  # fmt: skip
def test_schedules_are_checked_when_the_rule_is_edited(
    world: World, blocks: None, tmp_path: Path, fields: dict[str, Any], field: str, message: str
) -> None:
    import_file(tmp_path, "vung-nguy-hiem", [{"cap": 1, "geometry": HAZARD_A}])
    rule = blocks_rule(world)
    for name, value in fields.items():
        setattr(rule, name, value)

    with pytest.raises(ValidationError) as error:
        rule.full_clean()

    assert message in str(error.value.message_dict[field])


def test_a_deactivated_rule_stops_running(world: World, blocks: None, tmp_path: Path) -> None:
    import_file(tmp_path, "vung-nguy-hiem", [{"cap": 1, "geometry": HAZARD_A}])
    rule = blocks_rule(world, run_every=datetime.timedelta(hours=1), is_active=False)

    run_once()

    assert not Alert.objects.exists()
    rule.refresh_from_db()
    assert (rule.next_run_at, rule.last_run_at) == (None, None)  # put to rest, not run
