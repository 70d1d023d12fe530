"""Two people (or two workers) at the same button at the same moment: exactly one wins.

Each attempt runs in its own thread with its own database connection. The test first holds the alert's row
lock itself, starts both attempts, waits until PostgreSQL shows both blocked on that lock, then lets go: the
attempts really overlap, and without the row lock and the state check both would succeed.
"""

import datetime
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.contrib.gis.geos import MultiPolygon
from django.db import connection, connections, transaction
from time_machine import TimeMachineFixture

from alerts.models import Alert, AlertRule
from alerts.records import PhoneCall
from alerts.worker import run_once
from core.errors import Conflict
from planning.catalogue import sync_catalogue
from planning.models import LandUseCode, Plan, ZoningLot
from tests.alerts.world import World, build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db: None, frozen_clock: TimeMachineFixture) -> World:
    return build_world()


def _waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        # Statistics views keep one snapshot per transaction, and the caller sits inside one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(cursor.fetchone()[0])


@contextmanager
def row_locked(row: Alert | AlertRule) -> Iterator[None]:
    """Hold the row's lock (an alert's or a rule's) in this thread's connection until the block ends."""
    with transaction.atomic():
        type(row).objects.select_for_update().get(pk=row.pk)
        yield


def race(*attempts: Callable[[], object], holding: Alert | AlertRule) -> list[str]:
    """Run the attempts in threads that all wait on the alert's row lock; return how each one ended."""
    results: list[str] = []

    def run(attempt: Callable[[], object]) -> None:
        try:
            attempt()
            results.append("won")
        except Conflict:
            results.append("conflict")
        except Exception as exc:  # reported in the assertion instead of vanishing with the thread
            results.append(f"error: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    with row_locked(holding):
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while _waiting_on_locks() < len(attempts):
            assert time.monotonic() < deadline, "the attempts never queued on the row lock"
            time.sleep(0.02)
    for thread in threads:
        thread.join(timeout=10)
    return sorted(results)


def fresh(alert: Alert) -> Alert:
    return Alert.objects.get(pk=alert.pk)


def test_two_operators_verifying_at_once_one_wins_and_the_other_gets_a_conflict(world: World) -> None:
    alert = world.alert()

    results = race(
        lambda: fresh(alert).verify(world.users["operator"]),
        lambda: fresh(alert).verify(world.users["operator2"]),
        holding=alert,
    )

    assert results == ["conflict", "won"]
    assert list(alert.events.values_list("kind", flat=True)) == ["created", "verified"]


def test_accepting_and_refusing_at_once_only_one_decision_stands(world: World) -> None:
    alert = world.alert(category="other")
    alert.verify(world.users["operator"])
    alert.forward(world.users["operator"], world.ubnd_a, sector=world.utilities)

    results = race(
        lambda: fresh(alert).accept(world.users["officer_a"]),
        lambda: fresh(alert).refuse(world.users["officer_a2"], "Không thuộc thẩm quyền"),
        holding=alert,
    )

    assert results == ["conflict", "won"]
    assert alert.events.filter(kind__in=["accepted", "refused"]).count() == 1


def test_two_workers_side_by_side_send_a_due_reminder_once(world: World, frozen_clock: TimeMachineFixture) -> None:
    alert = world.alert(category="fire", sector=world.fire)
    alert.verify(world.users["operator"])
    call = PhoneCall(to="UBND phường A")
    alert.forward(world.users["operator"], world.ubnd_a, message="Cháy", phone_call=call)
    assert alert.forwarded_at is not None
    frozen_clock.move_to(alert.forwarded_at + datetime.timedelta(minutes=60))

    race(run_once, run_once, holding=alert)

    assert alert.events.filter(kind="reminder").count() == 1
    assert fresh(alert).reminders_sent == 1


def test_two_workers_side_by_side_run_a_due_rule_once(world: World) -> None:
    sync_catalogue(LandUseCode)  # the flush of an earlier transactional test removed the migration's rows
    revision = Plan.objects.create(
        code="p", name="Quy hoạch thử", plan_type="zoning_2000", status="approved",
        effective_from=datetime.date(2020, 1, 1),
    ).add_revision(effective_from=datetime.date(2020, 1, 1))  # fmt: skip
    for code, use, geom in (("CX", "DKV", world.polygon_across()), ("O1", "ODT", world.ward_a.geom)):
        ZoningLot.objects.create(revision=revision, lot_code=code, land_use_id=use, geom=MultiPolygon(geom.buffer(0)))
    rule = AlertRule.objects.create(
        key="cong-vien-trum-nha-o", name="Quy tắc thử", rule_type="spatial_intersection",
        run_every=datetime.timedelta(hours=1),
        params={"hazard": {"source": "plan_lots", "land_use": ["DKV"]},
                "exposure": {"source": "plan_lots", "land_use": ["ODT"]}},
    )  # fmt: skip

    race(run_once, run_once, holding=rule)

    assert Alert.objects.filter(rule=rule).count() == 1
    rule.refresh_from_db()
    assert (rule.run_version, rule.last_run["created"]) == (1, 1)
