"""The workers survive faults: a killed database connection, a hanging feed. Nothing is lost or done twice."""

import datetime
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from time_machine import TimeMachineFixture

from alerts import worker
from alerts.cap_models import CapFeed
from alerts.models import Alert, AlertEvent
from core import periodic
from core.models import WorkerHeartbeat
from core.supervision import run_supervised
from delivery import worker as delivery_worker
from tests.alerts.conftest import START
from tests.alerts.fake_servers import Answer, ScriptedServer, http_server
from tests.alerts.world import World, build_world

ALERTS = 12
WAIT = 60  # seconds; only a broken worker ever waits this long


@pytest.fixture
def shared_world(transactional_db: None, frozen_clock: TimeMachineFixture) -> World:
    """A world committed for real, so the worker's own threads and connections see it."""
    return build_world()


def _run_in_thread(target: Any, *args: Any) -> threading.Thread:
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


def _wait_for(condition: Any) -> bool:
    done = threading.Event()
    for _ in range(WAIT * 10):
        if condition():
            return True
        done.wait(0.1)
    return False


def test_the_worker_reconnects_after_its_database_backend_is_killed(
    shared_world: World, monkeypatch: pytest.MonkeyPatch, frozen_clock: TimeMachineFixture
) -> None:
    alerts = [shared_world.alert() for _ in range(ALERTS)]
    frozen_clock.move_to(START + datetime.timedelta(hours=1))  # every verification step is overdue
    calls = {"n": 0}
    real_run_once = worker.run_once

    def killed_on_second_pass(batch: int = 500) -> worker.RunReport:
        calls["n"] += 1
        if calls["n"] == 2:
            with connection.cursor() as cursor:  # the worker thread's own backend ends, as in a failover
                cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return real_run_once(batch)

    monkeypatch.setattr(worker, "run_once", killed_on_second_pass)
    stop = threading.Event()
    thread = _run_in_thread(delivery_worker.run_forever, 0.05, 3, stop)  # 3 alerts a pass: the kill lands mid-way
    try:
        handled = _wait_for(lambda: AlertEvent.objects.filter(kind="overdue").count() >= ALERTS)
    finally:
        stop.set()
        thread.join(WAIT)

    assert handled, "the worker did not carry on after its connection was killed"
    assert not thread.is_alive()
    for alert in alerts:  # none lost, none twice
        assert AlertEvent.objects.filter(alert=alert, kind="overdue").count() == 1
    beat = WorkerHeartbeat.objects.get(name="alerts")
    assert "terminat" in beat.last_error.lower() and beat.passes >= 2


def test_healthz_turns_red_and_the_console_warns_when_a_worker_is_stale(shared_world: World, client: Any) -> None:
    long_ago = START - datetime.timedelta(hours=1)
    WorkerHeartbeat.objects.create(key="alerts@node-1", name="alerts", host="node-1", pid=1, started_at=long_ago,
                                   last_pass_at=long_ago)  # fmt: skip

    health = client.get("/healthz", HTTP_HOST="localhost")
    client.force_login(shared_world.users["operator"])
    console = client.get("/alerts/console/", HTTP_HOST="localhost")

    assert health.status_code == 503 and health.json()["workers"]["workers"]["alerts@node-1"]["stale"] is True
    assert "A background worker has stopped" in console.content.decode()
    WorkerHeartbeat.beat("alerts", START)  # a pass completes again on this host; node-1 stays stale
    assert client.get("/healthz", HTTP_HOST="localhost").status_code == 503


@override_settings(WORKERS_EXPECTED=["alerts", "tasks"])
def test_healthz_is_red_while_an_expected_worker_never_reported(shared_world: World, client: Any) -> None:
    WorkerHeartbeat.beat("alerts", START)

    body = client.get("/healthz", HTTP_HOST="localhost").json()

    assert body["status"] == "unhealthy" and body["workers"]["missing"] == ["tasks"]


@pytest.fixture
def hanging_feed() -> Iterator[tuple[ScriptedServer, threading.Event, threading.Event]]:
    """A feed server that takes each request and answers only when released."""
    arrived, release = threading.Event(), threading.Event()
    with http_server(0) as server:
        original = server.answer

        def hang(request: Any) -> Answer:
            arrived.set()
            release.wait(WAIT)
            return original(request)

        server.answer = hang  # type: ignore[method-assign]
        yield server, arrived, release
        release.set()


def test_deadlines_are_marked_on_time_while_a_feed_hangs(
    shared_world: World,
    hanging_feed: tuple[ScriptedServer, threading.Event, threading.Event],
    frozen_clock: TimeMachineFixture,
) -> None:
    server, arrived, release = hanging_feed
    CapFeed.objects.create(name="Nguồn treo", url=f"{server.url}/feed.atom", sector=shared_world.utilities,
                           poll_every=datetime.timedelta(minutes=5))  # fmt: skip
    alert = shared_world.alert()
    frozen_clock.move_to(START + datetime.timedelta(hours=1))
    tasks_stop, alerts_stop = threading.Event(), threading.Event()

    def tasks_pass() -> bool:
        periodic.run_due(timezone.now(), force=True)
        return False

    with override_settings(ALERTS_SEND_TIMEOUT_SECONDS=WAIT):
        tasks = _run_in_thread(run_supervised, "tasks", tasks_pass, 60, tasks_stop)
        assert arrived.wait(WAIT), "the tasks worker never asked the feed"
        alerts = _run_in_thread(delivery_worker.run_forever, 60, 10, alerts_stop)
        marked = _wait_for(lambda: Alert.objects.get(pk=alert.pk).overdue_at is not None)
        feed_still_hanging = tasks.is_alive() and not release.is_set()
        alerts_stop.set()
        tasks_stop.set()
        release.set()
        alerts.join(WAIT)
        tasks.join(WAIT)

    assert marked and feed_still_hanging, "the overdue mark waited for the feed"
