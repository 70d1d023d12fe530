"""The public report page (no account, Vietnamese first): send, get a tracking code, follow the status."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fieldreports import handling
from fieldreports.models import FieldReport
from tests.fieldreports.world import LAT_A, LONG_A, World, photo_bytes

pytestmark = pytest.mark.django_db

FORM = {
    "service_code": "streetlight-out", "lat": str(LAT_A), "long": str(LONG_A),
    "description": "Đèn đường không sáng.", "attr:streetlight-out:state": "off",
    "full_name": "Nguyễn Văn An", "phone": "0905 123 456", "consent": "1",
}  # fmt: skip


@pytest.mark.vietnamese
def test_the_page_speaks_vietnamese_and_carries_its_config(world: World) -> None:
    response = Client().get("/field-reports/")
    assert response.status_code == 200
    html = response.content.decode()
    for words in ("Gửi phản ánh hiện trường", "Đèn chiếu sáng công cộng hỏng", "Dùng vị trí điện thoại của tôi"):
        assert words in html, words
    assert 'id="fr-map"' in html and "fieldreports/report.js" in html
    match = re.search(r'<script id="fr-config" type="application/json">(.*?)</script>', html, re.S)
    assert match is not None
    config = json.loads(match[1])
    assert config["nearbyUrl"] == "/field-reports/nearby" and config["maxPhotos"] == 3 and config["radius"] == 50
    assert not re.findall(r"""(?:src|href)=["']https?://""", html)  # nothing from other hosts


def test_a_citizen_sends_a_report_and_follows_it_by_its_code(world: World) -> None:
    page = Client()
    form = {**FORM, "media": [SimpleUploadedFile("den.jpg", photo_bytes(), "image/jpeg")]}
    response = page.post("/field-reports/", form)
    assert response.status_code == 302
    report = FieldReport.objects.get()
    assert response["Location"] == f"/field-reports/track/{report.tracking_code}/?sent=1"
    assert re.fullmatch(r"PA[0-9A-HJKMNP-TV-Z]{8}", report.tracking_code)
    assert (report.contact.first_name, report.contact.last_name) == ("An", "Nguyễn Văn")
    assert report.contact.consent_at is not None and report.channel == "web"
    sent = page.get(response["Location"]).content.decode()
    assert report.tracking_code in sent and "Received" in sent and report.photos.count() == 1
    assert "0905 123 456" not in sent and "Nguyễn Văn An" not in sent

    lookup = page.get("/field-reports/track/", {"code": report.tracking_code.lower()})
    assert lookup.status_code == 302 and lookup["Location"] == f"/field-reports/track/{report.tracking_code}/"
    handling.refuse_report(report, world.users["operator"], "Đèn thuộc khu dân cư tư nhân quản lý.")
    refused = page.get(f"/field-reports/track/{report.tracking_code}/").content.decode()
    assert "Not accepted" in refused and "Đèn thuộc khu dân cư tư nhân quản lý." in refused


def test_an_unknown_code_says_so(world: World) -> None:
    response = Client().get("/field-reports/track/PA00000000/")
    assert response.status_code == 404
    assert "No report has the tracking code PA00000000" in response.content.decode()


def test_a_report_without_contact_needs_no_consent(world: World) -> None:
    form = {key: value for key, value in FORM.items() if key not in ("full_name", "phone", "consent")}
    assert Client().post("/field-reports/", form).status_code == 302
    assert not hasattr(FieldReport.objects.get(), "contact")
