"""A plain-HTTP Open311 client (requests against the live server) posts a report with a photo and follows it
through the deadline procedure to resolution; the alert's steps are driven with the alerts' own transitions."""

import io
import xml.etree.ElementTree as ET

import pytest
import requests
from PIL import Image
from pytest_django.live_server_helper import LiveServer
from time_machine import TimeMachineFixture

from alerts import routing
from alerts.choices import Source, State
from alerts.models import Alert
from alerts.procedures import DeadlineProcedure
from fieldreports import handling
from fieldreports.models import FieldReport
from tests.fieldreports.world import EXIF_MAKE, LAT_A, LONG_A, World, photo_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def _get(live_server: LiveServer, path: str) -> requests.Response:
    response = requests.get(f"{live_server.url}/open311/v2/{path}", timeout=30)
    assert response.status_code == 200, response.text
    return response


def _request_json(live_server: LiveServer, request_id: str) -> dict:
    [document] = _get(live_server, f"requests/{request_id}.json").json()
    return document


def test_a_client_posts_a_report_with_a_photo_and_follows_it_to_resolution(
    world: World, live_server: LiveServer, frozen_clock: TimeMachineFixture
) -> None:
    # The client discovers the service and its questions.
    services_list = _get(live_server, "services.json").json()
    assert "streetlight-out" in [item["service_code"] for item in services_list]
    definition = _get(live_server, "services/streetlight-out.json").json()
    assert [attribute["code"] for attribute in definition["attributes"]] == ["state", "pole"]

    # It posts a report with a photo (multipart, the GeoReport "media" extension) and the reporter's contact.
    form = {
        "api_key": world.api_key, "service_code": "streetlight-out", "lat": str(LAT_A), "long": str(LONG_A),
        "description": "Đèn đường trước nhà số 12 không sáng.", "attribute[state]": "off", "attribute[pole]": "NT-7",
        "email": "reporter@example.org", "phone": "0905 123 456", "first_name": "An", "last_name": "Nguyễn",
    }  # fmt: skip
    files = {"media": ("den-hong.jpg", photo_bytes(), "image/jpeg")}
    response = requests.post(f"{live_server.url}/open311/v2/requests.json", data=form, files=files, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    [created] = response.json()
    request_id = created["service_request_id"]
    assert created["service_notice"] == "Handled within 5 working days."
    assert created["account_id"] is None

    # The report is an alert in the deadline procedure, routed by position (ward A) and category (utilities).
    report = FieldReport.objects.select_related("alert").get(pk=int(request_id))
    alert = report.alert
    assert (alert.source, alert.procedure, alert.state) == (Source.FIELD_REPORT, "deadline", State.NEW)
    assert alert.sector == world.utilities
    assert [unit.code for unit in alert.units.all()] == [world.ward_a.code]
    assert alert.deadline_at == alert.appeared_at + DeadlineProcedure.VERIFY_AND_FORWARD
    proposal = routing.propose(alert)
    assert proposal.lead == world.ubnd_a
    assert world.lighting in proposal.coordinating + proposal.alternatives

    # Received: open, with its photo served without the phone's EXIF.
    document = _request_json(live_server, request_id)
    assert (document["status"], document["service_code"], document["agency_responsible"]) == (
        "open", "streetlight-out", None)  # fmt: skip
    assert document["lat"] == pytest.approx(LAT_A) and document["long"] == pytest.approx(LONG_A)
    photo = requests.get(document["media_url"], timeout=30)
    assert photo.status_code == 200 and photo.headers["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(photo.content)) as image:
        assert dict(image.getexif()) == {}
        assert image.size == (48, 64)  # turned upright as its EXIF orientation said
    assert EXIF_MAKE.encode() not in photo.content

    # The IOC verifies and forwards; the ward's committee accepts: "being handled", with its deadline.
    operator, officer = world.users["operator"], world.users["officer_a"]
    alert.verify(operator)
    alert.forward(operator, proposal.lead, coordinating=proposal.coordinating)
    frozen_clock.shift(DeadlineProcedure.ACCEPT / 2)
    alert.accept(officer)
    document = _request_json(live_server, request_id)
    assert document["status"] == "open"
    assert document["agency_responsible"] == world.ubnd_a.name
    assert document["status_notes"] == "The competent agency has accepted the report and is handling it."
    alert.refresh_from_db()
    assert document["expected_datetime"] == clock_w3(alert.resolution_deadline)

    # The agency resolves it, answers the public, and the operator confirms: closed, with the answer.
    alert.resolve(officer, "Đã thay bóng đèn.", [{"title": "Ảnh sau khi sửa", "url": "https://example.org/a.jpg"}])
    handling.publish_answer(report, officer, "Đèn đã được thay ngày 11/3; cảm ơn bạn đã phản ánh.")
    assert _request_json(live_server, request_id)["status"] == "open"  # until the IOC confirms
    alert.confirm(operator)
    document = _request_json(live_server, request_id)
    assert document["status"] == "closed"
    assert document["status_notes"] == "Đèn đã được thay ngày 11/3; cảm ơn bạn đã phản ánh."
    assert Alert.objects.get(pk=alert.pk).state == State.CLOSED

    # The same request in XML, the closed-status filter, and the tracking code as an Open311 token.
    xml = _get(live_server, f"requests/{request_id}.xml")
    assert xml.headers["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(xml.content)  # our own server's answer
    assert root.tag == "service_requests"
    assert root.findtext("request/status") == "closed"
    closed = _get(live_server, "requests.json?status=closed").json()
    assert [item["service_request_id"] for item in closed] == [request_id]
    assert _get(live_server, "requests.json?status=open").json() == []
    [token] = _get(live_server, f"tokens/{report.tracking_code}.json").json()
    assert token == {"service_request_id": request_id, "token": report.tracking_code}


def test_a_refused_report_is_closed_with_its_public_reason(world: World, live_server: LiveServer) -> None:
    form = {"api_key": world.api_key, "service_code": "waste", "lat": str(LAT_A), "long": str(LONG_A),
            "description": "Rác"}  # fmt: skip
    response = requests.post(f"{live_server.url}/open311/v2/requests.json", data=form, timeout=30)
    [created] = response.json()
    report = FieldReport.objects.get(pk=int(created["service_request_id"]))
    handling.refuse_report(report, world.users["operator"], "Khu vực này đã được thu gom theo lịch sáng nay.",
                           reason="Kiểm tra camera: không còn rác.")  # fmt: skip
    document = _request_json(live_server, created["service_request_id"])
    assert document["status"] == "closed"
    assert document["status_notes"] == "Khu vực này đã được thu gom theo lịch sáng nay."
    assert report.alert.events.get(kind="rejected").reason == "Kiểm tra camera: không còn rác."


def clock_w3(instant: object) -> str:
    from fieldreports.open311_documents import w3

    value = w3(instant)
    assert value is not None
    return value
