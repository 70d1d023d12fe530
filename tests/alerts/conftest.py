"""Fixtures of the alerts tests: the small province of world.py and the time, frozen with time-machine."""

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from time_machine import TimeMachineFixture

from agencies import demo as agencies_demo
from gis_core import demo as gis_demo
from planning import demo as planning_demo
from tests.alerts.world import World, build_world, local

# Friday 13 February 2026, 09:00 in Khánh Hòa: the last working day before Tết 2026.
START = local(2026, 2, 13, 9, 0)


@pytest.fixture
def frozen_clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    """Stop time at START, not ticking; tests move it with frozen_clock.move_to(instant) or .shift(delta)."""
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def world(db: None, frozen_clock: TimeMachineFixture) -> World:
    return build_world()


@pytest.fixture(scope="module")
def demo_province(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """The demo province (units, plans, status map, agencies), loaded once per module and rolled back after it."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        for load in (gis_demo.load, planning_demo.load, agencies_demo.load):
            load(io.StringIO())
        yield
        transaction.set_rollback(True)
