"""Notifications: the outbox becomes one message per recipient per channel, sent by the worker to real local servers.

Only the network edge is stood in for, by real servers on 127.0.0.1 (tests/alerts/fake_servers.py): an HTTP server
playing the SMS gateway, the Zalo API and a webhook receiver, and an SMTP server (aiosmtpd). The outbox, the
deliveries, the worker and Django's SMTP backend are the real ones.
"""

import datetime
import email
import email.policy
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from time_machine import TimeMachineFixture

from alerts.models import Alert, Outbox, ProvinceRecipient
from alerts.records import PhoneCall
from alerts.worker import run_once
from delivery import sending
from delivery.channel_names import CHANNELS
from delivery.channels import Channel, get_channel
from delivery.message_defaults import create_defaults
from delivery.models import DeliveryAttempt, MessageDelivery, MessageTemplate, WebhookSubscription, ZaloRecipient
from delivery.phones import normalise_phone
from delivery.sending import backoff, retry
from delivery.worker import run_pass
from tests.alerts.conftest import START
from tests.alerts.fake_servers import (
    API_PORT,
    SMS_PORT,
    SMTP_PORT,
    Answer,
    Mail,
    ScriptedServer,
    http_server,
    smtp_server,
)
from tests.alerts.world import World, build_world

pytestmark = pytest.mark.django_db(transaction=True)  # the worker sends from its own threads and connections

FOCAL_EMAIL = "focal.ubnd-90001@example.org"
FOCAL_SMS = "842583822000"  # 0258 3822 000 in the gateway's international form
SECOND = datetime.timedelta(seconds=1)
MAIL_SETTINGS = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": SMTP_PORT, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False,
}  # fmt: skip


@pytest.fixture
def world(transactional_db: None, frozen_clock: TimeMachineFixture) -> World:
    create_defaults()  # a transactional test's flush removes the rows the migration loaded
    return build_world()


@pytest.fixture
def mails() -> Iterator[list[Mail]]:
    with smtp_server() as received, override_settings(**MAIL_SETTINGS):
        yield received


@pytest.fixture
def gateway() -> Iterator[ScriptedServer]:
    with (
        http_server(SMS_PORT) as server,
        override_settings(ALERTS_SMS_URL=f"{server.url}/sms/send", ALERTS_SMS_TOKEN="gateway-secret"),
    ):
        yield server


@pytest.fixture
def api() -> Iterator[ScriptedServer]:
    with http_server(API_PORT) as server:
        yield server


def forwarded(world: World) -> Alert:
    """Verify and forward an alert of ward A to its committee, whose focal person has an email and a phone."""
    alert = world.alert()
    alert.verify(world.users["operator"])
    alert.forward(world.users["operator"], world.ubnd_a, sector=world.utilities, message="Đề nghị xử lý ngay")
    return alert


def sms_bodies(server: ScriptedServer) -> list[dict[str, str]]:
    return [json.loads(request.body) for request in server.received]


def test_a_failing_sms_gateway_delays_sms_only_and_it_goes_exactly_once_when_back(
    world: World, mails: list[Mail], gateway: ScriptedServer, frozen_clock: TimeMachineFixture
) -> None:
    gateway.script = [Answer(500, b'{"error": "busy"}'), Answer(200, b'{"id": "sms-42"}')]
    alert = forwarded(world)
    sms = MessageDelivery.objects.get(channel="sms")
    assert (sms.address, sms.state) == (FOCAL_SMS, "pending")

    first = run_pass()

    assert [mail.rcpt_tos for mail in mails] == [[FOCAL_EMAIL]]  # email went despite the gateway
    assert (first.deliveries.sent, first.deliveries.retried, first.deliveries.down) == (1, 1, ["sms"])
    sms.refresh_from_db()
    assert (sms.state, sms.attempts, sms.next_attempt_at) == ("pending", 1, START + backoff(1))
    assert "HTTP 500" in sms.last_error

    run_pass()  # the retry is not due yet: the gateway is left alone
    assert len(gateway.received) == 1

    frozen_clock.move_to(START + backoff(1))
    run_pass()
    frozen_clock.shift(datetime.timedelta(hours=3))
    run_pass()

    assert len(gateway.received) == 2 and len(mails) == 1
    sent = sms_bodies(gateway)[-1]
    assert (sent["to"], sent["reference"]) == (FOCAL_SMS, f"ioc-delivery-{sms.pk}")
    assert f"#{alert.pk}" in sent["text"] and "Cây đổ chắn đường" in sent["text"]
    assert gateway.received[-1].headers["authorization"] == "Bearer gateway-secret"
    sms.refresh_from_db()
    assert (sms.state, sms.attempts, sms.provider_id) == ("sent", 2, "sms-42")
    log = list(DeliveryAttempt.objects.filter(delivery=sms).values_list("number", "outcome"))
    assert log == [(1, "retry"), (2, "sent")]
    assert Outbox.objects.get(pk=sms.outbox_id).sent_at == START + backoff(1)


def test_the_email_is_vietnamese_from_its_template_and_names_the_alert(world: World, mails: list[Mail]) -> None:
    alert = forwarded(world)

    run_pass()

    message = email.message_from_bytes(mails[0].content, policy=email.policy.default)
    assert str(message["Subject"]).strip().startswith("[IOC Khánh Hòa] ")
    body = message.get_content()
    assert "Kính gửi Focal of ubnd-90001," in body
    assert f"Cảnh báo số {alert.pk}: Cây đổ chắn đường" in body
    assert f"http://127.0.0.1:8000/alerts/{alert.pk}/" in body
    assert "Đề nghị đơn vị tiếp nhận và xử lý" in body
    assert message["Message-ID"] == f"<ioc-delivery-{MessageDelivery.objects.get(channel='email').pk}@khanhhoa.gov.vn>"


def test_an_edited_template_is_used_and_a_broken_one_is_refused(world: World) -> None:
    template = MessageTemplate.objects.get(audience="agency_focal", channel="email")
    template.body = "Xin chào {{ recipient_name }}: {{ subject }} ({{ units }})"
    template.save()

    forwarded(world)

    assert MessageDelivery.objects.get(channel="email").body.startswith("Xin chào Focal of ubnd-90001: Alert #")
    template.body = "{% if %}"
    with pytest.raises(ValidationError, match="syntax error"):
        template.full_clean()


def test_an_inactive_template_or_an_unconfigured_channel_sends_nothing_on_it(world: World) -> None:
    MessageTemplate.objects.filter(audience="agency_focal", channel="email").update(is_active=False)

    forwarded(world)  # no ALERTS_SMS_URL and no Zalo token in this test

    assert not MessageDelivery.objects.exists()
    assert Outbox.objects.filter(audience="agency_focal").count() == 1  # the notice itself is kept


def test_a_gateway_that_refuses_the_request_fails_it_for_good_without_retrying(
    world: World, gateway: ScriptedServer, frozen_clock: TimeMachineFixture
) -> None:
    gateway.script = [Answer(400, b'{"error": "invalid number"}')]
    forwarded(world)

    report = run_pass()
    frozen_clock.shift(datetime.timedelta(hours=2))
    run_pass()

    sms = MessageDelivery.objects.get(channel="sms")
    assert (report.deliveries.failed, sms.state, sms.attempts, len(gateway.received)) == (1, "failed", 1, 1)
    assert "invalid number" in sms.last_error


def test_an_unreachable_gateway_is_retried_and_the_admin_can_send_a_failed_message_again(
    world: World, gateway: ScriptedServer, frozen_clock: TimeMachineFixture
) -> None:
    forwarded(world)
    with override_settings(ALERTS_SMS_URL="http://127.0.0.1:9/nothing-listens-here", ALERTS_DELIVERY_MAX_ATTEMPTS=2):
        run_pass()
        frozen_clock.shift(backoff(1))
        run_pass()
    sms = MessageDelivery.objects.get(channel="sms")
    assert (sms.state, sms.attempts) == ("failed", 2)
    assert "unreachable" in sms.last_error

    assert retry(MessageDelivery.objects.all()) == 1
    run_pass()

    sms.refresh_from_db()
    assert (sms.state, sms.attempts, len(gateway.received)) == ("sent", 3, 1)


def test_zalo_goes_to_the_follower_of_the_contacts_phone(world: World, api: ScriptedServer) -> None:
    ZaloRecipient.objects.create(phone="0258 3822 000", user_id="zalo-user-7")
    api.script = [Answer(200, b'{"error": 0, "message": "Success", "data": {"message_id": "zm-1"}}')]
    with override_settings(ALERTS_ZALO_API_URL=f"{api.url}/v3.0/oa/message/cs", ALERTS_ZALO_ACCESS_TOKEN="oa-token"):
        forwarded(world)
        run_pass()

    zalo = MessageDelivery.objects.get(channel="zalo")
    assert (zalo.address, zalo.state, zalo.provider_id) == ("zalo-user-7", "sent", "zm-1")
    sent = json.loads(api.received[0].body)
    assert sent["recipient"] == {"user_id": "zalo-user-7"}
    assert sent["message"]["text"].startswith("IOC Khánh Hòa thông báo")
    assert api.received[0].headers["access_token"] == "oa-token"


def test_zalo_errors_in_a_200_answer_are_failures(world: World, api: ScriptedServer) -> None:
    ZaloRecipient.objects.create(phone="0258 3822 000", user_id="zalo-user-7")
    api.script = [Answer(200, b'{"error": -213, "message": "User has not followed OA"}')]
    with override_settings(ALERTS_ZALO_API_URL=f"{api.url}/oa", ALERTS_ZALO_ACCESS_TOKEN="oa-token"):
        forwarded(world)
        run_pass()

    zalo = MessageDelivery.objects.get(channel="zalo")
    assert (zalo.state, zalo.attempts) == ("failed", 1)
    assert "-213" in zalo.last_error


def test_webhooks_carry_the_notice_as_json_signed_with_hmac(world: World, api: ScriptedServer) -> None:
    secret = "shared-secret-of-the-receiver"
    WebhookSubscription.objects.create(name="Hệ thống 113", url=f"{api.url}/hook", secret=secret,
                                       audiences=["agency_focal"])  # fmt: skip
    alert = forwarded(world)
    world.alert(title="Không gửi", category="other")  # a new alert notifies nobody on this subscription

    run_pass()

    (request,) = api.received
    timestamp = request.headers["x-ioc-timestamp"]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256).hexdigest()
    assert request.headers["x-ioc-signature"] == f"sha256={expected}"
    payload = json.loads(request.body)
    assert (payload["audience"], payload["agency"], payload["alert"]["id"]) == ("agency_focal", "ubnd-90001", alert.pk)
    assert payload["alert"]["cap_url"].endswith(f"/api/v1/alerts/{alert.pk}/cap.xml")
    assert payload["event"]["kind"] == "forwarded"


def test_the_leader_hears_of_an_overdue_agency_step(
    world: World, mails: list[Mail], frozen_clock: TimeMachineFixture
) -> None:
    forwarded(world)
    frozen_clock.move_to(START + datetime.timedelta(hours=5))  # 4 hours to accept have passed

    run_pass()

    leader = [mail for mail in mails if mail.rcpt_tos == ["leader.ubnd-90001@example.org"]]
    assert len(leader) == 1
    message = email.message_from_bytes(leader[0].content, policy=email.policy.default)
    assert "overdue" in message["Subject"]
    assert "Đề nghị lãnh đạo đơn vị chỉ đạo xử lý" in message.get_content()


def test_urgent_cases_reach_the_province_leadership_by_every_channel(
    world: World, mails: list[Mail], gateway: ScriptedServer
) -> None:
    ProvinceRecipient.objects.create(audience="province_leadership", full_name="Phó Chủ tịch UBND tỉnh",
                                     email="pct@khanhhoa.gov.vn", phone="0905 111 222")  # fmt: skip
    ProvinceRecipient.objects.create(audience="operators", full_name="Trực ban IOC", email="trucban@khanhhoa.gov.vn")
    alert = world.alert(category="fire", title="Cháy chợ Xóm Mới")

    alert.verify(world.users["operator"])
    run_pass()

    leadership = MessageDelivery.objects.filter(outbox__audience="province_leadership")
    assert sorted(leadership.values_list("channel", "address", "state")) == [
        ("email", "pct@khanhhoa.gov.vn", "sent"), ("sms", "84905111222", "sent"),
    ]  # fmt: skip
    assert "Cháy chợ Xóm Mới" in sms_bodies(gateway)[0]["text"]
    assert [mail.rcpt_tos for mail in mails] == [["pct@khanhhoa.gov.vn"]]


def test_the_second_hourly_reminder_escalates_to_the_leader(world: World, frozen_clock: TimeMachineFixture) -> None:
    alert = world.alert(category="fire")
    alert.verify(world.users["operator"])
    alert.forward(world.users["operator"], world.pccc, sector=world.fire, message="Xuất quân ngay", reason="PCCC",
                  phone_call=PhoneCall(to="114"))  # fmt: skip
    for minutes in (61, 121):
        frozen_clock.move_to(START + datetime.timedelta(minutes=minutes))
        run_pass()

    reminders = alert.events.filter(kind="reminder").order_by("seq")
    assert [event.data["escalated"] for event in reminders] == [False, True]
    leader_notices = Outbox.objects.filter(alert=alert, audience="agency_leader", subject__contains="reminder")
    assert leader_notices.count() == 1
    assert leader_notices.get().recipients[0]["name"] == "Leader of pccc"


def test_channels_come_from_a_registry_of_classes() -> None:
    assert set(CHANNELS) == {"email", "sms", "zalo", "webhook"}
    assert all(isinstance(get_channel(name), Channel) for name in CHANNELS)
    with pytest.raises(KeyError, match="Unknown channel 'pigeon'"):
        get_channel("pigeon")
    with pytest.raises(NotImplementedError):
        Channel().send(MessageDelivery())


def test_phone_numbers_take_the_gateways_international_form() -> None:
    assert normalise_phone("0905 123 456") == "84905123456"
    assert normalise_phone("+84 905-123-456") == "84905123456"
    assert normalise_phone("113") is None
    assert normalise_phone("") is None


def test_backoff_doubles_up_to_its_cap() -> None:
    with override_settings(ALERTS_DELIVERY_RETRY_SECONDS=30, ALERTS_DELIVERY_RETRY_MAX_SECONDS=3600):
        assert [backoff(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_a_worker_pass_reads_the_templates_once_and_each_message_names_its_own_alerts_units(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    MessageTemplate.objects.filter(audience="operators", channel="email").update(body="{{ title }}: {{ units }}")
    ProvinceRecipient.objects.create(audience="operators", full_name="Trực ban IOC", email="trucban@khanhhoa.gov.vn")
    world.alert(title="Một phường")
    world.alert(title="Hai phường", geom=world.polygon_across())
    frozen_clock.move_to(START + datetime.timedelta(hours=5))  # both are past their deadline to verify

    with CaptureQueriesContext(connection) as queries:
        report = run_once()

    assert report.overdue == 2
    bodies = sorted(MessageDelivery.objects.filter(outbox__audience="operators").values_list("body", flat=True))
    assert bodies == ["Hai phường: Phường Thử A, Phường Thử B", "Một phường: Phường Thử A"]
    statements = [query["sql"] for query in queries.captured_queries]
    assert sum('FROM "alerts_messagetemplate"' in sql for sql in statements) == 1
    assert sum('FROM "alerts_provincerecipient"' in sql for sql in statements) == 1
    assert sum('FROM "alerts_webhooksubscription"' in sql for sql in statements) == 1


def test_a_delivery_another_worker_is_claiming_is_skipped_and_the_claim_reads_its_notice(world: World) -> None:
    forwarded(world)
    first = MessageDelivery.objects.filter(channel="email").order_by("next_attempt_at", "id").first()
    assert first is not None
    locked, release = threading.Event(), threading.Event()

    def other_worker() -> None:
        try:
            with transaction.atomic():
                MessageDelivery.objects.select_for_update().get(pk=first.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(10)
        claimed = sending._claim("email")
    finally:
        release.set()
        thread.join()

    assert claimed is None or claimed.pk != first.pk
    mine = sending._claim("email")
    assert mine is not None and mine.pk == first.pk and mine.claimed_until is not None
    with CaptureQueriesContext(connection) as queries:
        assert mine.outbox.alert_id is not None
    assert not queries.captured_queries  # the notice came with the claim
