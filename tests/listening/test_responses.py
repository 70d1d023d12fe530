"""Responses to negative mentions, sentiment corrections kept, and the indicator "answered within 24 hours"."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role, User
from agencies.models import Agency
from core.errors import Forbidden, InvalidInput
from sectors.listening import responses
from sectors.listening.models import Mention, Response, Sentiment

NOW = timezone.now()


@pytest.fixture
def press(province: None) -> User:
    return User.objects.create(username="press", role=Role.AGENCY_OFFICER, agency=Agency.objects.get(code="so-vhttdl"))


def _mention(hours_ago: float, sentiment: str = Sentiment.NEGATIVE) -> Mention:
    key = f"x.vn/{Mention.objects.count()}"
    return Mention.objects.create(channel=Mention.Channel.MANUAL, source="s", url=f"https://{key}", url_key=key,
                                  title="t", published_at=NOW - datetime.timedelta(hours=hours_ago),
                                  sentiment=sentiment)  # fmt: skip


def _answer(mention: Mention, user: User, after_hours: float) -> Response:
    return responses.respond(mention, user, responder="Sở VHTTDL", where=Response.Where.PRESS_RELEASE,
                             answered_at=mention.published_at + datetime.timedelta(hours=after_hours))  # fmt: skip


def test_the_press_office_and_ioc_staff_handle_mentions_others_do_not(press: User) -> None:
    other_agency = User.objects.create(username="o", role=Role.AGENCY_OFFICER, agency=Agency.objects.get(code="so-yt"))
    leader = User.objects.create(username="l", role=Role.LEADER)
    operator = User.objects.create(username="op", role=Role.OPERATOR)
    assert responses.may_handle(press) and responses.may_handle(operator)
    assert not responses.may_handle(other_agency) and not responses.may_handle(leader)
    with pytest.raises(Forbidden):
        _answer(_mention(5), leader, 1)


def test_the_indicator_counts_answers_within_24_hours_of_publication(press: User) -> None:
    _answer(_mention(50), press, 3)  # on time
    _answer(_mention(60), press, 30)  # late
    _mention(40)  # never answered, its 24 hours are over: due, not on time
    _mention(5)  # not answered yet, still within its 24 hours: not counted
    _answer(_mention(6), press, 2)  # answered already: counted, on time
    _mention(48, Sentiment.POSITIVE)  # not negative
    rate = responses.answered_within_24h(NOW - datetime.timedelta(days=7), NOW, NOW)
    assert (rate.due, rate.on_time) == (4, 2) and rate.percent == 50


def test_answered_mentions_leave_the_awaiting_list(press: User) -> None:
    first, second = _mention(30), _mention(3)
    _answer(first, press, 1)
    assert list(responses.awaiting()) == [second]


def test_a_response_before_publication_or_without_responder_is_refused(press: User) -> None:
    mention = _mention(3)
    with pytest.raises(InvalidInput):
        _answer(mention, press, -1)
    with pytest.raises(InvalidInput):
        responses.respond(mention, press, responder=" ", where=Response.Where.PORTAL, answered_at=NOW)


def test_sentiment_corrections_are_kept_with_who_when_from_and_to(press: User) -> None:
    mention = _mention(3, Sentiment.NEUTRAL)
    responses.correct_sentiment(mention, press, Sentiment.NEGATIVE)
    responses.correct_sentiment(mention, press, Sentiment.POSITIVE)
    assert responses.correct_sentiment(mention, press, Sentiment.POSITIVE) is None  # no change, no record
    mention.refresh_from_db()
    assert mention.sentiment == Sentiment.POSITIVE and mention.sentiment_corrected
    kept = [(c.old, c.new, c.corrected_by) for c in mention.corrections.order_by("corrected_at", "pk")]
    assert kept == [(Sentiment.NEUTRAL, Sentiment.NEGATIVE, press), (Sentiment.NEGATIVE, Sentiment.POSITIVE, press)]


def test_a_corrected_sentiment_survives_a_new_analysis(press: User) -> None:
    from sectors.listening.intake import analyse

    mention = _mention(3, Sentiment.NEUTRAL)
    mention.title = "Người dân bức xúc"
    responses.correct_sentiment(mention, press, Sentiment.POSITIVE)
    analyse(mention)
    mention.refresh_from_db()
    assert mention.sentiment == Sentiment.POSITIVE
