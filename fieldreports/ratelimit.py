"""Abuse limits on new reports: so many per network address an hour and per contact a day.

Counters live in the cache named by FIELDREPORTS_RATE_CACHE (Redis in production, shared by every web worker),
in fixed windows. Keys hold a keyed hash of the address or contact, never the value itself. A submission
reserves its place in every counter at once; if any is full, nothing is counted and the reporter is told when
to try again; if writing the report then fails, the reservation is given back.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import IOCError

if TYPE_CHECKING:
    from fieldreports.models import Open311Client
    from fieldreports.submission import Contact

HOUR, DAY = 3600, 86400


class RateLimited(IOCError):
    """Too many reports from one address or one contact; retry_after says in how many seconds."""

    status = 429
    code = "rate_limited"


@dataclass(frozen=True)
class Bucket:
    """One counter: what it counts (hashed), how many it allows, over what window, and the refusal."""

    name: str
    identity: str
    limit: int
    window: int
    message: str

    def key(self, now: float) -> str:
        digest = hmac.new(settings.SECRET_KEY.encode(), f"{self.name}:{self.identity}".encode(), hashlib.sha256)
        return f"fieldreports:rate:{self.name}:{digest.hexdigest()[:32]}:{int(now // self.window)}"

    def retry_after(self, now: float) -> int:
        return int(self.window - now % self.window) + 1


@dataclass
class Reservation:
    """The counters a submission took; release() gives them back when the report could not be written."""

    keys: list[str] = field(default_factory=list)

    def release(self) -> None:
        cache = caches[settings.FIELDREPORTS_RATE_CACHE]
        for key in self.keys:
            cache.decr(key)
        self.keys = []


def buckets(ip: str, contact: "Contact", client: "Open311Client | None") -> list[Bucket]:
    """The counters a report from this address and contact falls into."""
    found = []
    if ip and not (client is not None and client.shared_address):
        found.append(Bucket("ip", ip, settings.FIELDREPORTS_RATE_PER_IP_PER_HOUR, HOUR, _(
            "Too many reports from your network in the last hour (limit %(limit)d). Try again in %(minutes)d "
            "minutes; for an emergency call 112, 113, 114 or 115.")))  # fmt: skip
    per_contact = settings.FIELDREPORTS_RATE_PER_CONTACT_PER_DAY
    message = _("Too many reports with the same contact details today (limit %(limit)d). Try again in "
                "%(minutes)d minutes, or add to one of your earlier reports by phone.")  # fmt: skip
    scope = f"client{client.pk}:" if client is not None else ""
    for name, identity in _contact_identities(contact):
        local = name in ("device_id", "account_id")  # only meaningful inside one client application
        found.append(Bucket(name, f"{scope if local else ''}{identity}", per_contact, DAY, message))
    return found


def _contact_identities(contact: "Contact") -> list[tuple[str, str]]:
    identities = []
    phone = re.sub(r"\D", "", contact.phone)
    if phone.startswith("84") and len(phone) > 9:
        phone = "0" + phone[2:]  # +84 258… and 0258… are the same number
    if phone:
        identities.append(("phone", phone))
    if contact.email:
        identities.append(("email", contact.email.strip().lower()))
    for name in ("device_id", "account_id"):
        value = getattr(contact, name).strip()
        if value:
            identities.append((name, value))
    return identities


def reserve(wanted: list[Bucket]) -> Reservation:
    """Count the submission in every bucket, or in none and raise RateLimited."""
    cache = caches[settings.FIELDREPORTS_RATE_CACHE]
    now = timezone.now().timestamp()
    reservation = Reservation()
    for bucket in wanted:
        key = bucket.key(now)
        cache.add(key, 0, timeout=bucket.window + 60)
        count = cache.incr(key)
        reservation.keys.append(key)
        if count > bucket.limit:
            reservation.release()
            minutes = max(1, bucket.retry_after(now) // 60)
            raise RateLimited(
                bucket.message % {"limit": bucket.limit, "minutes": minutes},
                retry_after=bucket.retry_after(now), limit=bucket.name,
            )  # fmt: skip
    return reservation
