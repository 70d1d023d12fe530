"""The HTTP side: readings posted with the device's token, the device layer with latest values, camera events."""

import base64
import io
import json
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from alerts.models import Alert
from iot.models import CameraEvent, Device, LatestValue, Reject
from tests.iot.world import World, reading_count

READINGS = "/api/v1/iot/readings"
AT = "2026-02-13T09:00:00+07:00"


def _post(client: Client, token: str, body: object) -> Any:
    return client.post(
        READINGS, data=json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Device {token}"
    )


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_device_posts_a_batch_with_its_token(world: World, client: Client) -> None:
    samples = [{"at": f"2026-02-13T09:0{minute}:00+07:00", "values": {"pm25": 20 + minute}} for minute in range(5)]

    response = _post(client, world.tokens["aq-01"], {"samples": samples})
    again = _post(client, world.tokens["aq-01"], {"samples": samples})

    assert (response.status_code, response.json()) == (201, {"stored": 5, "duplicates": 0})
    assert (again.status_code, again.json()) == (200, {"stored": 0, "duplicates": 5})
    assert reading_count() == 5


def test_a_wrong_token_is_refused_and_counted(world: World, client: Client) -> None:
    response = _post(client, "forged-token-123", {"at": AT, "values": {"pm25": 1}})
    missing = client.post(READINGS, data="{}", content_type="application/json")

    assert response.status_code == 401
    assert missing.status_code == 401
    assert "Authorization: Device" in missing.json()["message"]
    reject = Reject.objects.get(reason="bad_token")
    assert reject.device_ref.startswith("token-sha256:")
    assert "forged" not in reject.device_ref + reject.last_sample
    assert reading_count() == 0


@pytest.mark.parametrize(
    ("body", "reason", "words"),
    [
        ({"at": AT, "values": {"pm25": 12, "pm10": "many"}}, "wrong_type", "'values.pm10' must be a number"),
        ({"at": AT, "values": {"pm25": 5000}}, "out_of_bounds", "outside the physical bounds of pm25 (0 to 2000)"),
        ({"at": "2031-01-01T00:00:00+07:00", "values": {"pm25": 1}}, "future_timestamp", "check the device's clock"),
        ({"values": {"pm25": 1}}, "malformed", "'at' must be an ISO 8601 instant"),
        ({"at": "2026-13-45T25:00:00", "values": {"pm25": 1}}, "wrong_type", "'at' must be an ISO 8601 instant"),
        ({"at": True, "values": {"pm25": 1}}, "wrong_type", "'at' must be an ISO 8601 instant"),
        ({"at": AT, "values": {"pm25": float("nan")}}, "wrong_type", "'values.pm25' must be a number"),
        ({"at": AT, "values": {"pm25": 10**400}}, "wrong_type", "'values.pm25' must be a number"),
        ({"at": 10**400, "values": {"pm25": 1}}, "wrong_type", "'at' must be an ISO 8601 instant"),
        ({"samples": [{"at": AT, "values": {"pm25": 1}}, {"at": AT, "values": {"lead": 1}}]}, "unknown_quantity",
         "does not report 'lead'"),
    ],
)  # fmt: skip
def test_a_bad_payload_is_refused_whole_with_the_reason_and_counted(
    world: World, client: Client, body: dict[str, object], reason: str, words: str
) -> None:
    response = _post(client, world.tokens["aq-01"], body)

    assert response.status_code == 400
    assert response.json()["reason"] == reason
    assert words in response.json()["message"]
    assert reading_count() == 0
    assert Reject.objects.get(device_ref="aq-01", reason=reason).count == 1
    assert Device.objects.get(code="aq-01").rejected_count == 1


def test_the_device_layer_shows_stations_and_latest_values_to_everyone(world: World, client: Client) -> None:
    _post(client, world.tokens["wl-01"], {"at": AT, "values": {"water_level": 2.4}})

    public = client.get("/api/v1/iot/devices")

    assert public["Content-Type"] == "application/geo+json"
    features = {feature["id"]: feature for feature in public.json()["features"]}
    assert set(features) == {"aq-01", "wl-01"}  # cameras and street lights are for staff
    station = features["wl-01"]
    assert station["geometry"] == {"type": "Point", "coordinates": [109.125, 12.225]}
    assert station["properties"]["latest"]["water_level"]["value"] == 2.4
    assert station["properties"]["latest"]["water_level"]["unit"] == "m"
    assert station["properties"]["alarm_level"] == 2
    assert "rejected_count" not in station["properties"]


def test_staff_see_every_device_with_stream_urls(world: World, client: Client) -> None:
    client.force_login(world.users["viewer"])

    features = {feature["id"]: feature for feature in client.get("/api/v1/iot/devices").json()["features"]}
    cameras = client.get("/api/v1/iot/devices?kind=camera").json()["features"]

    assert set(features) == {"aq-01", "wl-01", "cam-01", "sl-01"}
    assert [camera["properties"]["stream_url"] for camera in cameras] == ["rtsp://10.0.0.5/live"]
    assert client.get("/api/v1/iot/devices?kind=spaceship").status_code == 400


def test_a_camera_event_with_a_snapshot_becomes_an_alert_and_a_newer_snapshot_updates_it(
    world: World, client: Client, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    token = world.tokens["cam-01"]
    fields = {"event_id": "det-7781", "kind": "fire", "at": AT, "confidence": "0.91"}

    first = client.post(
        "/api/v1/iot/camera-events",
        data={**fields, "snapshot": io.BytesIO(_png())},
        HTTP_AUTHORIZATION=f"Device {token}",
    )
    second = client.post(
        "/api/v1/iot/camera-events", content_type="application/json", HTTP_AUTHORIZATION=f"Device {token}",
        data=json.dumps({**fields, "snapshot_base64": base64.b64encode(_png()).decode()}),
    )  # fmt: skip

    assert first.status_code == 201 and first.json()["alert_created"] is True
    assert second.status_code == 200 and second.json()["alert"] == first.json()["alert"]
    alert = Alert.objects.get()
    assert (alert.category, alert.procedure) == ("fire", "immediate")
    latest = CameraEvent.objects.order_by("-id").first()
    assert latest is not None
    assert alert.details["snapshot_url"] == f"/api/v1/iot/camera-events/{latest.pk}/snapshot"
    client.force_login(world.users["operator"])
    image = client.get(alert.details["snapshot_url"])
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert image["Content-Type"] == "image/png"


def test_a_camera_event_without_a_real_image_is_refused_and_leaves_nothing(
    world: World, client: Client, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    response = client.post(
        "/api/v1/iot/camera-events",
        data={"event_id": "x1", "kind": "fire", "at": AT, "snapshot": io.BytesIO(b"GIF89a not really")},
        HTTP_AUTHORIZATION=f"Device {world.tokens['cam-01']}",
    )

    assert response.status_code == 400
    assert "not a readable image" in response.json()["message"]
    assert not CameraEvent.objects.exists() and not Alert.objects.exists()
    assert not any(tmp_path.rglob("*.*"))  # type: ignore[attr-defined]


def test_latest_values_ignore_a_late_older_reading(world: World, client: Client) -> None:
    _post(client, world.tokens["wl-01"], {"at": "2026-02-13T10:00:00+07:00", "values": {"water_level": 1.5}})
    _post(client, world.tokens["wl-01"], {"at": "2026-02-13T09:00:00+07:00", "values": {"water_level": 0.7}})

    assert LatestValue.objects.get(quantity="water_level").value == 1.5
    assert reading_count() == 2
