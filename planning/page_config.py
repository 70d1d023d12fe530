"""What the citizen lookup page's script needs: the API addresses and every text it shows, translated."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.lookup import DISCLAIMER


def page_config() -> dict[str, Any]:
    """The JSON config of planning/static/planning/lookup.js for the current language."""
    return {
        "lookupUrl": reverse("planning_api:lookup"),
        "reportUrl": reverse("planning_api:parcel-report"),
        "today": timezone.localdate().isoformat(),
        "labels": _labels(),
        "indicators": _indicator_labels(),
    }


def _labels() -> dict[str, str]:
    return {
        "pointTitle": _("Planning information at the point"),
        "parcelTitle": _("Planning information for the parcel"),
        "where": _("WGS 84: lon %(lon)s, lat %(lat)s"),
        "assumedOrder": _("Read as: %(order)s"),
        "unit": _("Administrative unit"),
        "position": _("Position"),
        "onDate": _("On date"),
        "noPlan": _("No approved plan in force covers this place on that date."),
        "noLot": _("The point lies inside the plan's area but in no lot of it."),
        "lot": _("Lot"),
        "landUse": _("Land use"),
        "function": _("Function"),
        "revision": _("Revision %(number)s, in force from %(date)s"),
        "decisionWord": _("Decision"),
        "documents": _("Documents"),
        "area": _("Area"),
        "areaValue": _("%(area)s m²"),
        "share": _("Share"),
        "parcelArea": _("Parcel area: %(area)s m² (planar, VN-2000 / TM-3 108°15')"),
        "covered": _("Covered by the plan: %(share)s of the parcel"),
        "redLineYes": _("The parcel crosses a red line (road reserve)."),
        "redLineNo": _("The parcel does not cross a red line."),
        "redLineUnknown": _("This plan has no red lines recorded."),
        "loading": _("Looking up…"),
        "failed": _("The lookup failed: %(reason)s"),
        "print": _("Print the planning information sheet"),
        "printedOn": _("Printed on %(date)s"),
        "synthetic": _("Synthetic demonstration data"),
        "disclaimer": _(DISCLAIMER),
        "yes": _("yes"),
        "no": _("no"),
    }


def _indicator_labels() -> list[dict[str, str]]:
    return [
        {"key": "building_coverage_pct", "label": _("Building coverage"), "unit": "%"},
        {"key": "floor_area_ratio", "label": _("Floor-area ratio"), "unit": ""},
        {"key": "floors", "label": _("Floors"), "unit": ""},
        {"key": "height_max_m", "label": _("Maximum height"), "unit": "m"},
        {"key": "setback_m", "label": _("Setback"), "unit": "m"},
        {"key": "building_line", "label": _("Building line"), "unit": ""},
        {"key": "red_line_ref", "label": _("Red line"), "unit": ""},
        {"key": "area_m2", "label": _("Lot area stated by the plan"), "unit": "m²"},
        {"key": "population", "label": _("Planned population"), "unit": ""},
    ]
