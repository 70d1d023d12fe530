"""The worker that composes alerts and delivery: `manage.py alerts_worker` acts on due steps, then sends messages."""

import datetime
import re
import threading

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from time_machine import TimeMachineFixture

from alerts.models import Alert
from delivery.message_defaults import create_defaults
from delivery.models import MessageDelivery
from delivery.worker import run_forever
from tests.alerts.conftest import START
from tests.alerts.world import World, build_world


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


def test_one_pass_of_the_command_acts_on_due_steps_and_sends_the_messages(
    transactional_db: None, frozen_clock: TimeMachineFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    create_defaults()  # a transactional test's flush removes the rows the migration loaded
    world = build_world()
    forwarded = world.alert(title="Cây đổ chắn đường")
    forwarded.verify(world.users["operator"])
    forwarded.forward(world.users["operator"], world.ubnd_a, sector=world.utilities, message="Đề nghị xử lý ngay")
    world.alert(title="Chưa xác minh")
    frozen_clock.move_to(START + datetime.timedelta(hours=1))  # the second one's verification step is overdue

    call_command("alerts_worker", "--once")

    out = capsys.readouterr().out
    assert re.search(r"overdue=[1-9]", out) and re.search(r"sent=[1-9]", out), out
    assert MessageDelivery.objects.filter(state="sent", address="focal.ubnd-90001@example.org").exists()
    assert any("Cây đổ chắn đường" in message.body for message in mail.outbox)
