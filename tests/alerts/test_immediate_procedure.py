"""Article 9 / Appendix III, the immediate procedure: 30 minutes, phone calls, quick reports, hourly reminders."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from time_machine import TimeMachineFixture

from alerts.models import Alert, AlertEvent, Outbox
from alerts.records import PhoneCall
from alerts.worker import run_once
from core.errors import InvalidInput
from tests.alerts.conftest import START
from tests.alerts.world import World

MINUTE = datetime.timedelta(minutes=1)
CALL = PhoneCall(to="Trực ban UBND phường A, 0258 3822 000", summary="Đã nhận tin")
EVIDENCE = [{"title": "Biên bản hiện trường", "reference": "BB-12/2026"}]


def forwarded_fire(world: World, frozen_clock: TimeMachineFixture, category: str = "fire") -> Alert:
    """An immediate-procedure alert verified at START + 5 min and forwarded at START + 10 min."""
    alert = world.alert(category=category, sector=world.fire)
    frozen_clock.move_to(START + 5 * MINUTE)
    alert.verify(world.users["operator"])
    frozen_clock.move_to(START + 10 * MINUTE)
    alert.forward(world.users["operator"], world.ubnd_a, message="Cháy nhà dân tại tổ 3", phone_call=CALL)
    return alert


def reminders(alert: Alert) -> list[dict[str, object]]:
    return [event.data for event in alert.events.filter(kind="reminder").order_by("seq")]


def at_minutes_after_forwarding(frozen_clock: TimeMachineFixture, minutes: int) -> None:
    frozen_clock.move_to(START + 10 * MINUTE + minutes * MINUTE)


def test_emergencies_follow_the_immediate_procedure_with_30_minutes_to_verify_and_forward(world: World) -> None:
    alert = world.alert(category="fire")

    assert (alert.procedure, alert.deadline_at) == ("immediate", START + 30 * MINUTE)
    alert.verify(world.users["operator"])
    assert alert.deadline_at == START + 30 * MINUTE


def test_forwarding_without_a_message_or_a_phone_call_is_refused_and_writes_nothing(world: World) -> None:
    alert = world.alert(category="fire", sector=world.fire)
    alert.verify(world.users["operator"])
    events, messages = AlertEvent.objects.count(), Outbox.objects.count()

    with pytest.raises(InvalidInput, match="phone call") as error:
        alert.forward(world.users["operator"], world.ubnd_a, message="")

    assert "the message sent to the agency" in error.value.message
    alert.refresh_from_db()
    assert (alert.state, alert.lead_agency) == ("verified", None)
    assert (AlertEvent.objects.count(), Outbox.objects.count()) == (events, messages)


def test_forwarding_records_the_message_the_phone_call_and_a_quick_report_to_the_province(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = forwarded_fire(world, frozen_clock, category="accident")

    kinds = list(alert.events.order_by("seq").values_list("kind", flat=True))
    assert kinds == ["created", "verified", "forwarded", "phone_call", "province_quick_report"]
    assert alert.events.get(kind="phone_call").data == {"to": CALL.to, "summary": "Đã nhận tin"}
    assert alert.events.get(kind="forwarded").data["message"] == "Cháy nhà dân tại tổ 3"
    audiences = sorted(Outbox.objects.filter(alert=alert).values_list("audience", flat=True))
    assert audiences == ["agency_focal", "province_committee"]
    assert (alert.deadline_at, alert.resolution_deadline) == (None, None)


def test_urgent_situations_are_reported_to_the_province_leadership_once_when_verified(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = forwarded_fire(world, frozen_clock)  # fire is one of the urgent categories of Article 9.3

    notified = alert.events.get(kind="leadership_notified")
    assert notified.seq == 3  # right after the verification
    assert Outbox.objects.filter(alert=alert, audience="province_leadership").count() == 1
    assert alert.leadership_notified_at == START + 5 * MINUTE


def test_an_accident_is_immediate_but_not_reported_to_the_leadership(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = forwarded_fire(world, frozen_clock, category="accident")

    assert not alert.events.filter(kind="leadership_notified").exists()
    assert alert.leadership_notified_at is None


def test_reminders_go_out_at_60_120_and_180_minutes_until_the_result_is_reported(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = forwarded_fire(world, frozen_clock)

    sent = []
    for minutes, accept in [
        (59, False),
        (60, False),
        (61, False),
        (119, False),
        (120, False),
        (150, True),
        (180, False),
    ]:
        at_minutes_after_forwarding(frozen_clock, minutes)
        if accept:
            alert.accept(world.users["officer_a"])  # accepted but not handled: reminders go on
        sent.append(run_once().reminders)
    assert sent == [0, 1, 0, 0, 1, 0, 1]
    assert [(r["number"], r["minutes_waiting"], r["catch_up"]) for r in reminders(alert)] == [
        (1, 60, False),
        (2, 120, False),
        (3, 180, False),
    ]
    assert all(r["for_province_report"] for r in reminders(alert))
    assert Outbox.objects.filter(alert=alert, audience="agency_focal", subject__contains="reminder").count() == 3

    at_minutes_after_forwarding(frozen_clock, 200)
    alert.resolve(world.users["officer_a"], "Đã dập tắt đám cháy", EVIDENCE)
    at_minutes_after_forwarding(frozen_clock, 240)
    assert run_once().claimed == 0
    alert.refresh_from_db()
    assert (alert.next_reminder_at, alert.next_action_at) == (None, None)


def test_after_a_worker_restart_one_catch_up_reminder_goes_out_not_a_burst(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = forwarded_fire(world, frozen_clock)
    at_minutes_after_forwarding(frozen_clock, 60)
    call_command("alerts_worker", "--once")
    # The worker is down from minute 61 to minute 200: the 120 and 180 reminders fell due meanwhile.
    at_minutes_after_forwarding(frozen_clock, 200)
    call_command("alerts_worker", "--once")
    call_command("alerts_worker", "--once")

    catch_up = reminders(alert)[-1]
    assert len(reminders(alert)) == 2
    assert (catch_up["number"], catch_up["catch_up"], catch_up["missed"]) == (3, True, 1)
    assert list(alert.events.filter(kind="reminder_missed").values_list("data__number", flat=True)) == [2]
    alert.refresh_from_db()
    assert alert.next_reminder_at == START + 10 * MINUTE + 240 * MINUTE  # back on the hourly grid

    at_minutes_after_forwarding(frozen_clock, 240)
    assert run_once().reminders == 1
    assert reminders(alert)[-1]["number"] == 4


def test_a_refusal_stops_the_reminders_and_a_new_forwarding_restarts_them(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = forwarded_fire(world, frozen_clock)
    at_minutes_after_forwarding(frozen_clock, 20)
    alert.refuse(
        world.users["officer_a"], "Thuộc PCCC", phone_call=PhoneCall(to="IOC", caller="Phường A", at=timezone.now())
    )
    assert alert.deadline_at == timezone.now() + 30 * MINUTE  # the IOC re-routes within 30 minutes
    assert alert.next_reminder_at is None

    alert.forward(
        world.users["operator"], world.pccc, message="Cháy nhà", phone_call=CALL, reason="Phường từ chối, chuyển PCCC"
    )

    assert alert.next_reminder_at == timezone.now() + 60 * MINUTE


def test_the_immediate_verify_step_falls_overdue_after_30_minutes(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = world.alert(category="flood")
    frozen_clock.move_to(START + 30 * MINUTE)

    assert run_once().overdue == 1
    assert alert.events.get(kind="overdue").data["step"] == "new"


def test_closing_an_immediate_alert_sends_a_quick_report_to_the_province(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = forwarded_fire(world, frozen_clock)
    alert.accept(world.users["officer_a"])
    alert.resolve(world.users["officer_a"], "Đã dập tắt", EVIDENCE)

    alert.confirm(world.users["operator"])

    last = alert.events.order_by("-seq").first()
    assert last is not None
    assert (last.kind, last.data["stage"]) == ("province_quick_report", "closed")
    assert Outbox.objects.filter(alert=alert, audience="province_committee").count() == 2


def test_there_is_no_extension_in_the_immediate_procedure(world: World, frozen_clock: TimeMachineFixture) -> None:
    alert = forwarded_fire(world, frozen_clock)
    alert.accept(world.users["officer_a"])

    with pytest.raises(InvalidInput, match="no resolution deadline"):
        alert.request_extension(world.users["officer_a"], START + datetime.timedelta(days=3), "Cần thêm thời gian")
