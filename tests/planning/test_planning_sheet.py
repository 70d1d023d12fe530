"""The planning information sheet: one A4 PDF page with the place drawn on its map, in Vietnamese."""

import io
import re
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, Point
from django.test import Client
from PIL import Image
from pypdf import PdfReader

from planning import sheet_map
from planning.models import Plan
from tests.planning.conftest import ORIGINAL_FROM, OUTSIDE_LAT, OUTSIDE_LON, TEST_LAT, TEST_LON

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
ON_ROAD_TABLE = "1 1353590 602710\n2 1353590 602750\n3 1353630 602750\n4 1353630 602710"
RENDER_SCALE = 3  # 216 dpi
pytestmark = [pytest.mark.django_db, pytest.mark.vietnamese]


def sheet(client: Client, **params: str) -> bytes:
    response = client.get("/planning/sheet.pdf", params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def text_of(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    return len(reader.pages), " ".join(text.split())  # lines wrapped on the page read as one


def rendered(pdf: bytes) -> tuple[Image.Image, tuple[float, float, float, float]]:
    """The page as an image and the map image's box on it in pixels (left, top, right, bottom)."""
    document = pdfium.PdfDocument(pdf)
    page = document[0]
    width_pt, height_pt = page.get_size()
    assert (round(width_pt), round(height_pt)) == (595, 842), "not an A4 portrait page"
    images = list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))
    # The map is the largest picture on the sheet (the QR code is drawn as vectors).
    boxes = sorted((image.get_bounds() for image in images), key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    assert boxes, "the sheet has no map image"
    left, bottom, right, top = boxes[-1]
    picture = page.render(scale=RENDER_SCALE).to_pil().convert("RGB")
    s = RENDER_SCALE
    return picture, (left * s, (height_pt - top) * s, right * s, (height_pt - bottom) * s)


def is_outline_red(pixel: tuple[int, int, int]) -> bool:
    red, green, blue = pixel
    return red > 180 and green < 70 and blue < 70


def red_near(picture: Image.Image, x: float, y: float, radius: int = 4) -> bool:
    return any(
        is_outline_red(picture.getpixel((round(x) + dx, round(y) + dy)))  # type: ignore[arg-type]
        for dx in range(-radius, radius + 1)
        for dy in range(-radius, radius + 1)
    )


def test_the_sheet_of_a_point_is_one_a4_page_with_title_reference_indicators_and_disclaimer(
    zoning_plan: Plan, client: Client
) -> None:
    pdf = sheet(client, lon=str(TEST_LON), lat=str(TEST_LAT), date="2024-06-30")

    pages, text = text_of(pdf)
    assert pages == 1
    for expected in (
        "UBND TỈNH KHÁNH HÒA",
        "PHIẾU THÔNG TIN QUY HOẠCH",
        "Quy hoạch phân khu thử nghiệm",
        "Đất xây dựng cơ sở giáo dục và đào tạo",
        "200/QĐ-UBND",
        "Quyết định điều chỉnh",
        "30/06/2024",  # the date asked about, dd/mm/yyyy
        "2,00 ha",  # the lot's stated area, Vietnamese decimal comma
        "1,6",  # floor-area ratio 1.60 as the plan states it
        "109,196700",
        "Thông tin chỉ có giá trị tham khảo",
        "Chú giải",
    ):
        assert expected in text, f"{expected!r} is not on the sheet: {text[:500]}"
    reference = re.search(r"Số: (QH-20240630-[0-9A-F]{6})", text)
    assert reference, text[:300]
    for leaked in ("x_northing", "None", "True", "test-zoning", ".txt", "Building coverage"):
        assert leaked not in text


def test_the_map_of_a_point_sheet_marks_the_point_in_red_at_its_centre(zoning_plan: Plan, client: Client) -> None:
    pdf = sheet(client, lon=str(TEST_LON), lat=str(TEST_LAT))

    picture, (left, top, right, bottom) = rendered(pdf)
    ARTIFACTS.mkdir(exist_ok=True)
    picture.save(ARTIFACTS / "planning_sheet_point.png")
    # The frame is centred on the point.
    assert red_near(picture, (left + right) / 2, (top + bottom) / 2, radius=3)
    # And nowhere near the corners (the lots around it are coloured by land use, not red).
    assert not red_near(picture, left + (right - left) * 0.3, top + (bottom - top) * 0.3, radius=3)


def test_the_map_of_a_parcel_sheet_outlines_the_parcel_where_it_lies(zoning_plan: Plan, client: Client) -> None:
    pdf = sheet(client, table=ON_ROAD_TABLE, date="2024-06-30")

    pages, text = text_of(pdf)
    assert pages == 1
    assert "1.600,0 m²" in text  # the parcel's area, Vietnamese separators
    assert "Đất công trình giao thông" in text
    picture, (left, top, right, bottom) = rendered(pdf)
    ARTIFACTS.mkdir(exist_ok=True)
    picture.save(ARTIFACTS / "planning_sheet_parcel.png")
    parcel = GEOSGeometry("POLYGON((602710 1353590, 602750 1353590, 602750 1353630, 602710 1353630, 602710 1353590))",
                          srid=9217).transform(4326, clone=True)  # fmt: skip
    assert parcel is not None
    width, height = round(right - left), round(bottom - top)
    frame = sheet_map.frame_for(parcel, width, height)
    west, south, east, north = parcel.extent
    middle_lat, middle_lon = (south + north) / 2, (west + east) / 2
    for lon, lat in ((west, middle_lat), (east, middle_lat), (middle_lon, north), (middle_lon, south)):
        x, y = frame.pixel(lon, lat)
        assert red_near(picture, left + x, top + y), f"no outline at the parcel's edge ({lon}, {lat})"
    centre_x, centre_y = frame.pixel(middle_lon, middle_lat)
    assert not red_near(picture, left + centre_x, top + centre_y), "the parcel is outlined, not filled in red"


def test_the_reference_is_the_same_for_the_same_question_and_differs_for_another(
    zoning_plan: Plan, client: Client
) -> None:
    def reference(**params: str) -> str:
        found = re.search(r"QH-\d{8}-[0-9A-F]{6}", text_of(sheet(client, **params))[1])
        assert found
        return found.group(0)

    here = {"lon": str(TEST_LON), "lat": str(TEST_LAT), "date": "2024-06-30"}
    assert reference(**here) == reference(**here)
    assert reference(**here) != reference(**{**here, "date": "2024-07-01"})
    assert reference(**here) != reference(**{**here, "lon": "109.1968"})


def test_the_sheet_holds_on_one_page_however_many_plans_cover_the_place(zoning_plan: Plan, client: Client) -> None:
    revision = zoning_plan.revisions.get(number=2)
    for number in range(6):
        other = Plan.objects.create(
            code=f"extra-{number}", name=f"Quy hoạch chi tiết bổ sung số {number} " + "rất dài " * 12,
            plan_type=Plan.Type.DETAILED_500, status=Plan.Status.APPROVED, effective_from=revision.effective_from,
            boundary=zoning_plan.boundary, source_note="Ghi chú nguồn dữ liệu " * 20,
        )  # fmt: skip
        copy = other.add_revision(effective_from=revision.effective_from, decision_number=f"{number}/QĐ-UBND")
        for lot in revision.lots.all():
            lot.pk, lot.revision = None, copy
            lot.save()

    pages, text = text_of(sheet(client, lon=str(TEST_LON), lat=str(TEST_LAT)))

    assert pages == 1
    assert "quy hoạch khác tại vị trí này" in text


def test_a_sheet_without_a_place_says_what_to_give(zoning_plan: Plan, client: Client) -> None:
    response = client.get("/planning/sheet.pdf", {"date": "2024-06-30"})

    assert response.status_code == 400
    assert "lon và lat" in response.json()["message"]


def test_a_sheet_outside_the_province_says_so(zoning_plan: Plan, client: Client) -> None:
    response = client.get("/planning/sheet.pdf", {"lon": str(OUTSIDE_LON), "lat": str(OUTSIDE_LAT)})

    assert response.status_code == 404
    assert "Khánh Hòa" in response.json()["message"]


def test_a_bad_corner_table_is_refused_with_the_line_named(zoning_plan: Plan, client: Client) -> None:
    response = client.get("/planning/sheet.pdf", {"table": "1 1353590 602710\n2 abc 602750\n3 1353630 602750"})

    assert response.status_code == 400
    assert "2" in response.json()["message"]


def test_the_point_marker_is_drawn_at_the_point_of_the_map_image(zoning_plan: Plan) -> None:
    point = Point(TEST_LON, TEST_LAT, srid=4326)
    drawn = sheet_map.render(point, ORIGINAL_FROM)
    image = Image.open(io.BytesIO(drawn.png)).convert("RGB")
    x, y = drawn.frame.pixel(point.x, point.y)
    assert is_outline_red(image.getpixel((round(x), round(y))))  # type: ignore[arg-type]
    assert {code.code for code in drawn.legend} >= {"ODT", "DKV", "DGT"}
