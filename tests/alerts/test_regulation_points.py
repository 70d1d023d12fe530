"""Issue #13: the nine points where the procedures did not match Decision 2421/QĐ-UBND, each driven through the worker.

Every test moves a real alert through its steps with the time frozen at the issue's times (Friday
13 February 2026, the last working day before Tết) and checks the events, the notices and the report figures.
"""

import datetime
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader
from time_machine import TimeMachineFixture

from alerts import quick_report
from alerts.choices import Audience
from alerts.models import Alert, AlertEvent, Outbox, ProvinceRecipient
from alerts.records import PhoneCall
from alerts.worker import run_once
from core.errors import InvalidInput
from delivery.audiences import gaps
from delivery.worker import run_pass
from reports import figures
from reports.generation import agency_contents, content_for, generate
from tests.alerts.world import World, local

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
# The alert: forwarded on Friday 13/02/2026 at 16:50, just before Tết.
FORWARDED_AT = local(2026, 2, 13, 16, 50)
# 5 working days from it (Civil Code 2015, Art. 147-148): 23 to 27 February, ending at 24:00 on Friday 27.
RESOLUTION_DEADLINE = local(2026, 2, 28, 0, 0)
CALL = PhoneCall(to="Trực ban UBND phường A, 0258 3822 000", summary="Đã nhận tin")
EVIDENCE = [{"title": "Biên bản hiện trường", "reference": "BB-12/2026"}]
FEBRUARY = (local(2026, 2, 1), local(2026, 3, 1))


def client_of(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def deadline_alert(world: World, frozen_clock: TimeMachineFixture, at: datetime.datetime = FORWARDED_AT) -> Alert:
    """A deadline-procedure alert raised 30 minutes before at, verified 10 minutes before, forwarded at at."""
    frozen_clock.move_to(at - 30 * MINUTE)
    alert = world.alert(title="Hồ sơ đất đai xử lý chậm", category="late_processing")
    frozen_clock.move_to(at - 10 * MINUTE)
    alert.verify(world.users["operator"])
    frozen_clock.move_to(at)
    alert.forward(world.users["operator"], world.ubnd_a, sector=world.utilities, message="Đề nghị xử lý")
    return alert


def immediate_alert(
    world: World, frozen_clock: TimeMachineFixture, agency_key: str = "ubnd_a", at: datetime.datetime = FORWARDED_AT
) -> Alert:
    """A fire raised 20 minutes before at, verified 10 minutes before and forwarded at at with a call."""
    frozen_clock.move_to(at - 20 * MINUTE)
    alert = world.alert(title="Cháy nhà dân tổ 3", category="fire", sector=world.fire)
    frozen_clock.move_to(at - 10 * MINUTE)
    alert.verify(world.users["operator"])
    frozen_clock.move_to(at)
    agency = getattr(world, agency_key)
    reason = "" if agency == world.ubnd_a else "Cháy lớn, chuyển thẳng Cảnh sát PCCC"
    alert.forward(world.users["operator"], agency, message="Cháy nhà dân tại tổ 3", phone_call=CALL, reason=reason)
    return alert


def overdue_events(alert: Alert, period: str | None = None) -> list[AlertEvent]:
    events = alert.events.filter(kind="overdue").order_by("seq")
    return [event for event in events if period is None or event.data.get("period") == period]


def agency_row(handling: figures.AlertHandling, code: str) -> figures.AgencyFigures:
    return next(row for row in handling.agencies if row.code == code)


# ---- 1. The 5 working days run from forwarding, accepted or not (Art. 8.3, Appendix II step 4) -------------------


def test_1_the_resolution_deadline_passes_with_an_overdue_event_while_the_alert_awaits_acceptance(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = deadline_alert(world, frozen_clock)
    assert alert.resolution_deadline == RESOLUTION_DEADLINE

    frozen_clock.move_to(FORWARDED_AT + 4 * HOUR)
    assert run_once().overdue == 1  # step 3, the 4 hours to accept or refuse
    frozen_clock.move_to(RESOLUTION_DEADLINE - MINUTE)
    assert run_once().overdue == 0
    frozen_clock.move_to(RESOLUTION_DEADLINE)
    assert run_once().overdue == 1, "Appendix II step 4: 5 working days from forwarding, accepted or not"
    assert run_once().claimed == 0

    (event,) = overdue_events(alert, "resolution")
    assert (event.data["step"], event.data["party"], event.at) == ("forwarded", "agency", RESOLUTION_DEADLINE)
    assert set(event.messages.values_list("audience", flat=True)) == {"operators", "agency_focal", "agency_leader"}
    leader = Outbox.objects.get(event=event, audience="agency_leader")
    assert leader.recipients[0]["email"] == "leader.ubnd-90001@example.org" and not leader.undelivered

    handling = figures.alert_handling(*FEBRUARY)
    assert agency_row(handling, "ubnd-90001").overdue == 2  # the 4 hours, then the 5 working days
    assert next(step for step in handling.steps if step.step == "resolve").overdue_marked == 1
    assert [(row.alert, row.late) for row in handling.alerts] == [(alert.pk, True)]

    # Accepted late, on Monday 2 March: the mark stands and is not made twice.
    frozen_clock.move_to(local(2026, 3, 2, 8, 0))
    alert.accept(world.users["officer_a"])
    assert alert.is_overdue and run_once().overdue == 0
    alert.resolve(world.users["officer_a"], "Đã trả hồ sơ", EVIDENCE)
    assert alert.events.get(kind="resolved").data["late"] is True


# ---- 2. A notice nobody can receive is not logged as sent ----------------------------------------------------


def test_2_notices_nobody_can_receive_are_recorded_as_not_delivered_and_shown(
    world: World, media: Path, frozen_clock: TimeMachineFixture
) -> None:
    assert not ProvinceRecipient.objects.exists()
    # A fire: the leadership is told at verification, the committee at forwarding.
    alert = immediate_alert(world, frozen_clock)
    run_pass()

    report = alert.events.get(kind="province_quick_report")
    assert report.data["not_delivered"] == [
        {"audience": "province_committee", "agency": None, "reason": "no_recipient"}
    ]
    leadership = alert.events.get(kind="leadership_notified")
    assert leadership.data["not_delivered"][0]["audience"] == "province_leadership"
    committee = Outbox.objects.get(alert=alert, audience="province_committee")
    assert (committee.undelivered, committee.deliveries.count(), committee.sent_at) == ("no_recipient", 0, None)
    assert "not_delivered" not in alert.events.get(kind="forwarded").data  # the ward's focal person has an email

    labels = {str(Audience.PROVINCE_COMMITTEE.label), str(Audience.PROVINCE_LEADERSHIP.label)}
    listed = client_of(world, "operator").get(reverse("alerts_api:list")).json()["features"]
    assert set(listed[0]["properties"]["undelivered"]) == labels  # the console draws its warning from this
    for who, url in (("operator", reverse("alerts:detail", args=[alert.pk])), ("officer_a", reverse("alerts:inbox"))):
        page = client_of(world, who).get(url).content.decode()
        assert "data-undelivered" in page and all(escape(label) in page for label in labels), url
    timeline = client_of(world, "operator").get(reverse("alerts:detail", args=[alert.pk])).content.decode()
    assert timeline.count("data-event-undelivered") == 2  # on the leadership notice and on the quick report

    output = io.StringIO()
    call_command("check", stdout=output, stderr=output)
    assert "alerts.W002" in output.getvalue() and all(label in output.getvalue() for label in labels)
    health = Client().get("/healthz").json()
    assert {"province_committee", "province_leadership"} <= {w["audience"] for w in health["notifications"]["warnings"]}

    ProvinceRecipient.objects.create(audience="province_committee", full_name="Văn phòng UBND tỉnh",
                                     email="vanphong@khanhhoa.gov.vn")  # fmt: skip
    assert "province_committee" not in {gap.audience for gap in gaps() if gap.problem == "no_recipient"}


def test_2_without_a_configured_channel_the_notice_says_so(
    world: World, settings: object, frozen_clock: TimeMachineFixture
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # type: ignore[attr-defined]
    settings.EMAIL_HOST = ""  # type: ignore[attr-defined]

    alert = deadline_alert(world, frozen_clock)

    forwarded = alert.events.get(kind="forwarded")
    assert forwarded.data["not_delivered"] == [{"audience": "agency_focal", "agency": "ubnd-90001",
                                                "reason": "no_channel"}]  # fmt: skip
    assert {gap.audience for gap in gaps() if gap.problem == "no_channel"} == set(Audience.values)
    output = io.StringIO()
    call_command("check", stdout=output, stderr=output)
    assert "alerts.W001" in output.getvalue() and "EMAIL_HOST" in output.getvalue()


# ---- 3. A rework of an immediate alert is reported to the province (Appendix III step 5) -------------------------


def test_3_a_rework_of_an_immediate_alert_is_reported_quickly_to_the_province(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = immediate_alert(world, frozen_clock)
    alert.accept(world.users["officer_a"])
    frozen_clock.move_to(FORWARDED_AT + 40 * MINUTE)
    alert.resolve(world.users["officer_a"], "Đã dập tắt", EVIDENCE)
    frozen_clock.move_to(FORWARDED_AT + 50 * MINUTE)

    alert.return_for_rework(world.users["operator"], "Chưa có biên bản hiện trường")
    run_pass()

    last = alert.events.order_by("-seq")[:2]
    assert [event.kind for event in reversed(last)] == ["returned_for_rework", "province_quick_report"]
    assert last[0].data["stage"] == "returned_for_rework"
    assert Outbox.objects.filter(event=last[0], audience="province_committee").exists()


# ---- 4. A quick report on an alert without a place -------------------------------------------------------------


def test_4_a_quick_report_on_an_alert_without_a_place_says_so_and_has_no_map(world: World, media: Path) -> None:
    alert = world.alert(title="Phản ánh qua tổng đài, chưa rõ địa điểm", geom=None)
    assert alert.geom is None and not alert.units.exists()

    report = quick_report.create([alert], world.users["operator"])

    assert not report.map_image
    with report.file.open("rb") as handle:
        text = " ".join(" ".join(page.extract_text() for page in PdfReader(handle).pages).split())
    assert "không có vị trí" in text, text[:800]
    assert alert.events.filter(kind="province_quick_report").count() == 1


# ---- 5. One counting rule for working days (Civil Code 2015, Art. 147-148) -------------------------------------


@pytest.mark.parametrize(
    ("forwarded", "deadline"),
    [
        (local(2026, 2, 12, 10, 0), local(2026, 2, 27, 0, 0)),  # Thu 12: 13, 23, 24, 25, 26 → 24:00 Thu 26
        (local(2026, 2, 13, 16, 50), local(2026, 2, 28, 0, 0)),  # Fri 13 (the alert) → 24:00 Fri 27
        (local(2026, 2, 14, 10, 0), local(2026, 2, 28, 0, 0)),  # Sat 14, in Tết: the same five days
        (local(2026, 2, 22, 23, 30), local(2026, 2, 28, 0, 0)),  # Sun 22, the last day of Tết
        (local(2026, 8, 19, 9, 0), local(2026, 8, 26, 0, 0)),  # Wed 19 Aug: Sat 22 Aug is worked (swap) → Tue 25
        (local(2026, 8, 28, 9, 0), local(2026, 9, 10, 0, 0)),  # Fri 28 Aug: 31 Aug (swap), 1-2 Sep off → Wed 9
    ],
)
def test_5_five_working_days_end_at_24_00_of_the_fifth_working_day_after_the_start_day(
    world: World, forwarded: datetime.datetime, deadline: datetime.datetime, frozen_clock: TimeMachineFixture
) -> None:
    alert = deadline_alert(world, frozen_clock, at=forwarded)
    alert.accept(world.users["officer_a"])
    assert alert.resolution_deadline == deadline

    frozen_clock.move_to(deadline - MINUTE)
    assert run_once().overdue == 0
    frozen_clock.move_to(deadline)
    assert run_once().overdue == 1
    assert overdue_events(alert, "resolution")[0].data["step"] == "in_progress"


def test_5_the_alert_page_states_the_counting_rule_and_its_source(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = deadline_alert(world, frozen_clock)

    page = client_of(world, "operator").get(reverse("alerts:detail", args=[alert.pk])).content.decode()

    rule = re.search(r"<p class=\"al-rule\" data-deadline-rule>(.*?)</p>", page, re.S)
    assert rule is not None and "147" in rule.group(1) and "148" in rule.group(1) and "24:00" in rule.group(1)
    assert "27/02/2026 24:00" in page  # the end of the day reads 24:00 of that day, not 00:00 of the next
    assert "3.1" in page  # hours are clock hours, the IOC runs 24/7


# ---- 6. Reminders missed while the worker was down -----------------------------------------------------------


def test_6_a_worker_down_three_hours_sends_one_catch_up_that_counts_the_missed_ones(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = immediate_alert(world, frozen_clock)
    frozen_clock.move_to(FORWARDED_AT + 60 * MINUTE)
    assert run_once().reminders == 1
    # Down from minute 61 to minute 250: the reminders of minutes 120, 180 and 240 fell due meanwhile.
    frozen_clock.move_to(FORWARDED_AT + 250 * MINUTE)
    assert run_once().reminders == 1
    assert run_once().claimed == 0

    missed = list(alert.events.filter(kind="reminder_missed").order_by("seq"))
    assert [(event.data["number"], event.at) for event in missed] == [(2, timezone.now()), (3, timezone.now())]
    assert [event.data["due_at"] for event in missed] == ["2026-02-13T11:50:00Z", "2026-02-13T12:50:00Z"]
    catch_up = alert.events.filter(kind="reminder").order_by("-seq").first()
    assert catch_up is not None
    assert (catch_up.data["number"], catch_up.data["missed"], catch_up.data["catch_up"]) == (4, 2, True)
    subject = Outbox.objects.get(event=catch_up, audience="agency_focal").subject
    assert "2" in subject.split(":", 1)[1] and subject.count(f"#{alert.pk}") == 1

    handling = figures.alert_handling(*FEBRUARY)
    assert (handling.reminders, handling.reminders_missed) == (4, 2)
    assert (agency_row(handling, "ubnd-90001").reminders, agency_row(handling, "ubnd-90001").reminders_missed) == (4, 2)


# ---- 7. An extension cannot shorten the deadline -----------------------------------------------------------------


def test_7_a_grant_earlier_than_the_current_deadline_is_refused_and_a_later_one_is_kept(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = deadline_alert(world, frozen_clock)
    frozen_clock.move_to(FORWARDED_AT + HOUR)
    alert.accept(world.users["officer_a"])
    officer, operator = world.users["officer_a"], world.users["operator"]
    alert.request_extension(officer, local(2026, 3, 6, 17, 0), "Chờ ý kiến Sở Tài nguyên")

    with pytest.raises(InvalidInput, match="27/02/2026 24:00"):
        alert.grant_extension(operator, local(2026, 2, 27, 17, 0), "Gia hạn")
    alert.refresh_from_db()
    assert (alert.resolution_deadline, alert.pending_extension_until) == (RESOLUTION_DEADLINE, local(2026, 3, 6, 17, 0))
    assert not alert.events.filter(kind="extension_granted").exists()

    alert.grant_extension(operator, local(2026, 3, 9, 17, 0), "Gia hạn thêm một ngày làm việc")  # later than asked
    assert alert.resolution_deadline == local(2026, 3, 9, 17, 0)
    alert.request_extension(officer, local(2026, 3, 13, 17, 0), "Chờ kết quả đo đạc")
    alert.grant_extension(operator)  # the date asked for
    assert alert.resolution_deadline == local(2026, 3, 13, 17, 0)

    frozen_clock.move_to(RESOLUTION_DEADLINE)
    assert run_once().overdue == 0
    frozen_clock.move_to(local(2026, 3, 13, 17, 0))
    assert run_once().overdue == 1


# ---- 8. An immediate refusal records the phone call to the IOC (Appendix III step 3) ---------------------------


def test_8_an_immediate_refusal_needs_the_call_who_called_whom_and_when(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = immediate_alert(world, frozen_clock)
    frozen_clock.move_to(FORWARDED_AT + 15 * MINUTE)
    officer = client_of(world, "officer_a")
    url = reverse("alerts:act", args=[alert.pk, "refuse"])

    answer = officer.post(url, {"reason": "Thuộc thẩm quyền PCCC", "phone_call_to": "Trực ban IOC"})
    body = answer.content.decode()
    assert answer.status_code == 400 and ("Appendix III" in body or "Phụ lục III" in body), body[:300]
    alert.refresh_from_db()
    assert alert.state == "forwarded" and not alert.events.filter(kind="refused").exists()
    with pytest.raises(InvalidInput):
        alert.refuse(world.users["officer_a"], "Thuộc PCCC", PhoneCall(to="IOC", caller="Phường A",
                                                                        at=timezone.now() + HOUR))  # fmt: skip

    officer.post(url, {"reason": "Thuộc thẩm quyền PCCC", "phone_call_caller": "Nguyễn Văn B, UBND phường A",
                       "phone_call_to": "Trực ban IOC", "phone_call_at": "2026-02-13T17:03",
                       "phone_call_summary": "Đề nghị chuyển PCCC"})  # fmt: skip

    refused = alert.events.get(kind="refused")
    assert refused.data["phone_call"] == {
        "to": "Trực ban IOC", "summary": "Đề nghị chuyển PCCC", "caller": "Nguyễn Văn B, UBND phường A",
        "at": "2026-02-13T17:03:00+07:00",
    }  # fmt: skip


def test_8_a_deadline_procedure_refusal_needs_only_its_reason(world: World, frozen_clock: TimeMachineFixture) -> None:
    alert = deadline_alert(world, frozen_clock)

    alert.refuse(world.users["officer_a"], "Không thuộc thẩm quyền")

    assert alert.state == "returned"


# ---- 9. Reports break reminders down and reach each agency concerned (Art. 14.6b) ------------------------------


def test_9_the_report_breaks_reminders_down_and_each_agency_gets_its_own_alerts(
    world: World, settings: object, media: Path, frozen_clock: TimeMachineFixture
) -> None:
    settings.REPORTS_RECIPIENTS = ["lanhdao@khanhhoa.gov.vn"]  # type: ignore[attr-defined]
    ward = immediate_alert(world, frozen_clock, "ubnd_a", at=local(2026, 2, 13, 9, 0))
    fire = immediate_alert(world, frozen_clock, "pccc", at=local(2026, 2, 13, 9, 30))
    for minutes in (60, 90, 120, 150, 180):
        frozen_clock.move_to(local(2026, 2, 13, 9, 0) + minutes * MINUTE)
        run_once()  # the ward: reminders at 10:00, 11:00, 12:00; the fire police: at 10:30, 11:30

    handling = content_for("weekly", datetime.date(2026, 2, 13)).handling
    assert (agency_row(handling, "ubnd-90001").reminders, agency_row(handling, "pccc").reminders) == (3, 2)
    assert [(row.alert, row.reminders) for row in handling.alerts] == [(ward.pk, 3), (fire.pk, 2)]
    assert handling.reminders == 5

    report = generate("weekly", datetime.date(2026, 2, 13))

    recipients = sorted(tuple(message.to) for message in mail.outbox)
    assert recipients == [
        ("focal.pccc@example.org", "leader.pccc@example.org"),
        ("focal.ubnd-90001@example.org", "leader.ubnd-90001@example.org"),
        ("lanhdao@khanhhoa.gov.vn",),
    ]
    assert report.figures["agencies_sent"]["pccc"] == ["focal.pccc@example.org", "leader.pccc@example.org"]
    own = {
        agency.code: content for agency, content in agency_contents(content_for("weekly", datetime.date(2026, 2, 13)))
    }
    assert [row.alert for row in own["pccc"].handling.alerts] == [fire.pk]
    assert [row.alert for row in own["ubnd-90001"].handling.alerts] == [ward.pk]
    fire_mail = next(message for message in mail.outbox if "focal.pccc@example.org" in message.to)
    pdf = next(content for name, content, _type in fire_mail.attachments if name.endswith(".pdf"))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert f"#{fire.pk}" in text and f"#{ward.pk} " not in text


# ---- Also: one prefix per reminder subject --------------------------------------------------------------------


def test_reminders_to_focal_persons_carry_the_alert_prefix_once(world: World, frozen_clock: TimeMachineFixture) -> None:
    alert = immediate_alert(world, frozen_clock)
    frozen_clock.move_to(FORWARDED_AT + 120 * MINUTE)
    run_once()

    subjects = Outbox.objects.filter(alert=alert, event__kind="reminder").values_list("subject", flat=True)
    assert subjects and all(subject.count(f"#{alert.pk}") == 1 for subject in subjects), list(subjects)


@pytest.fixture
def media(tmp_path: Path) -> Iterator[Path]:
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path
