"""A map image of alerts for quick reports, drawn on the server from our own data: no tiles, no internet.

The frame covers the alerts' geometries with a margin; the administrative units around them are drawn in grey
(the touched ones shaded, with their names), the zoning lots in force that the alerts reach in brown, and the
alerts in red with their numbers. Drawn with the platform's renderer (gis_core.map_image), which keeps shapes in
proportion at the province's latitude and draws at twice the size for smooth edges.
"""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from PIL import ImageDraw

from alerts.models import Alert
from alerts.places import lots_reached
from core.errors import InvalidInput
from gis_core.map_image import (
    SCALE,
    TEXT,
    Canvas,
    Frame,
    extent,
    fill,
    font,
    label,
    north_arrow,
    outline,
    polygons,
    ring,
    scale_bar,
)
from gis_core.models import AdminUnit

WIDTH, HEIGHT = 1200, 800
BACKGROUND = (248, 249, 250, 255)
UNIT_FILL = (233, 236, 239, 255)
UNIT_TOUCHED = (255, 243, 205, 255)
UNIT_LINE = (120, 130, 140, 255)
LOT_LINE = (140, 90, 40, 255)
ALERT_FILL = (211, 47, 47, 90)
ALERT_LINE = (183, 28, 28, 255)
MAX_LOTS = 800
__all__ = ["Frame", "font", "render"]


def render(alerts: Sequence[Alert], width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """A PNG map of the alerts over the units and the lots they reach."""
    located = [alert for alert in alerts if alert.geom is not None]
    touched_units = [unit for alert in alerts for unit in alert.units.all()]
    # The frame shows the alerts within the units they touch, so the reader sees where in the province they are.
    shapes = [alert.geom for alert in located] + [unit.geom for unit in touched_units]
    if not shapes:
        raise InvalidInput(_("None of the alerts has a place or a unit to draw."))
    canvas = Canvas.around(extent(shapes), width, height, BACKGROUND)
    frame, draw = canvas.frame, canvas.draw
    touched = {unit.pk for unit in touched_units}
    units = list(AdminUnit.objects.filter(geom__intersects=frame.polygon()).only("pk", "name", "geom"))
    for unit in units:
        fill(draw, frame, unit.geom, UNIT_TOUCHED if unit.pk in touched else UNIT_FILL)
    _lots(draw, frame, located)
    for unit in units:
        outline(draw, frame, unit.geom, UNIT_LINE, 2 * SCALE)
    for unit in units:
        label(draw, frame, unit.geom, unit.name, font(13 * SCALE), TEXT, offset=26 * SCALE)
    with canvas.translucent() as shade:
        for alert in located:
            _area(shade, frame, alert.geom)
    for alert in located:
        _marks(draw, frame, alert.geom)
    for alert in located:
        label(draw, frame, alert.geom, f"#{alert.pk}", font(16 * SCALE, bold=True), ALERT_LINE, offset=-26 * SCALE)
    scale_bar(draw, frame)
    north_arrow(draw, frame)
    return canvas.png()


def _lots(draw: ImageDraw.ImageDraw, frame: Frame, alerts: list[Alert]) -> None:
    for alert in alerts:
        for lot in lots_reached(alert, MAX_LOTS):
            outline(draw, frame, lot.geom, LOT_LINE, SCALE)


def _area(draw: ImageDraw.ImageDraw, frame: Frame, geom: Any) -> None:
    """The translucent fill of an alert's polygons (drawn on the overlay)."""
    for polygon in polygons(geom):
        draw.polygon(ring(frame, polygon.exterior_ring.coords), fill=ALERT_FILL)


def _marks(draw: ImageDraw.ImageDraw, frame: Frame, geom: Any) -> None:
    """The opaque outline of an alert's polygons, its lines, and its points as markers."""
    if geom.dims == 2:
        outline(draw, frame, geom, ALERT_LINE, 3 * SCALE)
    elif geom.dims == 1:
        lines = [geom] if geom.geom_type == "LineString" else list(geom)
        for line in lines:
            draw.line(ring(frame, line.coords), fill=ALERT_LINE, width=5 * SCALE, joint="curve")
    else:
        points = [geom] if geom.geom_type == "Point" else list(geom)
        for point in points:
            x, y = frame.pixel(point.x, point.y)
            radius = 11 * SCALE
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=ALERT_LINE,
                         outline=(255, 255, 255, 255), width=3 * SCALE)  # fmt: skip
