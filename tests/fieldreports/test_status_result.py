"""Once the IOC confirms the result, the reporter's status page shows the result and its photos; the photos are
served without their GPS tags, PDFs stay internal, and nothing shows before the confirmation."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from alerts import routing
from alerts.choices import State
from alerts.report_models import Evidence
from fieldreports.models import FieldReport
from tests.alerts.test_evidence import pdf, photo
from tests.fieldreports.world import World, post_report

pytestmark = pytest.mark.django_db

RESULT = "Đã thay bóng đèn cột NT-0412 và kiểm tra lại dây dẫn."


def _resolved(world: World, client: Client) -> FieldReport:
    """A report forwarded, accepted and resolved from the agency's page with a photo (GPS kept) and a PDF."""
    assert post_report(client, world, photos=1).status_code == 200
    report = FieldReport.objects.get()
    alert, operator = report.alert, world.users["operator"]
    alert.verify(operator)
    proposal = routing.propose(alert)
    assert proposal.lead == world.ubnd_a
    alert.forward(operator, proposal.lead, coordinating=proposal.coordinating)
    alert.accept(world.users["officer_a"])
    files = [SimpleUploadedFile("sau-khi-sua.jpg", photo(gps=True), "image/jpeg"),
             SimpleUploadedFile("bien-ban.pdf", pdf(), "application/pdf")]  # fmt: skip
    done = world.client_as("officer_a").post(f"/alerts/{alert.pk}/resolve/", {"result": RESULT, "files": files})
    assert done.status_code == 302, done.content.decode()[:3000]
    alert.refresh_from_db()
    assert alert.state == State.RESOLVED
    return report


def _track(client: Client, report: FieldReport) -> str:
    return client.get(f"/field-reports/track/{report.tracking_code}/").content.decode()


def test_the_result_and_its_photos_appear_once_the_ioc_confirms(world: World, client: Client) -> None:
    report = _resolved(world, client)
    image = Evidence.objects.get(kind=Evidence.Kind.IMAGE)
    document = Evidence.objects.get(kind=Evidence.Kind.PDF)
    before = _track(client, report)
    assert RESULT not in before and 'id="fr-result"' not in before
    assert client.get(f"/field-reports/track/{report.tracking_code}/result/{image.name}").status_code == 404

    report.alert.confirm(world.users["operator"])
    page = _track(client, report)
    assert 'id="fr-result"' in page and RESULT in page
    links = re.findall(r'href="(/field-reports/track/[^"]+/result/[^"]+)"', page)
    assert links == [f"/field-reports/track/{report.tracking_code}/result/{image.name}"]
    assert document.name not in page and "/alerts/evidence/" not in page  # PDFs and internal addresses stay out


def test_result_photos_are_served_without_their_gps_tags(world: World, client: Client) -> None:
    report = _resolved(world, client)
    report.alert.confirm(world.users["operator"])
    image = Evidence.objects.get(kind=Evidence.Kind.IMAGE)
    assert image.gps is not None  # the IOC keeps where the work was done
    full = client.get(f"/field-reports/track/{report.tracking_code}/result/{image.name}")
    assert full.status_code == 200 and full["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(full.content)) as opened:
        assert opened.size == (640, 480) and dict(opened.getexif()) == {}
    thumb = client.get(f"/field-reports/track/{report.tracking_code}/result/{image.name}?thumbnail=1")
    with Image.open(io.BytesIO(thumb.content)) as opened:
        assert max(opened.size) <= 320 and dict(opened.getexif()) == {}


def test_only_the_reports_own_result_photos_are_served(world: World, client: Client) -> None:
    report = _resolved(world, client)
    report.alert.confirm(world.users["operator"])
    document = Evidence.objects.get(kind=Evidence.Kind.PDF)
    base = f"/field-reports/track/{report.tracking_code}/result/"
    assert client.get(base + document.name).status_code == 404
    assert client.get(base + "0123456789abcdef0123456789abcdef.jpg").status_code == 404
    image = Evidence.objects.get(kind=Evidence.Kind.IMAGE)
    assert client.get(f"/field-reports/track/PA00000000/result/{image.name}").status_code == 404


def test_after_rework_only_the_confirmed_result_and_its_photos_show(world: World, client: Client) -> None:
    report = _resolved(world, client)
    alert = report.alert
    alert.return_for_rework(world.users["operator"], "Ảnh chưa thấy đèn sáng.")
    minutes = [{"title": "Biên bản nghiệm thu", "reference": "12/BB-UBND"}]  # a document, no photo this time
    alert.resolve(world.users["officer_a"], "Đã sửa lại, đèn sáng ổn định.", minutes)
    alert.confirm(world.users["operator"])
    page = _track(client, report)
    assert "Đã sửa lại, đèn sáng ổn định." in page and RESULT not in page
    assert "/result/" not in page  # the photos came with the result that was sent back
    image = Evidence.objects.get(kind=Evidence.Kind.IMAGE)
    assert client.get(f"/field-reports/track/{report.tracking_code}/result/{image.name}").status_code == 404
