"""Quick reports (Article 9.3, 14.6): one click gives a Vietnamese PDF with a map, archived and sent to the province."""

import email
import email.policy
import io
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
import time_machine
from django.test import Client, override_settings
from PIL import Image
from pypdf import PdfReader

from alerts import map_image
from alerts.models import Alert, Outbox, ProvinceRecipient, QuickReport
from delivery.message_defaults import create_defaults
from delivery.worker import run_pass
from tests.alerts.conftest import START
from tests.alerts.fake_servers import SMTP_PORT, smtp_server
from tests.alerts.world import World, build_world


def client_of(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


@pytest.fixture
def media(tmp_path: Path) -> Iterator[Path]:
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


def forwarded(world: World) -> Alert:
    operator = world.users["operator"]
    alert = world.alert(title="Cây đổ chắn đường Trần Phú", description="Cây xà cừ đổ sau mưa lớn.")
    alert.verify(operator)
    alert.forward(operator, world.ubnd_a, sector=world.utilities)
    return alert


def pdf_text(report: QuickReport) -> str:
    with report.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    return " ".join(text.split())  # table cells wrap lines


def test_one_click_archives_a_vietnamese_pdf_with_a_map_and_records_it(world: World, media: Path) -> None:
    alert = forwarded(world)

    response = client_of(world, "operator").post(f"/alerts/{alert.pk}/quick-report/")

    assert response.status_code == 302
    report = QuickReport.objects.get()
    assert list(report.alerts.all()) == [alert]
    text = pdf_text(report)
    for expected in ("BÁO CÁO NHANH", "Cây đổ chắn đường Trần Phú", "Cây xà cừ đổ sau mưa lớn.", "Phường Thử A",
                     "Cơ quan chủ trì: Agency ubnd-90001", "Đã chuyển xử lý, chờ tiếp nhận", "Sự việc", "Vị trí",
                     "Cơ quan xử lý", "Trạng thái", "Lãnh đạo: Leader of ubnd-90001"):  # fmt: skip
        assert expected in text, f"{expected!r} not in the report: {text[:600]}"
    event = alert.events.get(kind="province_quick_report")
    assert (event.data["report"], event.actor_label) == (report.pk, "operator")
    notice = Outbox.objects.get(event=event)
    assert (notice.audience, notice.report) == ("province_committee", report)
    pdf = client_of(world, "operator").get(f"/alerts/reports/{report.pk}/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.getvalue().startswith(b"%PDF-")


def test_the_map_is_drawn_on_the_server_with_the_alert_in_red_at_its_place(world: World, media: Path) -> None:
    alert = forwarded(world)  # a point: the frame is centred on it

    png = map_image.render([alert])

    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (map_image.WIDTH, map_image.HEIGHT)
    red, green, blue = cast(tuple[int, int, int], image.getpixel((map_image.WIDTH // 2, map_image.HEIGHT // 2)))
    assert red > 150 and green < 80 and blue < 80  # the alert's marker
    pixels = cast(list[tuple[int, int, int]], list(image.get_flattened_data()))
    grey = [pixel for pixel in pixels if all(abs(a - b) <= 16 for a, b in zip(pixel, (120, 130, 140), strict=True))]
    assert len(grey) > 1000  # the ward's outline is drawn around it


def test_a_selection_makes_one_report_sent_once_and_recorded_on_each_alert(world: World, media: Path) -> None:
    first, second = forwarded(world), world.alert(title="Ngập nhẹ", geom=world.polygon_across())

    response = client_of(world, "operator").post("/alerts/quick-report/", {"alert": [first.pk, second.pk]})

    report = QuickReport.objects.get()
    assert response["Location"] == f"/alerts/reports/{report.pk}/"
    assert set(report.alerts.all()) == {first, second}
    assert report.title == f"Báo cáo nhanh 2 cảnh báo (#{first.pk}, #{second.pk})"
    assert [alert.events.filter(kind="province_quick_report").count() for alert in (first, second)] == [1, 1]
    assert Outbox.objects.filter(report=report).count() == 1
    assert "Ngập nhẹ" in pdf_text(report)
    officer = client_of(world, "officer_a")  # sees the first alert only: not the whole report
    assert officer.get(f"/alerts/reports/{report.pk}/").status_code == 404


def test_agencies_do_not_send_quick_reports(world: World, media: Path) -> None:
    alert = forwarded(world)

    response = client_of(world, "officer_a").post(f"/alerts/{alert.pk}/quick-report/")

    assert response.status_code == 403
    assert not QuickReport.objects.exists()


def test_without_its_font_the_report_says_what_to_install_and_nothing_is_kept(world: World, media: Path) -> None:
    alert = forwarded(world)

    with override_settings(ALERTS_REPORT_FONT=Path("/nonexistent/font.ttf")):
        response = client_of(world, "operator").post(f"/alerts/{alert.pk}/quick-report/")

    assert response.status_code == 400 and "fonts-dejavu-core" in response.content.decode()
    assert not QuickReport.objects.exists() and not any(media.rglob("*.pdf"))
    assert not alert.events.filter(kind="province_quick_report").exists()


@pytest.mark.django_db(transaction=True)
def test_the_province_receives_the_pdf_by_email(transactional_db: None, media: Path) -> None:
    create_defaults()
    with time_machine.travel(START, tick=False):
        world = build_world()
        ProvinceRecipient.objects.create(audience="province_committee", full_name="Văn phòng UBND tỉnh",
                                         email="vp@khanhhoa.gov.vn")  # fmt: skip
        alert = forwarded(world)
        client_of(world, "operator").post(f"/alerts/{alert.pk}/quick-report/")
        with smtp_server() as mails, override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=SMTP_PORT,
            EMAIL_USE_TLS=False,
        ):  # fmt: skip
            run_pass()

    (mail,) = [mail for mail in mails if mail.rcpt_tos == ["vp@khanhhoa.gov.vn"]]
    message = email.message_from_bytes(mail.content, policy=email.policy.default)
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"bao-cao-nhanh-{QuickReport.objects.get().pk}.pdf"
    assert attachment.get_content().startswith(b"%PDF-")
