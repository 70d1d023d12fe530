"""Who may handle mentions, the province's responses and sentiment corrections, and "answered within 24 hours".

The indicator: of the negative mentions published in a period whose 24 hours have passed (or that already have an
answer), the share with a response recorded within 24 hours of publication. The clock starts at publication, not
at our reading, because that is when the public reads it.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from core.errors import Forbidden, InvalidInput
from sectors.listening.models import Mention, Response, Sentiment, SentimentCorrection

SECTOR = "social-listening"
ANSWER_WITHIN = datetime.timedelta(hours=24)
HANDLING_ROLES = frozenset({Role.MANAGEMENT_ADMIN, Role.OPERATOR})


def may_handle(user: Any) -> bool:
    """IOC staff and the officers of an agency of the listening sector (the press office) record and correct."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.role in HANDLING_ROLES:
        return True
    return bool(user.role == Role.AGENCY_OFFICER and user.agency_id
                and user.agency.sectors.filter(code=SECTOR).exists())  # fmt: skip


def require_handler(user: Any) -> None:
    if not may_handle(user):
        raise Forbidden(_("Only IOC staff and the press office record responses and correct mentions."))


def awaiting() -> QuerySet[Mention]:
    """Negative mentions nobody has answered yet, oldest first (the most urgent)."""
    answered = Response.objects.filter(mention=OuterRef("pk"))
    return Mention.objects.filter(sentiment=Sentiment.NEGATIVE).exclude(Exists(answered)).order_by("published_at")


def respond(mention: Mention, user: Any, *, responder: str, answered_at: datetime.datetime, where: str,
            link: str = "", note: str = "") -> Response:  # fmt: skip
    """Record the province's answer to a mention."""
    require_handler(user)
    responder = responder.strip()
    if not responder:
        raise InvalidInput(_("Say who answered: the agency or spokesperson."))
    if where not in Response.Where.values:
        raise InvalidInput(_("Choose where the answer was given."))
    if answered_at > timezone.now() + datetime.timedelta(minutes=5):
        raise InvalidInput(_("The answer's time is in the future; give when it was given."))
    if answered_at < mention.published_at:
        raise InvalidInput(_("The answer's time is before the mention was published; check the date."))
    return Response.objects.create(mention=mention, recorded_by=user, responder=responder[:200],
                                   answered_at=answered_at, where=where, link=link, note=note)  # fmt: skip


def correct_sentiment(mention: Mention, user: Any, new: str) -> SentimentCorrection | None:
    """Set a mention's sentiment by hand, keeping who changed it, when, from what and to what."""
    require_handler(user)
    if new not in Sentiment.values:
        raise InvalidInput(_("Choose negative, neutral or positive."))
    if new == mention.sentiment:
        return None
    with transaction.atomic():
        correction = SentimentCorrection.objects.create(mention=mention, corrected_by=user, old=mention.sentiment,
                                                        new=new)  # fmt: skip
        Mention.objects.filter(pk=mention.pk).update(sentiment=new, sentiment_corrected=True)
    mention.sentiment, mention.sentiment_corrected = new, True
    return correction


@dataclass(frozen=True)
class AnswerRate:
    due: int  # negative mentions whose 24 hours have passed or that have an answer
    on_time: int

    @property
    def percent(self) -> float | None:
        return 100 * self.on_time / self.due if self.due else None


def answered_within_24h(start: datetime.datetime, end: datetime.datetime, now: datetime.datetime) -> AnswerRate:
    """The indicator over negative mentions published in [start, end)."""
    negative = Mention.objects.filter(sentiment=Sentiment.NEGATIVE, published_at__gte=start, published_at__lt=end)
    answered = Response.objects.filter(mention=OuterRef("pk"))
    on_time = answered.filter(answered_at__lte=OuterRef("published_at") + ANSWER_WITHIN)
    due = negative.filter(Q(Exists(answered)) | Q(published_at__lte=now - ANSWER_WITHIN))
    return AnswerRate(due=due.count(), on_time=negative.filter(Exists(on_time)).count())
