"""Camera events (service 13): a detection with a snapshot becomes an alert; the same event sent again (a newer
snapshot) updates that alert, whose details always point at the latest snapshot for the operator.
"""

import base64
import binascii
import dataclasses
import datetime
import io
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from agencies.models import Sector
from alerts.api import AlertInput, Category, Severity, Source, raise_alert
from core.errors import Conflict, InvalidInput
from iot import observers
from iot.models import CameraEvent, Device
from iot.payloads import LOCAL

CATEGORY: dict[str, str] = {
    CameraEvent.Kind.FIRE: Category.FIRE,
    CameraEvent.Kind.SMOKE: Category.FIRE,
    CameraEvent.Kind.FLOOD: Category.FLOOD,
    CameraEvent.Kind.LANDSLIDE: Category.DISASTER,
    CameraEvent.Kind.ACCIDENT: Category.ACCIDENT,
    CameraEvent.Kind.CROWD: Category.PUBLIC_ORDER,
    CameraEvent.Kind.INTRUSION: Category.CRIME,
    CameraEvent.Kind.TRAFFIC_JAM: Category.TRAFFIC,
}
# Kinds a sector service handles: the alert carries the sector (agencies.Sector code) so routing proposes its agency.
SECTOR: dict[str, str] = {
    CameraEvent.Kind.ACCIDENT: "traffic",
    CameraEvent.Kind.TRAFFIC_JAM: "traffic",
}
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclasses.dataclass
class EventInput:
    """A camera event as posted."""

    event_id: str
    kind: str
    at: datetime.datetime
    snapshot: bytes
    confidence: float | None = None
    description: str = ""
    severity: str = Severity.MODERATE


def read_event(fields: dict[str, Any], snapshot: bytes | None) -> EventInput:
    """Check the posted fields (form fields or JSON; the snapshot as a file or in base64 'snapshot_base64')."""
    event_id = fields.get("event_id")
    if not isinstance(event_id, str) or not event_id.strip() or len(event_id) > 100:
        raise InvalidInput(_("'event_id' is required: the event's identifier in your system (at most 100 characters)."))
    kind = fields.get("kind")
    if kind not in CameraEvent.Kind.values:
        raise InvalidInput(_("'kind' must be one of: %(allowed)s.") % {"allowed": ", ".join(CameraEvent.Kind.values)})
    at = _instant(fields.get("at"))
    confidence = fields.get("confidence")
    if confidence in (None, ""):
        confidence = None
    else:
        try:
            confidence = float(confidence)
        except (TypeError, ValueError):
            confidence = -1.0
        if not 0 <= confidence <= 1:
            raise InvalidInput(_("'confidence' is a number from 0 to 1."))
    severity = fields.get("severity") or Severity.MODERATE
    if severity not in Severity.values:
        raise InvalidInput(_("'severity' must be one of: %(allowed)s.") % {"allowed": ", ".join(Severity.values)})
    if snapshot is None and fields.get("snapshot_base64"):
        try:
            snapshot = base64.b64decode(str(fields["snapshot_base64"]), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(_("'snapshot_base64' is not valid base64.")) from None
    if not snapshot:
        raise InvalidInput(_("Attach the snapshot: a JPEG, PNG or WebP file in 'snapshot'."))
    description = fields.get("description") or ""
    return EventInput(event_id.strip(), kind, at, snapshot, confidence, str(description)[:2000], severity)


def _instant(value: object) -> datetime.datetime:
    from django.utils.dateparse import parse_datetime

    at = parse_datetime(value.strip()) if isinstance(value, str) else None
    if at is None:
        raise InvalidInput(_("'at' is required: when the event was detected, ISO 8601 (2026-02-13T09:00:00+07:00)."))
    if at.tzinfo is None:
        at = at.replace(tzinfo=LOCAL)
    if at > timezone.now() + datetime.timedelta(seconds=settings.IOT_MAX_CLOCK_SKEW_SECONDS):
        raise InvalidInput(_("'at' (%(at)s) is in the future; check the camera's clock.") % {"at": at.isoformat()})
    return at


def image_extension(data: bytes) -> str:
    """The file extension of a snapshot, after checking its content is an image of an accepted kind and size."""
    if len(data) > settings.IOT_SNAPSHOT_MAX_BYTES:
        raise InvalidInput(
            _("The snapshot has %(size)d bytes; the limit is %(limit)d.")
            % {"size": len(data), "limit": settings.IOT_SNAPSHOT_MAX_BYTES}
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind = image.format or ""
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidInput(_("The snapshot is not a readable image; send a JPEG, PNG or WebP file.")) from None
    if kind not in IMAGE_FORMATS:
        raise InvalidInput(_("Snapshots are JPEG, PNG or WebP, not %(kind)s.") % {"kind": kind})
    return IMAGE_FORMATS[kind]


def record(device: Device, event: EventInput) -> tuple[CameraEvent, bool]:
    """Store the event and raise (or update) its alert; return the event and whether the alert is new."""
    if device.kind != Device.Kind.CAMERA:
        raise InvalidInput(_("Device '%(code)s' is not a camera.") % {"code": device.code})
    if device.status == Device.Status.RETIRED:
        raise Conflict(_("Device '%(code)s' is retired; it cannot report events.") % {"code": device.code})
    extension = image_extension(event.snapshot)
    row = CameraEvent(
        device=device, event_id=event.event_id, kind=event.kind, at=event.at, confidence=event.confidence,
        description=event.description,
    )  # fmt: skip
    row.snapshot.save(f"{device.code}-{event.event_id[:40]}.{extension}", ContentFile(event.snapshot), save=False)
    try:
        with transaction.atomic():
            row.save()
            alert, created = raise_alert(_alert_input(device, row, event.severity))
            row.alert = alert
            row.save(update_fields=["alert"])
            observers.camera_event_recorded(row, created)
    except BaseException:
        row.snapshot.delete(save=False)  # nothing half-written: no orphan file beside a rolled-back event
        raise
    return row, created


def _alert_input(device: Device, row: CameraEvent, severity: str) -> AlertInput:
    title = _("%(kind)s seen by camera %(camera)s") % {"kind": row.get_kind_display(), "camera": device.name}
    details = {
        "camera": device.code, "camera_event": row.event_id, "kind": row.kind, "confidence": row.confidence,
        "snapshot_url": reverse("iot:camera-snapshot", args=[row.pk]), "stream_url": device.stream_url,
        "camera_event_id": row.pk,
    }  # fmt: skip
    # alerts.choices has no "camera" source yet; a camera's detection is a sensor finding.
    sector_code = SECTOR.get(row.kind)
    return AlertInput(
        title=title, source=Source.SENSOR_THRESHOLD, category=CATEGORY.get(row.kind, Category.OTHER),
        sector=Sector.objects.filter(code=sector_code).first() if sector_code else None, severity=severity,
        geom=device.position if device.unit_id is not None else None,
        description=row.description, details=details, external_ref=f"camera:{device.code}:{row.event_id}",
        observed_at=row.at,
    )  # fmt: skip
