"""A layer import runs the rules reading it through layers' data_changed signal, which alert_rules subscribes to.

layers never imports the rule engine, and alerts never imports alert_rules (the import-linter contracts, checked in
tests/core/test_layering.py): the signal and alerts' RULE_ENGINES registry are the only ways down.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from alert_rules import receivers
from alerts import rule_engines
from alerts.models import Alert
from layers import signals
from tests.alert_rules.rule_data import BLOCKS, HAZARD_A, blocks_rule, import_file, import_hazard
from tests.alerts.world import World


@pytest.fixture
def blocks(world: World, tmp_path: Path) -> None:
    import_file(tmp_path, "khu-dan-cu", BLOCKS)


def test_a_layer_import_runs_the_rules_reading_it_once_its_data_is_committed(
    world: World, blocks: None, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    rule = blocks_rule(world)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_file(tmp_path, "vung-nguy-hiem", [{"cap": 1, "geometry": HAZARD_A}])
        assert not Alert.objects.filter(rule=rule).exists()  # nothing runs before the commit
    for callback in callbacks:
        callback()

    alert = Alert.objects.get(rule=rule)
    rule.refresh_from_db()
    assert alert.dedup_unit == world.ward_a and rule.last_run["trigger"] == "layer:vung-nguy-hiem"


def test_the_rule_engine_hears_of_the_change_through_the_signal_alone(
    world: World, blocks: None, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    rule = blocks_rule(world)
    assert signals.data_changed.disconnect(dispatch_uid="alert-rules-layer-data-changed")
    try:
        import_hazard(tmp_path, django_capture_on_commit_callbacks, HAZARD_A)
        assert not Alert.objects.filter(rule=rule).exists()  # unsubscribed: the import runs no rule
    finally:
        signals.data_changed.connect(receivers.layer_data_changed, dispatch_uid="alert-rules-layer-data-changed")

    import_hazard(tmp_path, django_capture_on_commit_callbacks, HAZARD_A)

    assert Alert.objects.filter(rule=rule, dedup_unit=world.ward_a).count() == 1


def test_alerts_asks_the_rule_engine_registered_in_its_registry(world: World, blocks: None) -> None:
    rule = blocks_rule(world)

    assert list(rule_engines.RULE_ENGINES) == ["alert_rules"]
    assert rule_engines.input_layers(rule) == {"vung-nguy-hiem", "khu-dan-cu"}
