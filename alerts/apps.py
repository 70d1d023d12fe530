from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.health import HEALTH_WARNINGS
from core.registry import register


def layer_data_changed(sender: object, slug: str, **kwargs: object) -> None:
    """Receive layers.signals.data_changed: run the alert rules reading the layer whose new data is committed."""
    from alerts import api  # the rule runner loads when a layer changes, not with every process

    api.layer_data_changed(slug)


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from alerts import audiences  # noqa: F401  (registers the check of audiences nobody can receive)
        from layers import signals as layer_signals

        register(HEALTH_WARNINGS, "notifications", "alerts.api.audience_gaps", "health warning")  # for /healthz
        # A layer import tells of its committed data through a signal, so layers never imports alerts.
        layer_signals.data_changed.connect(layer_data_changed, dispatch_uid="alerts-layer-data-changed")
