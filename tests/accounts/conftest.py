"""Fixtures of these tests: the shared world of tests/agencies/world.py."""

import pytest

from tests.agencies.world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    """Two agencies with contacts and one account per role."""
    return build_world()
