"""Images checked by their content with Pillow, shared by field-report photos and alert evidence.

A file is an image only if Pillow recognises it as JPEG, PNG or WebP and verify() accepts it; its name and
declared content type are never trusted. Decompression bombs are refused, not merely warned about.
"""

import io
import struct
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format -> (file extension, content type)
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
# What a broken or hostile file can make Pillow raise while identifying, verifying or decoding it.
UNREADABLE = (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
              SyntaxError, ValueError, EOFError, IndexError, struct.error)  # fmt: skip
JPEG_QUALITY = 90


class ImageRefused(Exception):
    """The bytes are not an acceptable image; the message says why."""


@dataclass(frozen=True)
class ImageKind:
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return FORMATS[self.format][0]

    @property
    def content_type(self) -> str:
        return FORMATS[self.format][1]


def accepted_formats() -> str:
    return ", ".join(name.replace("WEBP", "WebP") for name in FORMATS)


def identify(content: bytes, max_pixels: int) -> ImageKind:
    """Identify and verify an image by its content; raise ImageRefused when it is not one we accept."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)  # a bomb is refused, not just logged
        try:
            with Image.open(io.BytesIO(content)) as image:
                kind, size = image.format, image.size
                if kind not in FORMATS:
                    raise ImageRefused(_("its content is %(kind)s, not a photo in %(accepted)s.")
                                       % {"kind": kind or "?", "accepted": accepted_formats()})  # fmt: skip
                if size[0] * size[1] > max_pixels:
                    raise ImageRefused(_("it has %(mp).0f megapixels; the limit is %(max).0f.")
                                       % {"mp": size[0] * size[1] / 1e6, "max": max_pixels / 1e6})  # fmt: skip
                image.verify()
        except UNREADABLE:
            raise ImageRefused(
                _("its content is not a readable image in %(accepted)s (whatever its name says).")
                % {"accepted": accepted_formats()}
            ) from None
    return ImageKind(kind, size[0], size[1])


def open_upright(content: bytes) -> Image.Image:
    """Decode the image and turn it the way its EXIF orientation says (for re-encoding and thumbnails)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(content)) as original:
                upright = ImageOps.exif_transpose(original)
                upright.load()
                upright.info.setdefault("icc_profile", original.info.get("icc_profile"))
        except UNREADABLE:
            raise ImageRefused(_("its image data is damaged.")) from None
    return upright


def encode(image: Image.Image, kind: str, **options: object) -> bytes:
    """Encode pixels in a format of FORMATS; options go to Pillow (exif=…, icc_profile=…)."""
    output = io.BytesIO()
    if kind == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True, **options)
    elif kind == "WEBP":
        image.save(output, "WEBP", quality=JPEG_QUALITY, **options)
    else:
        image.save(output, "PNG", optimize=True, **options)
    return output.getvalue()


def without_metadata(content: bytes, kind: str) -> tuple[bytes, tuple[int, int]]:
    """Re-encode the pixels only (turned upright first); the colour profile stays, every other metadata goes."""
    upright = open_upright(content)
    icc = upright.info.get("icc_profile")
    upright.info = {}  # some encoders copy EXIF, XMP or comments from here when not told otherwise
    return encode(upright, kind, **({"icc_profile": icc} if icc else {})), upright.size


def thumbnail(content: bytes, longest_side: int) -> bytes:
    """A JPEG thumbnail, upright, without metadata."""
    image = open_upright(content)
    image.info = {}
    image.thumbnail((longest_side, longest_side))
    return encode(image, "JPEG")


GPS_IFD = 0x8825


def gps_position(content: bytes) -> tuple[float, float] | None:
    """The (longitude, latitude) the camera wrote in EXIF, or None when it wrote none (or nonsense)."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            gps = image.getexif().get_ifd(GPS_IFD)
    except UNREADABLE:
        return None
    try:
        lat, lon = _degrees(gps[2]), _degrees(gps[4])
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    lat = -lat if str(gps.get(1, "N")).upper().startswith("S") else lat
    lon = -lon if str(gps.get(3, "E")).upper().startswith("W") else lon
    return (lon, lat) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _degrees(value: tuple[float, float, float]) -> float:
    degrees, minutes, seconds = (float(part) for part in value)
    return degrees + minutes / 60 + seconds / 3600


def with_exif(content: bytes, kind: str, *, keep_gps: bool) -> bytes:
    """Re-encode the pixels with their EXIF (minus GPS unless keep_gps): nothing else of the file survives.

    A file that decodes as an image may carry more than pixels (HTML or script after the image data, a polyglot);
    only what Pillow re-encodes is ever stored, so what is served is an image and nothing else.
    """
    return without_gps(content, kind) if not keep_gps else _reencoded(content, kind, drop_gps=False)


def without_gps(content: bytes, kind: str) -> bytes:
    """Re-encode the image with its EXIF minus the GPS tags; orientation, time and camera stay."""
    return _reencoded(content, kind, drop_gps=True)


def safe_file_name(original: str, stem_fallback: str, extension: str) -> str:
    """Return a download name that ends in the extension of what the file really is ("anh.html" → "anh.jpg")."""
    stem = original.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = "".join(c for c in stem if c.isalnum() or c in " -_()").strip()[:100] or stem_fallback
    return f"{stem}.{extension}"


def _reencoded(content: bytes, kind: str, *, drop_gps: bool) -> bytes:
    try:
        with Image.open(io.BytesIO(content)) as original:
            exif = original.getexif()
            icc = original.info.get("icc_profile")
            original.load()
            pixels = original.copy()
    except UNREADABLE:
        raise ImageRefused(_("its image data is damaged.")) from None
    if drop_gps and GPS_IFD in exif:
        del exif[GPS_IFD]
    pixels.info = {}
    options: dict[str, object] = {"exif": exif.tobytes()}
    if icc:
        options["icc_profile"] = icc
    return encode(pixels, kind, **options)
