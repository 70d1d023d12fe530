from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertRulesConfig(AppConfig):
    name = "alert_rules"
    verbose_name = _("Alert rules")

    def ready(self) -> None:
        from alert_rules import receivers
        from alerts.api import RULE_ENGINES
        from core import registry
        from layers import signals as layer_signals

        # alerts stores the rules and asks the engine about them through its registry; it never imports this app.
        registry.register(RULE_ENGINES, "alert_rules", "alert_rules.engine.AlertRulesEngine", "rule engine")
        # A layer import tells of its committed data through a signal, so layers never imports the rule engine.
        layer_signals.data_changed.connect(receivers.layer_data_changed, dispatch_uid="alert-rules-layer-data-changed")
