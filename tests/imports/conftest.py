"""Fixtures of the import job tests: the layers tests' accounts and English messages, the planning tests' ward."""

from pathlib import Path

import pytest
from pytest_django import Settings

from tests.layers.conftest import People, empty_cache, english, people  # noqa: F401
from tests.planning.conftest import land_use_codes, ward  # noqa: F401

__all__ = ["People"]


@pytest.fixture(autouse=True)
def private_media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
