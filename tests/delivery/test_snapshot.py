"""The seam between alerts and delivery: messages are rendered from the Outbox row's snapshot, never from the alert."""

import importlib
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.models import Role
from alerts.models import Alert, Outbox
from delivery import planning
from delivery.models import MessageDelivery, WebhookSubscription
from tests.agencies.factories import make_user
from tests.alerts.world import World

pytestmark = pytest.mark.django_db
MOVED = importlib.import_module("alerts.migrations.0010_delivery_moves_out")
ALERT_TABLES = ('"alerts_alert"', '"alerts_alertevent"', '"alerts_alert_units"', '"agencies_agency"')


def forwarded(world: World) -> Alert:
    """Verify and forward an alert of ward A to its committee, whose focal person has an email."""
    alert = world.alert(title="Cây đổ chắn đường")
    alert.verify(world.users["operator"])
    alert.forward(world.users["operator"], world.ubnd_a, sector=world.utilities, message="Đề nghị xử lý ngay")
    return alert


def test_the_outbox_row_keeps_the_alerts_words_in_the_sites_language_as_of_queueing(world: World) -> None:
    alert = forwarded(world)

    snapshot = Outbox.objects.get(alert=alert, audience="agency_focal").snapshot

    with translation.override(settings.LANGUAGE_CODE):
        state = str(alert.get_state_display())
    assert state != alert.state  # the display word, not the stored value
    assert snapshot["context"]["title"] == "Cây đổ chắn đường" and snapshot["context"]["state"] == state
    assert snapshot["context"]["link"] == f"http://127.0.0.1:8000/alerts/{alert.pk}/"
    assert snapshot["webhook"]["alert"]["cap_url"] == f"http://127.0.0.1:8000/api/v1/alerts/{alert.pk}/cap.xml"
    assert snapshot["webhook"]["agency"] == "ubnd-90001"


def test_an_alert_edited_after_queueing_does_not_change_the_message(world: World) -> None:
    alert = forwarded(world)
    outbox = Outbox.objects.get(alert=alert, audience="agency_focal")
    sent_before = MessageDelivery.objects.get(outbox=outbox, channel="email").body
    Alert.objects.filter(pk=alert.pk).update(title="Tiêu đề đã sửa")
    MessageDelivery.objects.filter(outbox=outbox).delete()
    outbox = Outbox.objects.get(pk=outbox.pk)

    planning.plan(outbox)

    body = MessageDelivery.objects.get(outbox=outbox, channel="email").body
    assert body == sent_before
    assert "Cây đổ chắn đường" in body and "Tiêu đề đã sửa" not in body


def test_planning_reads_neither_the_alert_nor_its_events_nor_agencies(world: World) -> None:
    WebhookSubscription.objects.create(name="Hệ thống 113", url="http://127.0.0.1:9/hook", secret="s")
    alert = forwarded(world)
    outbox = Outbox.objects.get(alert=alert, audience="agency_focal")
    MessageDelivery.objects.filter(outbox=outbox).delete()
    outbox = Outbox.objects.get(pk=outbox.pk)

    with CaptureQueriesContext(connection) as queries:
        planned = planning.plan(outbox)

    assert {delivery.channel for delivery in planned} == {"email", "webhook"}
    statements = [query["sql"] for query in queries.captured_queries]
    assert statements and not [sql for sql in statements if any(table in sql for table in ALERT_TABLES)]
    payload = json.loads(next(delivery.body for delivery in planned if delivery.channel == "webhook"))
    assert payload["alert"]["id"] == alert.pk and payload["alert"]["title"] == "Cây đổ chắn đường"
    assert payload["agency"] == "ubnd-90001" and payload["event"]["kind"] == "forwarded"


def test_moving_the_models_keeps_the_permissions_granted_on_them() -> None:
    content_type = ContentType.objects.get(app_label="delivery", model="messagedelivery")
    group = Group.objects.create(name="Trực ban")
    group.permissions.add(Permission.objects.get(content_type=content_type, codename="view_messagedelivery"))
    user = make_user("truc-ban", Role.OPERATOR)
    user.groups.add(group)
    MOVED.backward(apps, None)  # as before the move: the content type was alerts'
    ContentType.objects.clear_cache()
    assert ContentType.objects.get(pk=content_type.pk).app_label == "alerts"

    MOVED.forward(apps, None)
    ContentType.objects.clear_cache()

    assert ContentType.objects.get(pk=content_type.pk).app_label == "delivery"
    fresh = type(user).objects.get(pk=user.pk)
    assert fresh.has_perm("delivery.view_messagedelivery")
    assert group.permissions.filter(codename="view_messagedelivery", content_type__app_label="delivery").exists()
