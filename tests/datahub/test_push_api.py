"""POST /api/v1/data/{dataset}: a provider's system pushes JSON or CSV with its token; stored whole or refused whole."""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.errors import Conflict
from datahub.models import Delivery
from datahub.targets import Target, target_for
from indicators.models import IndicatorValue
from tests.datahub.files import csv_bytes
from tests.datahub.world import World, signed_in, with_token

ROWS = [
    {"indicator": "budget-revenue", "period": "2026-03", "value": 1450.5, "uom": "tỷ đồng"},
    {"indicator": "commune-revenue", "period": "2026-03", "unit_code": "90001", "value": "12,5"},
]


def push(world: World, body: bytes, content_type: str = "application/json", secret: str | None = None) -> Any:
    client = with_token(secret or world.token)
    return client.post(reverse("datahub:api-push", args=[world.dataset.code]), body, content_type=content_type)


def test_a_json_push_is_stored_with_its_lineage(world: World) -> None:
    response = push(world, json.dumps(ROWS).encode())

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["created"], body["rows"]) == ("committed", 2, 2)
    delivery = Delivery.objects.get(pk=body["delivery"])
    assert (delivery.channel, delivery.token_prefix, delivery.sender) == (
        "push",
        world.token[:8],
        world.users["provider"],
    )
    value = IndicatorValue.objects.get(unit__code="90001")
    assert (value.value, value.delivery_id, value.source_ref) == (Decimal("12.5"), delivery.pk, "item 2")
    with delivery.content.open("rb") as kept:
        assert json.loads(kept.read()) == ROWS  # the request is kept as received


def test_a_csv_push_is_stored(world: World) -> None:
    response = push(world, csv_bytes([["budget-revenue", "2026-03", "", "1450", "tỷ đồng"]]), "text/csv")

    assert response.status_code == 201
    assert IndicatorValue.objects.get().source_ref == "line 2"


def test_the_same_push_twice_changes_nothing(world: World) -> None:
    first = push(world, json.dumps(ROWS).encode()).json()
    lineage = list(IndicatorValue.objects.values_list("pk", "delivery_id", "updated_at"))

    again = push(world, json.dumps(ROWS).encode())

    assert again.status_code == 200
    assert again.json()["status"] == "unchanged" and again.json()["delivery"] == first["delivery"]
    assert Delivery.objects.count() == 1
    assert list(IndicatorValue.objects.values_list("pk", "delivery_id", "updated_at")) == lineage


def test_a_push_with_a_bad_row_is_refused_whole_with_row_messages(world: World) -> None:
    rows = [*ROWS, {"indicator": "budget-revenue", "period": "2026-13", "value": "1.234,5"}, "not an object"]

    response = push(world, json.dumps(rows).encode())

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "import_failed"
    by_ref = {problem["ref"]: problem["message"] for problem in body["problems"]}
    assert by_ref["item 3"].startswith("period: '2026-13' is not a valid period")
    assert by_ref["item 4"] == "The row is not an object of field: value."
    assert not IndicatorValue.objects.exists()
    refused = Delivery.objects.get(pk=body["delivery"])
    assert refused.status == "refused" and len(refused.problems) == 2


def test_invalid_json_is_refused_with_its_position(world: World) -> None:
    response = push(world, b'[{"indicator": "budget-revenue",]')

    assert response.status_code == 400
    assert "not valid JSON (line 1, column" in response.json()["message"]


def test_another_providers_token_is_forbidden(world: World) -> None:
    response = push(world, json.dumps(ROWS).encode(), secret=world.other_token)

    assert response.status_code == 403
    assert not Delivery.objects.exists()


def test_no_token_is_401_and_a_viewer_is_403(world: World) -> None:
    url = reverse("datahub:api-push", args=[world.dataset.code])

    assert Client().post(url, b"[]", content_type="application/json").status_code == 401
    assert signed_in(world, "viewer").post(url, b"[]", content_type="application/json").status_code == 403


def test_an_unknown_content_type_is_refused(world: World) -> None:
    response = push(world, b"<rows/>", "application/xml")

    assert response.status_code == 400
    assert "application/json or text/csv" in response.json()["message"]


def test_the_catalogue_api_lists_freshness(world: World) -> None:
    push(world, json.dumps(ROWS).encode())

    body = with_token(world.token).get(reverse("datahub:api-datasets")).json()

    (dataset,) = body["datasets"]
    assert (dataset["code"], dataset["freshness"], dataset["expected_every_seconds"]) == (
        "finance",
        "fresh",
        30 * 86400,
    )


def test_a_push_that_fails_while_storing_leaves_no_row_and_no_file(
    world: World, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail_after_store(self: Target, delivery: Delivery, counts: object) -> None:
        raise Conflict("the store failed after writing its rows")

    monkeypatch.setattr(type(target_for(world.dataset)), "after_store", fail_after_store)

    response = push(world, json.dumps(ROWS).encode())

    assert response.status_code == 409
    assert not Delivery.objects.exists() and not IndicatorValue.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]  # the kept file went with the rolled-back row
