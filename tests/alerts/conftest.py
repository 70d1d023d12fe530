"""Fixtures of the alerts tests: the small province of world.py and the alerts clock, frozen."""

from collections.abc import Iterator

import pytest

from alerts import clock
from tests.alerts.world import World, build_world, local

# Friday 13 February 2026, 09:00 in Khánh Hòa: the last working day before Tết 2026.
START = local(2026, 2, 13, 9, 0)


@pytest.fixture
def frozen_clock() -> Iterator[None]:
    """Freeze the alerts clock at START; tests move it with clock.advance or clock.freeze."""
    clock.freeze(START)
    yield
    clock.thaw()


@pytest.fixture
def world(db: None, frozen_clock: None) -> World:
    return build_world()
