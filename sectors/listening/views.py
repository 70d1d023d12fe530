"""The listening pages' doors: placed mentions as GeoJSON for the map, and the staff forms' posts."""

import json

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import permission_required
from core.errors import InvalidInput
from core.formats import fmt_datetime
from sectors.listening import figures, responses
from sectors.listening.forms import MentionForm, ResponseForm, SentimentForm
from sectors.listening.intake import MentionData, record
from sectors.listening.models import Mention

VIEW = "alerts.view"  # IOC staff, agency officers, leaders and viewers (the service pages' rule)
MAPPED = 1000  # placed mentions drawn on the map, newest first


def _back(anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("services:detail", args=[responses.SECTOR]) + f"#{anchor}")


def _refuse(request: HttpRequest, form: Form, anchor: str) -> HttpResponseRedirect:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))
    return _back(anchor)


@require_safe
@permission_required(VIEW)
def mentions_geojson(request: HttpRequest) -> HttpResponse:
    """Placed mentions of the last 30 days as GeoJSON (one point per unit named)."""
    features = []
    since = timezone.now() - figures.WINDOW
    placed = Mention.objects.filter(geom__isnull=False, published_at__gte=since).order_by("-published_at")[:MAPPED]
    for mention in placed:
        assert mention.geom is not None  # filtered above
        features.append({
            "type": "Feature", "id": mention.pk, "geometry": json.loads(mention.geom.geojson),
            "properties": {"title": mention.title, "source": mention.source,
                           "sentiment": mention.get_sentiment_display(),
                           "published_at": fmt_datetime(mention.published_at), "url": mention.url},
        })  # fmt: skip
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return HttpResponse(body, content_type="application/geo+json")


@require_POST
@permission_required(VIEW)
def mention_new(request: HttpRequest) -> HttpResponse:
    """Store a mention typed in by staff, unless it repeats one already stored."""
    responses.require_handler(request.user)
    form = MentionForm(request.POST)
    if not form.is_valid():
        return _refuse(request, form, "new-mention")
    data = MentionData(channel=Mention.Channel.MANUAL, **form.cleaned_data)
    try:
        mention, created = record(data)
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return _back("new-mention")
    if created:
        messages.success(request, _("Mention stored: %(title)s") % {"title": mention.title})
    else:
        messages.warning(request, _("This mention repeats one already stored: %(title)s") % {"title": mention.title})
    return _back(f"mention-{mention.pk}")


@require_POST
@permission_required(VIEW)
def mention_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the province's answer to a mention."""
    mention = get_object_or_404(Mention, pk=pk)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        return _refuse(request, form, f"mention-{pk}")
    try:
        responses.respond(mention, request.user, **form.cleaned_data)
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return _back(f"mention-{pk}")
    messages.success(request, _("Response recorded for: %(title)s") % {"title": mention.title})
    return _back("awaiting")


@require_POST
@permission_required(VIEW)
def mention_sentiment(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a mention's sentiment; the correction is kept."""
    mention = get_object_or_404(Mention, pk=pk)
    form = SentimentForm(request.POST)
    if not form.is_valid():
        return _refuse(request, form, f"mention-{pk}")
    responses.correct_sentiment(mention, request.user, form.cleaned_data["sentiment"])
    messages.success(request, _("Sentiment set to %(sentiment)s for: %(title)s")
                     % {"sentiment": mention.get_sentiment_display(), "title": mention.title})  # fmt: skip
    return _back("recent")
