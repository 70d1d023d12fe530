"""Admin of delivery: messages and their attempts read-only (failed ones can be sent again), the messages of each
outbox notice (an inline on alerts' outbox), message templates, Zalo followers and webhook subscriptions."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_access import RecordsAdminMixin, RoleAdminMixin
from accounts.permissions import has_permission
from alerts.api import Alert
from delivery import sending
from delivery.models import DeliveryAttempt, MessageDelivery, MessageTemplate, WebhookSubscription, ZaloRecipient


class VisibleMessagesMixin(RecordsAdminMixin):
    """Messages of alerts, viewable by IOC staff and only for alerts the user may see; never edited here."""

    view_permission = "alerts.operate"
    change_permission = "alerts.operate"
    # How a row reaches its alert: messages of alerts the user may not see (restricted ones) are left out.
    alert_path = "outbox__alert"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        hidden = Alert.objects.exclude(pk__in=Alert.objects.visible_to(request.user).values("pk"))
        return queryset.exclude(**{f"{self.alert_path}__in": hidden})


class DeliveryInline(VisibleMessagesMixin, admin.TabularInline):
    model = MessageDelivery
    fields = ("channel", "recipient_name", "address", "state", "attempts", "next_attempt_at", "sent_at", "last_error")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


class DeliveryAttemptInline(VisibleMessagesMixin, admin.TabularInline):
    model = DeliveryAttempt
    alert_path = "delivery__outbox__alert"
    fields = ("number", "at", "outcome", "detail", "duration_ms")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(MessageDelivery)
class DeliveryAdmin(VisibleMessagesMixin, admin.ModelAdmin):
    list_display = ("id", "channel", "recipient_name", "address", "state", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("state", "channel")
    search_fields = ("address", "recipient_name", "subject", "body", "last_error")
    inlines = (DeliveryAttemptInline,)
    actions = ("send_again",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in MessageDelivery._meta.get_fields() if field.concrete]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and has_permission(request.user, "alerts.operate")  # the list's action, not the form

    @admin.action(description=_("Send the selected failed messages again"), permissions=["change"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[MessageDelivery]) -> None:
        count = sending.retry(queryset)
        message = ngettext("%(count)d message will be sent again.", "%(count)d messages will be sent again.", count)
        self.message_user(request, message % {"count": count})


class DeliverySettingsAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_permission = "alerts.operate"
    change_permission = "alerts.manage_rules"


@admin.register(MessageTemplate)
class MessageTemplateAdmin(DeliverySettingsAdmin):
    list_display = ("audience", "channel", "subject", "is_active")
    list_filter = ("audience", "channel", "is_active")


@admin.register(ZaloRecipient)
class ZaloRecipientAdmin(DeliverySettingsAdmin):
    list_display = ("phone", "user_id", "display_name")
    search_fields = ("phone", "user_id", "display_name")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(DeliverySettingsAdmin):
    list_display = ("name", "url", "is_active")
    list_filter = ("is_active",)
