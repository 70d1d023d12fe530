"""The event log is append-only, nothing is deleted, and the events alone rebuild an alert's history."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from time_machine import TimeMachineFixture

from alerts.history import rebuild
from alerts.models import Alert, AlertEvent
from alerts.records import PhoneCall
from alerts.worker import run_once
from core.errors import Conflict
from tests.alerts.conftest import START
from tests.alerts.world import World, local

EVIDENCE = [{"title": "Ảnh", "url": "https://example.org/1.jpg"}]


def test_an_event_cannot_be_changed_or_deleted(world: World) -> None:
    event = world.alert().events.get()

    event.reason = "rewritten"
    with pytest.raises(Conflict, match="append-only"):
        event.save()
    with pytest.raises(Conflict, match="append-only"):
        event.delete()
    with pytest.raises(Conflict, match="append-only"):
        AlertEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(Conflict, match="append-only"):
        AlertEvent.objects.all().delete()

    assert AlertEvent.objects.get(pk=event.pk).reason == ""


def test_the_database_itself_refuses_to_rewrite_events_or_delete_alerts(world: World) -> None:
    alert = world.alert()

    for sql in (
        "UPDATE alerts_alertevent SET reason = 'x' WHERE alert_id = %s",
        "DELETE FROM alerts_alertevent WHERE alert_id = %s",
        "DELETE FROM alerts_alert WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [alert.pk])

    assert AlertEvent.objects.filter(alert=alert, reason="").count() == 1


def test_an_alert_cannot_be_deleted(world: World) -> None:
    alert = world.alert()

    with pytest.raises(Conflict, match="never deleted"):
        alert.delete()
    with pytest.raises(Conflict, match="never deleted"):
        Alert.objects.filter(pk=alert.pk).delete()

    assert Alert.objects.filter(pk=alert.pk).exists()


def test_the_events_rebuild_the_whole_history(world: World, frozen_clock: TimeMachineFixture) -> None:
    operator, officer_a, officer_pccc = world.users["operator"], world.users["officer_a"], world.users["officer_pccc"]
    alert = world.alert(category="fire", sector=world.fire)
    alert.verify(operator)
    call = PhoneCall(to="UBND phường A")
    alert.forward(operator, world.ubnd_a, message="Cháy", phone_call=call)
    frozen_clock.shift(datetime.timedelta(minutes=61))
    run_once()
    alert.refuse(
        officer_a, "Thuộc PCCC", phone_call=PhoneCall(to="Trực ban IOC", caller="Cán bộ phường A", at=timezone.now())
    )
    frozen_clock.shift(datetime.timedelta(minutes=45))
    run_once()  # the 30-minute re-routing deadline has passed
    alert.forward(operator, world.pccc, message="Cháy", phone_call=call, reason="Phường từ chối")
    alert.change_procedure(operator, "deadline", "Đám cháy đã được khống chế")
    alert.accept(officer_pccc)
    alert.request_extension(officer_pccc, local(2026, 3, 13, 17, 0), "Chờ giám định")
    alert.grant_extension(operator, local(2026, 3, 10, 17, 0), "Gia hạn đến 10/3")
    alert.resolve(officer_pccc, "Đã xử lý", EVIDENCE)
    alert.return_for_rework(operator, "Thiếu biên bản")
    alert.resolve(officer_pccc, "Đã bổ sung biên bản", EVIDENCE)
    alert.confirm(operator)
    alert.refresh_from_db()

    history = rebuild(alert.events.all())

    assert history.state == alert.state == "closed"
    assert history.procedure == alert.procedure == "deadline"
    assert alert.lead_agency is not None
    assert history.lead_agency == alert.lead_agency.code == "pccc"
    assert history.refusals == ["ubnd-90001"]
    assert (history.forwarded_at, history.returned_at) == (alert.forwarded_at, alert.returned_at)
    assert (history.resolved_at, history.closed_at) == (alert.resolved_at, alert.closed_at)
    assert history.resolution_deadline == alert.resolution_deadline
    assert history.reminders == 1
    assert history.overdue_steps == ["returned"]
    assert history.late_steps == ["returned"]
    assert [actor for _at, _kind, actor in history.timeline].count("system") == 2
    assert history.timeline[0] == (START, "created", "operator")


def test_a_gap_in_the_log_is_detected(world: World) -> None:
    alert = world.alert()
    alert.verify(world.users["operator"])
    events = list(alert.events.all())

    with pytest.raises(ValueError, match="does not follow"):
        rebuild(events[1:])
