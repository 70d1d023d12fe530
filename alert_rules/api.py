"""The one door into the rule engine for other apps: its rule types and feature sources, and running rules.

Apps outside `alert_rules/` import only this module (the import-linter contract alert-rules-door holds them to it).
The registries are re-exported for the apps above that add their own kinds from their AppConfig.ready (iot's
water-level alarm in RULE_TYPES, sectors.education's schools in FEATURE_SOURCES), with the classes those kinds
extend; run_rule evaluates a rule on an input (a sensor reading) and raises, updates or retreats its alerts.
"""

from collections.abc import Callable

from alert_rules import benchmark, rule_runs
from alert_rules.features import FEATURE_SOURCES, Features, FeatureSource, LandUseFeatures
from alert_rules.rule_runs import RuleRun
from alert_rules.rules import RULE_TYPES, Evaluation, Finding, RuleType, RunResult, SensorReading, run_rule

__all__ = [
    "FEATURE_SOURCES", "RULE_TYPES", "Evaluation", "FeatureSource", "Features", "Finding", "LandUseFeatures",
    "RuleRun", "RuleType", "RunResult", "SensorReading", "bench_rule", "layer_data_changed", "run_rule",
]  # fmt: skip


def layer_data_changed(slug: str) -> list[RuleRun]:
    """Run the active alert rules that read the layer; call it after the import has committed."""
    return rule_runs.run_for_layer(slug)


def bench_rule(lots: int, write: Callable[[str], None]) -> None:
    """Time a flood rule against generated plan lots, all rolled back (`manage.py bench_alerts`, its first half)."""
    benchmark.bench_rule(lots, write)
