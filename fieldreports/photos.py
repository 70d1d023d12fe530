"""Photos of a report: size, count and type checked by content (core.images), EXIF kept or removed by setting.

A file is a photo only if Pillow recognises it as JPEG, PNG or WebP and verify() accepts it; the name and the
declared content type are never trusted. Unless FIELDREPORTS_KEEP_EXIF is on, the photo is re-encoded without
its metadata (EXIF carries the phone's GPS position, its serial number and the time), after turning it the way
its EXIF orientation says so it still looks right.
"""

import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _

from core.images import ImageRefused, identify, with_exif, without_metadata

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from fieldreports.submission import Problems


@dataclass
class CleanPhoto:
    """A checked photo, ready to store."""

    content: bytes
    extension: str
    content_type: str
    width: int
    height: int
    exif_kept: bool

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def new_name(self) -> str:
        return f"{secrets.token_hex(16)}.{self.extension}"


def check_photos(files: list["UploadedFile"], problems: "Problems", field: str = "media") -> list[CleanPhoto]:
    """Check count, size and content of the uploaded photos; add a problem for each bad one."""
    limit = settings.FIELDREPORTS_MAX_PHOTOS
    if len(files) > limit:
        problems.add(field, _("Attach at most %(max)d photos; %(n)d were sent.") % {"max": limit, "n": len(files)})
        return []
    photos = []
    for number, upload in enumerate(files, start=1):
        photo = _check_one(upload, number, problems, field)
        if photo is not None:
            photos.append(photo)
    return photos


def _check_one(upload: "UploadedFile", number: int, problems: "Problems", field: str) -> CleanPhoto | None:
    label = _("Photo %(n)d (%(name)s)") % {"n": number, "name": (upload.name or "")[:60]}
    max_bytes = settings.FIELDREPORTS_PHOTO_MAX_BYTES
    if upload.size is None or upload.size > max_bytes:
        problems.add(field, _("%(photo)s is %(size).1f MB; the limit is %(max)d MB. Send a smaller photo.")
                     % {"photo": label, "size": (upload.size or 0) / 2**20, "max": max_bytes // 2**20})  # fmt: skip
        return None
    if upload.size == 0:
        problems.add(field, _("%(photo)s is empty.") % {"photo": label})
        return None
    content = b"".join(upload.chunks())
    try:
        return clean_photo(content)
    except PhotoRefused as refusal:
        problems.add(field, f"{label}: {refusal}")
        return None


PhotoRefused = ImageRefused  # the bytes are not an acceptable photo; the message says why


def clean_photo(content: bytes) -> CleanPhoto:
    """Identify and verify the image by its content; return it with or without EXIF as the setting says."""
    kind = identify(content, settings.FIELDREPORTS_PHOTO_MAX_PIXELS)
    if settings.FIELDREPORTS_KEEP_EXIF:
        # Re-encoded all the same: only pixels and EXIF are kept, never anything else the file carried.
        kept = with_exif(content, kind.format, keep_gps=True)
        return CleanPhoto(kept, kind.extension, kind.content_type, kind.width, kind.height, exif_kept=True)
    stripped, size = without_metadata(content, kind.format)
    return CleanPhoto(stripped, kind.extension, kind.content_type, size[0], size[1], exif_kept=False)
