"""The listening admin: a mention typed in goes through the intake (de-duplicated, analysed); corrections are kept."""

import pytest
from django.test import Client

from accounts.models import Role, User
from sectors.listening.models import Mention, Sentiment, Topic


@pytest.fixture
def operator(province: None) -> Client:
    client = Client()
    client.force_login(User.objects.create(username="op", role=Role.OPERATOR, is_staff=True))
    return client


FORM = {
    "channel": "manual", "source": "Báo Thanh Niên", "url": "https://thanhnien.vn/sat-lo-khanh-son.htm",
    "title": "Sạt lở nghiêm trọng ở xã Khánh Sơn", "excerpt": "", "author": "", "published_at_0": "06/12/2026",
    "published_at_1": "08:00", "sentiment": "neutral",
    "responses-TOTAL_FORMS": "0", "responses-INITIAL_FORMS": "0",
    "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0",
}  # fmt: skip


def test_a_mention_added_in_the_admin_is_analysed_and_not_stored_twice(operator: Client, topics: dict[str, Topic]
                                                                       ) -> None:  # fmt: skip
    answer = operator.post("/admin/listening/mention/add/", FORM)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    mention = Mention.objects.get()
    assert mention.sentiment == Sentiment.NEGATIVE  # worked out, not the form's default
    assert [unit.name for unit in mention.units.all()] == ["Xã Khánh Sơn"]
    operator.post("/admin/listening/mention/add/", {**FORM, "url": "https://www.thanhnien.vn/sat-lo-khanh-son.htm/"})
    assert Mention.objects.count() == 1


def test_a_sentiment_changed_in_the_admin_is_kept_as_a_correction(operator: Client) -> None:
    operator.post("/admin/listening/mention/add/", FORM)
    mention = Mention.objects.get()
    change = {**FORM, "sentiment": "positive"}
    answer = operator.post(f"/admin/listening/mention/{mention.pk}/change/", change)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    mention.refresh_from_db()
    assert mention.sentiment == Sentiment.POSITIVE and mention.sentiment_corrected
    correction = mention.corrections.get()
    assert (correction.old, correction.new, str(correction.corrected_by)) == ("negative", "positive", "op")
