"""The alerts worker's pass over alerts: one pass at a time, claims that a transition in between invalidates."""

import datetime

from django.utils import timezone
from time_machine import TimeMachineFixture

from alerts.models import Alert
from alerts.worker import _claim_and_act, run_once
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
