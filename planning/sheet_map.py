"""The map extract of the planning information sheet: the lots in force around the place, coloured by land use.

Drawn on the server with the shared map drawing (gis_core.map_image): lots of every plan in force on the date,
the most specific plan on top, in the catalogue's colours (planning.LandUseCode), the parcel outlined or the
tapped point marked in red, a scale bar and a north arrow. The legend is returned for the PDF to print beside it.
"""

import datetime
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry, Point
from PIL import ImageDraw

from gis_core.map_image import SCALE, WHITE, Canvas, Frame, fill, north_arrow, outline, scale_bar
from planning.lookup import PLAN_TYPE_ORDER
from planning.models import LandUseCode, ZoningLot

WIDTH, HEIGHT = 1150, 860  # pixels of the PNG; printed 11.5 x 8.6 cm (about 250 dpi)
BACKGROUND = (246, 247, 248, 255)
LOT_LINE = (90, 90, 90, 255)
PLACE = (220, 0, 0, 255)  # the parcel's outline and the point's marker: tests look for this red
POINT_SPAN_DEGREES = 0.0030  # about 330 m around a tapped point
PARCEL_MARGIN = 1.2  # the parcel's extent on each side, so its neighbours show
PARCEL_MIN_SPAN_DEGREES = 0.0008  # about 90 m: a small parcel still shows its street
MAX_LOTS = 1500
MARKS_SIZE = 1.8  # the scale bar and north arrow, enlarged: the image prints 11.4 cm wide


@dataclass(frozen=True)
class SheetMap:
    """The PNG and the land uses it shows (the legend), in catalogue order."""

    png: bytes
    frame: Frame
    legend: list[LandUseCode]


def render(place: GEOSGeometry, on_date: datetime.date, width: int = WIDTH, height: int = HEIGHT) -> SheetMap:
    """Draw the lots in force on the date around the place (a point or a parcel in WGS 84)."""
    canvas = Canvas(frame_for(place, width * SCALE, height * SCALE), BACKGROUND)
    frame, draw = canvas.frame, canvas.draw
    lots = _lots(frame, on_date)
    for lot in lots:
        fill(draw, frame, lot.geom, _rgba(lot.land_use.colour))
    for lot in lots:
        outline(draw, frame, lot.geom, LOT_LINE, SCALE)
    _place(draw, frame, place)
    scale_bar(draw, frame, MARKS_SIZE)
    north_arrow(draw, frame, MARKS_SIZE)
    codes = {lot.land_use_id: lot.land_use for lot in lots}
    legend = sorted(codes.values(), key=lambda code: (code.sort_order, code.code))
    return SheetMap(canvas.png(), frame_for(place, width, height), legend)


def frame_for(place: GEOSGeometry, width: int, height: int) -> Frame:
    """The frame of the extract: about 330 m around a point, a parcel with its neighbours, centred on either."""
    if place.dims == 0:
        return Frame.around(place.extent, width, height, margin=0, min_span=POINT_SPAN_DEGREES)
    return Frame.around(place.extent, width, height, margin=PARCEL_MARGIN, min_span=PARCEL_MIN_SPAN_DEGREES)


def _lots(frame: Frame, on_date: datetime.date) -> list[ZoningLot]:
    """Lots in force in the frame, the least specific plan first so the most specific is drawn on top."""
    lots = list(
        ZoningLot.objects.in_force(on_date)
        .filter(geom__intersects=frame.polygon())
        .select_related("land_use", "revision__plan")
        .defer("revision__plan__boundary")
        .order_by("revision_id", "lot_code")[:MAX_LOTS]
    )
    order = [str(kind) for kind in PLAN_TYPE_ORDER]
    lots.sort(key=lambda lot: -order.index(lot.revision.plan.plan_type))
    return lots


def _place(draw: ImageDraw.ImageDraw, frame: Frame, place: GEOSGeometry) -> None:
    if isinstance(place, Point):
        x, y = frame.pixel(place.x, place.y)
        radius = 16 * SCALE
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=PLACE, outline=WHITE, width=5 * SCALE)
        return
    outline(draw, frame, place, WHITE, 7 * SCALE)  # a white halo keeps the red visible on any land-use colour
    outline(draw, frame, place, PLACE, 4 * SCALE)


def _rgba(colour: str) -> tuple[int, int, int, int]:
    text = colour.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16), 255
