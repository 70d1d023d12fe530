"""Street-light control (service 15): commands over MQTT, logged with their sender and the device's answer."""

import datetime
import json
from typing import Any

from django.test import Client
from django.utils import timezone

from iot import lights, mqtt
from iot.models import LightCommand
from tests.iot.conftest import RunningSubscriber
from tests.iot.world import Listener, Publisher, World, wait_for

COMMANDS = "/api/v1/iot/devices/sl-01/commands"


def _send(client: Client, body: dict[str, object]) -> Any:
    return client.post(COMMANDS, data=json.dumps(body), content_type="application/json")


def test_an_operator_switches_a_light_on_and_the_device_answer_is_logged(
    live_world: World, subscriber: RunningSubscriber, publisher: Publisher, client: Client
) -> None:
    device_side = Listener(mqtt.topic("sl-01", "commands"))
    client.force_login(live_world.users["operator"])
    try:
        response = _send(client, {"action": "on"})
        assert response.status_code == 201, response.content
        assert response.json()["status"] == "sent"
        received = wait_for(lambda: device_side.messages, what="the command at the device")
    finally:
        device_side.close()
    command_id = received[0]["command_id"]
    assert received[0]["action"] == "on"

    answer = {"token": live_world.tokens["sl-01"], "command_id": command_id, "status": "ok", "message": "lamps on"}
    publisher.publish(mqtt.topic("sl-01", "acks"), json.dumps(answer).encode())

    wait_for(
        lambda: LightCommand.objects.filter(pk=command_id, status="acknowledged").exists(), what="the device's answer"
    )
    log = client.get(COMMANDS).json()["commands"]
    assert [(entry["action"], entry["status"], entry["sent_by"]) for entry in log] == [
        ("on", "acknowledged", "operator")
    ]
    assert log[0]["ack"] == {"command_id": command_id, "status": "ok", "message": "lamps on"}  # the token is not kept


def test_a_schedule_is_sent_as_a_command_and_a_forged_answer_is_refused(
    live_world: World, subscriber: RunningSubscriber, publisher: Publisher, client: Client
) -> None:
    device_side = Listener(mqtt.topic("sl-01", "commands"))
    client.force_login(live_world.users["officer"])  # an officer of the owner agency
    try:
        response = _send(client, {"action": "schedule", "schedule": {"on": "18:15", "off": "05:30", "brightness": 70}})
        received = wait_for(lambda: device_side.messages, what="the schedule at the device")
    finally:
        device_side.close()

    assert response.status_code == 201
    assert received[0]["schedule"] == {
        "on": "18:15",
        "off": "05:30",
        "weekdays": [0, 1, 2, 3, 4, 5, 6],
        "brightness": 70,
    }
    forged = {"token": live_world.tokens["aq-01"], "command_id": received[0]["command_id"], "status": "ok"}
    publisher.publish(mqtt.topic("sl-01", "acks"), json.dumps(forged).encode())
    wait_for(lambda: live_world.devices["sl-01"].rejects.filter(reason="bad_token").exists(), what="the refusal")
    assert LightCommand.objects.get().status == "sent"


def test_only_the_ioc_and_the_owner_agency_may_switch_lights(world: World, client: Client) -> None:
    client.force_login(world.users["other_officer"])
    assert _send(client, {"action": "off"}).status_code == 403
    client.force_login(world.users["viewer"])
    assert _send(client, {"action": "off"}).status_code == 403
    client.force_login(world.users["operator"])
    assert _send(client, {"action": "dim"}).status_code == 400
    assert (
        client.post(
            "/api/v1/iot/devices/aq-01/commands", data=json.dumps({"action": "on"}), content_type="application/json"
        ).status_code
        == 400
    )
    assert not LightCommand.objects.exists()


def test_a_command_the_broker_does_not_take_is_logged_as_failed(world: World, client: Client, settings: object) -> None:
    settings.IOT_MQTT_PORT = 1  # type: ignore[attr-defined]  # nothing listens there
    client.force_login(world.users["operator"])

    response = _send(client, {"action": "off"})

    assert response.status_code == 503
    command = LightCommand.objects.get()
    assert (command.status, command.sent_by, response.json()["command_id"]) == (
        "failed",
        world.users["operator"],
        command.pk,
    )
    assert "cannot be reached" in command.error


def test_a_command_left_unanswered_is_marked_after_the_timeout(world: World) -> None:
    sent = timezone.now() - datetime.timedelta(minutes=10)
    command = LightCommand.objects.create(
        device=world.devices["sl-01"], action="on", sent_by=world.users["operator"], status="sent", sent_at=sent
    )

    assert lights.expire_unanswered(timezone.now()) == 1
    command.refresh_from_db()
    assert command.status == "unanswered"
