"""Admin of social listening: feeds and topic rules (IOC staff), mentions typed in or corrected, their records."""

from collections.abc import Mapping
from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin_access import RecordsAdminMixin, RoleAdminMixin
from accounts.models import User
from sectors.listening import dedup, intake
from sectors.listening.models import Feed, Mention, Response, SentimentCorrection, Topic

STAFF = "alerts.operate"


# Links typed without a scheme are taken as https (Django 6's default; silences its transition warning).
URLS: "Mapping[type[models.Field[Any, Any]], Mapping[str, Any]]" = {models.URLField: {"assume_scheme": "https"}}


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(Feed)
class FeedAdmin(RoleAdminMixin, admin.ModelAdmin):
    formfield_overrides = URLS
    view_permission = change_permission = STAFF
    list_display = ("name", "url", "is_active", "poll_every", "next_poll_at", "last_polled_at")
    list_filter = ("is_active",)
    readonly_fields = ("last_polled_at", "last_outcome")
    actions = ("poll_soon",)

    @admin.action(description=gettext_lazy("Read the selected feeds at the worker's next pass"),
                  permissions=["change"])  # fmt: skip
    def poll_soon(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        from django.utils import timezone

        count = queryset.filter(is_active=True).update(next_poll_at=timezone.now())
        self.message_user(request, _("Feeds to be read at the next pass: %(count)d.") % {"count": count})


@admin.register(Topic)
class TopicAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = change_permission = STAFF
    list_display = ("name", "is_active", "in_spike")
    list_filter = ("is_active",)


class ResponseInline(RoleAdminMixin, admin.TabularInline):
    formfield_overrides = URLS
    view_permission = change_permission = STAFF
    model = Response
    extra = 0
    fields = ("responder", "answered_at", "where", "link", "note", "recorded_by")
    readonly_fields = ("recorded_by",)


class CorrectionInline(RecordsAdminMixin, admin.TabularInline):
    view_permission = STAFF
    model = SentimentCorrection
    extra = 0
    fields = ("corrected_at", "corrected_by", "old", "new")


@admin.register(Mention)
class MentionAdmin(RoleAdminMixin, admin.ModelAdmin):
    formfield_overrides = URLS
    view_permission = change_permission = STAFF
    list_display = ("title", "source", "channel", "published_at", "sentiment", "is_synthetic")
    list_filter = ("channel", "sentiment", "topics", "is_synthetic")
    search_fields = ("title", "url", "source")
    fields = ("channel", "source", "url", "title", "excerpt", "author", "published_at", "sentiment",
              "topics", "units", "fetched_at", "is_synthetic")  # fmt: skip
    readonly_fields = ("topics", "units", "fetched_at")
    inlines = (ResponseInline, CorrectionInline)

    def save_model(self, request: HttpRequest, obj: Mention, form: ModelForm, change: bool) -> None:
        if not change:
            data = intake.MentionData(
                channel=obj.channel, source=obj.source, url=obj.url, title=obj.title, excerpt=obj.excerpt,
                author=obj.author, published_at=obj.published_at, is_synthetic=obj.is_synthetic,
            )  # fmt: skip
            mention, created = intake.record(data)
            obj.pk = mention.pk
            if not created:
                messages.warning(request, _("This mention repeats one already stored; nothing was added."))
            return
        if "sentiment" in form.changed_data:
            SentimentCorrection.objects.create(
                mention=obj, corrected_by=_user(request), old=form.initial["sentiment"], new=obj.sentiment
            )
            obj.sentiment_corrected = True
        obj.url_key = dedup.url_key(obj.url)
        intake.analyse(obj)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: Any, change: bool) -> None:
        for response in formset.save(commit=False):
            if isinstance(response, Response) and response.recorded_by_id is None:
                response.recorded_by = _user(request)
            response.save()
        formset.save_m2m()
        for gone in formset.deleted_objects:
            gone.delete()
