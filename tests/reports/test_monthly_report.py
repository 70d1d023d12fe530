"""The monthly report: figures recomputed from the alert event log, checked in the PDF's text against a scenario
counted by hand (three alerts in November 2026, each step at a chosen minute, the worker run at chosen times)."""

import datetime
import io
import re

import pytest
import time_machine
from django.contrib.gis.geos import Point
from django.core import mail
from django.http import FileResponse
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from alerts.worker import run_once
from reports.generation import due_reports, generate
from reports.models import Report
from tests.alerts.world import World, local

REFUSAL = "Không thuộc thẩm quyền của phường: đường tỉnh do Sở Xây dựng quản lý"


def at(clock: time_machine.Traveller, day: int, hour: int, minute: int = 0) -> None:
    clock.move_to(local(2026, 11, day, hour, minute))


def scenario(world: World) -> None:
    """A1 handled on time; A2 refused late by ward A, re-forwarded to ward B; A3 verified late and resolved late."""
    with time_machine.travel(local(2026, 11, 3, 8), tick=False) as clock:
        op, officer_a, officer_b = world.users["operator"], world.users["officer_a"], world.users["officer_b"]
        evidence = [{"title": "Ảnh hiện trường", "reference": "BB-01"}]
        at(clock, 3, 8)
        a1 = world.alert(title="A1")
        at(clock, 3, 8, 20)
        a1.verify(op)
        at(clock, 3, 8, 40)
        a1.forward(op, world.ubnd_a, sector=world.utilities, reason="theo địa bàn")
        at(clock, 3, 10)
        a1.accept(officer_a)
        at(clock, 5, 15)
        a1.resolve(officer_a, "Đã xử lý", evidence)
        at(clock, 5, 15, 30)
        a1.confirm(op)

        at(clock, 10, 8)
        a2 = world.alert(title="A2")
        at(clock, 10, 8, 10)
        a2.verify(op)
        at(clock, 10, 8, 30)
        a2.forward(op, world.ubnd_a, sector=world.utilities, reason="theo địa bàn")
        at(clock, 10, 14)
        a2.refuse(officer_a, REFUSAL)  # 5 h 30 after forwarding: late (4 h)
        at(clock, 10, 14, 20)
        a2.forward(op, world.ubnd_b, sector=world.utilities, reason="phường B quản lý tuyến đường")
        at(clock, 10, 15)
        a2.accept(officer_b)

        at(clock, 20, 8)
        a3 = world.alert(title="A3", geom=Point(109.225, 12.225, srid=4326))  # in ward B
        at(clock, 20, 9, 30)
        run_once()  # A3's 1-hour verification deadline has passed: overdue; so has A2's resolution
        # (5 working days from Tue 10 Nov 14:20 ended Tue 17 Nov 14:20): overdue, for ward B's committee
        at(clock, 20, 10)
        a3.verify(op)  # late
        at(clock, 20, 10, 10)
        a3.forward(op, world.ubnd_b, sector=world.utilities, reason="theo địa bàn")  # late (1 h from appearing)
        at(clock, 20, 11)
        a3.accept(officer_b)
        at(clock, 28, 9)
        run_once()  # nothing: 24 Nov is a holiday (Vietnamese Culture Day), A3 is due at 24:00 on Mon 30 Nov
        at(clock, 30, 16)
        a3.resolve(officer_b, "Đã xử lý", evidence)  # on time: the Civil Code counts to the end of the last day


# Counted by hand from the scenario above.
WARD_A = {
    "forwarded": 2,
    "accepted": 1,
    "refused": 1,
    "on_time": 1,
    "late": 1,
    "resolved": 1,
    "resolved_on_time": 1,
    "resolved_late": 0,
    "overdue": 0,
    "hours": "1.3 / 54.3",
}  # accept 08:40→10:00; resolve 3 Nov 08:40→5 Nov 15:00
WARD_B = {
    "forwarded": 2,
    "accepted": 2,
    "refused": 0,
    "on_time": 2,
    "late": 0,
    "resolved": 1,
    "resolved_on_time": 1,
    "resolved_late": 0,
    "overdue": 1,
    "hours": "0.8 / 245.8",
}  # accept (0:40 + 0:50)/2; 20 Nov 10:10→30 Nov 16:00;
# its overdue step is A2's resolution
STEPS = {  # done, on time, late, marked overdue
    "1. Verify (IOC)": (3, 2, 1, 1), "2. Forward (IOC)": (4, 3, 1, 0), "3. Accept or refuse (agency)": (4, 3, 1, 0),
    "4. Resolve and report (agency)": (2, 2, 0, 1), "5. Confirm (IOC)": (1, 1, 0, 0),
}  # fmt: skip


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def row(name: str, figures: dict[str, object]) -> str:
    return " ".join([name, *(str(value) for value in figures.values())])


@pytest.fixture
def november(world: World) -> Report:
    scenario(world)
    return generate("monthly", datetime.date(2026, 11, 15))


def test_the_monthly_report_pdf_holds_the_hand_counted_figures(november: Report) -> None:
    with november.pdf.open("rb") as handle:
        text = flat(" ".join(page.extract_text() for page in PdfReader(handle).pages))

    assert "01/11/2026 – 30/11/2026" in text  # noqa: RUF001
    assert (
        "Alerts raised: 3; closed: 1; rejected as false: 0; reminders due: 0, of which missed while the worker was "
        "down: 0. Refusals: 1." in text
    )
    assert row("Agency ubnd-90001", WARD_A) in text
    assert row("Agency ubnd-90002", WARD_B) in text
    for label, (done, on_time, late, overdue) in STEPS.items():
        assert f"{label} {done} {on_time} {late} {overdue}" in text, label
    assert REFUSAL in text  # the refusal's reason, in Vietnamese

    # Raised, closed, overdue steps per unit: A holds A1 and A2 (A2's resolution overdue), B holds A3 (verification).
    assert "Phường Thử A 2 1 1" in text and "Phường Thử B 1 0 1" in text


def test_the_xlsx_holds_the_same_figures(november: Report) -> None:
    with november.xlsx.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))

    rows = {line[0]: line[1:] for line in book["Agencies"].iter_rows(min_row=2, values_only=True)}
    assert list(rows["Agency ubnd-90002"]) == [*list(WARD_B.values())]
    refusal = list(book["Refusals"].iter_rows(min_row=2, values_only=True))
    assert len(refusal) == 1 and refusal[0][3] == REFUSAL


def test_events_outside_the_month_are_not_counted(november: Report, world: World) -> None:
    october = generate("monthly", datetime.date(2026, 10, 1))

    assert october.figures["handling"]["raised"] == 0
    assert november.figures["handling"]["raised"] == 3


def test_regenerating_replaces_the_report_and_emails_the_recipients(november: Report, settings: object) -> None:
    settings.REPORTS_RECIPIENTS = ["lanhdao@khanhhoa.gov.vn"]  # type: ignore[attr-defined]

    again = generate("monthly", datetime.date(2026, 11, 30))

    assert again.pk == november.pk and Report.objects.count() == 1
    (message,) = [message for message in mail.outbox if message.to == ["lanhdao@khanhhoa.gov.vn"]]
    assert [name.rsplit(".", 1)[1] for name, _content, _type in message.attachments] == ["pdf", "xlsx"]


def test_the_schedule_wants_last_months_report_once(world: World) -> None:
    wanted = due_reports(datetime.date(2026, 12, 2))
    generate("monthly", datetime.date(2026, 11, 1))

    assert ("monthly", datetime.date(2026, 11, 1)) in wanted
    assert ("quarterly", datetime.date(2026, 7, 1)) in wanted and ("weekly", datetime.date(2026, 11, 23)) in wanted
    assert ("monthly", datetime.date(2026, 11, 1)) not in due_reports(datetime.date(2026, 12, 2))


def test_the_archive_lists_reports_for_viewers_and_operators_generate_them(world: World) -> None:
    from django.test import Client

    operator, viewer = Client(), Client()
    operator.force_login(world.users["operator"])
    viewer.force_login(world.users["viewer"])

    made = operator.post(reverse("reports:generate"), {"kind": "weekly", "day": "2026-11-18"})
    page = viewer.get(reverse("reports:archive")).content.decode()
    report = Report.objects.get()
    pdf = viewer.get(reverse("reports:pdf", args=[report.pk]))
    refused = viewer.post(reverse("reports:generate"), {"kind": "weekly", "day": "2026-11-18"})

    assert made.status_code == 302 and (report.period_start, report.period_end) == (
        datetime.date(2026, 11, 16),
        datetime.date(2026, 11, 22),
    )
    assert f'data-report="{report.pk}"' in page
    assert pdf.status_code == 200 and isinstance(pdf, FileResponse)
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert refused.status_code == 403
