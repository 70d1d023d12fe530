"""The engines that evaluate the alert rules, in a registry: alerts stores the rules, an app above evaluates them.

An AlertRule row names its type and parameters; what a type means (its parameters, the layers it reads, when it
runs) belongs to the rule engine, alert_rules, which sits above alerts and registers itself in RULE_ENGINES from
its AppConfig.ready through core.registry.register. alerts asks the engines to check a rule (AlertRule.clean), to
name the layers the active rules read (the console's map) and to run the rules whose schedule has come (the worker).
"""

import datetime
from typing import TYPE_CHECKING

from core.registry import load_class

if TYPE_CHECKING:
    from alerts.models import AlertRule

RULE_ENGINES: dict[str, str] = {}


class RuleEngine:
    """What alerts asks of an engine about its rules; each method's default is to know nothing of the rule."""

    def check(self, rule: "AlertRule") -> None:
        """Raise ValidationError, by field, when the rule's type, parameters or schedule are wrong."""

    def input_layers(self, rule: "AlertRule") -> set[str]:
        """Slugs of the catalogue layers the rule reads (none when its type reads no layer or is unknown)."""
        return set()

    def run_due(self, now: datetime.datetime, batch: int) -> int:
        """Run the rules whose scheduled time has come (up to batch of them); return how many ran."""
        return 0


def engines() -> list[RuleEngine]:
    """Every registered engine, ready to ask."""
    return [load_class(RULE_ENGINES, name, RuleEngine, "rule engine")() for name in RULE_ENGINES]


def check(rule: "AlertRule") -> None:
    """Have every engine check the rule; the first fault raises ValidationError."""
    for engine in engines():
        engine.check(rule)


def input_layers(rule: "AlertRule") -> set[str]:
    """The catalogue layers the rule reads, by any engine."""
    return set().union(*(engine.input_layers(rule) for engine in engines()))


def run_due(now: datetime.datetime, batch: int) -> int:
    """Run every engine's rules whose scheduled time has come; return how many ran."""
    return sum(engine.run_due(now, batch) for engine in engines())
