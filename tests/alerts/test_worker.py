"""The alerts worker: one pass at a time, claims that a transition in between invalidates, the command line."""

import datetime
import threading

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from time_machine import TimeMachineFixture

from alerts.models import Alert
from alerts.worker import _claim_and_act, run_once
from delivery.worker import run_forever
from tests.alerts.conftest import START
from tests.alerts.world import World


def test_a_claim_read_before_a_transition_no_longer_matches(world: World, frozen_clock: TimeMachineFixture) -> None:
    alert = world.alert()
    frozen_clock.move_to(START + datetime.timedelta(hours=2))
    ((pk, version),) = Alert.objects.due().values_list("pk", "schedule_version")

    alert.verify(world.users["operator"])  # moves the schedule on while the worker holds its stale read

    assert _claim_and_act(pk, version, timezone.now()) is None
    assert not alert.events.filter(kind="overdue").exists()
    assert run_once().overdue == 1  # the next pass reads afresh: the forwarding step is overdue too


def test_nothing_due_means_nothing_claimed(world: World) -> None:
    world.alert()

    assert str(run_once()) == "due=0 claimed=0 overdue=0 reminders=0 rules=0"


def test_the_command_reports_its_pass(
    world: World, capsys: pytest.CaptureFixture[str], frozen_clock: TimeMachineFixture
) -> None:
    world.alert()
    frozen_clock.move_to(START + datetime.timedelta(hours=1))

    call_command("alerts_worker", "--once")

    assert "due=1 claimed=1 overdue=1 reminders=0" in capsys.readouterr().out


def test_the_command_refuses_a_zero_interval(db: None) -> None:
    with pytest.raises(CommandError, match="must be positive"):
        call_command("alerts_worker", "--once", "--interval", "0")


def test_the_long_running_loop_acts_then_stops_when_told(world: World, frozen_clock: TimeMachineFixture) -> None:
    world.alert()
    frozen_clock.move_to(START + datetime.timedelta(hours=1))
    stop = threading.Event()

    def stop_after_first_pass(timeout: float | None = None) -> bool:
        stop.set()
        return True

    stop.wait = stop_after_first_pass  # type: ignore[method-assign]
    run_forever(interval=60, batch=10, stop=stop)

    assert Alert.objects.get().overdue_at is not None
