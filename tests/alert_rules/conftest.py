"""Fixtures of the rule tests: the alerts tests' small province, its frozen clock and the demo province."""

from tests.alerts.conftest import demo_province, frozen_clock, world

__all__ = ["demo_province", "frozen_clock", "world"]
