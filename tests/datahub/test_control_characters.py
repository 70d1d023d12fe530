"""A push holding a NUL or another control character is refused whole with a 400 saying where (a fuzzing finding).

PostgreSQL cannot store NUL in text or jsonb: the refusal's own record of the problems used to fail with a 500.
"""

import json

import pytest

from datahub.models import Delivery
from indicators.models import IndicatorValue
from tests.datahub.files import csv_bytes
from tests.datahub.test_push_api import push
from tests.datahub.world import World

GOOD = {"indicator": "budget-revenue", "period": "2026-03", "value": 1450.5}


@pytest.mark.parametrize(
    ("body", "content_type", "where"),
    [
        (csv_bytes([["budget-revenue", "2026-03", "", "14\x0050", "tỷ đồng"]]), "text/csv", "line 2, "),
        (json.dumps([GOOD, {**GOOD, "period": "2026-04\u0000"}]).encode(), "application/json", "item 2, period"),
        (json.dumps([{**GOOD, "ghi\u0007chú": "x"}]).encode(), "application/json", "the header"),
    ],
    ids=["nul-in-a-csv-cell", "nul-in-a-json-value", "bell-in-a-json-key"],
)
def test_a_push_with_a_control_character_is_refused_saying_where(
    world: World, body: bytes, content_type: str, where: str
) -> None:
    response = push(world, body, content_type)

    assert response.status_code == 400, response.content
    message = response.json()["message"]
    assert where in message and "control character" in message and "\x00" not in message
    assert not IndicatorValue.objects.exists()  # nothing stored
    refused = Delivery.objects.get()  # the arrival is kept, as refused, with the reason
    assert refused.status == Delivery.Status.REFUSED
    assert "control character" in refused.problems[0]["message"]
