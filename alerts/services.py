"""Use cases other apps call: run the alert rules that read a layer once its new data is committed."""

from alerts import rule_runs


def layer_data_changed(slug: str) -> list[rule_runs.RuleRun]:
    """Run the active alert rules that read the layer; call it after the import has committed."""
    return rule_runs.run_for_layer(slug)
