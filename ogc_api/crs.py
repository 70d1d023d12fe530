"""The coordinate reference systems OGC API Features (Part 2) offers, named by their OGC URIs."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from gis_core import srs

CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/{srid}"


# Coordinates PostGIS can transform from each CRS (x, y as minx, miny, maxx, maxy); beyond them PROJ errs or
# returns nonsense, so a client's box or filter geometry outside them is refused with a message instead.
LIMITS: dict[int, tuple[float, float, float, float]] = {
    srs.WGS84: (-180.0, -90.0, 180.0, 90.0),
    srs.WEB_MERCATOR: (-20037508.3428, -20037508.3428, 20037508.3428, 20037508.3428),
}
PROJECTED_LIMITS = (-1e6, -1e6, 2e6, 1e7)  # VN-2000 TM-3 and UTM: generous around the false easting 500 km


@dataclass(frozen=True)
class OgcCrs:
    """One CRS a client may ask for: its URI, PostGIS SRID and whether its axes are latitude first."""

    uri: str
    srid: int
    lat_first: bool = False  # EPSG:4326 is latitude, longitude; CRS84 is longitude, latitude

    @property
    def geographic(self) -> bool:
        return self.srid == srs.WGS84

    def check_coordinates(self, coordinates: Iterable[tuple[float, float]], parameter: str) -> None:
        """Raise InvalidInput for a coordinate outside the area this CRS can be transformed from (lon/lat order)."""
        minx, miny, maxx, maxy = LIMITS.get(self.srid, PROJECTED_LIMITS)
        for x, y in coordinates:
            if not (minx <= x <= maxx and miny <= y <= maxy):
                raise InvalidInput(
                    _("%(parameter)s: the coordinate %(x)s, %(y)s lies outside the area of %(crs)s.")
                    % {"parameter": parameter, "x": x, "y": y, "crs": self.uri},
                    parameter=parameter,
                )


CRS84 = OgcCrs(CRS84_URI, srs.WGS84)
OFFERED: list[OgcCrs] = [
    CRS84,
    OgcCrs(EPSG_URI.format(srid=srs.WGS84), srs.WGS84, lat_first=True),
    OgcCrs(EPSG_URI.format(srid=srs.WEB_MERCATOR), srs.WEB_MERCATOR),
    OgcCrs(EPSG_URI.format(srid=srs.VN2000_TM3_108_15), srs.VN2000_TM3_108_15),
    OgcCrs(EPSG_URI.format(srid=srs.VN2000_UTM48), srs.VN2000_UTM48),
    OgcCrs(EPSG_URI.format(srid=srs.VN2000_UTM49), srs.VN2000_UTM49),
]
_CRS84_NAMES = {CRS84_URI, "CRS84", "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84"}


def offered_uris() -> list[str]:
    return [crs.uri for crs in OFFERED]


def parse_crs(text: str | None, parameter: str) -> OgcCrs:
    """Return the offered CRS the text names (CRS84 when empty), or raise InvalidInput naming the parameter."""
    if text is None or text.strip() == "" or text.strip() in _CRS84_NAMES:
        return CRS84
    try:
        srid: int | None = srs.parse_srid(text)  # the only path from user text to an SRID
    except InvalidInput:
        srid = None
    offered = next((crs for crs in OFFERED if crs.srid == srid and (crs.lat_first or srid != srs.WGS84)), None)
    if offered is None:
        raise InvalidInput(
            _("%(parameter)s: %(crs)r is not offered by OGC API Features; use one of %(offered)s.")
            % {"parameter": parameter, "crs": text.strip()[:80], "offered": ", ".join(offered_uris())},
            parameter=parameter,
        )
    return offered
