"""Article 8 / Appendix II, the deadline procedure, walked step by step with the time frozen."""

import datetime

import pytest
from django.utils import timezone
from time_machine import TimeMachineFixture

from agencies.models import Sector
from alerts.models import Alert, AlertEvent, Outbox
from alerts.worker import run_once
from core.errors import Conflict, Forbidden, InvalidInput
from tests.alerts.conftest import START
from tests.alerts.world import World, local

HOUR = datetime.timedelta(hours=1)
EVIDENCE = [{"title": "Ảnh hiện trường sau khi xử lý", "url": "https://example.org/anh-1.jpg"}]


def kinds(alert: Alert) -> list[str]:
    return list(alert.events.order_by("seq").values_list("kind", flat=True))


def forwarded(world: World, frozen_clock: TimeMachineFixture, sector: Sector | None = None) -> Alert:
    """A deadline-procedure alert verified and forwarded to ward A's committee at START + 40 minutes."""
    alert = world.alert()
    frozen_clock.move_to(START + datetime.timedelta(minutes=20))
    alert.verify(world.users["operator"])
    frozen_clock.move_to(START + datetime.timedelta(minutes=40))
    alert.forward(world.users["operator"], world.ubnd_a, sector=sector or world.utilities)
    return alert


def in_progress(world: World, frozen_clock: TimeMachineFixture) -> Alert:
    alert = forwarded(world, frozen_clock)
    frozen_clock.shift(HOUR)
    alert.accept(world.users["officer_a"])
    return alert


def test_the_five_steps_run_within_their_deadlines(world: World, frozen_clock: TimeMachineFixture) -> None:
    operator, officer = world.users["operator"], world.users["officer_a"]
    alert = world.alert()
    assert (alert.procedure, alert.state, alert.deadline_at) == ("deadline", "new", START + HOUR)

    frozen_clock.move_to(START + datetime.timedelta(minutes=20))
    alert.verify(operator)
    assert (alert.state, alert.deadline_at) == ("verified", START + HOUR)  # forwarding: 1 h from appearance

    frozen_clock.move_to(local(2026, 2, 13, 9, 40))
    alert.forward(operator, world.ubnd_a, sector=world.utilities, message="Đề nghị xử lý")
    assert alert.state == "forwarded"
    assert alert.deadline_at == local(2026, 2, 13, 13, 40)  # 4 h to accept or refuse
    assert alert.resolution_deadline == local(2026, 2, 28, 0, 0)  # 24:00 on the 5th working day, Tết skipped
    focal = Outbox.objects.get(alert=alert, audience="agency_focal")
    assert focal.agency == world.ubnd_a
    assert focal.recipients == [
        {"name": "Focal of ubnd-90001", "phone": "0258 3822 000", "email": "focal.ubnd-90001@example.org"}
    ]

    frozen_clock.move_to(local(2026, 2, 13, 11, 0))
    alert.accept(officer)
    assert (alert.state, alert.deadline_at) == ("in_progress", local(2026, 2, 28, 0, 0))

    frozen_clock.move_to(local(2026, 2, 26, 15, 0))
    alert.resolve(officer, "Đã dọn cây, thông đường", EVIDENCE)
    assert (alert.state, alert.deadline_at) == ("resolved", local(2026, 2, 26, 16, 0))  # 1 h to confirm

    frozen_clock.move_to(local(2026, 2, 26, 15, 30))
    alert.confirm(operator)
    assert (alert.state, alert.deadline_at, alert.next_action_at) == ("closed", None, None)
    assert kinds(alert) == ["created", "verified", "forwarded", "accepted", "resolved", "closed"]
    assert not alert.events.filter(data__late=True).exists()


def test_a_false_alert_is_rejected_and_stays_on_record(world: World) -> None:
    alert = world.alert()

    alert.reject(world.users["operator"], "Camera nhận diện nhầm")

    assert Alert.objects.filter(pk=alert.pk, state="rejected").exists()
    assert alert.events.get(kind="rejected").reason == "Camera nhận diện nhầm"
    assert (alert.deadline_at, alert.next_action_at) == (None, None)
    with pytest.raises(Conflict, match="Rejected as false"):
        alert.verify(world.users["operator"])


def test_rejecting_without_a_reason_writes_nothing(world: World) -> None:
    alert = world.alert()

    with pytest.raises(InvalidInput, match="why the alert is false"):
        alert.reject(world.users["operator"], "  ")

    alert.refresh_from_db()
    assert alert.state == "new"
    assert kinds(alert) == ["created"]


def test_a_refusal_without_a_reason_is_refused_with_a_clear_message_and_writes_nothing(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = forwarded(world, frozen_clock)
    events, messages = AlertEvent.objects.count(), Outbox.objects.count()

    with pytest.raises(InvalidInput, match="A refusal must give its reason"):
        alert.refuse(world.users["officer_a"], "")

    alert.refresh_from_db()
    assert (alert.state, alert.lead_agency) == ("forwarded", world.ubnd_a)
    assert (AlertEvent.objects.count(), Outbox.objects.count()) == (events, messages)


def test_a_refusal_returns_the_alert_to_the_ioc_which_forwards_it_elsewhere_with_a_reason(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    operator = world.users["operator"]
    alert = forwarded(world, frozen_clock, sector=world.fire)
    frozen_clock.shift(HOUR)

    alert.refuse(world.users["officer_a"], "Cháy rừng thuộc thẩm quyền PCCC")

    assert (alert.state, alert.lead_agency, alert.deadline_at) == ("returned", None, timezone.now() + HOUR)
    assert Outbox.objects.filter(alert=alert, audience="operators", subject__contains="refused").exists()
    with pytest.raises(InvalidInput, match="give the reason for the change"):
        alert.forward(operator, world.pccc)  # the proposal is ward A's committee again
    assert kinds(alert)[-1] == "refused"

    alert.forward(operator, world.pccc, reason="Ngoài khả năng của phường; chuyển PCCC")
    alert.accept(world.users["officer_pccc"])

    assert (alert.state, alert.lead_agency) == ("in_progress", world.pccc)
    forwardings = alert.events.filter(kind="forwarded").order_by("seq")
    assert [event.data["routing_changed"] for event in forwardings] == [False, True]


def test_forwarding_needs_a_sector(world: World) -> None:
    alert = world.alert()
    alert.verify(world.users["operator"])

    with pytest.raises(InvalidInput, match="Choose the sector"):
        alert.forward(world.users["operator"], world.ubnd_a)

    assert kinds(alert) == ["created", "verified"]


def test_an_extension_granted_moves_the_resolution_deadline(world: World, frozen_clock: TimeMachineFixture) -> None:
    alert = in_progress(world, frozen_clock)
    asked = local(2026, 3, 6, 17, 0)

    alert.request_extension(world.users["officer_a"], asked, "Chờ đơn vị điện lực cắt điện")
    assert alert.pending_extension_until == asked
    assert Outbox.objects.filter(alert=alert, audience="operators", subject__contains="extension").exists()
    alert.grant_extension(world.users["operator"])

    assert (alert.resolution_deadline, alert.deadline_at, alert.pending_extension_until) == (asked, asked, None)
    assert alert.events.get(kind="extension_granted").data["previous_deadline"] == "2026-02-27T17:00:00Z"


def test_an_extension_denied_keeps_the_deadline_which_then_falls_overdue(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = in_progress(world, frozen_clock)
    alert.request_extension(world.users["officer_a"], local(2026, 3, 6, 17, 0), "Thiếu nhân lực")

    alert.deny_extension(world.users["operator"], "Sự việc đơn giản, cần xử lý đúng hạn")

    assert (alert.resolution_deadline, alert.pending_extension_until) == (local(2026, 2, 28, 0, 0), None)
    frozen_clock.move_to(local(2026, 2, 28, 0, 0))
    assert run_once().overdue == 1
    assert alert.events.get(kind="overdue").data["step"] == "in_progress"


def test_an_extension_needs_a_later_date_and_waits_for_one_answer_at_a_time(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = in_progress(world, frozen_clock)
    officer = world.users["officer_a"]

    with pytest.raises(InvalidInput, match="after the current deadline"):
        alert.request_extension(officer, local(2026, 2, 20, 17, 0), "Tết")
    alert.request_extension(officer, local(2026, 3, 6, 17, 0), "Tết")
    with pytest.raises(Conflict, match="already waiting"):
        alert.request_extension(officer, local(2026, 3, 9, 17, 0), "Tết")
    alert.deny_extension(world.users["operator"], "Không")
    with pytest.raises(Conflict, match="No extension request is waiting"):
        alert.grant_extension(world.users["operator"])


def test_an_unsatisfactory_result_goes_back_for_rework_with_a_fresh_period(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = in_progress(world, frozen_clock)
    alert.resolve(world.users["officer_a"], "Đã xử lý", EVIDENCE)
    frozen_clock.move_to(local(2026, 2, 13, 11, 0))

    with pytest.raises(InvalidInput, match="what is missing"):
        alert.return_for_rework(world.users["operator"], "")
    alert.return_for_rework(world.users["operator"], "Ảnh chưa cho thấy đường đã thông")

    assert (alert.state, alert.resolution_deadline) == ("in_progress", local(2026, 2, 28, 0, 0))
    assert Outbox.objects.filter(alert=alert, audience="agency_focal", subject__contains="rework").exists()
    alert.resolve(world.users["officer_a"], "Đã thông đường", EVIDENCE)
    alert.confirm(world.users["operator"])
    assert kinds(alert)[3:] == ["accepted", "resolved", "returned_for_rework", "resolved", "closed"]


def test_a_result_needs_evidence(world: World, frozen_clock: TimeMachineFixture) -> None:
    alert = in_progress(world, frozen_clock)

    with pytest.raises(InvalidInput, match="at least one photo or document"):
        alert.resolve(world.users["officer_a"], "Đã xử lý", [])
    with pytest.raises(InvalidInput, match="needs a url"):
        alert.resolve(world.users["officer_a"], "Đã xử lý", [{"title": "Ảnh"}])

    assert alert.state == "in_progress"


def _to_state(world: World, state: str) -> Alert:
    operator, officer = world.users["operator"], world.users["officer_a"]
    alert = world.alert()
    steps = {
        "verified": lambda: alert.verify(operator),
        "forwarded": lambda: alert.forward(operator, world.ubnd_a, sector=world.utilities),
        "returned": lambda: alert.refuse(officer, "Không thuộc thẩm quyền"),
        "in_progress": lambda: alert.accept(officer),
        "resolved": lambda: alert.resolve(officer, "Xong", EVIDENCE),
    }
    path = {
        "new": [],
        "verified": ["verified"],
        "forwarded": ["verified", "forwarded"],
        "returned": ["verified", "forwarded", "returned"],
        "in_progress": ["verified", "forwarded", "in_progress"],
        "resolved": ["verified", "forwarded", "in_progress", "resolved"],
    }[state]
    for step in path:
        steps[step]()
    return alert


# State -> (its deadline, who is told when it passes).
OVERDUE_CASES = {
    "new": (START + HOUR, {"operators"}),
    "verified": (START + HOUR, {"operators"}),
    "returned": (START + HOUR, {"operators"}),
    "forwarded": (START + 4 * HOUR, {"operators", "agency_focal", "agency_leader"}),
    "in_progress": (local(2026, 2, 28, 0, 0), {"operators", "agency_focal", "agency_leader"}),
    "resolved": (START + HOUR, {"operators"}),
}


@pytest.mark.parametrize("state", OVERDUE_CASES)
def test_the_worker_marks_each_step_overdue_once_at_its_deadline(
    world: World, state: str, frozen_clock: TimeMachineFixture
) -> None:
    alert = _to_state(world, state)  # every step taken at START, so deadlines count from START
    deadline, audiences = OVERDUE_CASES[state]
    assert alert.deadline_at == deadline

    frozen_clock.move_to(deadline - datetime.timedelta(seconds=1))
    assert run_once().overdue == 0
    frozen_clock.move_to(deadline)
    assert run_once().overdue == 1
    assert run_once().claimed == 0

    overdue = alert.events.get(kind="overdue")
    assert (overdue.data["step"], overdue.actor_label) == (state, "system")
    assert set(overdue.messages.values_list("audience", flat=True)) == audiences
    alert.refresh_from_db()
    assert alert.is_overdue and alert.overdue_at == deadline
    assert Alert.objects.overdue().filter(pk=alert.pk).exists()


def test_a_step_taken_after_its_deadline_is_recorded_as_late(world: World, frozen_clock: TimeMachineFixture) -> None:
    alert = world.alert()
    frozen_clock.move_to(START + 2 * HOUR)

    alert.verify(world.users["operator"])

    verified = alert.events.get(kind="verified")
    assert verified.data["late"] is True
    assert verified.data["step_deadline"] == "2026-02-13T03:00:00Z"


def test_operators_act_only_on_ioc_steps_and_officers_only_for_their_own_agency(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    alert = forwarded(world, frozen_clock)

    with pytest.raises(Forbidden, match="processing agency"):
        alert.accept(world.users["operator"])
    with pytest.raises(Forbidden, match="lead agency"):
        alert.accept(world.users["officer_b"])
    with pytest.raises(Forbidden, match="IOC operators"):
        alert.reject(world.users["officer_a"], "Sai")
    with pytest.raises(Forbidden):
        alert.add_note(world.users["officer_b"], "Chúng tôi hỗ trợ")

    assert kinds(alert) == ["created", "verified", "forwarded"]


def test_a_coordinating_agency_adds_notes_but_does_not_accept(world: World) -> None:
    alert = world.alert()
    alert.verify(world.users["operator"])
    alert.forward(
        world.users["operator"], world.ubnd_a, coordinating=[world.ubnd_b], sector=world.utilities, reason="Giáp ranh"
    )

    alert.add_note(world.users["officer_b"], "Phường B đã cử người hỗ trợ")

    with pytest.raises(Forbidden, match="lead agency"):
        alert.accept(world.users["officer_b"])
    assert set(Outbox.objects.filter(alert=alert, audience="agency_focal").values_list("agency__code", flat=True)) == {
        "ubnd-90001",
        "ubnd-90002",
    }


def test_the_operator_changes_the_procedure_with_a_reason_and_the_deadline_follows(world: World) -> None:
    alert = world.alert()

    with pytest.raises(InvalidInput, match="why the alert changes procedure"):
        alert.change_procedure(world.users["operator"], "immediate", "")
    alert.change_procedure(world.users["operator"], "immediate", "Có người mắc kẹt")

    assert (alert.procedure, alert.deadline_at) == ("immediate", START + datetime.timedelta(minutes=30))
    assert alert.events.get(kind="procedure_changed").data["from"] == "deadline"
