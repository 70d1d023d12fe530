"""The audit of Decision 2421/QĐ-UBND, rerunnable: both procedures walked end to end through the worker.

Each assertion quotes the article or the appendix step it checks. The time is frozen at chosen times around
Tết 2026 (Friday 13 February is the last working day before it; 16 to 20 February are days off). Appendix II is the
deadline procedure (Article 8), Appendix III the immediate procedure (Article 9).
"""

import datetime

import pytest
from time_machine import TimeMachineFixture

from alerts.models import Alert, Outbox, ProvinceRecipient
from alerts.records import PhoneCall
from alerts.worker import run_once
from core.errors import InvalidInput
from delivery.worker import run_pass
from reports import figures
from tests.alerts.world import World, local

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
EVIDENCE = [{"title": "Ảnh hiện trường sau khi xử lý", "url": "https://example.org/anh-1.jpg"}]


def kinds(alert: Alert) -> list[str]:
    return list(alert.events.order_by("seq").values_list("kind", flat=True))


def audiences(alert: Alert, kind: str) -> set[str]:
    return set(Outbox.objects.filter(alert=alert, event__kind=kind).values_list("audience", flat=True))


@pytest.fixture
def province(world: World) -> World:
    """The province's recipients, so that every quick report and leadership notice has someone to reach."""
    ProvinceRecipient.objects.create(audience="province_committee", full_name="Văn phòng UBND tỉnh",
                                     email="vanphong@khanhhoa.gov.vn")  # fmt: skip
    ProvinceRecipient.objects.create(audience="province_leadership", full_name="Phó Chủ tịch UBND tỉnh",
                                     email="pct@khanhhoa.gov.vn")  # fmt: skip
    ProvinceRecipient.objects.create(audience="operators", full_name="Trực ban IOC", email="ioc@khanhhoa.gov.vn")
    return world


def test_appendix_ii_the_deadline_procedure_step_by_step(province: World, frozen_clock: TimeMachineFixture) -> None:
    world = province
    operator, officer = world.users["operator"], world.users["officer_a"]

    frozen_clock.move_to(local(2026, 2, 13, 16, 0))
    alert = world.alert(title="Chỉ tiêu hồ sơ trễ hạn vượt ngưỡng", category="threshold")
    assert alert.procedure == "deadline", "Art. 8.1: slow-onset cases (thresholds, late processing) take Appendix II"
    assert alert.deadline_at == local(2026, 2, 13, 17, 0), "Appendix II step 1: verify within 1 hour of appearing"

    frozen_clock.move_to(local(2026, 2, 13, 16, 20))
    alert.verify(operator)
    assert alert.deadline_at == local(2026, 2, 13, 17, 0), "Appendix II step 2: forward within 1 hour of appearing"

    frozen_clock.move_to(local(2026, 2, 13, 16, 50))
    alert.forward(operator, world.ubnd_a, sector=world.utilities, message="Đề nghị kiểm tra, xử lý")
    assert audiences(alert, "forwarded") == {"agency_focal"}, "Art. 8.2a: also sent by email/SMS to the focal person"
    assert alert.deadline_at == local(2026, 2, 13, 20, 50), "Appendix II step 3: accept or refuse within 4 hours"
    assert alert.resolution_deadline == local(2026, 2, 28, 0, 0), (
        "Appendix II step 4: 5 working days from forwarding, counted per the Civil Code 2015 Art. 147-148: "
        "Tết skipped, ends at 24:00 on Friday 27/02"
    )

    frozen_clock.move_to(local(2026, 2, 13, 20, 50))
    assert run_once().overdue == 1, "Art. 8.3: at the response deadline the operator is told and urges the agency"
    assert audiences(alert, "overdue") == {"operators", "agency_focal", "agency_leader"}, (
        "Art. 8.3: the agency is urged (focal person and leader)"
    )

    frozen_clock.move_to(local(2026, 2, 28, 0, 0))
    assert run_once().overdue == 1, (
        "Art. 8.3, Appendix II step 4: the 5 working days pass even while the alert awaits acceptance"
    )
    resolution = alert.events.get(kind="overdue", data__period="resolution")
    assert resolution.data["step"] == "forwarded", "Appendix II step 4: the period runs from forwarding"

    frozen_clock.move_to(local(2026, 3, 2, 8, 0))
    alert.accept(officer)
    assert run_once().overdue == 0, "Art. 8.3: one overdue notice per missed deadline, not one per state"
    alert.request_extension(officer, local(2026, 3, 6, 17, 0), "Chờ số liệu của Sở Tài chính")
    assert audiences(alert, "extension_requested") == {"operators"}, (
        "Appendix II step 4: the agency reports the situation and asks for an extension"
    )
    with pytest.raises(InvalidInput):
        alert.grant_extension(operator, local(2026, 2, 27, 17, 0), "Gia hạn")  # earlier than the current deadline
    alert.refresh_from_db()
    assert alert.resolution_deadline == local(2026, 2, 28, 0, 0), "Appendix II step 4: an extension never shortens"
    alert.grant_extension(operator, reason="Đồng ý gia hạn")
    assert alert.resolution_deadline == local(2026, 3, 6, 17, 0), "Appendix II step 4: the extension is granted"

    frozen_clock.move_to(local(2026, 3, 5, 10, 0))
    alert.resolve(officer, "Đã xử lý xong 12 hồ sơ trễ hạn", EVIDENCE)
    assert alert.events.get(kind="resolved").data["evidence"], "Appendix II step 4: result with photos or documents"
    assert alert.deadline_at == local(2026, 3, 5, 11, 0), "Appendix II step 5: confirm within 1 hour of the response"
    frozen_clock.move_to(local(2026, 3, 5, 10, 30))
    alert.return_for_rework(operator, "Thiếu danh sách hồ sơ đã trả")
    assert alert.resolution_deadline == local(2026, 3, 13, 0, 0), (
        "Art. 8.2c, Appendix II step 5: returned for rework with a fresh 5 working days (6, 9, 10, 11, 12 March)"
    )
    assert "province_quick_report" not in kinds(alert)[-1:], "Appendix II has no quick report to the province"
    frozen_clock.move_to(local(2026, 3, 6, 9, 0))
    alert.resolve(officer, "Đã bổ sung danh sách", EVIDENCE)
    frozen_clock.move_to(local(2026, 3, 6, 9, 40))
    alert.confirm(operator)
    assert (alert.state, alert.next_action_at) == ("closed", None), "Appendix II step 5: satisfactory → closed"

    handling = figures.alert_handling(local(2026, 2, 1), local(2026, 4, 1))
    ward = next(row for row in handling.agencies if row.code == "ubnd-90001")
    assert (ward.overdue, ward.answered_late) == (2, 1), "Art. 14.6a: the report counts the missed deadlines"
    assert [(row.alert, row.late) for row in handling.alerts] == [(alert.pk, True)], (
        "Art. 14.6a: the alert that passed its 5 working days is reported as late"
    )
    assert not Outbox.objects.filter(alert=alert).exclude(undelivered="").exists(), (
        "Art. 8.2a: every notice had someone to receive it"
    )


def test_appendix_iii_the_immediate_procedure_step_by_step(province: World, frozen_clock: TimeMachineFixture) -> None:
    world = province
    operator, officer_a, officer_pccc = world.users["operator"], world.users["officer_a"], world.users["officer_pccc"]
    call = PhoneCall(to="Trực ban UBND phường A, 0258 3822 000", summary="Đã báo tin")

    frozen_clock.move_to(local(2026, 2, 13, 21, 0))
    alert = world.alert(title="Cháy kho hàng tổ 5", category="fire", sector=world.fire)
    assert alert.procedure == "immediate", "Art. 9.1: fires and other emergencies take Appendix III"
    assert alert.deadline_at == local(2026, 2, 13, 21, 30), "Appendix III step 1: verify within 30 minutes"

    frozen_clock.move_to(local(2026, 2, 13, 21, 5))
    alert.verify(operator)
    assert audiences(alert, "leadership_notified") == {"province_leadership"}, (
        "Art. 9.3a: an urgent, serious situation is reported at once to the province leadership"
    )
    with pytest.raises(InvalidInput):
        alert.forward(operator, world.ubnd_a, message="")
    frozen_clock.move_to(local(2026, 2, 13, 21, 10))
    alert.forward(operator, world.ubnd_a, message="Cháy kho hàng, đề nghị xử lý ngay", phone_call=call)
    assert kinds(alert)[-3:] == ["forwarded", "phone_call", "province_quick_report"], (
        "Appendix III step 2: forwarded with a message and a call, and a quick report to the province committee"
    )

    frozen_clock.move_to(local(2026, 2, 13, 22, 10))
    assert run_once().reminders == 1, "Appendix III step 2: a reminder after 60 minutes without acceptance"
    frozen_clock.move_to(local(2026, 2, 14, 1, 20))  # the worker was down from 22:11 to 01:20
    assert run_once().reminders == 1, "Appendix III step 2: one catch-up reminder after the worker was down"
    assert alert.events.filter(kind="reminder_missed").count() == 2, (
        "Appendix III step 2: each reminder missed (23:10, 00:10) is logged for the report to the province"
    )

    frozen_clock.move_to(local(2026, 2, 14, 1, 25))
    with pytest.raises(InvalidInput):
        alert.refuse(officer_a, "Kho thuộc khu công nghiệp, PCCC xử lý")  # no call recorded
    refusal_call = PhoneCall(to="Trực ban IOC", caller="Trần Văn C, UBND phường A", at=local(2026, 2, 14, 1, 22))
    alert.refuse(officer_a, "Kho thuộc khu công nghiệp, PCCC xử lý", refusal_call)
    call_data = alert.events.get(kind="refused").data["phone_call"]
    assert (call_data["caller"], call_data["to"]) == ("Trần Văn C, UBND phường A", "Trực ban IOC"), (
        "Appendix III step 3: a refusal is phoned to the IOC: who called whom"
    )
    assert call_data["at"] == "2026-02-14T01:22:00+07:00", "Appendix III step 3: and when"
    assert alert.deadline_at == local(2026, 2, 14, 1, 55), "our rule: the IOC forwards again within 30 minutes"

    frozen_clock.move_to(local(2026, 2, 14, 1, 30))
    alert.forward(operator, world.pccc, message="Cháy kho hàng", phone_call=call, reason="Phường từ chối, chuyển PCCC")
    frozen_clock.move_to(local(2026, 2, 14, 1, 35))
    alert.accept(officer_pccc)
    frozen_clock.move_to(local(2026, 2, 14, 2, 35))
    assert run_once().reminders == 1, "Appendix III step 2: reminders go on while the alert is not handled"
    frozen_clock.move_to(local(2026, 2, 14, 3, 0))
    alert.resolve(officer_pccc, "Đã dập tắt đám cháy", EVIDENCE)
    frozen_clock.move_to(local(2026, 2, 14, 3, 20))
    alert.return_for_rework(operator, "Chưa có biên bản hiện trường")
    assert kinds(alert)[-2:] == ["returned_for_rework", "province_quick_report"], (
        "Appendix III step 5: the IOC reports quickly to the province committee on the result, a rework included"
    )
    frozen_clock.move_to(local(2026, 2, 14, 3, 50))
    alert.resolve(officer_pccc, "Đã bổ sung biên bản", EVIDENCE)
    alert.confirm(operator)
    assert kinds(alert)[-2:] == ["closed", "province_quick_report"], (
        "Appendix III step 5: closed, with a quick report to the province committee"
    )
    run_pass()

    reports = alert.events.filter(kind="province_quick_report").values_list("data__stage", flat=True)
    assert list(reports) == ["forwarded", "forwarded", "returned_for_rework", "closed"], (
        "Appendix III steps 2 (each forwarding) and 5 (each result)"
    )
    assert not Outbox.objects.filter(alert=alert).exclude(undelivered="").exists(), (
        "Art. 9.2a: every notice had someone to receive it"
    )
    handling = figures.alert_handling(local(2026, 2, 9), local(2026, 2, 16))
    assert (handling.reminders, handling.reminders_missed) == (5, 2), (
        "Appendix III step 2: every reminder due, sent or missed, counts in the report to the province"
    )
    by_agency = {row.code: row.reminders for row in handling.agencies if row.reminders}
    assert by_agency == {"ubnd-90001": 4, "pccc": 1}, "Art. 14.6a: reminders broken down by agency"
