"""A field report in the hydrant category marks the nearest hydrant as out of order until an inspection says
otherwise (a file or the admin sets the status again); the rules then run on the changed register."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fieldreports.models import FieldReport
from sectors.fire.models import WaterSource

HYDRANT_CATEGORY = "fire-hydrant"
NEAREST_WITHIN_DEG = 0.0005  # about 50 m: the hydrant the reporter stood beside


def field_report_saved(sender: type[FieldReport], instance: FieldReport, created: bool, **kwargs: Any) -> None:
    """Mark the hydrant beside a new report of a broken hydrant as out of order."""
    if not created or kwargs.get("raw") or instance.geom is None:
        return
    if instance.category.service_code != HYDRANT_CATEGORY:
        return
    hydrant = (
        WaterSource.objects.filter(kind=WaterSource.Kind.HYDRANT, geom__dwithin=(instance.geom, NEAREST_WITHIN_DEG))
        .exclude(status=WaterSource.Status.OUT_OF_ORDER)
        .order_by("code")
        .first()
    )
    if hydrant is None:
        return
    hydrant.status = WaterSource.Status.OUT_OF_ORDER
    note = _("Reported out of order by field report %(code)s; awaiting inspection.") % {"code": instance.tracking_code}
    hydrant.note = f"{hydrant.note}\n{note}".strip()
    hydrant.save()
    from sectors.fire import rules

    transaction.on_commit(rules.run)
