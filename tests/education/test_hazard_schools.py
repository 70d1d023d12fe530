"""Schools in hazard zones: the existing spatial rule type over the `schools` exposure source raises an alert to the
education department and the commune."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import box, mapping

from alert_rules.features import feature_source
from alert_rules.rule_runs import run_for_layer
from alerts.choices import Source
from alerts.models import Alert, AlertRule
from alerts.routing import propose
from core.errors import InvalidInput
from layers.importing import ImportOptions, import_layer
from tests.education.world import World

AROUND_A1 = box(109.105, 12.205, 109.115, 12.215)  # covers school a-1 (600 pupils), not a-2
FAR_AWAY = box(109.3, 12.3, 109.31, 12.31)


def import_flood(tmp_path: Path, capture: Callable[..., Any], *zones: Any) -> None:
    features = [{"type": "Feature", "geometry": mapping(zone), "properties": {"level": "cao"}} for zone in zones]
    path = tmp_path / f"flood-{len(list(tmp_path.iterdir()))}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with capture(execute=True):
        import_layer(path, "vung-ngap", ImportOptions(metadata={"title": "Vùng ngập"}))


@pytest.fixture
def school_rule(world: World) -> AlertRule:
    return AlertRule.objects.create(
        key="truong-hoc-vung-ngap", name="Trường học trong vùng ngập", rule_type="spatial_intersection",
        category="flood", severity="severe", sector=world.department.sectors.get(),
        params={"hazard": {"source": "layer", "layer": "vung-ngap"}, "exposure": {"source": "schools"},
                "feature_label": "trường học"},
    )  # fmt: skip


def test_a_flood_over_a_school_raises_an_alert_to_the_commune_and_the_education_department(
    world: World, school_rule: AlertRule, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    import_flood(tmp_path, django_capture_on_commit_callbacks, AROUND_A1)

    alert = Alert.objects.get(rule=school_rule)
    assert alert.source == Source.SPATIAL_RULE and getattr(alert.sector, "code", None) == "education"
    assert [unit.code for unit in alert.units.all()] == ["90001"]
    assert (alert.details["features"], alert.details["population"]) == (1, 600)  # one school, its pupils
    proposal = propose(alert)
    assert proposal.lead == world.committee and world.department in proposal.coordinating


def test_a_flood_away_from_every_school_raises_nothing(
    world: World, school_rule: AlertRule, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    import_flood(tmp_path, django_capture_on_commit_callbacks, FAR_AWAY)

    assert not Alert.objects.filter(rule=school_rule).exists()


def test_the_rule_can_keep_to_some_school_levels(
    world: World, school_rule: AlertRule, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    school_rule.params["exposure"] = {"source": "schools", "levels": ["preschool"]}
    school_rule.save()

    import_flood(tmp_path, django_capture_on_commit_callbacks, AROUND_A1)  # a-1 is a primary school

    assert not Alert.objects.filter(rule=school_rule).exists()


def test_a_school_rule_runs_again_when_the_register_changes(
    world: World, school_rule: AlertRule, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    import_flood(tmp_path, django_capture_on_commit_callbacks, AROUND_A1)
    a2 = world.schools[1]
    a2.geom = world.schools[0].geom
    a2.save()

    runs = run_for_layer("truong-hoc")

    assert [run.rule for run in runs] == [school_rule]
    assert Alert.objects.get(rule=school_rule).details["features"] == 2


def test_wrong_school_levels_are_refused_naming_the_parameter() -> None:
    with pytest.raises(InvalidInput, match="'levels' lists school levels"):
        feature_source({"source": "schools", "levels": ["university"]}, "exposure").validate()
