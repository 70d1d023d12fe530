"""The indicator set as an XLSX workbook: the catalogue with latest figures, and every value with its lineage."""

import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from indicators import periods
from indicators.figures import IndicatorRow
from indicators.models import IndicatorValue

MONTHS_OF_VALUES = 24


def workbook(rows: list[IndicatorRow], today: datetime.date) -> bytes:
    """Sheet 1: one line per indicator; sheet 2: the values of the last two years with where each came from."""
    book = Workbook()
    summary = book.active
    summary.title = _("Indicators")[:31]
    summary.append([_("Code"), _("Indicator"), _("Unit of measure"), _("Period"), _("Responsible agency"),
                    _("Latest period"), _("Latest value"), _("Previous value"), _("Change (%)"), _("Target"),
                    _("Share of target (%)"), _("Warning")])  # fmt: skip
    for row in rows:
        indicator = row.indicator
        summary.append([
            indicator.code, indicator.display_name, indicator.unit, indicator.get_period_display(),
            str(indicator.agency),
            indicator.period_label(row.latest_period) if row.latest_period else "", _float(row.latest),
            _float(row.previous), _float(row.change), _float(indicator.target), _float(row.target_share),
            {"above": _("above the limit"), "below": _("below the limit")}.get(row.breach, ""),
        ])  # fmt: skip
    values = book.create_sheet(_("Values")[:31])
    values.append([_("Code"), _("Period"), _("Unit code"), _("Unit"), _("Value"), _("Source"), _("Received")])
    since = periods.shift(periods.MONTH, periods.containing(periods.MONTH, today), -MONTHS_OF_VALUES)
    stored = (
        IndicatorValue.objects.filter(period_start__gte=since, indicator__is_active=True)
        .select_related("indicator", "unit", "delivery")
        .order_by("indicator__order", "indicator__code", "period_start", "unit__code")
    )
    for value in stored:
        values.append([
            value.indicator.code, value.indicator.period_label(value.period_start),
            value.unit.code if value.unit else "",
            value.unit.name if value.unit else _("Province"), float(value.value), value.lineage(),
            value.delivery.received_at.replace(tzinfo=None),
        ])  # fmt: skip
    for sheet in (summary, values):
        for index, width in enumerate((14, 48, 14, 12, 36, 12, 14, 14, 10, 12, 10, 16), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _float(value: object) -> float | None:
    return float(value) if value is not None else None  # type: ignore[arg-type]
