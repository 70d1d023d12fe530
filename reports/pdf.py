"""The periodic report as a PDF (reportlab, DejaVu Sans for Vietnamese): figures, a bar chart and a map of the units.

The map is drawn on the server from the units' own polygons with the platform's renderer (gis_core.map_image, no
tiles, no internet, shapes in proportion at the province's latitude): mainland units shaded by the number of alerts
raised on them in the period.
"""

import io
import math
from typing import Any
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.formats import fmt_number
from core.pdf_fonts import BOLD, FONT, register_fonts
from gis_core import map_image
from gis_core.models import AdminUnit
from reports.content import ReportContent

HEADER_BG = colors.HexColor("#dfe7ef")
MAP_SIZE = (900, 900)  # pixels of the PNG; printed 11 x 11 cm
MAP_COLOURS = [(240, 240, 240, 255), (254, 229, 217, 255), (252, 174, 145, 255), (251, 106, 74, 255),
               (203, 24, 29, 255)]  # fmt: skip
MAP_LINE = (90, 90, 90, 255)
MAP_MARGIN = 0.07  # of the mainland's extent on each side: room below the tall province for the scale bar
MAP_MARKS_SIZE = 1.5  # the scale bar and north arrow, enlarged: the image prints 11 cm wide


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=16, leading=20, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
    }


def build(content: ReportContent) -> bytes:
    """Write the report's PDF."""
    register_fonts()
    style = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                                 topMargin=1.2 * cm, bottomMargin=1.2 * cm, title=content.title,
                                 author=_("Khánh Hòa Intelligent Operations Center"))  # fmt: skip
    story: list[Any] = [
        Paragraph(escape(content.title), style["title"]),
        Paragraph(escape(content.subtitle), style["body"]),
    ]
    story += [Spacer(1, 6), Paragraph(escape(content.summary()), style["body"])]
    handling = content.handling
    story.append(Paragraph(_("Alert handling by processing agency"), style["h2"]))
    story.append(_table(content.agency_table(), style, [6.5 * cm] + [1.9 * cm] * 10))
    if handling.agencies:
        story.append(_bar_chart(handling.agencies[:12]))
    story.append(Paragraph(_("Reminders by agency and by alert"), style["h2"]))
    by_agency, by_alert = content.reminder_agency_table(), content.reminder_alert_table()
    if len(by_alert) > 1:
        if len(by_agency) > 1:
            story.append(_table(by_agency, style, [8 * cm, 4 * cm, 6 * cm]))
            story.append(Spacer(1, 4))
        story.append(_table(by_alert, style, [9 * cm, 6 * cm, 2.5 * cm, 2 * cm, 2.5 * cm, 3.5 * cm]))
    else:
        story.append(Paragraph(_("No reminder and no overdue step in the period."), style["body"]))
    story.append(Paragraph(_("Steps of the procedures: done, on time, late"), style["h2"]))
    story.append(_table(content.step_table(), style, [7 * cm] + [3 * cm] * 4))
    story.append(Paragraph(_("Refusals and their reasons"), style["h2"]))
    refusals = content.refusal_table()
    story.append(_table(refusals, style, [2 * cm, 6 * cm, 3.5 * cm, 13 * cm]) if len(refusals) > 1
                 else Paragraph(_("No refusal in the period."), style["body"]))  # fmt: skip
    story.append(PageBreak())
    story.append(Paragraph(_("Alerts by commune, ward and special zone"), style["h2"]))
    story.append(Table([[Image(io.BytesIO(_unit_map(handling.units)), width=11 * cm, height=11 * cm),
                         _table(content.unit_table(limit=25), style, [6 * cm, 2 * cm, 2 * cm, 2 * cm])]],
                       colWidths=[12 * cm, 13 * cm], style=[("VALIGN", (0, 0), (-1, -1), "TOP")]))  # fmt: skip
    story.append(PageBreak())
    story.append(Paragraph(_("Data feeds by provider"), style["h2"]))
    story.append(_table(content.feed_table(), style, [6 * cm, 6 * cm, 2.5 * cm, 3.5 * cm, 2 * cm, 2 * cm, 2.5 * cm]))
    story.append(Paragraph(_("Indicator set"), style["h2"]))
    story.append(
        _table(content.indicator_table(), style, [8 * cm, 2.5 * cm, 2.5 * cm, 3 * cm, 2.5 * cm, 3 * cm, 3 * cm])
    )
    document.build(story)
    return buffer.getvalue()


def _table(rows: list[list[Any]], style: dict[str, ParagraphStyle], widths: list[float]) -> Table:
    cells = [[Paragraph(escape(_text(cell)), style["cell"]) for cell in row] for row in rows]
    table = Table(cells, colWidths=widths[: len(rows[0])] if rows else None, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))  # fmt: skip
    return table


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return number_format(value, 1)
    return str(value)


def _bar_chart(agencies: list[Any]) -> Drawing:
    drawing = Drawing(24 * cm, 0.6 * cm * len(agencies) + 1.5 * cm)
    chart = HorizontalBarChart()
    chart.x, chart.y = 7 * cm, 0.8 * cm
    chart.width, chart.height = 15 * cm, 0.6 * cm * len(agencies)
    reversed_rows = list(reversed(agencies))
    chart.data = [[row.forwarded for row in reversed_rows], [row.resolved for row in reversed_rows]]
    chart.categoryAxis.categoryNames = [row.name[:45] for row in reversed_rows]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    # Counts of alerts: the axis starts at zero, steps by whole alerts and writes numbers through core.formats.
    highest = max([0, *chart.data[0], *chart.data[1]])
    step = max(1, math.ceil(highest / 5))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = max(step, math.ceil(highest / step) * step)
    chart.valueAxis.labelTextFormat = fmt_number
    chart.bars[0].fillColor = colors.HexColor("#1f6fb2")
    chart.bars[1].fillColor = colors.HexColor("#7cb342")
    drawing.add(chart)
    return drawing


def _unit_map(units: list[Any]) -> bytes:
    """Mainland units shaded by alerts raised (five classes), drawn with the platform's renderer; PNG bytes."""
    counts = {unit.code: unit.raised for unit in units}
    high = max(counts.values(), default=0)
    shapes = [(unit.code, unit.geom.simplify(0.002, preserve_topology=True))
              for unit in AdminUnit.objects.exclude(kind=AdminUnit.Kind.SPECIAL_ZONE).only("code", "geom")]  # fmt: skip
    if not shapes:
        return map_image.blank_png(*MAP_SIZE, map_image.WHITE)
    canvas = map_image.Canvas.around(map_image.extent(geom for _code, geom in shapes), *MAP_SIZE, map_image.WHITE,
                                     margin=MAP_MARGIN)  # fmt: skip
    for code, geom in shapes:
        count = counts.get(code, 0)
        colour = MAP_COLOURS[0 if not count or not high else min(4, 1 + (count * 4 - 1) // high)]
        map_image.fill(canvas.draw, canvas.frame, geom, colour)
    for _code, geom in shapes:
        map_image.outline(canvas.draw, canvas.frame, geom, MAP_LINE, map_image.SCALE)
    map_image.scale_bar(canvas.draw, canvas.frame, MAP_MARKS_SIZE)
    map_image.north_arrow(canvas.draw, canvas.frame, MAP_MARKS_SIZE)
    return canvas.png()
