"""The rule engine as alerts sees it: registered in alerts.api.RULE_ENGINES from AlertRulesConfig.ready.

alerts stores the rules and never imports this app; through this engine it checks a rule in the admin
(AlertRule.clean), draws the layers the active rules read under the console's map, and has its worker run the rules
whose schedule has come.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alert_rules import rule_runs
from alert_rules.rules import rule_type_for
from alerts.api import AlertRule, RuleEngine
from core.errors import InvalidInput


class AlertRulesEngine(RuleEngine):
    """The rule types of RULE_TYPES: threshold, spatial, raster and those the apps above add."""

    def check(self, rule: AlertRule) -> None:
        try:
            rule_type = rule_type_for(rule)
        except InvalidInput as exc:
            raise ValidationError({"rule_type": exc.message}) from None
        try:
            rule_type.validate_params()
        except InvalidInput as exc:
            raise ValidationError({"params": exc.message}) from None
        if rule.run_every is not None and not rule_type.reads_layers:
            raise ValidationError(
                {"run_every": _("Only rules that read layers run on a schedule; this type runs on each input.")}
            )

    def input_layers(self, rule: AlertRule) -> set[str]:
        try:
            return rule_type_for(rule).input_layers()
        except InvalidInput:
            return set()  # an unknown type reads no layer

    def run_due(self, now: datetime.datetime, batch: int) -> int:
        return sum(not run.skipped for run in rule_runs.run_due(now, batch))
