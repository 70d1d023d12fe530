"""Fixtures of the listening tests: the demo province's units and agencies, and topic rules."""

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils.module_loading import import_string

from sectors.listening.models import Topic

LOADERS = ("gis_core.demo.load", "agencies.demo.load", "accounts.demo.load")


@pytest.fixture(scope="module")
def demo_province(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[None]:  # fmt: skip
    """The demo province's units, agencies and accounts, loaded once per module and rolled back after it."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        for dotted in LOADERS:
            import_string(dotted)(io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def province(demo_province: None, db: None) -> None:
    """Each test runs in its own transaction over the module's demo province."""


@pytest.fixture
def topics(db: None) -> dict[str, Topic]:
    rules = {
        "Sạt lở": "sạt lở\nlở đất",
        "Ngập": "ngập\nngập lụt",
        "Rác thải": "rác thải\nrác",
        "Giá đất": "giá đất\nsốt đất",
    }
    return {name: Topic.objects.create(name=name, keywords=words) for name, words in rules.items()}
