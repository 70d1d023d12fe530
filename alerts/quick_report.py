"""Quick reports (Article 9.3, Article 14.6): one click on an alert or a selection gives a short Vietnamese PDF.

The report says what happened, where (units, coordinates, the zoning lots reached), who handles it, where it
stands (deadlines, the latest steps) and shows a map drawn on the server (alerts.map_image). It is written with
reportlab in the report font (ALERTS_REPORT_FONT, with Vietnamese letters), archived through Django's storage
with the alerts, recorded as a quick-report event on each of them, and sent to the province recipients through
the outbox (email with the PDF attached) — all in one transaction, or nothing.
"""

import hashlib
import io
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from alerts import map_image, places, routing, transitions
from alerts.deadlines import deadlines
from alerts.models import Alert
from alerts.report_models import QuickReport
from core.errors import Forbidden, InvalidInput
from core.pdf_fonts import BOLD, FONT, register_fonts

if TYPE_CHECKING:
    from accounts.models import User

MAX_ALERTS = 20
LOTS_LISTED = 15
EVENTS_LISTED = 6


def create(alerts: Sequence[Alert], user: "User") -> QuickReport:
    """Build, archive, record and send a quick report on the alerts (one or a selection)."""
    alerts = list(alerts)
    if not alerts:
        raise InvalidInput(_("Choose at least one alert for the quick report."))
    if len(alerts) > MAX_ALERTS:
        raise InvalidInput(_("A quick report covers at most %(max)d alerts.") % {"max": MAX_ALERTS})
    for alert in alerts:
        if not transitions.can_take(alert, user, "quick-report"):
            raise Forbidden(_("Only IOC operators send quick reports to the province."))
    now = timezone.now()
    with translation.override("vi"):  # an official document to the province: always in Vietnamese
        title = _title(alerts)
        placed = [alert for alert in alerts if has_place(alert)]
        png = map_image.render(placed) if placed else None  # no place, no map: the report says so instead
        pdf = build_pdf(alerts, user, png, title)
    return _archive(alerts, user, title, pdf, png, now)


def has_place(alert: Alert) -> bool:
    """Whether the alert can be drawn: it has a location or at least one unit."""
    return alert.geom is not None or alert.units.exists()


def _title(alerts: list[Alert]) -> str:
    if len(alerts) == 1:
        return _("Quick report on alert #%(id)s: %(title)s") % {"id": alerts[0].pk, "title": alerts[0].title}
    numbers = ", ".join(f"#{alert.pk}" for alert in alerts)
    return _("Quick report on %(n)d alerts (%(numbers)s)") % {"n": len(alerts), "numbers": numbers}


def _archive(alerts: list[Alert], user: "User", title: str, pdf: bytes, png: bytes | None, now: Any) -> QuickReport:
    stored: list[str] = []
    name = secrets.token_hex(12)
    try:
        with transaction.atomic():
            report = QuickReport(title=title[:300], created_by=user, created_at=now,
                                 sha256=hashlib.sha256(pdf).hexdigest(), size_bytes=len(pdf))  # fmt: skip
            report.file.save(f"{name}.pdf", ContentFile(pdf), save=False)
            stored.append(str(report.file.name))
            if png is not None:
                report.map_image.save(f"{name}.png", ContentFile(png), save=False)
                stored.append(str(report.map_image.name))
            report.save()
            report.alerts.set(alerts)
            for number, alert in enumerate(alerts):
                transitions.record_quick_report(alert, user, report, send=number == 0)
    except BaseException:
        for path in stored:
            default_storage.delete(path)
        raise
    return report


# ---- The PDF ----------------------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=12),
        "centre": ParagraphStyle("centre", parent=base, alignment=1),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=15, leading=20, alignment=1, spaceBefore=10
        ),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=BOLD, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4
        ),
        "label": ParagraphStyle("label", parent=base, fontName=BOLD),
    }


def build_pdf(alerts: Sequence[Alert], author: "User", png: bytes | None, title: str) -> bytes:
    """The report as PDF bytes (call inside translation.override('vi'))."""
    register_fonts()
    style = _styles()
    now = timezone.localtime(timezone.now())
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
        colWidths=[8 * cm, 9 * cm],
    )
    story: list[Any] = [
        header,
        Paragraph(_("Khánh Hòa, %(time)s") % {"time": now.strftime("%H:%M %d/%m/%Y")}, style["centre"]),
        Paragraph(_("QUICK REPORT"), style["title"]),
        Paragraph(escape(title), style["centre"]),
        Spacer(1, 8),
        Paragraph(
            _("<b>To:</b> the Provincial People's Committee of Khánh Hòa and the province leadership."), style["body"]
        ),
    ]
    for number, alert in enumerate(alerts, start=1):
        story += _section(number, alert, style)
    story.append(Paragraph(_("Map"), style["heading"]))
    if png is None:
        story.append(Paragraph(_("No map: the alert has no place (no location and no unit)."), style["body"]))
    else:
        story += [
            Image(io.BytesIO(png), width=17 * cm, height=17 * cm * 2 / 3),
            Paragraph(
                _(
                    "Alerts in red with their numbers; units touched shaded; zoning lots reached in brown. "
                    "Drawn by the IOC from its own data."
                ),
                style["small"],
            ),
        ]
    story += [
        Spacer(1, 10),
        Paragraph(
            _(
                "<b>Recipients:</b> the Provincial People's Committee; the province leadership; the agencies "
                "concerned; IOC archive."
            ),
            style["small"],
        ),
        Paragraph(
            _("<b>Prepared by:</b> %(name)s, IOC operator.")
            % {"name": escape(author.get_full_name() or author.get_username())},
            style["small"],
        ),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm,
        title=title, author=settings.ALERTS_CAP_SENDER_NAME, lang="vi",
    )  # fmt: skip
    document.build(story)
    return buffer.getvalue()


def _section(number: int, alert: Alert, style: dict[str, ParagraphStyle]) -> list[Any]:
    rows = [
        (_("What"), _what(alert)),
        (_("Where"), _where(alert)),
        (_("Handled by"), _who(alert)),
        (_("Status"), _status(alert)),
    ]
    table = Table(
        [[Paragraph(label, style["label"]), Paragraph(text, style["body"])] for label, text in rows],
        colWidths=[3.6 * cm, 13.4 * cm],
    )
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F1F3F5")),
    ]))  # fmt: skip
    heading = _("%(n)d. Alert #%(id)s: %(title)s") % {"n": number, "id": alert.pk, "title": alert.title}
    return [Paragraph(escape(heading), style["heading"]), table, *_events(alert, style)]


def _what(alert: Alert) -> str:
    text = _("%(category)s; severity %(severity)s; %(procedure)s. Source: %(source)s. Reached the IOC at %(time)s.") % {
        "category": alert.get_category_display(), "severity": str(alert.get_severity_display()).lower(),
        "procedure": alert.get_procedure_display(), "source": alert.get_source_display(),
        "time": timezone.localtime(alert.appeared_at).strftime("%H:%M %d/%m/%Y"),
    }  # fmt: skip
    return escape(text) + (f"<br/>{escape(alert.description)}" if alert.description else "")


def _where(alert: Alert) -> str:
    if not has_place(alert):
        return escape(_("The alert has no place: it came without a location and touches no unit."))
    units = ", ".join(unit.name for unit in alert.units.order_by("code")) or _("no unit")
    parts = [escape(_("Units: %(units)s.") % {"units": units})]
    if alert.geom is not None:
        centre = alert.geom.centroid
        parts.append(escape(_("Centre: latitude %(lat).5f, longitude %(lon).5f (WGS 84).")
                            % {"lat": centre.y, "lon": centre.x}))  # fmt: skip
    count = places.lots_count(alert)
    if count:
        listed = "; ".join(f"{lot.lot_code} ({lot.land_use_id}, {lot.revision.plan.name})"
                           for lot in places.lots_reached(alert, LOTS_LISTED))  # fmt: skip
        more = _(" and %(n)d more") % {"n": count - LOTS_LISTED} if count > LOTS_LISTED else ""
        parts.append(escape(_("Zoning lots reached: %(n)d — %(lots)s%(more)s.")
                            % {"n": count, "lots": listed, "more": more}))  # fmt: skip
    else:
        parts.append(escape(_("No zoning lot in force is reached.")))
    return "<br/>".join(parts)


def _who(alert: Alert) -> str:
    if alert.lead_agency is None:
        proposal = routing.propose(alert) if alert.is_open else None
        lead = proposal.lead if proposal is not None else None
        text = _("Not yet forwarded to a processing agency.")
        if lead is not None:
            text += " " + _("Proposed lead agency: %(agency)s.") % {"agency": lead}
        return escape(text)
    parts = [_("Lead agency: %(agency)s.") % {"agency": alert.lead_agency}]
    leader = alert.lead_agency.leader()
    if leader is not None:
        parts.append(_("Leader: %(name)s, %(phone)s.") % {"name": leader.full_name, "phone": leader.phone})
    coordinating = ", ".join(str(agency) for agency in alert.coordinating_agencies.all())
    if coordinating:
        parts.append(_("Coordinating: %(agencies)s.") % {"agencies": coordinating})
    return "<br/>".join(escape(part) for part in parts)


def _status(alert: Alert) -> str:
    parts = [escape(str(alert.get_state_display()))]
    for deadline in deadlines(alert):
        parts.append(escape(f"{deadline.label}: {deadline.local} ({deadline.left})"))
    return "<br/>".join(parts)


def _events(alert: Alert, style: dict[str, ParagraphStyle]) -> list[Any]:
    events = list(alert.events.order_by("-seq")[:EVENTS_LISTED])[::-1]
    rows = [[Paragraph(_("Time"), style["label"]), Paragraph(_("Step"), style["label"]),
             Paragraph(_("By"), style["label"]), Paragraph(_("Reason or note"), style["label"])]]  # fmt: skip
    for event in events:
        rows.append([
            Paragraph(timezone.localtime(event.at).strftime("%H:%M %d/%m"), style["small"]),
            Paragraph(escape(str(event.get_kind_display())), style["small"]),
            Paragraph(escape(event.actor_name), style["small"]),
            Paragraph(escape(event.reason[:300]), style["small"]),
        ])  # fmt: skip
    table = Table(rows, colWidths=[2.3 * cm, 5 * cm, 3 * cm, 6.7 * cm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.lightgrey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 4), Paragraph(_("Latest steps"), style["label"]), table]
