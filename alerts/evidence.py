"""Evidence uploads: photos and PDF documents checked by content, stored through Django's storage API.

A file is a PDF if it starts with %PDF- and pypdf reads its pages (not password-protected), or a photo if Pillow
identifies and verifies it as JPEG, PNG or WebP (core.images); names and declared types are never trusted. A
photo's GPS position is evidence of where the work was done: it is kept in the file and read into Evidence.gps,
unless ALERTS_EVIDENCE_STRIP_GPS is on (then the GPS tags are removed and not recorded; the rest of the EXIF
stays). Photos get a JPEG thumbnail. Files go to default_storage under random names; if the step they come with
fails, they are deleted again, so nothing is left half-written.
"""

import hashlib
import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from alerts.report_models import Evidence
from core.errors import InvalidInput
from core.images import ImageRefused, gps_position, identify, thumbnail, with_exif

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User
    from alerts.models import Alert, AlertEvent

THUMBNAIL_SIDE = 320


class FileRefused(Exception):
    """The bytes are not acceptable evidence; the message says why."""


@dataclass
class CleanFile:
    """A checked file, ready to store."""

    content: bytes
    kind: str
    extension: str
    content_type: str
    original_name: str
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    gps: tuple[float, float] | None = None
    gps_kept: bool = False
    thumbnail: bytes | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def title(self) -> str:
        return self.original_name or (_("Photo") if self.kind == Evidence.Kind.IMAGE else _("Document"))


def check_files(files: list["UploadedFile"]) -> list[CleanFile]:
    """Check count, size and content of every upload; raise InvalidInput naming each bad file."""
    limit = settings.ALERTS_EVIDENCE_MAX_FILES
    if len(files) > limit:
        raise InvalidInput(_("Attach at most %(max)d files; %(n)d were sent.") % {"max": limit, "n": len(files)})
    problems, clean = [], []
    for number, upload in enumerate(files, start=1):
        label = _("File %(n)d (%(name)s)") % {"n": number, "name": (upload.name or "")[:80]}
        max_bytes = settings.ALERTS_EVIDENCE_MAX_BYTES
        if not upload.size:
            problems.append(_("%(file)s is empty.") % {"file": label})
            continue
        if upload.size > max_bytes:
            problems.append(_("%(file)s is %(size).1f MB; the limit is %(max)d MB.")
                            % {"file": label, "size": upload.size / 2**20, "max": max_bytes // 2**20})  # fmt: skip
            continue
        try:
            clean.append(clean_file(b"".join(upload.chunks()), upload.name or ""))
        except FileRefused as refusal:
            problems.append(f"{label}: {refusal}")
    if problems:
        raise InvalidInput(" ".join(problems), problems=problems)
    return clean


def clean_file(content: bytes, name: str = "") -> CleanFile:
    """Identify a file by its content as a PDF or a photo and prepare it for storing."""
    original = name.replace("\\", "/").rsplit("/", 1)[-1][:200]
    if content.startswith(b"%PDF-"):
        return CleanFile(content, Evidence.Kind.PDF, "pdf", "application/pdf", original, pages=_pdf_pages(content))
    try:
        kind = identify(content, settings.ALERTS_EVIDENCE_MAX_PIXELS)
    except ImageRefused as exc:
        raise FileRefused(_("it is neither a PDF document nor a photo: %(reason)s") % {"reason": exc}) from None
    gps = gps_position(content)
    kept = not settings.ALERTS_EVIDENCE_STRIP_GPS
    try:
        # Always re-encoded: only pixels and EXIF are stored, never what else the file carried (a polyglot).
        content = with_exif(content, kind.format, keep_gps=kept)
    except ImageRefused as exc:
        raise FileRefused(str(exc)) from None
    if not kept:
        gps = None  # stripped means not recorded anywhere
    try:
        small = thumbnail(content, THUMBNAIL_SIDE)
    except ImageRefused as exc:
        raise FileRefused(str(exc)) from None
    return CleanFile(
        content, Evidence.Kind.IMAGE, kind.extension, kind.content_type, original, width=kind.width,
        height=kind.height, gps=gps, gps_kept=kept and gps is not None, thumbnail=small,
    )  # fmt: skip


def _pdf_pages(content: bytes) -> int:
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise FileRefused(_("the PDF is password-protected; attach it without a password."))
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, OSError, RecursionError):
        raise FileRefused(_("it starts like a PDF but its pages cannot be read.")) from None
    if pages < 1:
        raise FileRefused(_("the PDF has no page."))
    return pages


def file_url(evidence: Evidence, thumb: bool = False) -> str:
    return reverse("alerts:evidence", args=[evidence.name]) + ("?thumbnail=1" if thumb else "")


def attach(
    alert: "Alert", user: "User", files: list[CleanFile], step: Callable[[list[dict[str, str]]], "AlertEvent"]
) -> "AlertEvent":
    """Store the files, run the step with their evidence items and link them to its event; or leave nothing."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            rows = [_stored(alert, user, clean, stored) for clean in files]
            event = step([{"title": row.title, "url": file_url(row), "reference": ""} for row in rows])
            for row in rows:
                row.event = event
                row.save()
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return event


def _stored(alert: "Alert", user: "User", clean: CleanFile, stored: list[str]) -> Evidence:
    name = f"{secrets.token_hex(16)}.{clean.extension}"
    row = Evidence(
        alert=alert, name=name, original_name=clean.original_name, title=clean.title, kind=clean.kind,
        content_type=clean.content_type, size_bytes=len(clean.content), sha256=clean.sha256, width=clean.width,
        height=clean.height, pages=clean.pages, gps=Point(*clean.gps, srid=4326) if clean.gps else None,
        gps_kept=clean.gps_kept, uploaded_by=user, uploaded_at=timezone.now(),
    )  # fmt: skip
    row.file.save(name, ContentFile(clean.content), save=False)
    stored.append(str(row.file.name))
    if clean.thumbnail is not None:
        row.thumbnail.save(f"thumb-{name.rsplit('.', 1)[0]}.jpg", ContentFile(clean.thumbnail), save=False)
        stored.append(str(row.thumbnail.name))
    return row


def open_file(evidence: Evidence, thumb: bool = False) -> Any:
    """The stored file (or its thumbnail) opened for reading."""
    field = evidence.thumbnail if thumb and evidence.thumbnail else evidence.file
    return field.open("rb")
