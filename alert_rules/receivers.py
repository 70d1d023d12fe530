"""What the rule engine does when the apps below it tell of a change (connected in AlertRulesConfig.ready)."""

from alert_rules import rule_runs


def layer_data_changed(sender: object, slug: str, **kwargs: object) -> None:
    """Receive layers.signals.data_changed: run the alert rules reading the layer whose new data is committed."""
    rule_runs.run_for_layer(slug)
