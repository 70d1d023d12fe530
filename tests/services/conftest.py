import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils.module_loading import import_string

# The demo loaders these pages read (planning and the alert rules are not needed, and are the slow ones).
LOADERS = (
    "gis_core.demo.load", "layers.demo.load", "agencies.demo.load", "accounts.demo.load", "fieldreports.demo.load",
    "indicators.demo.load", "iot.demo.load", "services.demo.load",
)  # fmt: skip


@pytest.fixture(scope="module")
def demo_province(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """The demo province with its service pages, loaded once per module and rolled back after it."""
    media, layer_data = tmp_path_factory.mktemp("media"), tmp_path_factory.mktemp("layer-data")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, LAYER_DATA_DIR=layer_data),
        transaction.atomic(),
    ):
        for dotted in LOADERS:
            import_string(dotted)(io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_province: None, db: None, settings: Any, tmp_path: Any) -> None:
    """Each test runs in its own transaction over the module's demo province."""
    settings.MEDIA_ROOT = tmp_path / "media"
