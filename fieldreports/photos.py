"""Photos of a report: size, count and type checked by content with Pillow, EXIF kept or removed by setting.

A file is a photo only if Pillow recognises it as JPEG, PNG or WebP and verify() accepts it; the name and the
declared content type are never trusted. Unless FIELDREPORTS_KEEP_EXIF is on, the photo is re-encoded without
its metadata (EXIF carries the phone's GPS position, its serial number and the time), after turning it the way
its EXIF orientation says so it still looks right.
"""

import hashlib
import io
import secrets
import struct
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from fieldreports.submission import Problems

# Pillow format -> (file extension, content type)
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
# What a broken or hostile file can make Pillow raise while identifying or verifying it.
UNREADABLE = (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
              SyntaxError, ValueError, EOFError, IndexError, struct.error)  # fmt: skip
JPEG_QUALITY = 90


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


class PhotoRefused(Exception):
    """The bytes are not an acceptable photo; the message says why."""


def clean_photo(content: bytes) -> CleanPhoto:
    """Identify and verify the image by its content; return it with or without EXIF as the setting says."""
    accepted = ", ".join(name.replace("WEBP", "WebP") for name in FORMATS)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)  # a bomb is refused, not just logged
        try:
            with Image.open(io.BytesIO(content)) as image:
                kind, size = image.format, image.size
                if kind not in FORMATS:
                    raise PhotoRefused(_("its content is %(kind)s, not a photo in %(accepted)s.")
                                       % {"kind": kind or "?", "accepted": accepted})  # fmt: skip
                _check_pixels(size)
                image.verify()
        except UNREADABLE:
            raise PhotoRefused(
                _("its content is not a readable image in %(accepted)s (whatever its name says).")
                % {"accepted": accepted}
            ) from None
        extension, content_type = FORMATS[kind]
        if settings.FIELDREPORTS_KEEP_EXIF:
            return CleanPhoto(content, extension, content_type, size[0], size[1], exif_kept=True)
        try:
            stripped, size = _without_metadata(content, kind)
        except UNREADABLE:
            raise PhotoRefused(_("its image data is damaged.")) from None
    return CleanPhoto(stripped, extension, content_type, size[0], size[1], exif_kept=False)


def _check_pixels(size: tuple[int, int]) -> None:
    limit = settings.FIELDREPORTS_PHOTO_MAX_PIXELS
    if size[0] * size[1] > limit:
        raise PhotoRefused(_("it has %(mp).0f megapixels; the limit is %(max).0f.")
                           % {"mp": size[0] * size[1] / 1e6, "max": limit / 1e6})  # fmt: skip


def _without_metadata(content: bytes, kind: str) -> tuple[bytes, tuple[int, int]]:
    """Re-encode the pixels only (turned upright first); the colour profile stays, every other metadata goes."""
    with Image.open(io.BytesIO(content)) as original:
        icc = original.info.get("icc_profile")
        upright = ImageOps.exif_transpose(original)
        upright.load()
    upright.info = {}  # some encoders copy EXIF, XMP or comments from here when not told otherwise
    output = io.BytesIO()
    options: dict[str, object] = {"icc_profile": icc} if icc else {}
    if kind == "JPEG":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True, **options)
    elif kind == "WEBP":
        upright.save(output, "WEBP", quality=JPEG_QUALITY, **options)
    else:
        upright.save(output, "PNG", optimize=True, **options)
    return output.getvalue(), upright.size
