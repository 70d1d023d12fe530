"""Coordinate reference systems the platform accepts, and the only path from user text to an SRID."""

import re

from django.utils.translation import gettext as _

from core.errors import InvalidInput

WGS84 = 4326
WEB_MERCATOR = 3857
VN2000_TM3_108_15 = 9217  # Khánh Hòa's provincial projection
VN2000_UTM48 = 3405
VN2000_UTM49 = 3406

# EPSG:6960 VN-2000 -> WGS 84 in the position-vector convention that PROJ's +towgs84 expects.
# Copies with the rotation signs flipped (coordinate-frame convention) are ~0.56 m off at Nha Trang.
VN2000_TOWGS84 = "-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278"

# SRIDs a caller may name in a request or on the command line. Any other text is refused before it
# reaches GDAL or PostGIS: Django's GDAL 3.6 cannot block file/network access from SRS text (gis.W001).
ACCEPTED_SRIDS: dict[int, str] = {
    WGS84: "WGS 84",
    WEB_MERCATOR: "WGS 84 / Pseudo-Mercator",
    VN2000_TM3_108_15: "VN-2000 / TM-3 108-15",
    VN2000_UTM48: "VN-2000 / UTM zone 48N",
    VN2000_UTM49: "VN-2000 / UTM zone 49N",
    4756: "VN-2000",
    32648: "WGS 84 / UTM zone 48N",
    32649: "WGS 84 / UTM zone 49N",
    32650: "WGS 84 / UTM zone 50N",
}
PROJECTED_VN2000 = {VN2000_TM3_108_15, VN2000_UTM48, VN2000_UTM49}

_CRS_PATTERNS = [
    re.compile(r"^(?:EPSG|epsg):(\d{4,6})$"),
    re.compile(r"^(\d{4,6})$"),
    re.compile(r"^https?://www\.opengis\.net/def/crs/EPSG/0/(\d{4,6})$"),
    re.compile(r"^urn:ogc:def:crs:EPSG::(\d{4,6})$"),
]
_CRS84 = {"CRS84", "OGC:CRS84", "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84"}


def parse_srid(text: str | int | None, *, default: int = WGS84) -> int:
    """Return the SRID named by user text (EPSG:n, n, an OGC URI or CRS84), or raise InvalidInput."""
    if text is None or text == "":
        return default
    if isinstance(text, int):
        srid = text
    else:
        value = text.strip()
        if value in _CRS84:
            return WGS84
        match = next((m for p in _CRS_PATTERNS if (m := p.match(value))), None)
        if match is None:
            raise InvalidInput(
                _("Unrecognised CRS %(crs)r: write it as EPSG:<code>, for example EPSG:9217.") % {"crs": value[:80]}
            )
        srid = int(match.group(1))
    if srid not in ACCEPTED_SRIDS:
        accepted = ", ".join(f"EPSG:{code}" for code in ACCEPTED_SRIDS)
        raise InvalidInput(
            _("CRS EPSG:%(srid)s is not supported; use one of %(accepted)s.") % {"srid": srid, "accepted": accepted}
        )
    return srid
