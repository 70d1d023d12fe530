"""Fixtures of the cyber tests."""

import pytest

from tests.cyber.world import CyberWorld, build_world


@pytest.fixture
def cyber(db: None) -> CyberWorld:
    return build_world()
