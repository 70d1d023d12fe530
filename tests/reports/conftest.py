from pathlib import Path

import pytest

from tests.alerts.world import World, build_world


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: Path) -> Path:
    """Deliveries keep their files under MEDIA_ROOT: a temporary one per test."""
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    return settings.MEDIA_ROOT  # type: ignore[attr-defined]


@pytest.fixture
def world(db: None) -> World:
    return build_world()
