"""Messages on the report page name the field in words, never a parameter name; Open311 clients still get the
parameter's name in front of the same words."""

import html as html_lib
import json
import re

import pytest
from django.test import Client

from fieldreports.models import FieldReport
from tests.fieldreports.world import LAT_A, LONG_A, World, post_report

pytestmark = pytest.mark.django_db

PARAMETER_NAMES = re.compile(r"service_code|address_string|address_id|media_url|first_name|last_name|attribute\[|"
                             r"\blat\b|\blong\b|attr:")  # fmt: skip
VALID = {"service_code": "streetlight-out", "lat": str(LAT_A), "long": str(LONG_A), "description": "Đèn tắt.",
         "attr:streetlight-out:state": "off"}  # fmt: skip


def _messages(body: bytes) -> list[str]:
    """The texts listed in the page's box of problems."""
    box = body.decode().split('id="fr-problems"')[1].split("</ul>")[0]
    return [html_lib.unescape(text) for text in re.findall(r"<li[^>]*>(.*?)</li>", box, re.S)]


@pytest.mark.vietnamese
def test_an_empty_form_says_in_vietnamese_what_to_fill_in(world: World, client: Client) -> None:
    response = client.post("/field-reports/", {})
    assert response.status_code == 400
    messages = _messages(response.content)
    assert messages == [  # every problem at once, the kind of problem first
        "Hãy chọn loại phản ánh.",
        "Hãy cho biết vị trí: chạm vào bản đồ, dùng vị trí của điện thoại hoặc nhập địa chỉ.",
        "Hãy mô tả sự việc bạn thấy (tối đa 4000 ký tự).",
    ]
    assert FieldReport.objects.count() == 0


@pytest.mark.vietnamese
def test_every_problem_on_the_page_is_said_in_words(world: World, client: Client) -> None:
    bad = {**VALID, "attr:streetlight-out:state": "", "lat": "", "long": "", "description": "",
           "email": "not-an-address", "phone": "call me", "full_name": "Nguyễn Văn A"}  # fmt: skip
    response = client.post("/field-reports/", bad)
    assert response.status_code == 400
    messages = _messages(response.content)
    assert len(messages) == 6, messages
    assert "Hãy trả lời câu hỏi “Đèn đang thế nào?”." in messages
    assert "Hãy cho biết vị trí: chạm vào bản đồ, dùng vị trí của điện thoại hoặc nhập địa chỉ." in messages
    assert [message for message in messages if PARAMETER_NAMES.search(message)] == []
    assert FieldReport.objects.count() == 0


@pytest.mark.vietnamese
def test_coordinates_are_named_latitude_and_longitude(world: World, client: Client) -> None:
    response = client.post("/field-reports/", {**VALID, "lat": "north", "long": ""})
    messages = _messages(response.content)
    assert messages and all(not PARAMETER_NAMES.search(message) for message in messages), messages
    assert any("vĩ độ" in message for message in messages), messages


@pytest.mark.vietnamese
def test_a_category_closed_meanwhile_is_said_without_its_code(world: World, client: Client) -> None:
    world.waste.is_active = False
    world.waste.save()
    response = client.post("/field-reports/", {**VALID, "service_code": "waste"})
    assert response.status_code == 404
    messages = _messages(response.content)
    assert messages == ["Loại phản ánh bạn chọn không còn nhận phản ánh; hãy chọn loại khác trong danh sách."]


@pytest.mark.vietnamese
def test_the_script_gets_the_same_words_for_its_checks_before_sending(world: World, client: Client) -> None:
    page = client.get("/field-reports/").content.decode()
    config = json.loads(page.split('<script id="fr-config" type="application/json">')[1].split("</script>")[0])
    labels = config["labels"]
    assert labels["chooseCategory"] == "Hãy chọn loại phản ánh."
    assert labels["answer"] == "Hãy trả lời câu hỏi “%(question)s”."
    texts = [re.sub(r"%\(\w+\)s", "", text) for text in labels.values()]  # placeholders are not shown
    assert [text for text in texts if PARAMETER_NAMES.search(text)] == []


def test_open311_clients_still_read_the_parameter_name(world: World, client: Client) -> None:
    response = post_report(client, world, service_code=None)
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "service_code: Choose the kind of problem."}]
