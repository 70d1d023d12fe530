"""Reading external CAP 1.2 feeds (a national weather or disaster agency): each new message raises or changes an alert.

The worker polls each active CapFeed when its time has come (claimed by a conditional UPDATE, so two workers never
poll the same feed at once). A feed URL may serve one CAP message, or an Atom or RSS feed whose entries embed or
link them (links are followed only to the feed's own host). Every document is first parsed by defusedxml (no DTD,
no entities, no external references: entity tricks are refused before any expansion), then checked against the
OASIS CAP 1.2 schema by lxml with network and entities off. Whatever fails is refused with its reason in a
CapReceipt and the log, and changes nothing else.

An Alert message raises an alert (source cap_feed, external_ref cap:<sender>:<identifier>) located by its polygons,
circles or geocodes (unit codes) and routed as any other; an Update changes the alert its references name; a
Cancel records the source's cancellation on it (alerts.transitions.cancel_by_source). Messages not Actual
(Exercise, Test, System, Draft) are received and ignored.
"""

import datetime
import hashlib
import logging
import re
import urllib.error
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point, Polygon
from django.db import transaction
from django.utils import timezone
from lxml import etree

from alerts import cap, transitions
from alerts.cap_models import CapFeed, CapReceipt
from alerts.choices import Category, Severity, Source
from alerts.intake import AlertInput, raise_alert
from alerts.models import Alert
from core.errors import Conflict, InvalidInput
from core.fetch import FetchRefused
from core.fetch import fetch as safe_fetch
from gis_core.models import AdminUnit

logger = logging.getLogger(__name__)
NS = {"cap": cap.NS, "atom": "http://www.w3.org/2005/Atom"}
ACCEPT = "application/cap+xml, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.1"
KM_PER_DEGREE = 111.32
Outcome = CapReceipt.Outcome

CATEGORY = {
    "Geo": Category.DISASTER, "Met": Category.STORM, "Safety": Category.PUBLIC_ORDER,
    "Security": Category.PUBLIC_ORDER, "Rescue": Category.ACCIDENT, "Fire": Category.FIRE, "Health": Category.EPIDEMIC,
    "Env": Category.THRESHOLD, "Transport": Category.ACCIDENT, "Infra": Category.OTHER, "CBRNE": Category.DISASTER,
    "Other": Category.OTHER,
}  # fmt: skip
# The event's words decide between kinds CAP files under one category (a flood warning is "Met" too).
EVENT_WORDS = (
    (Category.FLOOD, ("lũ", "ngập", "flood")),
    (Category.STORM, ("bão", "áp thấp", "storm", "typhoon", "cyclone")),
    (Category.DISASTER, ("sạt lở", "landslide", "động đất", "earthquake", "sóng thần", "tsunami")),
)
SEVERITY = {"Extreme": Severity.EXTREME, "Severe": Severity.SEVERE, "Moderate": Severity.MODERATE,
            "Minor": Severity.MINOR}  # fmt: skip


class Refused(Exception):
    """A document that is not an acceptable CAP 1.2 message; the text says why."""


@dataclass
class PollReport:
    feed: str
    outcomes: dict[str, int] = field(default_factory=dict)
    error: str = ""

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


@dataclass
class CapMessage:
    """The parts of a CAP message that make an alert."""

    sender: str
    identifier: str
    sent: str
    status: str
    msg_type: str
    references: list[tuple[str, str]]
    event: str = ""
    headline: str = ""
    description: str = ""
    category: str = "Other"
    severity: str = "Unknown"
    urgency: str = ""
    certainty: str = ""
    effective: str = ""
    expires: str = ""
    area_desc: str = ""
    polygons: list[str] = field(default_factory=list)
    circles: list[str] = field(default_factory=list)
    geocodes: list[str] = field(default_factory=list)

    @property
    def external_ref(self) -> str:
        return f"cap:{self.sender}:{self.identifier}"[:200]


# ---- Polling ----------------------------------------------------------------------------------------------


def poll_due(limit: int = 20) -> list[PollReport]:
    """Poll every active feed whose time has come, each claimed so that only one worker reads it."""
    now = timezone.now()
    reports = []
    for feed in CapFeed.objects.filter(is_active=True, next_poll_at__lte=now).order_by("next_poll_at")[:limit]:
        claimed = CapFeed.objects.filter(pk=feed.pk, next_poll_at=feed.next_poll_at).update(
            next_poll_at=now + feed.poll_every
        )
        if claimed:
            reports.append(poll(feed))
    return reports


def poll(feed: CapFeed) -> PollReport:
    """Read a feed once and handle every document in it."""
    report = PollReport(feed=feed.name)
    try:
        body = _fetch(feed.url, feed)
    except (Refused, FetchRefused) as exc:
        report.error = str(exc)
        logger.warning("CAP feed %s (%s) not read: %s", feed.name, feed.url, exc)
    else:
        if body is not None:
            for source_url, document in _documents(feed, feed.url, body, report):
                outcome = receive(feed, source_url, document)
                if outcome is not None:
                    report.count(outcome)
    CapFeed.objects.filter(pk=feed.pk).update(
        last_polled_at=timezone.now(), last_outcome={"outcomes": report.outcomes, "error": report.error}
    )
    return report


def _fetch(url: str, feed: CapFeed | None = None, *, same_site: bool = False) -> bytes | None:
    """GET a URL (conditionally for the feed itself); None when unchanged since the last poll.

    Raise Refused when it cannot be read, FetchRefused when the safe fetcher will not go there.
    """
    headers = {"Accept": ACCEPT, "User-Agent": "IOC-KhanhHoa-CAP/1.0"}
    if feed is not None and feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed is not None and feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    limit = settings.ALERTS_CAP_MAX_BYTES
    try:
        answer = safe_fetch(
            url, max_bytes=limit, timeout=settings.ALERTS_SEND_TIMEOUT_SECONDS, headers=headers, same_site=same_site
        )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return None
        raise Refused(f"HTTP {exc.code} from {url}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise Refused(f"{url} unreachable: {getattr(exc, 'reason', exc)}") from None
    if feed is not None:
        CapFeed.objects.filter(pk=feed.pk).update(
            etag=answer.headers.get("ETag", "")[:200], last_modified=answer.headers.get("Last-Modified", "")[:100]
        )
    return answer.body


def _documents(feed: CapFeed, url: str, body: bytes, report: PollReport) -> list[tuple[str, bytes]]:
    """The CAP documents a body holds: itself, or the entries of an Atom/RSS feed (embedded or linked)."""
    try:
        root = _safe_root(body)
    except Refused as exc:
        _refuse(feed, url, body, str(exc))
        report.count(Outcome.REFUSED)
        return []
    if root.tag == f"{{{cap.NS}}}alert" or root.tag.endswith("}alert") or root.tag == "alert":
        return [(url, body)]
    documents: list[tuple[str, bytes]] = []
    entries = root.findall("atom:entry", NS) if root.tag == f"{{{NS['atom']}}}feed" else root.findall("channel/item")
    if root.tag not in (f"{{{NS['atom']}}}feed", "rss"):
        _refuse(feed, url, body, f"The document is neither a CAP message nor an Atom or RSS feed (root {root.tag}).")
        report.count(Outcome.REFUSED)
        return []
    for entry in entries:
        embedded = entry.find(".//cap:alert", NS)
        if embedded is not None:
            documents.append((url, SafeET.tostring(embedded, encoding="utf-8")))
            continue
        link = _entry_link(entry)
        if link is None:
            continue
        link = urljoin(url, link)
        if not _same_site(url, link):
            _refuse(feed, link, link.encode(), f"The entry links outside the feed's own site: {link[:200]}")
            report.count(Outcome.REFUSED)
            continue
        try:
            linked = _fetch(link, same_site=True)  # a redirect may not leave the feed's site either
        except FetchRefused as exc:
            _refuse(feed, link, link.encode(), exc.message)
            report.count(Outcome.REFUSED)
            continue
        except Refused as exc:
            report.error = str(exc)
            logger.warning("CAP feed %s: entry %s not read: %s", feed.name, link, exc)
            continue
        if linked is not None:
            documents.append((link, linked))
    return documents


def _same_site(feed_url: str, link: str) -> bool:
    """Entries are read only from the feed's own scheme family and host: a feed cannot send the worker elsewhere."""
    feed, target = urlsplit(feed_url), urlsplit(link)
    return target.scheme in ("http", "https") and (target.hostname, target.port) == (feed.hostname, feed.port)


def _entry_link(entry: Any) -> str | None:
    links = entry.findall("atom:link", NS)
    for wanted in ("application/cap+xml", "application/xml", "text/xml"):
        for link in links:
            if link.get("type", "").startswith(wanted) and link.get("href"):
                return str(link.get("href"))
    if links and links[0].get("href"):
        return str(links[0].get("href"))
    rss_link = entry.find("link")
    return rss_link.text.strip() if rss_link is not None and rss_link.text else None


def _safe_root(body: bytes) -> Any:
    """Parse with defusedxml: a DTD, an entity or an external reference is refused before anything expands."""
    try:
        return SafeET.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise Refused(f"Hostile XML refused ({type(exc).__name__}): {exc}") from None
    except SafeET.ParseError as exc:
        raise Refused(f"Not well-formed XML: {exc}") from None


# ---- One message ------------------------------------------------------------------------------------------


def receive(feed: CapFeed, source_url: str, document: bytes) -> str | None:
    """Check one CAP document and apply it; return the receipt's outcome, or None when already read."""
    sha256 = hashlib.sha256(document).hexdigest()
    if CapReceipt.objects.filter(feed=feed, sha256=sha256).exists():
        return None
    try:
        message = parse(document)
    except Refused as exc:
        _refuse(feed, source_url, document, str(exc))
        return Outcome.REFUSED
    known = CapReceipt.objects.filter(sender=message.sender, identifier=message.identifier).exclude(
        outcome=Outcome.REFUSED
    )
    if known.exists():
        return None  # the same message from another feed or entry
    try:
        with transaction.atomic():
            outcome, alert, reason = _apply(feed, message)
            _receipt(feed, source_url, sha256, message, outcome, reason, alert)
    except (InvalidInput, Conflict) as exc:
        _receipt(feed, source_url, sha256, message, Outcome.REFUSED, exc.message, None)
        logger.warning("CAP message %s from %s refused: %s", message.identifier, message.sender, exc.message)
        return Outcome.REFUSED
    return outcome


def parse(document: bytes) -> CapMessage:
    """Check a document against the CAP 1.2 schema and read the parts an alert needs; raise Refused otherwise."""
    root = _safe_root(document)
    if root.tag != f"{{{cap.NS}}}alert":
        raise Refused(f"Not a CAP 1.2 message: the root element is {root.tag}, not {{{cap.NS}}}alert.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.fromstring(document, parser)
    except etree.XMLSyntaxError as exc:
        raise Refused(f"Not well-formed XML: {exc}") from None
    schema = _schema()
    if not schema.validate(tree):
        error = schema.error_log.last_error
        raise Refused(f"Does not follow the CAP 1.2 schema (line {error.line}): {error.message}")
    return _read(tree)


@cache
def _schema() -> Any:
    return etree.XMLSchema(etree.parse(str(cap.SCHEMA), etree.XMLParser(no_network=True, resolve_entities=False)))


def _read(tree: Any) -> CapMessage:
    def text(node: Any, path: str) -> str:
        found = node.find(path, NS)
        return (found.text or "").strip() if found is not None else ""

    references = []
    for item in text(tree, "cap:references").split():
        parts = item.split(",")
        if len(parts) >= 2:
            references.append((parts[0], parts[1]))
    message = CapMessage(
        sender=text(tree, "cap:sender"), identifier=text(tree, "cap:identifier"), sent=text(tree, "cap:sent"),
        status=text(tree, "cap:status"), msg_type=text(tree, "cap:msgType"), references=references,
    )  # fmt: skip
    info = _info(tree)
    if info is None:
        return message
    message.event, message.headline = text(info, "cap:event"), text(info, "cap:headline")
    message.description, message.category = text(info, "cap:description"), text(info, "cap:category")
    message.severity, message.urgency = text(info, "cap:severity"), text(info, "cap:urgency")
    message.certainty, message.effective = text(info, "cap:certainty"), text(info, "cap:effective")
    message.expires = text(info, "cap:expires")
    areas = info.findall("cap:area", NS)
    message.area_desc = "; ".join(text(area, "cap:areaDesc") for area in areas)
    for area in areas:
        message.polygons += [(node.text or "").strip() for node in area.findall("cap:polygon", NS)]
        message.circles += [(node.text or "").strip() for node in area.findall("cap:circle", NS)]
        message.geocodes += [text(node, "cap:value") for node in area.findall("cap:geocode", NS)]
    return message


def _info(tree: Any) -> Any:
    """The Vietnamese info block if there is one, else the first."""
    blocks = tree.findall("cap:info", NS)
    for block in blocks:
        language = block.find("cap:language", NS)
        if language is not None and (language.text or "").strip().lower().startswith("vi"):
            return block
    return blocks[0] if blocks else None


def _apply(feed: CapFeed, message: CapMessage) -> tuple[str, Alert | None, str]:
    if message.status != "Actual":
        return Outcome.IGNORED, None, f"Status {message.status}: not an actual alert."
    if message.msg_type in ("Ack", "Error"):
        return Outcome.IGNORED, None, f"A {message.msg_type} message raises no alert."
    original = _referenced_alert(message)
    if message.msg_type == "Cancel":
        if original is None:
            return Outcome.IGNORED, None, "It cancels a message this platform never received."
        event = transitions.cancel_by_source(original, message.description or message.headline, message.identifier)
        return Outcome.CANCELLED, original, "" if event else "The alert had already ended."
    data = _alert_input(feed, message)
    if message.msg_type == "Update" and original is not None:
        data.external_ref = original.external_ref
        alert, _created = raise_alert(data)
        return Outcome.UPDATED, alert, ""
    alert, created = raise_alert(data)
    return (Outcome.CREATED if created else Outcome.UPDATED), alert, ""


def _referenced_alert(message: CapMessage) -> Alert | None:
    for sender, identifier in reversed(message.references):
        receipt = (
            CapReceipt.objects.filter(sender=sender, identifier=identifier, alert__isnull=False)
            .select_related("alert")
            .first()
        )
        if receipt is not None:
            return receipt.alert
    return None


def _alert_input(feed: CapFeed, message: CapMessage) -> AlertInput:
    geom = _geometry(message)
    if geom is None:
        raise InvalidInput(
            "The message locates nothing in the province: no polygon, circle or geocode naming one of its units."
        )
    details = {
        "cap": {
            "sender": message.sender, "identifier": message.identifier, "sent": message.sent,
            "msg_type": message.msg_type, "event": message.event, "urgency": message.urgency,
            "certainty": message.certainty, "expires": message.expires, "area": message.area_desc,
        }
    }  # fmt: skip
    return AlertInput(
        title=(message.headline or message.event or message.identifier)[:300], source=Source.CAP_FEED,
        category=_category(message), severity=SEVERITY.get(message.severity, Severity.MODERATE), sector=feed.sector,
        geom=geom, description=message.description, details=details, external_ref=message.external_ref,
        observed_at=_instant(message.effective) or _instant(message.sent),
    )  # fmt: skip


def _category(message: CapMessage) -> str:
    words = f"{message.event} {message.headline}".lower()
    for category, keywords in EVENT_WORDS:
        if any(keyword in words for keyword in keywords):
            return category
    return CATEGORY.get(message.category, Category.OTHER)


def _geometry(message: CapMessage) -> GEOSGeometry | None:
    """The union of the message's polygons, circles and geocoded units, in EPSG:4326."""
    parts: list[Any] = []
    for text in message.polygons:
        parts.append(_polygon(text))
    for text in message.circles:
        parts.append(_circle(text))
    codes = [code for code in message.geocodes if code]
    for unit in AdminUnit.objects.filter(code__in=codes):
        parts.extend(unit.geom)
    if not parts:
        return None
    union = MultiPolygon(parts, srid=4326).unary_union
    return union if union.valid else union.buffer(0)


def _polygon(text: str) -> GEOSGeometry:
    pairs = [pair.split(",") for pair in text.split()]
    try:
        ring = [(float(lon), float(lat)) for lat, lon in pairs]
        polygon = Polygon(ring, srid=4326)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(f"The polygon '{text[:80]}' is not 'lat,lon' pairs forming a closed ring: {exc}") from None
    return polygon if polygon.valid else polygon.buffer(0)


def _circle(text: str) -> GEOSGeometry:
    match = re.fullmatch(r"\s*(-?[\d.]+),(-?[\d.]+)\s+([\d.]+)\s*", text)
    if match is None:
        raise InvalidInput(f"The circle '{text[:80]}' is not 'lat,lon radius_km'.")
    lat, lon, radius = (float(value) for value in match.groups())
    # Degrees of latitude; near 12° N a degree of longitude is 2 % shorter, close enough to route by unit.
    return Point(lon, lat, srid=4326).buffer(max(radius, 0.05) / KM_PER_DEGREE)


def _instant(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _receipt(
    feed: CapFeed, url: str, sha256: str, message: CapMessage | None, outcome: str, reason: str, alert: Alert | None
) -> CapReceipt:
    return CapReceipt.objects.create(
        feed=feed, received_at=timezone.now(), source_url=url[:500], sha256=sha256,
        sender=message.sender[:200] if message else "", identifier=message.identifier[:200] if message else "",
        sent=message.sent[:40] if message else "", msg_type=message.msg_type[:20] if message else "",
        outcome=outcome, reason=reason, alert=alert,
    )  # fmt: skip


def _refuse(feed: CapFeed, url: str, document: bytes, reason: str) -> None:
    sha256 = hashlib.sha256(document).hexdigest()
    logger.warning("CAP document from %s refused: %s", url, reason)
    if not CapReceipt.objects.filter(feed=feed, sha256=sha256).exists():  # the same bad document, logged once
        _receipt(feed, url, sha256, None, Outcome.REFUSED, reason, None)


def poll_now(feeds: Any) -> int:
    """Make feeds due at the worker's next pass (the admin's action)."""
    return int(feeds.filter(is_active=True).update(next_poll_at=timezone.now()))
