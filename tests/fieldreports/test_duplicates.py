"""Likely duplicates (same category, open, within 50 m and 7 days) are shown before sending and to the operator,
who merges them; merged reporters then follow the kept report's status to the end."""

import datetime
from typing import Any

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from alerts import routing
from alerts.choices import State
from fieldreports import handling
from fieldreports.models import FieldReport
from tests.fieldreports.world import LAT_30M, LAT_80M, LAT_A, LAT_B, LONG_A, LONG_B, World, post_report

pytestmark = pytest.mark.django_db

NEARBY = "/field-reports/nearby?service_code={code}&lat={lat}&long={long}"


def _report(client: Client, world: World, **fields: Any) -> FieldReport:
    response = post_report(client, world, **fields)
    assert response.status_code == 200, response.content
    return FieldReport.objects.get(pk=int(response.json()[0]["service_request_id"]))


def _nearby(
    client: Client, code: str = "streetlight-out", lat: float | str = LAT_30M, long: float | str = LONG_A
) -> list[str]:
    body = client.get(NEARBY.format(code=code, lat=lat, long=long)).json()
    return [item["tracking_code"] for item in body["reports"]]


def test_the_reporter_sees_open_reports_of_the_same_category_nearby(world: World, client: Client) -> None:
    first = _report(client, world)
    assert _nearby(client) == [first.tracking_code]  # 30 m away
    assert _nearby(client, lat=LAT_80M) == []  # beyond 50 m
    assert _nearby(client, code="waste") == []  # another category
    item = client.get(NEARBY.format(code="streetlight-out", lat=LAT_30M, long=LONG_A)).json()["reports"][0]
    assert 25 <= item["distance_m"] <= 35
    assert item["status"] == "received" and item["url"] == f"/field-reports/track/{first.tracking_code}/"


def test_old_and_closed_reports_are_not_duplicates(
    world: World, client: Client, frozen_clock: TimeMachineFixture
) -> None:
    old = _report(client, world)
    frozen_clock.shift(datetime.timedelta(days=7, minutes=1))
    assert _nearby(client) == []
    recent = _report(client, world, lat=str(LAT_30M))
    assert _nearby(client) == [recent.tracking_code]
    handling.refuse_report(recent, world.users["operator"], "Đã xử lý.")
    assert _nearby(client) == [] and old.likely_duplicates().count() == 0


def test_the_nearby_list_refuses_bad_input_clearly(world: World, client: Client) -> None:
    response = client.get("/field-reports/nearby?service_code=streetlight-out&lat=abc&long=109")
    assert response.status_code == 400 and "lat and long in degrees" in response.json()["message"]
    unknown = client.get(NEARBY.format(code="potholes", lat=LAT_A, long=LONG_A))
    assert unknown.status_code == 404 and "potholes" in unknown.json()["message"]


def test_the_nearby_list_reads_degrees_as_the_report_form_does(world: World, client: Client) -> None:
    first = _report(client, world)
    assert str(LONG_A) == "109.125"  # three decimals: 109125 in Vietnamese writing, but no longitude is that
    writings: list[tuple[float | str, float | str]] = [
        (LAT_30M, LONG_A), (str(LAT_30M).replace(".", ","), "109,125"), (f" {LAT_30M} ", "109.1250"),
    ]  # fmt: skip
    for lat, long in writings:
        assert _nearby(client, lat=lat, long=long) == [first.tracking_code], (lat, long)


@pytest.mark.parametrize(
    ("lat", "long", "words"),
    [
        ("12.2253", "200.500", "long is not a number of degrees: '200.500' is ambiguous"),
        ("12.22.53", "109.125", "lat is not a number of degrees: '12.22.53'"),
        ("12.2253", "1e2", "long is not a number of degrees: '1e2' is written with an exponent"),
        ("12.2253", "1.234.567", "long between -180 and 180"),
    ],
)
def test_the_nearby_list_says_what_is_wrong_with_a_number(
    world: World, client: Client, lat: str, long: str, words: str
) -> None:
    response = client.get(NEARBY.format(code="streetlight-out", lat=lat, long=long))
    assert response.status_code == 400 and words in response.json()["message"]


def test_the_operator_sees_likely_duplicates_and_merges_them(world: World, client: Client) -> None:
    kept = _report(client, world)
    second = _report(client, world, lat=str(LAT_30M), phone="0258 000 222")
    elsewhere = _report(client, world, lat=str(LAT_B), long=str(LONG_B))
    operator = world.client_as("operator")
    detail = operator.get(f"/api/v1/field-reports/{kept.pk}").json()
    assert [item["tracking_code"] for item in detail["likely_duplicates"]] == [second.tracking_code]
    assert elsewhere.tracking_code not in str(detail)

    response = operator.post(f"/api/v1/field-reports/{kept.pk}/merge",
                             {"duplicates": [second.pk], "reason": "Cùng một cột đèn."},
                             content_type="application/json")  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["merged_reports"] == [second.tracking_code]
    second.refresh_from_db()
    assert second.merged_into == kept and second.merged_by == world.users["operator"]
    rejection = second.alert.events.get(kind="rejected")
    assert (
        rejection.reason
        == f"Duplicate of field report {kept.tracking_code} (alert #{kept.alert_id}). Cùng một cột đèn."
    )
    assert kept.alert.events.filter(kind="note", reason__contains=second.tracking_code).exists()

    # The merged reporter follows the kept report to its end.
    [merged_doc] = client.get(f"/open311/v2/requests/{second.pk}.json").json()
    assert merged_doc["status"] == "open"
    _close(world, kept, "Đã thay bóng đèn.")
    [merged_doc] = client.get(f"/open311/v2/requests/{second.pk}.json").json()
    assert (merged_doc["status"], merged_doc["status_notes"]) == ("closed", "Đã thay bóng đèn.")
    page = client.get(f"/field-reports/track/{second.tracking_code}/").content.decode()
    assert "Đã thay bóng đèn." in page and kept.tracking_code in page
    closed = client.get("/open311/v2/requests.json?status=closed").json()
    assert {item["service_request_id"] for item in closed} == {str(kept.pk), str(second.pk)}


def _close(world: World, report: FieldReport, answer: str) -> None:
    operator, officer = world.users["operator"], world.users["officer_a"]
    alert = report.alert
    alert.verify(operator)
    proposal = routing.propose(alert)
    assert proposal.lead is not None
    alert.forward(operator, proposal.lead, coordinating=proposal.coordinating)
    alert.accept(officer)
    alert.resolve(officer, "Xong.", [{"title": "Ảnh", "url": "https://example.org/a.jpg"}])
    handling.publish_answer(report, officer, answer)
    alert.confirm(operator)
    assert alert.state == State.CLOSED


def test_a_report_already_with_the_agency_cannot_be_merged_away(world: World, client: Client) -> None:
    kept = _report(client, world)
    forwarded = _report(client, world, lat=str(LAT_30M), phone="0258 000 333")
    operator = world.users["operator"]
    forwarded.alert.verify(operator)
    proposal = routing.propose(forwarded.alert)
    assert proposal.lead is not None
    forwarded.alert.forward(operator, proposal.lead, coordinating=proposal.coordinating)
    response = world.client_as("operator").post(
        f"/api/v1/field-reports/{kept.pk}/merge", {"duplicates": [forwarded.pk]}, content_type="application/json"
    )
    assert response.status_code == 409
    assert "already with the agency" in response.json()["message"]
    forwarded.refresh_from_db()
    assert forwarded.merged_into is None and forwarded.alert.state == State.FORWARDED


def test_only_operators_merge(world: World, client: Client) -> None:
    kept = _report(client, world)
    second = _report(client, world, lat=str(LAT_30M), phone="0258 000 444")
    for caller, status in (("officer_a", 403), ("viewer", 403), ("anonymous", 401)):
        response = world.client_as(caller).post(
            f"/api/v1/field-reports/{kept.pk}/merge", {"duplicates": [second.pk]}, content_type="application/json"
        )
        assert response.status_code == status, caller
    second.refresh_from_db()
    assert second.merged_into is None and second.alert.state == State.NEW


def test_the_admin_action_merges_into_the_oldest(
    world: World, client: Client, frozen_clock: TimeMachineFixture
) -> None:
    kept = _report(client, world)
    frozen_clock.shift(datetime.timedelta(minutes=5))
    second = _report(client, world, lat=str(LAT_30M), phone="0258 000 555")
    response = world.client_as("operator").post("/admin/fieldreports/fieldreport/", {
        "action": "merge_into_oldest", "_selected_action": [second.pk, kept.pk]})  # fmt: skip
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.merged_into == kept
