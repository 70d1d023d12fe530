"""The report form shows each category's own questions only, and the server checks only the chosen category's."""

import re

import pytest
from django.test import Client

from fieldreports.models import FieldReport
from tests.fieldreports.world import LAT_A, LONG_A, World

pytestmark = pytest.mark.django_db

FORM = {"lat": str(LAT_A), "long": str(LONG_A), "description": "Có vấn đề ở đây."}


def _fieldsets(html: str) -> dict[str, str]:
    """data-category -> the opening tag of its questions' fieldset."""
    return {
        code: tag for tag, code in re.findall(r'(<fieldset class="fr-questions" data-category="([^"]+)"[^>]*>)', html)
    }


def test_each_category_has_its_own_block_of_questions(world: World, client: Client) -> None:
    html = client.get("/field-reports/").content.decode()
    blocks = _fieldsets(html)
    assert set(blocks) == {"streetlight-out"}  # litter has no question; petitions are not offered to the public
    assert 'name="attr:streetlight-out:state"' in html and 'name="attr:streetlight-out:pole"' in html
    assert "data-required" in html.split('name="attr:streetlight-out:state"')[1].split(">")[0]
    assert "data-required" not in html.split('name="attr:streetlight-out:pole"')[1].split(">")[0]


def test_after_a_refusal_the_questions_of_other_categories_stay_hidden_and_are_not_sent(
    world: World, client: Client
) -> None:
    world.waste.attributes.create(code="amount", description="Bao nhiêu rác?", order=1)
    refused = client.post("/field-reports/", {**FORM, "service_code": "waste", "description": ""})
    assert refused.status_code == 400
    blocks = _fieldsets(refused.content.decode())
    assert "hidden" in blocks["streetlight-out"] and "disabled" in blocks["streetlight-out"]
    assert "hidden" not in blocks["waste"]


def test_the_server_checks_only_the_chosen_categorys_questions(world: World, client: Client) -> None:
    # The street light's required question is not asked of a litter report, and its answers are not kept.
    sent = client.post("/field-reports/", {**FORM, "service_code": "waste", "attr:streetlight-out:state": "bogus"})
    assert sent.status_code == 302, sent.content.decode()[:2000]
    report = FieldReport.objects.get()
    assert (report.category.service_code, report.attributes) == ("waste", {})


def test_a_required_question_of_the_chosen_category_is_named_in_words(world: World, client: Client) -> None:
    refused = client.post("/field-reports/", {**FORM, "service_code": "streetlight-out"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Answer the question “What is the light doing?”." in html
    assert 'aria-invalid="true"' in html.split('name="attr:streetlight-out:state"')[1].split(">")[0]
    assert FieldReport.objects.count() == 0
    answered = client.post("/field-reports/", {**FORM, "service_code": "streetlight-out",
                                                "attr:streetlight-out:state": "off"})  # fmt: skip
    assert answered.status_code == 302
    assert FieldReport.objects.get().attributes == {"state": "off"}
