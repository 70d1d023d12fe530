"""Field reports in a road category become incidents of the register (the report's alert is the incident's); any
change to an incident renews the incident layer's tiles (a view has no trigger of its own)."""

from typing import Any

from fieldreports.models import FieldReport
from sectors.traffic.models import TrafficIncident


def field_report_saved(sender: type[FieldReport], instance: FieldReport, created: bool, **kwargs: Any) -> None:
    """File the incident of a new report in a road category (sectors.traffic.incidents.FIELD_REPORT_KINDS)."""
    from sectors.traffic import incidents

    if created and not kwargs.get("raw"):
        incidents.from_field_report(instance)


def incident_saved(sender: type[TrafficIncident], instance: TrafficIncident, **kwargs: Any) -> None:
    """Bump the data version of the incident layer."""
    from sectors.traffic import layer

    layer.touch_incidents()
