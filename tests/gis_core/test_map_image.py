"""The platform's one map renderer (gis_core.map_image): shapes in proportion at Khánh Hòa's latitude, and both
the periodic report's map and the quick report's alert map drawn with it."""

import io
from collections.abc import Callable
from typing import cast

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.utils import timezone
from PIL import Image

from alerts import map_image as alert_map
from alerts.models import Alert
from gis_core import map_image
from gis_core.map_image import Canvas, Frame
from gis_core.models import AdminUnit, Province
from gis_core.srs import VN2000_TM3_108_15
from reports import pdf
from reports.figures import UnitFigures

pytestmark = pytest.mark.django_db
SIDE_M = 10_000
# Uncorrected degrees would draw a ground square 1.7 % wide at 12.2° N and a bare cos(latitude) 0.6 % narrow.
TOLERANCE = 0.004
Colour = tuple[int, int, int]


def ground_square() -> Polygon:
    """A 10 km square on the ground near Nha Trang (12.2° N), built in the province's VN-2000 projection."""
    x, y = 602_000, 1_349_000  # about 109.19° E, 12.2° N
    square = Polygon(((x, y), (x + SIDE_M, y), (x + SIDE_M, y + SIDE_M), (x, y + SIDE_M), (x, y)),
                     srid=VN2000_TM3_108_15)  # fmt: skip
    projected = square.transform(4326, clone=True)
    assert isinstance(projected, Polygon)
    return projected


def box_of(png: bytes, matches: Callable[[Colour], bool]) -> tuple[int, int, int, int]:
    """The pixel box (left, top, right, bottom) of the pixels whose colour matches."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    mask = Image.new("1", image.size)
    pixels = cast(list[Colour], list(image.get_flattened_data()))
    mask.putdata([1 if matches(pixel) else 0 for pixel in pixels])
    box = mask.getbbox()
    assert box is not None, "nothing of that colour is drawn"
    return box


def near(colour: Colour) -> Callable[[Colour], bool]:
    return lambda pixel: all(abs(a - b) <= 12 for a, b in zip(pixel, colour, strict=True))


def ratio(box: tuple[int, int, int, int]) -> float:
    left, top, right, bottom = box
    return (right - left) / (bottom - top)


def expected_box(frame: Frame, square: Polygon) -> tuple[float, float, float, float]:
    """Where the shared frame puts the square's bounding box, in output pixels."""
    west, south, east, north = square.extent
    left, top = frame.pixel(west, north)
    right, bottom = frame.pixel(east, south)
    return left, top, right, bottom


def report_map_of(square: Polygon) -> bytes:
    province, _created = Province.objects.get_or_create(code="56", defaults={"name": "Tỉnh Khánh Hòa"})
    AdminUnit.objects.create(province=province, code="90101", name="Phường Vuông", kind=AdminUnit.Kind.WARD,
                             geom=MultiPolygon(square))  # fmt: skip
    return pdf._unit_map([UnitFigures(code="90101", raised=3)])


def alert_map_of(square: Polygon) -> bytes:
    alert = Alert.objects.create(title="Vùng ngập vuông", source="manual", procedure="deadline", geom=square,
                                 appeared_at=timezone.now())  # fmt: skip
    return alert_map.render([alert])


def test_a_ground_square_at_khanh_hoa_draws_square_on_the_shared_canvas() -> None:
    square = ground_square()
    canvas = Canvas.around(square.extent, 900, 600, map_image.WHITE)
    map_image.fill(canvas.draw, canvas.frame, square, (0, 0, 255, 255))

    box = box_of(canvas.png(), near((0, 0, 255)))

    assert ratio(box) == pytest.approx(1.0, abs=TOLERANCE)


def test_the_scale_bar_length_is_true_on_the_ground() -> None:
    square = ground_square()
    frame = Frame.around(square.extent, 900, 900, margin=0)
    left, _top, right, _bottom = expected_box(frame, square)

    assert (right - left) * frame.metres_per_pixel() == pytest.approx(SIDE_M, rel=TOLERANCE)


def test_the_report_map_draws_a_square_ward_square() -> None:
    png = report_map_of(ground_square())

    box = box_of(png, near(pdf.MAP_COLOURS[4][:3]))  # the ward with the most alerts: the darkest class

    assert Image.open(io.BytesIO(png)).size == pdf.MAP_SIZE
    assert ratio(box) == pytest.approx(1.0, abs=TOLERANCE)


def test_the_alert_map_draws_a_square_alert_square() -> None:
    png = alert_map_of(ground_square())

    box = box_of(png, near(alert_map.ALERT_LINE[:3]))

    assert Image.open(io.BytesIO(png)).size == (alert_map.WIDTH, alert_map.HEIGHT)
    assert ratio(box) == pytest.approx(1.0, abs=TOLERANCE)


def test_the_report_map_and_the_alert_map_put_a_shape_where_the_shared_frame_does() -> None:
    square = ground_square()
    report_frame = Frame.around(square.extent, *pdf.MAP_SIZE, margin=pdf.MAP_MARGIN)
    alert_frame = Frame.around(square.extent, alert_map.WIDTH, alert_map.HEIGHT)

    report_box = box_of(report_map_of(square), near(pdf.MAP_COLOURS[4][:3]))
    alert_box = box_of(alert_map_of(square), near(alert_map.ALERT_LINE[:3]))

    # The fill ends at the outline; the alert's 3-pixel outline straddles the edge: 2 pixels either way.
    assert report_box == pytest.approx(expected_box(report_frame, square), abs=2)
    assert alert_box == pytest.approx(expected_box(alert_frame, square), abs=2)
    assert ratio(report_box) == pytest.approx(ratio(alert_box), abs=TOLERANCE)


def test_the_report_map_is_the_shared_canvas_drawing_of_its_units() -> None:
    square = ground_square()
    canvas = Canvas.around(square.extent, *pdf.MAP_SIZE, map_image.WHITE, margin=pdf.MAP_MARGIN)
    map_image.fill(canvas.draw, canvas.frame, square, pdf.MAP_COLOURS[4])
    map_image.outline(canvas.draw, canvas.frame, square, pdf.MAP_LINE, map_image.SCALE)
    map_image.scale_bar(canvas.draw, canvas.frame, pdf.MAP_MARKS_SIZE)
    map_image.north_arrow(canvas.draw, canvas.frame, pdf.MAP_MARKS_SIZE)

    assert report_map_of(square) == canvas.png()
