from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IotConfig(AppConfig):
    name = "iot"
    verbose_name = _("IoT sensors, cameras and street lights")

    def ready(self) -> None:
        from alert_rules.api import RULE_TYPES
        from core import registry
        from services.panels import register

        # The water-level alarm (levels I, II, III) is a rule type of the alert engine that reads iot's devices.
        # Added through core.registry, which refuses a name the alert engine already gives to another rule type.
        registry.register(RULE_TYPES, "water_level_alarm", "iot.rules.WaterLevelAlarmRule", "rule type")
        # iot's blocks on the service pages of environment (VN_AQI, VN_WQI) and public utilities (meters).
        register("environment", "iot.panel.EnvironmentPanel")
        register("public-utilities", "iot.panel.UtilitiesPanel")
