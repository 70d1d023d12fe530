"""The channels that carry alert messages, registered by name in delivery.channel_names.

Email goes through Django's mail backend (SMTP in production), SMS through the carrier gateway's HTTP API, Zalo
through the Official Account's message API, webhooks as JSON signed with HMAC-SHA256. A channel's send() either
returns Sent or raises TransientFailure (the worker retries later: the network, a 5xx, a timeout) or
PermanentFailure (retrying cannot help: a refused address, a 4xx). Only send() touches the network.
"""

import base64
import functools
import hashlib
import hmac
import json
import smtplib
import time
import urllib.error
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from core import registry
from core.fetch import FetchRefused, fetch
from delivery.channel_names import CHANNELS
from delivery.models import MessageDelivery, ZaloRecipient
from delivery.phones import normalise_phone

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
MAX_RESPONSE_BYTES = 64 * 1024
# HTTP statuses worth retrying; every other 4xx is the request's own fault.
RETRY_STATUSES = frozenset({408, 425, 429})
# Zalo OA error codes that retrying cannot fix: bad parameters, user not a follower, user silent for too long.
ZALO_PERMANENT_ERRORS = frozenset({-201, -213, -230})
ZALO_TEXT_LIMIT = 2000


class SendFailed(Exception):
    """The message did not go; the text says why (it is logged on the delivery's attempt)."""


class TransientFailure(SendFailed):
    """The channel or the network failed; the same message may go later."""


class PermanentFailure(SendFailed):
    """The message can never go as it is (address refused, request refused)."""


@dataclass(frozen=True)
class Sent:
    provider_id: str = ""
    detail: str = ""


class Channel:
    """One way of sending; subclasses answer every method."""

    name: str

    def is_configured(self) -> bool:
        """Whether the settings let this channel send at all; unconfigured channels get no deliveries."""
        raise NotImplementedError

    def address_of(self, recipient: dict[str, str]) -> str | None:
        """The recipient's address on this channel (from the outbox snapshot), or None when they have none."""
        raise NotImplementedError

    def send(self, delivery: MessageDelivery) -> Sent:
        """Send one delivery; raise TransientFailure or PermanentFailure when it did not go."""
        raise NotImplementedError


@functools.cache
def get_channel(name: str) -> Channel:
    """Return the channel registered under a name."""
    return registry.load_class(CHANNELS, name, Channel, "channel")()


# ---- Email ------------------------------------------------------------------------------------------------


class EmailChannel(Channel):
    """Email through Django's mail backend; a quick report travels as a PDF attachment."""

    name = "email"

    def is_configured(self) -> bool:
        return bool(settings.EMAIL_HOST) or settings.EMAIL_BACKEND != SMTP_BACKEND

    def address_of(self, recipient: dict[str, str]) -> str | None:
        return recipient.get("email") or None

    def send(self, delivery: MessageDelivery) -> Sent:
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
        message_id = f"<{delivery.key}@{domain}>"  # the same on a resend, so mail clients show it once
        message = EmailMessage(
            subject=delivery.subject, body=delivery.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[delivery.address],
            headers={"Message-ID": message_id, "X-IOC-Delivery": delivery.key},
        )  # fmt: skip
        report = delivery.outbox.report
        if report is not None:
            with report.file.open("rb") as pdf:
                message.attach(report.filename, pdf.read(), "application/pdf")
        try:
            with get_connection(fail_silently=False, timeout=settings.ALERTS_SEND_TIMEOUT_SECONDS) as connection:
                connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _text in exc.recipients.values()]
            failure = PermanentFailure if all(code >= 500 for code in codes) else TransientFailure
            raise failure(f"SMTP refused the recipient: {exc.recipients}") from None
        except smtplib.SMTPResponseException as exc:
            failure = PermanentFailure if exc.smtp_code >= 500 else TransientFailure
            raise failure(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise TransientFailure(f"SMTP server unreachable: {exc}") from None
        return Sent(provider_id=message_id)


# ---- HTTP -------------------------------------------------------------------------------------------------


def http_post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    """POST and return the status and the start of the answer; raise TransientFailure/PermanentFailure on failure."""
    try:
        # A gateway that redirects a POST is misconfigured: report it, do not follow.
        answer = fetch(url, method="POST", data=body, headers=headers, max_bytes=MAX_RESPONSE_BYTES,
                       timeout=settings.ALERTS_SEND_TIMEOUT_SECONDS, follow_redirects=False, truncate=True)  # fmt: skip
        return answer.status, answer.body
    except FetchRefused as exc:
        raise PermanentFailure(exc.message) from None
    except urllib.error.HTTPError as exc:
        answer_text = exc.read(MAX_RESPONSE_BYTES).decode("utf-8", "replace")[:300]
        failure = TransientFailure if exc.code >= 500 or exc.code in RETRY_STATUSES else PermanentFailure
        raise failure(f"HTTP {exc.code} from {url}: {answer_text}") from None
    except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as exc:
        raise TransientFailure(f"{url} unreachable: {getattr(exc, 'reason', exc)}") from None


def _json_answer(raw: bytes) -> dict[str, Any]:
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


# ---- SMS --------------------------------------------------------------------------------------------------


class SmsGatewayChannel(Channel):
    """SMS through a carrier's brand-name gateway: POST JSON {to, from, text, reference} to ALERTS_SMS_URL."""

    name = "sms"

    def is_configured(self) -> bool:
        return bool(settings.ALERTS_SMS_URL)

    def address_of(self, recipient: dict[str, str]) -> str | None:
        return normalise_phone(recipient.get("phone"))

    def send(self, delivery: MessageDelivery) -> Sent:
        payload = {"to": delivery.address, "from": settings.ALERTS_SMS_SENDER, "text": delivery.body,
                   "reference": delivery.key}  # fmt: skip
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if settings.ALERTS_SMS_TOKEN:
            headers["Authorization"] = f"Bearer {settings.ALERTS_SMS_TOKEN}"
        elif settings.ALERTS_SMS_USERNAME:
            pair = f"{settings.ALERTS_SMS_USERNAME}:{settings.ALERTS_SMS_PASSWORD}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        status, raw = http_post(settings.ALERTS_SMS_URL, json.dumps(payload, ensure_ascii=False).encode(), headers)
        answer = _json_answer(raw)
        return Sent(provider_id=str(answer.get("id") or answer.get("message_id") or ""), detail=f"HTTP {status}")


# ---- Zalo -------------------------------------------------------------------------------------------------


class ZaloChannel(Channel):
    """A text message from the province's Zalo Official Account to a follower (OA API v3, user id from phone)."""

    name = "zalo"

    def is_configured(self) -> bool:
        return bool(settings.ALERTS_ZALO_ACCESS_TOKEN)

    def address_of(self, recipient: dict[str, str]) -> str | None:
        phone = normalise_phone(recipient.get("phone"))
        if phone is None:
            return None
        return ZaloRecipient.objects.filter(phone=phone).values_list("user_id", flat=True).first()

    def send(self, delivery: MessageDelivery) -> Sent:
        payload = {"recipient": {"user_id": delivery.address}, "message": {"text": delivery.body[:ZALO_TEXT_LIMIT]}}
        headers = {"Content-Type": "application/json", "access_token": settings.ALERTS_ZALO_ACCESS_TOKEN}
        status, raw = http_post(settings.ALERTS_ZALO_API_URL, json.dumps(payload, ensure_ascii=False).encode(), headers)
        answer = _json_answer(raw)
        error = answer.get("error")
        if error != 0:
            # Zalo answers HTTP 200 with its own error code; an expired token (-216) is retried once renewed.
            failure = PermanentFailure if error in ZALO_PERMANENT_ERRORS else TransientFailure
            raise failure(f"Zalo error {error}: {answer.get('message', raw[:200].decode('utf-8', 'replace'))}")
        data: dict[str, Any] = answer["data"] if isinstance(answer.get("data"), dict) else {}
        return Sent(provider_id=str(data.get("message_id", "")), detail=f"HTTP {status}")


# ---- Webhooks ---------------------------------------------------------------------------------------------


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The X-IOC-Signature of a webhook body: sha256=HMAC-SHA256(secret, "<timestamp>." + body), hex."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class WebhookChannel(Channel):
    """The notice as JSON to a subscribed system; the timestamp is signed too, so an old body cannot be replayed."""

    name = "webhook"

    def is_configured(self) -> bool:
        return True  # each WebhookSubscription row is its own configuration

    def address_of(self, recipient: dict[str, str]) -> str | None:
        return None  # systems subscribe; people are not addressed by webhook

    def send(self, delivery: MessageDelivery) -> Sent:
        if delivery.subscription is None:
            raise PermanentFailure("This webhook delivery has lost its subscription.")
        body = delivery.body.encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-IOC-Delivery": delivery.key,
            "X-IOC-Timestamp": timestamp,
            "X-IOC-Signature": signature(delivery.subscription.secret, timestamp, body),
        }
        status, _raw = http_post(delivery.address, body, headers)
        return Sent(detail=f"HTTP {status}")
