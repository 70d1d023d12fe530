"""Every bad input to the Open311 API and the public page gets a message naming what is wrong, and writes nothing:
no report, alert, event, contact or photo row, and no file."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.fieldreports.world import LAT_A, LONG_A, OUTSIDE, World, counts, open311_form, photo_bytes, stored_files

pytestmark = pytest.mark.django_db

LONG_TEXT = "x" * 4001


def _file(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def _gif() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("P", (8, 8)).save(buffer, "GIF")
    return buffer.getvalue()


# (case, fields changed in a valid body, extra files, HTTP status, words the description must contain)
POST_CASES: list[tuple[str, dict[str, Any], list[Any], int, str]] = [
    ("no api_key", {"api_key": None}, [], 403, "api_key is missing"),
    ("wrong api_key", {"api_key": "not-a-key"}, [], 403, "Invalid api_key"),
    ("no service_code", {"service_code": None}, [], 400, "service_code"),
    ("unknown service_code", {"service_code": "potholes"}, [], 404, "potholes"),
    ("petition through Open311", {"service_code": "voters-petition"}, [], 404, "voters-petition"),
    ("wrong jurisdiction", {"jurisdiction_id": "hanoi.gov.vn"}, [], 404, "jurisdiction_id"),
    ("lat without long", {"long": None}, [], 400, "latitude and the longitude of the position together"),
    ("lat not a number", {"lat": "north"}, [], 400, "lat: The latitude 'north' is not a number of degrees"),
    ("lat beyond the pole", {"lat": "123"}, [], 400, "latitude must lie between -90 and 90"),
    ("outside the province", {"lat": str(OUTSIDE[0]), "long": str(OUTSIDE[1])}, [], 400, "outside Khánh Hòa"),
    ("lat and long swapped", {"lat": str(LONG_A), "long": str(LAT_A)}, [], 400, "swapped"),
    ("no position at all", {"lat": None, "long": None, "address_string": None}, [], 400, "Say where it is"),
    ("only address_id", {"lat": None, "long": None, "address_string": None, "address_id": "545483"}, [], 400,
     "address_id: An address code is not accepted"),
    ("description too long", {"description": LONG_TEXT}, [], 400, "4001 characters; the limit is 4000"),
    ("unknown attribute", {"attribute[colour]": "red"}, [], 400, "no question 'colour'"),
    ("required attribute missing", {"attribute[state]": None}, [], 400, "attribute[state]"),
    ("attribute not a choice", {"attribute[state]": "exploded"}, [], 400, "'exploded' is not one of: off, flicker"),
    ("two values for one", {"attribute[state][]": ["off", "flicker"], "attribute[state]": None}, [], 400,
     "takes one answer"),
    ("media_url not http", {"media_url": "javascript:alert(1)"}, [], 400, "media_url: The photo address"),
    ("bad email", {"email": "an at example"}, [], 400, "not an email address"),
    ("bad phone", {"phone": "call me"}, [], 400, "not a phone number"),
    ("too many photos", {}, [_file(f"p{n}.jpg", photo_bytes()) for n in range(4)], 400, "at most 3 photos"),
    ("text named .jpg", {}, [_file("p.jpg", b"hello, this is not an image")], 400, "not a readable image"),
    ("GIF", {}, [_file("p.gif", _gif(), "image/gif")], 400, "content is GIF"),
    ("empty photo", {}, [_file("p.jpg", b"")], 400, "is empty"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "fields", "files", "status", "words"), POST_CASES, ids=[c[0] for c in POST_CASES])
def test_a_bad_post_is_refused_with_a_message_and_writes_nothing(
    world: World, client: Client, media_root: Path, case: str, fields: dict, files: list, status: int, words: str
) -> None:
    before = counts()
    data = open311_form(world, **fields)
    if files:
        data["media"] = files
    response = client.post("/open311/v2/requests.json", data)
    assert response.status_code == status, response.content
    errors = response.json()
    assert isinstance(errors, list) and errors
    assert all(set(error) == {"code", "description"} and error["code"] == status for error in errors)
    assert any(words in error["description"] for error in errors), errors
    assert counts() == before
    assert stored_files(media_root) == []


def test_a_photo_over_the_size_limit_is_refused(world: World, client: Client, settings: Any, media_root: Path) -> None:
    import io
    import os

    from PIL import Image

    settings.FIELDREPORTS_PHOTO_MAX_BYTES = 1024 * 1024
    noise = io.BytesIO()
    Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(noise, "PNG")  # noise does not compress
    data = open311_form(world)
    data["media"] = [_file("big.png", noise.getvalue(), "image/png")]
    response = client.post("/open311/v2/requests.json", data)
    assert response.status_code == 400
    [error] = response.json()
    assert "Photo 1 (big.png) is 1.4 MB; the limit is 1 MB. Send a smaller photo." in error["description"]
    assert counts()["reports"] == 0 and stored_files(media_root) == []


def test_an_image_over_the_pixel_limit_is_refused(world: World, client: Client, settings: Any) -> None:
    settings.FIELDREPORTS_PHOTO_MAX_PIXELS = 1000
    data = open311_form(world)
    data["media"] = [_file("wide.jpg", photo_bytes(size=(100, 50)))]
    [error] = client.post("/open311/v2/requests.json", data).json()
    assert "megapixels" in error["description"]
    assert counts()["reports"] == 0


def test_several_problems_are_reported_together(world: World, client: Client) -> None:
    data = open311_form(world, lat="north", email="nobody", description=LONG_TEXT)
    errors = client.post("/open311/v2/requests.json", data).json()
    fields = [error["description"].split(":")[0] for error in errors]
    assert fields == ["lat", "description", "email"]


def test_errors_come_in_xml_when_asked(world: World, client: Client) -> None:
    response = client.post("/open311/v2/requests.xml", open311_form(world, service_code=None))
    assert response.status_code == 400
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert b"<errors><error><code>400</code><description>service_code: Choose the kind of problem" in response.content


GET_CASES = [
    ("start_date not a date", "start_date=yesterday", "start_date 'yesterday' is not a w3 date-time"),
    ("start_date without zone", "start_date=2026-03-01T00:00:00", "with its zone"),
    ("range over 90 days", "start_date=2025-01-01T00:00:00Z&end_date=2026-03-01T00:00:00Z", "at most 90 days"),
    ("end before start", "start_date=2026-03-02T00:00:00Z&end_date=2026-03-01T00:00:00Z", "end_date comes before"),
    ("unknown status", "status=pending", "status 'pending' is not open or closed"),
    ("unknown service_code", "service_code=potholes", "Unknown service_code: potholes"),
    ("id not a number", "service_request_id=12,abc", "service_request_id 'abc'"),
]


@pytest.mark.parametrize(("case", "query", "words"), GET_CASES, ids=[c[0] for c in GET_CASES])
def test_a_bad_query_is_refused_with_a_message(world: World, client: Client, case: str, query: str, words: str) -> None:
    response = client.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 400
    [error] = response.json()
    assert words in error["description"]


def test_unknown_resources_and_methods_answer_in_the_spec_form(world: World, client: Client) -> None:
    missing = client.get("/open311/v2/discovery.json")
    assert missing.status_code == 404 and "discovery.json" in missing.json()[0]["description"]
    assert client.get("/open311/v2/services/potholes.xml").status_code == 404
    wrong_method = client.delete("/open311/v2/requests.json")
    assert wrong_method.status_code == 405 and wrong_method.json()[0]["code"] == 405
    assert wrong_method["Allow"] == "GET, POST"


def test_the_public_page_shows_every_problem_and_writes_nothing(world: World, media_root: Path) -> None:
    before = counts()
    page = Client()
    response = page.post("/field-reports/", {
        "service_code": "streetlight-out", "lat": "", "long": "", "description": "",
        "attr:streetlight-out:state": "exploded", "phone": "0905 123 456",
        "media": [_file("p.jpg", b"not an image")],
    })  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    for words in ("Say where it is", "Describe what you see", "is not one of: off, flicker", "Tick the consent box",
                  "not a readable image"):  # fmt: skip
        assert words in html, words
    assert 'value="0905 123 456"' in html  # what was typed stays in the form
    assert counts() == before and stored_files(media_root) == []


def test_a_photo_row_that_fails_to_save_leaves_no_report_and_no_file(
    world: World, client: Client, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.errors import Conflict
    from fieldreports.models import ReportPhoto

    def fail_save(self: ReportPhoto, *args: Any, **kwargs: Any) -> None:
        raise Conflict("the photo row could not be written")

    monkeypatch.setattr(ReportPhoto, "save", fail_save)
    before = counts()
    data = open311_form(world)
    data["media"] = [_file("p.jpg", photo_bytes())]
    response = client.post("/open311/v2/requests.json", data)
    assert response.status_code == 400, response.content  # Open311 answers a conflict as a 400 error list
    assert response.json()[0]["description"] == "the photo row could not be written"
    assert counts() == before
    assert stored_files(media_root) == []  # the file written before the failed row save is removed
