"""The platform's one map renderer: map images drawn on the server from our own geometries (Pillow), no tiles.

The pieces every printed map shares: a frame from degrees to pixels that keeps shapes in proportion at the
province's latitude, a supersampled canvas that ends as a PNG, the report font, filled and outlined polygons,
labels, a scale bar and a north arrow. alerts.map_image (quick reports), planning.sheet_map (the planning
information sheet) and reports.pdf (the periodic report's map of units) draw with them; nothing else draws maps.

Proportions: a local equirectangular projection. Longitudes are scaled by the ground length of a degree of
longitude over that of a degree of latitude at the middle latitude: cos(latitude), corrected for the WGS 84
ellipsoid (0.6 % at 12° N, so a ground square draws square, not 0.6 % narrow). Chosen over projecting to
EPSG:3857 or VN-2000 first: across the province (11.4-12.9° N) its east-west scale departs from the middle's by
under 0.3 %, a few pixels at the corners of a whole-province map and nothing on a street-level one; it needs no
database round trip or projection per vertex, and the scale bar reads the same lengths, so it stays true.
"""

import io
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import Polygon
from PIL import Image, ImageDraw, ImageFont

from core.errors import InvalidInput

SCALE = 2  # supersampling: images are drawn at twice the size and reduced, for smooth edges
MARGIN = 0.2  # of the shapes' extent, on each side
MIN_SPAN_DEGREES = 0.02  # about 2 km: a single point still shows its surroundings
TEXT = (33, 37, 41, 255)
WHITE = (255, 255, 255, 255)
# Scale-bar lengths in metres; the bar takes the first one at least a fifth of the image wide.
SCALE_STEPS_M = (5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)


def metres_per_degree(lat: float) -> tuple[float, float]:
    """Ground metres in a degree of longitude and in a degree of latitude at a latitude (WGS 84, to about 1 cm)."""
    phi = math.radians(lat)
    along_parallel = 111_412.84 * math.cos(phi) - 93.5 * math.cos(3 * phi) + 0.118 * math.cos(5 * phi)
    along_meridian = 111_132.92 - 559.82 * math.cos(2 * phi) + 1.175 * math.cos(4 * phi) - 0.0023 * math.cos(6 * phi)
    return along_parallel, along_meridian


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
    def around(
        cls, extent: Sequence[float], width: int, height: int, *, margin: float = MARGIN,
        min_span: float = MIN_SPAN_DEGREES,
    ) -> "Frame":  # fmt: skip
        """The frame showing the extent with a margin, at least min_span degrees tall, in the image's proportions."""
        west, south, east, north = extent
        mid_lat = (south + north) / 2
        per_lon, per_lat = metres_per_degree(mid_lat)
        x_factor = per_lon / per_lat  # degrees of latitude in the ground length of a degree of longitude
        span_x = max((east - west) * x_factor, min_span) * (1 + 2 * margin)
        span_y = max(north - south, min_span) * (1 + 2 * margin)
        # Keep the image's aspect ratio: widen the narrower side.
        if span_x / span_y < width / height:
            span_x = span_y * width / height
        else:
            span_y = span_x * height / width
        cx, cy = (west + east) / 2, mid_lat
        half_lon = span_x / x_factor / 2
        return cls(cx - half_lon, cy - span_y / 2, cx + half_lon, cy + span_y / 2, width, height)

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """The pixel of a longitude and latitude."""
        x = (lon - self.west) / (self.east - self.west) * self.width
        y = (self.north - lat) / (self.north - self.south) * self.height
        return x, y

    def polygon(self) -> Polygon:
        """The frame as a WGS 84 polygon, to select what to draw."""
        return Polygon.from_bbox((self.west, self.south, self.east, self.north))

    def metres_per_pixel(self) -> float:
        """Ground metres per pixel across the frame's middle latitude."""
        mid_lat = (self.south + self.north) / 2
        return (self.east - self.west) * metres_per_degree(mid_lat)[0] / self.width

    def km_per_pixel(self) -> float:
        """Ground kilometres per pixel."""
        return self.metres_per_pixel() / 1000


class Canvas:
    """An image being drawn in a frame at SCALE times its output size; png() reduces it for smooth edges."""

    def __init__(self, frame: Frame, background: tuple[int, ...]) -> None:
        self.frame = frame
        self.image = Image.new("RGBA", (frame.width, frame.height), background)
        self.draw = ImageDraw.Draw(self.image)

    @classmethod
    def around(
        cls, shapes_extent: Sequence[float], width: int, height: int, background: tuple[int, ...], *,
        margin: float = MARGIN, min_span: float = MIN_SPAN_DEGREES,
    ) -> "Canvas":  # fmt: skip
        """A canvas for a width x height PNG showing the extent (see Frame.around)."""
        frame = Frame.around(shapes_extent, width * SCALE, height * SCALE, margin=margin, min_span=min_span)
        return cls(frame, background)

    @contextmanager
    def translucent(self) -> Iterator[ImageDraw.ImageDraw]:
        """A transparent layer blended over the image when done: ImageDraw writes a colour's alpha, never blends it."""
        layer = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        yield ImageDraw.Draw(layer)
        self.image.alpha_composite(layer)

    def png(self) -> bytes:
        """The image reduced to its output size, as PNG bytes."""
        size = (self.frame.width // SCALE, self.frame.height // SCALE)
        output = io.BytesIO()
        self.image.convert("RGB").resize(size, Image.Resampling.LANCZOS).save(output, "PNG", optimize=True)
        return output.getvalue()


def blank_png(width: int, height: int, background: tuple[int, ...]) -> bytes:
    """A PNG of one colour: the map when there is nothing to draw."""
    output = io.BytesIO()
    Image.new("RGB", (width, height), background[:3]).save(output, "PNG", optimize=True)
    return output.getvalue()


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


def extent(geoms: Iterable[Any]) -> tuple[float, float, float, float]:
    """The bounding box (west, south, east, north) of geometries."""
    boxes = [geom.extent for geom in geoms]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def polygons(geom: Any) -> list[Polygon]:
    """The polygons of a (multi)polygon or collection; nothing for points and lines."""
    if geom.geom_type == "Polygon":
        return [geom]
    if geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [part for item in geom for part in polygons(item)]
    return []


def ring(frame: Frame, coords: Sequence[Sequence[float]]) -> list[tuple[float, float]]:
    """A ring's pixels."""
    return [frame.pixel(x, y) for x, y, *_rest in coords]


def fill(draw: ImageDraw.ImageDraw, frame: Frame, geom: Any, colour: tuple[int, ...]) -> None:
    """Fill the outer rings of the geometry's polygons."""
    for polygon in polygons(geom):
        draw.polygon(ring(frame, polygon.exterior_ring.coords), fill=colour)


def outline(draw: ImageDraw.ImageDraw, frame: Frame, geom: Any, colour: tuple[int, ...], width: int) -> None:
    """Draw every ring of the geometry's polygons."""
    for polygon in polygons(geom):
        for each in polygon:
            draw.line(ring(frame, each.coords), fill=colour, width=width, joint="curve")


def label(
    draw: ImageDraw.ImageDraw, frame: Frame, geom: Any, text: str, face: ImageFont.FreeTypeFont,
    colour: tuple[int, ...], offset: float = 0,
) -> None:  # fmt: skip
    """A haloed text at the shape's inner point (moved down by offset pixels), if that point is in the frame."""
    anchor = geom.point_on_surface if geom.dims == 2 else geom.centroid
    x, y = frame.pixel(anchor.x, anchor.y)
    if not (0 <= x <= frame.width and 0 <= y <= frame.height):
        return
    draw.text((x, y + offset), text, font=face, fill=colour, anchor="mm", stroke_width=2 * SCALE, stroke_fill=WHITE)


def scale_text(metres: float) -> str:
    """A scale-bar length: metres below a kilometre, kilometres from there (Vietnamese decimal comma)."""
    if metres < 1000:
        return f"{metres:g} m"
    return f"{metres / 1000:g} km".replace(".", ",")


def scale_bar(draw: ImageDraw.ImageDraw, frame: Frame, size: float = 1.0) -> None:
    """A scale bar in the bottom-left corner, on a white box; size enlarges it for small printed maps."""
    unit = SCALE * size
    per_px = frame.metres_per_pixel()
    target = per_px * frame.width / 5
    length = min((step for step in SCALE_STEPS_M if step >= target), default=SCALE_STEPS_M[-1])
    pixels = length / per_px
    x0, y0 = 24 * unit, frame.height - 28 * unit
    draw.rectangle((x0 - 8 * unit, y0 - 26 * unit, x0 + pixels + 70 * unit, y0 + 12 * unit),
                   fill=(255, 255, 255, 220))  # fmt: skip
    draw.line((x0, y0, x0 + pixels, y0), fill=TEXT, width=round(3 * unit))
    for x in (x0, x0 + pixels):
        draw.line((x, y0 - 6 * unit, x, y0), fill=TEXT, width=round(2 * unit))
    draw.text((x0 + pixels + 6 * unit, y0), scale_text(length), font=font(round(12 * unit)), fill=TEXT, anchor="lm")


def north_arrow(draw: ImageDraw.ImageDraw, frame: Frame, size: float = 1.0) -> None:
    """A north arrow with "B" (Bắc) in the top-right corner; size enlarges it for small printed maps."""
    unit = SCALE * size
    x, y = frame.width - 30 * unit, 30 * unit
    half = 7 * unit
    draw.ellipse((x - 20 * unit, y - 22 * unit, x + 20 * unit, y + 30 * unit), fill=(255, 255, 255, 200))
    draw.polygon([(x, y - 2 * half), (x - half, y + half), (x + half, y + half)], fill=TEXT)
    draw.text((x, y + 2 * half), "B", font=font(round(12 * unit), bold=True), fill=TEXT, anchor="mt")  # Bắc: north
