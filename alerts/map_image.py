"""A map image of alerts for quick reports, drawn on the server from our own data: no tiles, no internet.

The frame covers the alerts' geometries with a margin; the administrative units around them are drawn in grey
(the touched ones shaded, with their names), the zoning lots in force that the alerts reach in brown, and the
alerts in red with their numbers. Longitude is scaled by cos(latitude) so shapes keep their proportions at the
province's latitude. Drawn at twice the size and reduced, for smooth edges.
"""

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import Polygon
from PIL import Image, ImageDraw, ImageFont

from alerts.models import Alert
from core.errors import InvalidInput
from gis_core.models import AdminUnit

WIDTH, HEIGHT = 1200, 800
SCALE = 2  # supersampling
MARGIN = 0.2  # of the alerts' extent, on each side
MIN_SPAN_DEGREES = 0.02  # about 2 km: a single point still shows its surroundings
BACKGROUND = (248, 249, 250, 255)
UNIT_FILL = (233, 236, 239, 255)
UNIT_TOUCHED = (255, 243, 205, 255)
UNIT_LINE = (120, 130, 140, 255)
LOT_LINE = (140, 90, 40, 255)
ALERT_FILL = (211, 47, 47, 90)
ALERT_LINE = (183, 28, 28, 255)
TEXT = (33, 37, 41, 255)
MAX_LOTS = 800


@dataclass
class Frame:
    """Degrees to pixels for one image."""

    west: float
    south: float
    east: float
    north: float
    width: int
    height: int

    @classmethod
    def around(cls, extent: Sequence[float], width: int, height: int) -> "Frame":
        west, south, east, north = extent
        mid_lat = (south + north) / 2
        x_factor = math.cos(math.radians(mid_lat))
        span_x = max((east - west) * x_factor, MIN_SPAN_DEGREES) * (1 + 2 * MARGIN)
        span_y = max(north - south, MIN_SPAN_DEGREES) * (1 + 2 * MARGIN)
        # Keep the image's aspect ratio: widen the narrower side.
        if span_x / span_y < width / height:
            span_x = span_y * width / height
        else:
            span_y = span_x * height / width
        cx, cy = (west + east) / 2, mid_lat
        half_lon = span_x / x_factor / 2
        return cls(cx - half_lon, cy - span_y / 2, cx + half_lon, cy + span_y / 2, width, height)

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.west) / (self.east - self.west) * self.width
        y = (self.north - lat) / (self.north - self.south) * self.height
        return x, y

    def polygon(self) -> Polygon:
        return Polygon.from_bbox((self.west, self.south, self.east, self.north))

    def km_per_pixel(self) -> float:
        mid_lat = (self.south + self.north) / 2
        return (self.east - self.west) * 111.32 * math.cos(math.radians(mid_lat)) / self.width


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The report font (Vietnamese letters); a clear error when the setting points nowhere."""
    path = settings.ALERTS_REPORT_BOLD_FONT if bold else settings.ALERTS_REPORT_FONT
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        raise InvalidInput(
            f"The report font {path} cannot be read; install Debian's fonts-dejavu-core or set "
            "ALERTS_REPORT_FONT / ALERTS_REPORT_BOLD_FONT to a TrueType font with Vietnamese letters."
        ) from None


def render(alerts: Sequence[Alert], width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """A PNG map of the alerts over the units and the lots they reach."""
    located = [alert for alert in alerts if alert.geom is not None]
    touched_units = [unit for alert in alerts for unit in alert.units.all()]
    # The frame shows the alerts within the units they touch, so the reader sees where in the province they are.
    shapes = [alert.geom for alert in located] + [unit.geom for unit in touched_units]
    if not shapes:
        raise InvalidInput("None of the alerts has a place or a unit to draw.")
    frame = Frame.around(_extent(shapes), width * SCALE, height * SCALE)
    base = Image.new("RGBA", (frame.width, frame.height), BACKGROUND)
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw, shade = ImageDraw.Draw(base), ImageDraw.Draw(overlay)
    touched = {unit.pk for unit in touched_units}
    units = list(AdminUnit.objects.filter(geom__intersects=frame.polygon()).only("pk", "name", "geom"))
    for unit in units:
        _fill(draw, frame, unit.geom, UNIT_TOUCHED if unit.pk in touched else UNIT_FILL)
    _lots(draw, frame, located)
    for unit in units:
        _outline(draw, frame, unit.geom, UNIT_LINE, 2 * SCALE)
    for unit in units:
        _label(draw, frame, unit.geom, unit.name, font(13 * SCALE), TEXT, below=True)
    for alert in located:
        _area(shade, frame, alert.geom)
    base = Image.alpha_composite(base, overlay)
    draw = ImageDraw.Draw(base)
    for alert in located:
        _marks(draw, frame, alert.geom)
    for alert in located:
        _label(draw, frame, alert.geom, f"#{alert.pk}", font(16 * SCALE, bold=True), ALERT_LINE)
    _scale_bar(draw, frame)
    _north(draw, frame)
    image = base.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()


def _extent(geoms: Iterable[Any]) -> tuple[float, float, float, float]:
    boxes = [geom.extent for geom in geoms]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _polygons(geom: Any) -> list[Polygon]:
    if geom.geom_type == "Polygon":
        return [geom]
    if geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [part for item in geom for part in _polygons(item)]
    return []


def _ring(frame: Frame, ring: Sequence[Sequence[float]]) -> list[tuple[float, float]]:
    return [frame.pixel(x, y) for x, y, *_rest in ring]


def _fill(draw: ImageDraw.ImageDraw, frame: Frame, geom: Any, colour: tuple[int, ...]) -> None:
    for polygon in _polygons(geom):
        draw.polygon(_ring(frame, polygon.exterior_ring.coords), fill=colour)


def _outline(draw: ImageDraw.ImageDraw, frame: Frame, geom: Any, colour: tuple[int, ...], width: int) -> None:
    for polygon in _polygons(geom):
        for ring in polygon:
            draw.line(_ring(frame, ring.coords), fill=colour, width=width, joint="curve")


def _lots(draw: ImageDraw.ImageDraw, frame: Frame, alerts: list[Alert]) -> None:
    from alerts.places import lots_reached

    for alert in alerts:
        for lot in lots_reached(alert, MAX_LOTS):
            _outline(draw, frame, lot.geom, LOT_LINE, SCALE)


def _area(draw: ImageDraw.ImageDraw, frame: Frame, geom: Any) -> None:
    """The translucent fill of an alert's polygons (drawn on the overlay)."""
    for polygon in _polygons(geom):
        draw.polygon(_ring(frame, polygon.exterior_ring.coords), fill=ALERT_FILL)


def _marks(draw: ImageDraw.ImageDraw, frame: Frame, geom: Any) -> None:
    """The opaque outline of an alert's polygons, its lines, and its points as markers."""
    if geom.dims == 2:
        _outline(draw, frame, geom, ALERT_LINE, 3 * SCALE)
    elif geom.dims == 1:
        lines = [geom] if geom.geom_type == "LineString" else list(geom)
        for line in lines:
            draw.line(_ring(frame, line.coords), fill=ALERT_LINE, width=5 * SCALE, joint="curve")
    else:
        points = [geom] if geom.geom_type == "Point" else list(geom)
        for point in points:
            x, y = frame.pixel(point.x, point.y)
            radius = 11 * SCALE
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=ALERT_LINE,
                         outline=(255, 255, 255, 255), width=3 * SCALE)  # fmt: skip


def _label(
    draw: ImageDraw.ImageDraw, frame: Frame, geom: Any, text: str, face: ImageFont.FreeTypeFont,
    colour: tuple[int, ...], below: bool = False,
) -> None:  # fmt: skip
    """A name at the shape's inner point; units' names sit below it and alerts' numbers above, so both show."""
    anchor = geom.point_on_surface if geom.dims == 2 else geom.centroid
    x, y = frame.pixel(anchor.x, anchor.y)
    if not (0 <= x <= frame.width and 0 <= y <= frame.height):
        return
    offset = 26 * SCALE if below else -26 * SCALE
    draw.text((x, y + offset), text, font=face, fill=colour, anchor="mm", stroke_width=2 * SCALE,
              stroke_fill=(255, 255, 255, 255))  # fmt: skip


def _scale_bar(draw: ImageDraw.ImageDraw, frame: Frame) -> None:
    km_per_px = frame.km_per_pixel()
    target = km_per_px * frame.width / 5
    length_km = min((step for step in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100) if step >= target), default=100)
    pixels = length_km / km_per_px
    x0, y0 = 24 * SCALE, frame.height - 28 * SCALE
    draw.rectangle((x0 - 8 * SCALE, y0 - 26 * SCALE, x0 + pixels + 60 * SCALE, y0 + 12 * SCALE),
                   fill=(255, 255, 255, 220))  # fmt: skip
    draw.line((x0, y0, x0 + pixels, y0), fill=TEXT, width=3 * SCALE)
    label = f"{length_km:g} km".replace(".", ",")
    draw.text((x0 + pixels + 6 * SCALE, y0), label, font=font(12 * SCALE), fill=TEXT, anchor="lm")


def _north(draw: ImageDraw.ImageDraw, frame: Frame) -> None:
    x, y = frame.width - 30 * SCALE, 30 * SCALE
    size = 14 * SCALE
    draw.polygon([(x, y - size), (x - size / 2, y + size / 2), (x + size / 2, y + size / 2)], fill=TEXT)
    draw.text((x, y + size), "B", font=font(12 * SCALE, bold=True), fill=TEXT, anchor="mt")  # Bắc: north
