"""Evidence: photos and PDFs checked by content, GPS kept unless set otherwise, thumbnails, Django's storage."""

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from PIL import Image
from reportlab.pdfgen import canvas

from alerts.models import Alert, Evidence
from tests.alerts.world import World

GPS = {1: "N", 2: (12.0, 13.0, 30.0), 3: "E", 4: (109.0, 7.0, 30.0)}  # 12.225 N, 109.125 E


def photo(gps: bool = True, size: tuple[int, int] = (640, 480)) -> bytes:
    image = Image.new("RGB", size, (40, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Dien thoai cong vu"  # Make
    if gps:
        exif[0x8825] = GPS
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif.tobytes())
    return output.getvalue()


def pdf() -> bytes:
    output = io.BytesIO()
    document = canvas.Canvas(output)
    document.drawString(72, 720, "Bien ban nghiem thu")
    document.showPage()
    document.save()
    return output.getvalue()


@pytest.fixture
def media(tmp_path: Path) -> Iterator[Path]:
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


@pytest.fixture
def in_progress(world: World) -> Alert:
    operator = world.users["operator"]
    alert = world.alert()
    alert.verify(operator)
    alert.forward(operator, world.ubnd_a, sector=world.utilities)
    alert.accept(world.users["officer_a"])
    return alert


def officer(world: World, who: str = "officer_a") -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def resolve(client: Client, alert: Alert, *files: SimpleUploadedFile, result: str = "Đã thay bóng đèn") -> object:
    return client.post(f"/alerts/{alert.pk}/resolve/", {"result": result, "files": list(files)})


def test_a_result_with_a_photo_and_a_pdf_keeps_the_gps_and_makes_a_thumbnail(
    world: World, in_progress: Alert, media: Path
) -> None:
    response = resolve(officer(world), in_progress, SimpleUploadedFile("hien-truong.jpg", photo(), "image/jpeg"),
                       SimpleUploadedFile("bien-ban.pdf", pdf(), "application/pdf"))  # fmt: skip

    assert response.status_code == 302  # type: ignore[attr-defined]
    in_progress.refresh_from_db()
    assert in_progress.state == "resolved"
    image, document = Evidence.objects.order_by("kind")
    assert (image.kind, image.content_type, image.width, image.height) == ("image", "image/jpeg", 640, 480)
    assert image.gps is not None and (round(image.gps.x, 4), round(image.gps.y, 4)) == (109.125, 12.225)
    assert image.gps_kept
    with Image.open(image.file.open("rb")) as stored:
        assert stored.getexif().get_ifd(0x8825)  # the file still carries its GPS tags
    with Image.open(image.thumbnail.open("rb")) as thumbnail:
        assert thumbnail.format == "JPEG" and max(thumbnail.size) == 320
    assert (document.kind, document.pages) == ("pdf", 1)
    event = in_progress.events.get(kind="resolved")
    assert {item["url"] for item in event.data["evidence"]} == {f"/alerts/evidence/{image.name}",
                                                                f"/alerts/evidence/{document.name}"}  # fmt: skip
    assert {item.event_id for item in (image, document)} == {event.pk}
    assert len(stored_files(media)) == 3  # photo, its thumbnail, the PDF


def test_the_setting_strips_the_gps_tags_and_keeps_the_rest(world: World, in_progress: Alert, media: Path) -> None:
    with override_settings(ALERTS_EVIDENCE_STRIP_GPS=True):
        resolve(officer(world), in_progress, SimpleUploadedFile("anh.jpg", photo(), "image/jpeg"))

    image = Evidence.objects.get()
    assert (image.gps, image.gps_kept) == (None, False)
    with Image.open(image.file.open("rb")) as stored:
        exif = stored.getexif()
        assert not exif.get_ifd(0x8825) and exif[0x010F] == "Dien thoai cong vu"


def test_files_are_checked_by_content_not_by_name_and_nothing_is_kept_when_one_is_bad(
    world: World, in_progress: Alert, media: Path
) -> None:
    response = resolve(
        officer(world), in_progress,
        SimpleUploadedFile("anh-that.jpg", photo(), "image/jpeg"),
        SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
        SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7 not really a pdf", "application/pdf"),
    )  # fmt: skip

    assert response.status_code == 400  # type: ignore[attr-defined]
    text = response.content.decode()  # type: ignore[attr-defined]
    assert "File 2 (anh.jpg): it is neither a PDF document nor a photo" in text
    assert "File 3 (bien-ban.pdf): it starts like a PDF but its pages cannot be read" in text
    in_progress.refresh_from_db()
    assert (in_progress.state, Evidence.objects.count(), stored_files(media)) == ("in_progress", 0, [])


def test_a_result_needs_evidence(world: World, in_progress: Alert, media: Path) -> None:
    response = resolve(officer(world), in_progress)

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "at least one photo or document" in response.content.decode()  # type: ignore[attr-defined]


def test_a_document_number_is_evidence_too(world: World, in_progress: Alert, media: Path) -> None:
    response = officer(world).post(f"/alerts/{in_progress.pk}/resolve/",
                                   {"result": "Đã xử lý", "references": "125/BB-UBND"})  # fmt: skip

    assert response.status_code == 302
    assert in_progress.events.get(kind="resolved").data["evidence"] == [
        {"title": "Document 125/BB-UBND", "url": "", "reference": "125/BB-UBND"}
    ]


def test_files_stored_for_a_step_that_fails_are_deleted(world: World, in_progress: Alert, media: Path) -> None:
    in_progress.resolve(world.users["officer_a"], "Đã xử lý", [{"title": "Biên bản", "reference": "1/BB"}])

    response = resolve(officer(world), in_progress, SimpleUploadedFile("anh.jpg", photo(), "image/jpeg"))

    assert response.status_code == 409  # type: ignore[attr-defined]
    assert (Evidence.objects.count(), stored_files(media)) == (0, [])


def test_progress_notes_carry_photos_too(world: World, in_progress: Alert, media: Path) -> None:
    response = officer(world).post(f"/alerts/{in_progress.pk}/note/", {
        "text": "Đã khoanh vùng", "files": [SimpleUploadedFile("khoanh-vung.png", _png(), "image/png")],
    })  # fmt: skip

    assert response.status_code == 302
    (item,) = Evidence.objects.select_related("event")
    assert item.event is not None and (item.event.kind, item.content_type) == ("note", "image/png")


def _png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(output, "PNG")
    return output.getvalue()


def test_evidence_is_served_only_to_those_who_see_the_alert(world: World, in_progress: Alert, media: Path) -> None:
    resolve(officer(world), in_progress, SimpleUploadedFile("anh.jpg", photo(), "image/jpeg"),
            SimpleUploadedFile("bien-ban.pdf", pdf(), "application/pdf"))  # fmt: skip
    image = Evidence.objects.get(kind="image")
    document = Evidence.objects.get(kind="pdf")
    operator = officer(world, "operator")

    shown = operator.get(f"/alerts/evidence/{image.name}")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert shown["X-Content-Type-Options"] == "nosniff"
    thumb = operator.get(f"/alerts/evidence/{image.name}?thumbnail=1")
    assert Image.open(io.BytesIO(thumb.getvalue())).size == (320, 240)
    download = operator.get(f"/alerts/evidence/{document.name}")
    assert download["Content-Disposition"].startswith("attachment")
    assert officer(world, "officer_b").get(f"/alerts/evidence/{image.name}").status_code == 404
    assert Client().get(f"/alerts/evidence/{image.name}").status_code == 302


POLYGLOT_TAIL = b"<html><script>alert(document.cookie)</script></html>"


def test_a_jpeg_html_polyglot_is_stored_as_pixels_only_and_served_under_an_image_name(
    world: World, in_progress: Alert, media: Path
) -> None:
    polyglot = photo() + POLYGLOT_TAIL  # decodes as a JPEG; a browser sniffing it as HTML would run the script
    resolve(officer(world), in_progress, SimpleUploadedFile("bang-chung.html", polyglot, "text/html"))

    image = Evidence.objects.get()
    with image.file.open("rb") as stored:
        content = stored.read()
    served = officer(world, "operator").get(f"/alerts/evidence/{image.name}")

    assert b"<script" not in content and b"<html" not in content
    assert image.gps_kept  # re-encoding keeps the EXIF, GPS included, as the setting says
    assert served["Content-Type"] == "image/jpeg" and served["X-Content-Type-Options"] == "nosniff"
    assert 'filename="bang-chung.jpg"' in served["Content-Disposition"]
    assert b"<script" not in served.getvalue()
