"""Schemathesis generates requests from our OpenAPI document and sends them to the Django app: no 5xx answers.

The app runs in-process through its WSGI handler inside the test's transaction (close_old_connections is kept off
the request signals, as Django's own test client does), with a public point layer, a restricted layer and a polygon
layer for the processes. Examples per operation are limited so the whole run stays well under a minute.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from shapely import box

from layers.importing import ImportOptions, import_layer
from layers.models import Layer
from tests.layers import data
from tests.ogc_api.conftest import publish
from tests.security.fuzzing import FUZZ_EXAMPLES, FUZZ_SEED

EXAMPLES_PER_OPERATION = FUZZ_EXAMPLES


@pytest.fixture
def api(points: Layer, secret: Layer, tmp_path: Path) -> Iterator[schemathesis.BaseSchema]:
    zone = {"ten": "Vùng 1", "muc": 2, "geometry": box(109.19, 12.23, 109.21, 12.25)}
    path = data.write(tmp_path / "vung.gpkg", [zone])
    zones = publish(import_layer(path, "vung", ImportOptions()).layer, published_tiles=True)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/ogc/api", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        zones.delete()


def test_no_operation_answers_with_a_server_error(api: schemathesis.BaseSchema) -> None:
    # The schema's operations are driven here rather than by schemathesis' pytest plugin, which pytest 9 breaks.
    operations = []
    for result in api.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # the document itself is broken
        operations.append(result.ok())
    assert len(operations) >= 15  # Features, Records, Tiles and Processes paths are all described

    for operation in operations:

        @seed(FUZZ_SEED)
        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,  # nothing written to .hypothesis/
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def no_server_error(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error])

        no_server_error()
