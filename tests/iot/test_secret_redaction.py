"""A refused payload is kept for the operator without the device's secret in it (the admin shows last_sample)."""

import datetime
import json

import pytest
from django.utils import timezone

from core.redaction import REDACTED, redact
from iot import ingestion
from iot.directory import Directory
from iot.models import Reject
from tests.iot.world import World


def test_a_refused_mqtt_payload_is_stored_without_its_token(world: World) -> None:
    token = world.tokens["aq-01"]
    raw = json.dumps({"token": token, "at": "2026-02-13T09:00:00+07:00", "values": {"pm25": 5000}}).encode()
    batch = ingestion.Batch("mqtt", timezone.make_aware(datetime.datetime(2026, 2, 13, 9, 1)))

    ingestion.add_message(batch, "aq-01", "readings", raw, Directory())
    ingestion.commit(batch)

    reject = Reject.objects.get(device_ref="aq-01")
    assert token not in reject.last_sample
    assert REDACTED in reject.last_sample
    assert "pm25" in reject.last_sample  # what the device sent is still there to read


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ('{"token": "abc\\"def", "x": 1}', 'abc\\"def'),
        ('{"Password" : "hunter2"}', "hunter2"),
        ('{"token": "cut short by trunca', "cut short"),
        ('{"api_key": 12345678, "x": 1}', "12345678"),
        ("device=7&token=s3cr3t&x=1", "s3cr3t"),
    ],
)
def test_secret_values_are_redacted_in_json_and_form_text(text: str, secret: str) -> None:
    assert secret not in redact(text)
    assert REDACTED in redact(text)
