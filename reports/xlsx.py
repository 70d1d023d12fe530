"""The periodic report as an XLSX workbook: one sheet per table of the PDF, the same figures."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from reports.content import ReportContent


def build(content: ReportContent) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = _("Summary")[:31]
    summary.append([content.title])
    summary.append([content.summary()])
    summary["A1"].font = Font(bold=True, size=14)
    for title, rows in (
        (_("Agencies"), content.agency_table()),
        (_("Reminders by agency"), content.reminder_agency_table()),
        (_("Reminders by alert"), content.reminder_alert_table()),
        (_("Steps"), content.step_table()),
        (_("Refusals"), content.refusal_table()),
        (_("Units"), content.unit_table()),
        (_("Data feeds"), content.feed_table()),
        (_("Indicators"), content.indicator_table()),
    ):
        sheet = book.create_sheet(title[:31])
        for row in rows:
            sheet.append([cell if isinstance(cell, int | float) or cell is None else str(cell) for cell in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 45
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
