"""What the citizen lookup page's script needs: the API addresses and every text it shows, translated."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gis_core.coords import X_EASTING_Y_NORTHING, X_NORTHING_Y_EASTING
from planning.certificate_table import COLUMNS_SWAPPED, NORTHING_FIRST
from planning.lookup import DISCLAIMER
from planning.lot_layer import MIN_ZOOM
from planning.models import PlanDocument


def page_config() -> dict[str, Any]:
    """The JSON config of planning/static/planning/lookup.js for the current language."""
    return {
        "lookupUrl": reverse("planning_api:lookup"),
        "reportUrl": reverse("planning_api:parcel-report"),
        "lotsUrl": reverse("planning_api:lots-layer"),
        "lotsMinZoom": MIN_ZOOM,
        "sheetUrl": reverse("planning:sheet"),
        "today": timezone.localdate().isoformat(),
        "labels": _labels(),
        "indicators": _indicator_labels(),
        "axisOrders": axis_order_names(),
        "documentKinds": {kind.value: str(kind.label) for kind in PlanDocument.Kind},
    }


def axis_order_names() -> dict[str, str]:
    """How the lookup and the parcel report say they read the coordinates, in words for citizens."""
    return {
        X_NORTHING_Y_EASTING: _("X is the northing and Y the easting, as on land-use-right certificates"),
        X_EASTING_Y_NORTHING: _("X is the easting and Y the northing"),
        NORTHING_FIRST: _("X is the northing and Y the easting, as on land-use-right certificates"),
        COLUMNS_SWAPPED: _("The columns were read the other way round: Y (easting) first, then X (northing)"),
    }


def _labels() -> dict[str, str]:
    return {
        "pointTitle": _("Planning information at the point"),
        "parcelTitle": _("Planning information for the parcel"),
        "where": _("longitude %(lon)s, latitude %(lat)s (WGS 84)"),
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
        "share": _("Share"),
        "parcelArea": _("%(area)s (planar, VN-2000 / TM-3 108°15')"),
        "covered": _("Covered by the plan: %(share)s of the parcel"),
        "redLineYes": _("The parcel crosses a red line (road reserve)."),
        "redLineNo": _("The parcel does not cross a red line."),
        "redLineUnknown": _("This plan has no red lines recorded."),
        "loading": _("Looking up…"),
        "failed": _("The lookup failed: %(reason)s"),
        "print": _("Print the planning information sheet"),
        "printHint": _("One A4 page (PDF) with the map, the indicators, the plan documents and a QR code."),
        "lotsGroup": _("Planning"),
        "lotsLayer": _("Zoning lots in force"),
        "lotsZoomIn": _("Zoom in to see the lots."),
        "lotsFailed": _("The zoning lots could not be drawn: %(reason)s"),
        "lotShare": _("%(share)s of the parcel"),
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
