"""Fixtures of these tests: the shared world of tests/agencies/world.py."""

import pytest

from accounts.models import Role
from tests.agencies.factories import make_user
from tests.agencies.world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    """Two agencies with contacts and one account per role, the planner and the leader included."""
    world = build_world()
    world.users["planner"] = make_user("planner", Role.PLANNER)
    world.users["leader"] = make_user("leader", Role.LEADER)
    return world
