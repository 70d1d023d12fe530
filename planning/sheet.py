"""The planning information sheet (phiếu thông tin quy hoạch): one A4 PDF page for a point or a parcel.

The sheet answers the same question as the citizen lookup (planning.lookup or planning.parcel_report) and prints
it: the province's and the IOC's header, a title, the date and a reference number, the map extract
(planning.sheet_map) with its legend, the indicators of the lots, the plan documents, a QR code back to the same
lookup online and the disclaimer. Written with reportlab in the report font (DejaVu Sans, Vietnamese letters);
the whole content is kept in one frame that shrinks to fit, so the sheet is always one page.

Reference number: "QH-<yyyymmdd of the lookup date>-<6 hex of SHA-256 of the question>", deterministic: the same
place (or corner table) on the same date always gets the same number, with nothing stored.
"""

import datetime
import hashlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.contrib.gis.geos import GEOSGeometry, Point
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Circle, Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Image, KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.errors import InvalidInput
from core.formats import fmt_area, fmt_date, fmt_datetime, fmt_number, fmt_percent
from core.pdf_fonts import BOLD, FONT, register_fonts
from gis_core.coords import point_from_query
from gis_core.srs import VN2000_TM3_108_15
from planning import sheet_map
from planning.lookup import DISCLAIMER
from planning.lookup import lookup as lookup_point
from planning.models import LandUseCode, PlanDocument
from planning.page_config import axis_order_names
from planning.params import on_date
from planning.parcel_input import parcel_from_fields
from planning.parcel_report import parcel_report

PAGE_MARGIN = 1.4 * cm
CONTENT_WIDTH = A4[0] - 2 * PAGE_MARGIN
CONTENT_HEIGHT = A4[1] - 2 * PAGE_MARGIN
MAP_WIDTH = 11.4 * cm
MAP_HEIGHT = MAP_WIDTH * sheet_map.HEIGHT / sheet_map.WIDTH
PLANS_SHOWN = 3
LOTS_SHOWN = 8
URL_PRINTED_MAX = 110  # longer links (a corner table) are left to the QR code
GRID = colors.HexColor("#9AA3AB")
HEAD_BG = colors.HexColor("#E9EEF2")
QUERY_KEYS = ("lon", "lat", "x", "y", "crs", "table")


@dataclass(frozen=True)
class SheetQuestion:
    """What the sheet answers: a point or a corner table, on a date, exactly as the lookup page asks it."""

    params: dict[str, str]
    on_date: datetime.date

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> "SheetQuestion":
        """Read lon/lat, x/y/crs or table (and date) from the query string."""
        params = {key: str(query[key]).strip() for key in QUERY_KEYS if str(query.get(key, "")).strip()}
        if not params:
            raise InvalidInput(
                _("Say which place the sheet is for: lon and lat, x, y and crs, or the certificate's corner table.")
            )
        return cls(params, on_date(query.get("date") or None))

    @property
    def is_parcel(self) -> bool:
        return "table" in self.params

    def query(self) -> dict[str, str]:
        """The query string of this question (for the lookup page and the sheet alike)."""
        return {**self.params, "date": self.on_date.isoformat()}

    def reference(self) -> str:
        """QH-<date>-<hash>: the same question on the same date always gets the same number."""
        canonical = json.dumps(self.query(), sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:6].upper()
        return f"QH-{self.on_date:%Y%m%d}-{digest}"


@dataclass(frozen=True)
class SheetFacts:
    """The lookup's answer and the place to draw."""

    answer: dict[str, Any]
    place: GEOSGeometry


def facts(question: SheetQuestion) -> SheetFacts:
    """Ask the lookup (point) or the parcel report (table) the sheet's question."""
    if question.is_parcel:
        parcel = parcel_from_fields({"table": question.params["table"]})
        answer = parcel_report(parcel, question.on_date)
        place = GEOSGeometry(json.dumps(answer["parcel"]["geometry"]), srid=4326)
        return SheetFacts(answer, place)
    point = point_from_query(question.params)
    answer = lookup_point(point.point, question.on_date)
    answer["query"] = point.as_dict()
    return SheetFacts(answer, point.point)


def build(question: SheetQuestion, online_url: str) -> bytes:
    """The sheet as PDF bytes, in Vietnamese (an official planning information sheet of the province)."""
    with translation.override("vi"):
        found = facts(question)
        drawn = sheet_map.render(found.place, question.on_date)
        return _pdf(question, found, drawn, online_url)


# ---- The PDF ----------------------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=7, leading=8.5),
        "centre": ParagraphStyle("centre", parent=base, alignment=1),
        "right": ParagraphStyle("right", parent=base, alignment=2),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=15, leading=19, alignment=1),
        "subtitle": ParagraphStyle("subtitle", parent=base, alignment=1, spaceAfter=4),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=5, spaceAfter=2
        ),
        "label": ParagraphStyle("label", parent=base, fontName=BOLD),
    }


def _pdf(question: SheetQuestion, found: SheetFacts, drawn: sheet_map.SheetMap, online_url: str) -> bytes:
    register_fonts()
    style = _styles()
    answer = found.answer
    title = _("PLANNING INFORMATION SHEET")
    story: list[Any] = [
        _header(style),
        Spacer(1, 4),
        _numbering(question, style),
        Spacer(1, 6),
        Paragraph(title, style["title"]),
        Paragraph(escape(_subtitle(question, answer)), style["subtitle"]),
        _map_block(question, drawn, style),
        Spacer(1, 4),
        _facts_table(question, found, style),
    ]
    plans = answer["plans"]
    if not plans:
        story.append(Paragraph(escape(_("No approved plan in force covers this place on that date.")), style["body"]))
    for number, entry in enumerate(plans[:PLANS_SHOWN], start=1):
        story += _plan_section(number, entry, question.is_parcel, style)
    if len(plans) > PLANS_SHOWN:
        more = _("%(n)s more plans cover this place; look them up online.") % {"n": len(plans) - PLANS_SHOWN}
        story.append(Paragraph(escape(more), style["small"]))
    story += [Spacer(1, 6), _footer(question, online_url, style)]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN, topMargin=PAGE_MARGIN,
        bottomMargin=PAGE_MARGIN, title=f"{title} {question.reference()}",
        author=_("Khánh Hòa Intelligent Operations Center"), lang="vi",
    )  # fmt: skip
    # One page whatever the answer holds: the frame shrinks its content rather than flowing onto a second page.
    document.build([KeepInFrame(CONTENT_WIDTH, CONTENT_HEIGHT - 6, story, mode="shrink")])
    return buffer.getvalue()


def _header(style: dict[str, ParagraphStyle]) -> Table:
    header = Table(
        [
            [
                Paragraph(
                    _("KHÁNH HÒA PROVINCIAL PEOPLE'S COMMITTEE<br/><b>INTELLIGENT OPERATIONS CENTER</b>"),
                    style["centre"],
                ),
                Paragraph(
                    _("<b>SOCIALIST REPUBLIC OF VIETNAM</b><br/>Independence - Freedom - Happiness"), style["centre"]
                ),
            ]
        ],
        colWidths=[CONTENT_WIDTH * 0.45, CONTENT_WIDTH * 0.55],
    )
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return header


def _numbering(question: SheetQuestion, style: dict[str, ParagraphStyle]) -> Table:
    today = timezone.localdate()
    number = Paragraph(escape(_("No.: %(reference)s") % {"reference": question.reference()}), style["body"])
    place_date = Paragraph(escape(_("Khánh Hòa, %(date)s") % {"date": fmt_date(today)}), style["right"])
    return Table([[number, place_date]], colWidths=[CONTENT_WIDTH / 2, CONTENT_WIDTH / 2])


def _subtitle(question: SheetQuestion, answer: dict[str, Any]) -> str:
    if question.is_parcel:
        units = ", ".join(unit["name"] for unit in answer["parcel"]["units"])
        return _("For the land parcel of %(area)s in %(units)s") % {
            "area": fmt_area(answer["parcel"]["area_m2"]),
            "units": units,
        }
    return _("At the point in %(unit)s") % {"unit": answer["unit"]["name"]}


def _map_block(question: SheetQuestion, drawn: sheet_map.SheetMap, style: dict[str, ParagraphStyle]) -> Table:
    legend_rows: list[list[Any]] = [[Paragraph(escape(_("Legend")), style["label"]), ""]]
    place_label = _("The land parcel asked about") if question.is_parcel else _("The point asked about")
    legend_rows.append([_swatch(None, parcel=question.is_parcel), Paragraph(escape(place_label), style["cell"])])
    for code in drawn.legend:
        legend_rows.append([_swatch(code.colour), Paragraph(escape(_land_use_name(code)), style["cell"])])
    legend_rows.append(["", Paragraph(escape(_("Zoning lots of the plans in force on the date.")), style["small"])])
    legend = Table(legend_rows, colWidths=[0.8 * cm, CONTENT_WIDTH - MAP_WIDTH - 1.3 * cm])
    legend.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("SPAN", (0, 0), (1, 0)),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))  # fmt: skip
    picture = Image(io.BytesIO(drawn.png), width=MAP_WIDTH, height=MAP_HEIGHT)
    block = Table([[picture, legend]], colWidths=[MAP_WIDTH, CONTENT_WIDTH - MAP_WIDTH])
    block.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (0, 0), 0.6, GRID), ("LEFTPADDING", (1, 0), (1, 0), 8),
        ("LEFTPADDING", (0, 0), (0, 0), 0), ("RIGHTPADDING", (0, 0), (0, 0), 0),
        ("TOPPADDING", (0, 0), (0, 0), 0), ("BOTTOMPADDING", (0, 0), (0, 0), 0),
    ]))  # fmt: skip
    return block


def _swatch(colour: str | None, parcel: bool = False) -> Drawing:
    drawing = Drawing(0.6 * cm, 0.4 * cm)
    red = colors.Color(*(c / 255 for c in sheet_map.PLACE[:3]))
    if colour is None and parcel:
        drawing.add(Rect(1, 1, 0.6 * cm - 2, 0.4 * cm - 2, strokeColor=red, strokeWidth=2, fillColor=None))
    elif colour is None:
        drawing.add(Circle(0.3 * cm, 0.2 * cm, 0.15 * cm, fillColor=red, strokeColor=colors.white))
    else:
        drawing.add(Rect(0, 0, 0.6 * cm, 0.4 * cm, fillColor=colors.HexColor(colour), strokeColor=colors.grey))
    return drawing


def _land_use_name(code: LandUseCode | dict[str, Any]) -> str:
    if isinstance(code, dict):
        return str(code["name_vi"] if translation.get_language() != "en" else code["name_en"])
    return code.name_vi if translation.get_language() != "en" else code.name_en


def _facts_table(question: SheetQuestion, found: SheetFacts, style: dict[str, ParagraphStyle]) -> Table:
    answer = found.answer
    rows: list[tuple[str, str]] = []
    if question.is_parcel:
        parcel = answer["parcel"]
        rows.append((_("Parcel area"), _("%(area)s (planar, VN-2000 / TM-3 108°15')") % {
            "area": fmt_area(parcel["area_m2"])}))  # fmt: skip
        rows.append((_("Administrative unit"), ", ".join(unit["name"] for unit in parcel["units"])))
        if _axis_order(parcel.get("assumed_order") or ""):
            rows.append((_("Coordinates read as"), _axis_order(parcel["assumed_order"])))
    else:
        query = answer["query"]
        x, y = _vn2000(found.place)
        rows.append((_("Position"), _("longitude %(lon)s, latitude %(lat)s (WGS 84); X %(x)s m, Y %(y)s m "
                                      "(VN-2000, TM-3 108°15')") % {
            "lon": fmt_number(query["lon"], 6), "lat": fmt_number(query["lat"], 6),
            "x": fmt_number(x, 2), "y": fmt_number(y, 2)}))  # fmt: skip
        rows.append((_("Administrative unit"), answer["unit"]["name"]))
        if _axis_order(query.get("assumed_order") or ""):
            rows.append((_("Coordinates read as"), _axis_order(query["assumed_order"])))
    rows.append((_("Planning information on"), fmt_date(question.on_date)))
    table = Table(
        [[Paragraph(escape(label), style["head"]), Paragraph(escape(value), style["cell"])] for label, value in rows],
        colWidths=[4 * cm, CONTENT_WIDTH - 4 * cm],
    )
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (0, -1), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))  # fmt: skip
    return table


def _axis_order(order: str) -> str:
    return axis_order_names().get(order, "")


def _vn2000(point: GEOSGeometry) -> tuple[float, float]:
    """X northing and Y easting of a WGS 84 point in VN-2000 / TM-3 108°15', from PostGIS."""
    assert isinstance(point, Point)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Y(p), ST_X(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), %s) AS p",
            [point.x, point.y, VN2000_TM3_108_15],
        )
        northing, easting = cursor.fetchone()
    return float(northing), float(easting)


def _plan_section(number: int, entry: dict[str, Any], parcel: bool, style: dict[str, ParagraphStyle]) -> list[Any]:
    plan, revision = entry["plan"], entry["revision"]
    parts = [Paragraph(escape(f"{number}. {plan['name']}"), style["heading"])]
    parts.append(Paragraph(escape(_approval(plan, revision)), style["body"]))
    if plan.get("source_note"):
        parts.append(Paragraph(f"<i>{escape(plan['source_note'])}</i>", style["small"]))
    if parcel:
        covered = _("The plan covers %(share)s of the parcel.") % {"share": fmt_percent(entry["covered_share"] * 100)}
        parts.append(Paragraph(escape(f"{covered} {_red_line(entry)}"), style["body"]))
    lots = entry["lots"]
    if lots:
        parts.append(Spacer(1, 2))
        parts.append(_lots_table(lots[:LOTS_SHOWN], parcel, style))
        if len(lots) > LOTS_SHOWN:
            more = _("%(n)s more lots; look them up online.") % {"n": len(lots) - LOTS_SHOWN}
            parts.append(Paragraph(escape(more), style["small"]))
    else:
        text = _("The place lies inside the plan's area but in no lot of it.")
        parts.append(Paragraph(escape(text), style["body"]))
    if entry["documents"]:
        listed = "; ".join(_document(doc) for doc in entry["documents"])
        parts.append(Paragraph(f"<b>{escape(_('Plan documents'))}:</b> {escape(listed)}", style["small"]))
    return parts


def _approval(plan: dict[str, Any], revision: dict[str, Any]) -> str:
    decision = revision["decision_number"] or plan["decision_number"]
    decided = revision["decision_date"] or plan["decision_date"]
    authority = revision["approving_authority"] or plan["approving_authority"]
    text = plan["type_label"]
    if decision:
        text += "; " + _("approved by decision No. %(number)s") % {"number": decision}
        if decided:
            text += " " + _("of %(date)s") % {"date": fmt_date(datetime.date.fromisoformat(decided))}
        if authority:
            text += " " + _("by %(authority)s") % {"authority": authority}
    if revision["number"] > 1:
        text += "; " + _("adjustment No. %(number)s") % {"number": revision["number"] - 1}
    if revision["effective_from"]:
        since = fmt_date(datetime.date.fromisoformat(revision["effective_from"]))
        text += "; " + _("in force from %(date)s") % {"date": since}
    return text + "."


def _red_line(entry: dict[str, Any]) -> str:
    if entry["crosses_red_line"] is None:
        return _("This plan has no red lines recorded.")
    if entry["crosses_red_line"]:
        return _("The parcel crosses a red line (road reserve).")
    return _("The parcel does not cross a red line.")


def _document(doc: dict[str, Any]) -> str:
    kind = str(PlanDocument.Kind(doc["kind"]).label) if doc["kind"] in PlanDocument.Kind.values else ""
    return f"{doc['title']} ({kind.lower()})" if kind else str(doc["title"])


def _lots_table(lots: list[dict[str, Any]], parcel: bool, style: dict[str, ParagraphStyle]) -> Table:
    area_head = _("Area in the parcel") if parcel else _("Lot area stated by the plan")
    heads = [_("Lot"), _("Land use"), area_head, _("Building coverage"), _("Floor-area ratio"), _("Floors"),
             _("Maximum height"), _("Setback"), _("Other")]  # fmt: skip
    rows: list[list[Any]] = [[Paragraph(escape(head), style["head"]) for head in heads]]
    names = {code.code: code for code in LandUseCode.objects.filter(code__in=[_code(lot) for lot in lots])}
    for lot in lots:
        values = lot["indicators"]
        code = names.get(_code(lot))
        use = _land_use_name(code) if code is not None else _code(lot)
        if lot.get("function_name") and lot["function_name"] != use:
            use = f"{use} — {lot['function_name']}"
        if parcel:
            area = f"{fmt_area(lot['area_m2'])} ({fmt_percent(lot['share'] * 100)})"
        else:
            area = fmt_area(values["area_m2"]) if values["area_m2"] is not None else "—"
        cells = [
            lot["lot_code"], use, area, _percent(values["building_coverage_pct"]),
            _plain_number(values["floor_area_ratio"]), _floors(values["floors_min"], values["floors_max"]),
            _metres(values["height_max_m"]), _metres(values["setback_m"]), _other(values),
        ]  # fmt: skip
        rows.append([Paragraph(escape(str(cell)), style["cell"]) for cell in cells])
    widths = [1.9, 3.5, 2.3, 1.6, 1.5, 1.4, 1.6, 1.6]
    table = Table(rows, colWidths=[w * cm for w in widths] + [CONTENT_WIDTH - sum(widths) * cm], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))  # fmt: skip
    return table


def _code(lot: dict[str, Any]) -> str:
    use = lot["land_use"]
    return str(use["code"] if isinstance(use, dict) else use)


def _decimals(value: float | Decimal) -> int:
    """As many decimals as the plan states, at most two (4 → "4", 4.5 → "4,5")."""
    number = float(value)
    return next((digits for digits in (0, 1) if round(number, digits) == round(number, 2)), 2)


def _plain_number(value: float | None) -> str:
    return "—" if value is None else fmt_number(value, _decimals(value))


def _percent(value: float | None) -> str:
    return "—" if value is None else fmt_percent(value, _decimals(value))


def _metres(value: float | None) -> str:
    return "—" if value is None else f"{fmt_number(value, _decimals(value))} m"


def _floors(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low}\u2013{high}" if low != high else str(high)
    if high is not None:
        return f"≤ {high}"
    return f"≥ {low}" if low is not None else "—"


def _other(values: dict[str, Any]) -> str:
    parts = []
    if values.get("building_line"):
        parts.append(_("building line: %(value)s") % {"value": values["building_line"]})
    if values.get("red_line_ref"):
        parts.append(_("red line: %(value)s") % {"value": values["red_line_ref"]})
    if values.get("population") is not None:
        parts.append(_("population: %(value)s") % {"value": fmt_number(values["population"])})
    return "; ".join(parts) or "—"


def _footer(question: SheetQuestion, url: str, style: dict[str, ParagraphStyle]) -> Table:
    code = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = code.getBounds()
    size = 2.8 * cm
    qr = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    qr.add(code)
    lines = [
        Paragraph(f"<b>{escape(_('Disclaimer'))}:</b> {escape(_(DISCLAIMER))}", style["small"]),
        Paragraph(escape(_("Scan the QR code to open this lookup online.")), style["small"]),
    ]
    if len(url) <= URL_PRINTED_MAX:
        lines.append(Paragraph(escape(url), style["small"]))
    printed = _("Drawn up automatically by the IOC planning lookup on %(time)s; reference %(reference)s.") % {
        "time": fmt_datetime(timezone.now()),
        "reference": question.reference(),
    }
    lines.append(Paragraph(escape(printed), style["small"]))
    footer = Table([[qr, lines]], colWidths=[size + 0.4 * cm, CONTENT_WIDTH - size - 0.4 * cm])
    footer.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEABOVE", (0, 0), (-1, 0), 0.6, GRID),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
    ]))  # fmt: skip
    return footer
