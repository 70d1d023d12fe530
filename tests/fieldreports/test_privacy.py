"""The reporter's contact never leaves the IOC (Decree 13/2023): not in Open311, the public pages, the nearby list
or the alert (which agencies and viewers read); only staff with fieldreports.view_contacts see it. Photos lose
their EXIF unless the setting keeps it."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from alerts.models import Alert, AlertEvent
from fieldreports.models import FieldReport, ReportPhoto
from tests.fieldreports.world import EXIF_MAKE, LAT_30M, LAT_A, LONG_A, World, post_report

pytestmark = pytest.mark.django_db

CONTACT: dict[str, Any] = {
    "email": "secret.reporter@example.org", "phone": "0905 777 888", "first_name": "Thảo",
    "last_name": "Trương Bí Mật", "device_id": "DEVICE-7F3A-SECRET", "account_id": "ACCOUNT-555-SECRET",
}  # fmt: skip
MARKERS = ["secret.reporter", "0905 777 888", "0905777888", "Trương Bí Mật", "DEVICE-7F3A", "ACCOUNT-555"]


def _leaks(body: bytes | str) -> list[str]:
    text = body.decode() if isinstance(body, bytes) else body
    return [marker for marker in MARKERS if marker in text]


def test_contact_details_never_appear_in_public_answers(world: World, client: Client) -> None:
    created = post_report(client, world, photos=1, **CONTACT)
    assert created.status_code == 200
    assert _leaks(created.content) == []
    report = FieldReport.objects.get()
    assert report.contact.phone == "0905 777 888"  # kept, for the IOC to call back
    post_report(client, world, lat=str(LAT_30M), phone="0258 000 111")  # a neighbour, to make nearby non-empty
    public = [
        "/open311/v2/requests.json", "/open311/v2/requests.xml", f"/open311/v2/requests/{report.pk}.json",
        f"/open311/v2/requests/{report.pk}.xml", f"/open311/v2/tokens/{report.tracking_code}.json",
        f"/open311/v2/tokens/{report.tracking_code}.xml", "/open311/v2/services.json",
        f"/field-reports/track/{report.tracking_code}/",
        f"/field-reports/nearby?service_code=streetlight-out&lat={LAT_A}&long={LONG_A}",
    ]  # fmt: skip
    for path in public:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _leaks(response.content) == [], path
    nearby = client.get(f"/field-reports/nearby?service_code=streetlight-out&lat={LAT_A}&long={LONG_A}").json()
    assert nearby["count"] == 2


def test_the_alert_carries_no_contact_so_agencies_and_viewers_never_see_it(world: World, client: Client) -> None:
    post_report(client, world, **CONTACT)
    alert = Alert.objects.get()
    stored = [alert.title, alert.description, str(alert.details), *(str(e.data) for e in AlertEvent.objects.all())]
    assert _leaks(" ".join(stored)) == []
    viewer_api = world.client_as("viewer").get(f"/api/v1/alerts/{alert.pk}")
    assert viewer_api.status_code == 200 and _leaks(viewer_api.content) == []


def test_only_staff_with_the_permission_read_the_contact(world: World, client: Client) -> None:
    post_report(client, world, **CONTACT)
    report = FieldReport.objects.get()
    path = f"/api/v1/field-reports/{report.pk}"
    operator = world.client_as("operator").get(path).json()
    assert operator["contact"]["email"] == "secret.reporter@example.org"
    viewer = world.client_as("viewer").get(path)
    assert viewer.status_code == 200 and "contact" not in viewer.json() and _leaks(viewer.content) == []
    assert world.client_as("anonymous").get(path).status_code == 401
    admin_page = world.client_as("operator").get(f"/admin/fieldreports/fieldreport/{report.pk}/change/")
    assert admin_page.status_code == 200 and "secret.reporter@example.org" in admin_page.content.decode()


def _exif(path: Path) -> dict[int, Any]:
    with Image.open(path) as image:
        return dict(image.getexif())


def test_photos_lose_their_exif_by_default(world: World, client: Client) -> None:
    post_report(client, world, photos=2)
    photos = list(ReportPhoto.objects.order_by("position"))
    assert [photo.position for photo in photos] == [1, 2]
    for photo in photos:
        content = Path(photo.file.path).read_bytes()
        assert _exif(Path(photo.file.path)) == {}
        assert EXIF_MAKE.encode() not in content
        assert (photo.width, photo.height, photo.exif_kept, photo.content_type) == (48, 64, False, "image/jpeg")
        served = client.get(f"/field-reports/photos/{photo.name}")
        assert served["Content-Type"] == "image/jpeg" and served["X-Content-Type-Options"] == "nosniff"
        assert b"".join(served.streaming_content) == content  # type: ignore[attr-defined]


def test_photos_keep_their_exif_when_the_setting_says_so(world: World, client: Client, settings: Any) -> None:
    settings.FIELDREPORTS_KEEP_EXIF = True
    post_report(client, world, photos=1)
    photo = ReportPhoto.objects.get()
    exif = _exif(Path(photo.file.path))
    assert exif[0x010F] == EXIF_MAKE and 0x8825 in exif  # maker and GPS position kept
    assert photo.exif_kept is True


def test_png_and_webp_lose_their_exif_too(world: World, client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.fieldreports.world import open311_form, photo_bytes

    data = open311_form(world)
    data["media"] = [SimpleUploadedFile("a.png", photo_bytes("PNG"), "image/png"),
                     SimpleUploadedFile("b.webp", photo_bytes("WEBP"), "application/octet-stream")]  # fmt: skip
    assert client.post("/open311/v2/requests.json", data).status_code == 200
    for photo in ReportPhoto.objects.all():
        assert _exif(Path(photo.file.path)) == {}
        with Image.open(io.BytesIO(Path(photo.file.path).read_bytes())) as image:
            assert image.format in ("PNG", "WEBP")
    assert sorted(ReportPhoto.objects.values_list("content_type", flat=True)) == ["image/png", "image/webp"]
