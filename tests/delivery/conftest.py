"""Fixtures of the delivery tests: the alerts tests' small province and frozen time, whose notices delivery sends."""

from tests.alerts.conftest import demo_province, frozen_clock, world

__all__ = ["demo_province", "frozen_clock", "world"]
