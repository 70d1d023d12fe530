"""Fixtures of the field-report tests: the small province, a frozen clock, photos in a temporary media folder and
the abuse-limit counters in the real Redis (under a key prefix of their own for each test)."""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.cache import caches
from time_machine import TimeMachineFixture

from tests.alerts.world import local
from tests.fieldreports.world import World, build_world

# Tuesday 10 March 2026, 09:00 in Khánh Hòa: an ordinary working day.
START = local(2026, 3, 10, 9, 0)
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def frozen_clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    """Stop time at START, not ticking; tests move it with frozen_clock.move_to(instant) or .shift(delta)."""
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def world(db: None, frozen_clock: TimeMachineFixture) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def media_root(settings: LazySettings, tmp_path: Path) -> Path:
    """Photos go to a temporary folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def rate_cache(settings: LazySettings) -> Iterator[str]:
    """Count abuse limits in Redis, each test under its own prefix (other users of this Redis are left alone)."""
    prefix = f"test-fieldreports-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        **settings.CACHES,
        "fieldreports-rate": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                              "KEY_PREFIX": prefix},
    }  # fmt: skip
    settings.FIELDREPORTS_RATE_CACHE = "fieldreports-rate"
    yield prefix
    cache: Any = caches["fieldreports-rate"]
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)
