"""The XLSX export is for people: headers in the reader's language, plan names, numbers as formatted numeric cells."""

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from accounts.models import User
from planning.models import Plan

URL = "/api/v1/planning/lots"
VIETNAMESE_HEADERS = [
    "Quy hoạch",
    "Lần điều chỉnh",
    "Ký hiệu lô đất",
    "Mã loại đất",
    "Loại đất",
    "Nhóm đất",
    "Chức năng",
    "Mật độ xây dựng (%)",
    "Hệ số sử dụng đất",
    "Tầng cao tối thiểu",
    "Tầng cao tối đa",
    "Chiều cao tối đa (m)",
    "Khoảng lùi (m)",
    "Chỉ giới xây dựng",
    "Số hiệu chỉ giới đường đỏ",
    "Diện tích theo quy hoạch (m²)",
    "Dân số dự kiến",
]


@pytest.fixture
def planner(django_user_model: type[User], zoning_plan: Plan) -> User:
    return django_user_model.objects.create_user("planner", password="correct-horse-42")


def _sheet(user: User, language: str) -> list[list[object]]:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(URL, {"plan": "test-zoning", "format": "xlsx"})
    assert response.status_code == 200, response.content[:300]
    book = load_workbook(BytesIO(response.content))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_vietnamese_readers_get_vietnamese_headers_and_plan_names(planner: User) -> None:
    header, *lines = _sheet(planner, "vi")
    assert header == VIETNAMESE_HEADERS
    rows = {line[header.index("Ký hiệu lô đất")]: dict(zip(header, line, strict=True)) for line in lines}
    assert set(rows) == {"A1", "A2", "R1"}
    school = rows["A1"]
    assert school["Quy hoạch"] == "Quy hoạch phân khu thử nghiệm"  # the plan's name, never its code
    assert school["Nhóm đất"] == "Đất phi nông nghiệp"  # the group's label, never "non_agricultural"
    assert (school["Mã loại đất"], school["Lần điều chỉnh"]) == ("DGD", 2)
    assert school["Mật độ xây dựng (%)"] == 40 and school["Diện tích theo quy hoạch (m²)"] == 20000
    assert not any(isinstance(value, str) and value in {"test-zoning", "None", "non_agricultural"}
                   for line in lines for value in line)  # fmt: skip


def test_english_readers_get_english_headers(planner: User) -> None:
    header, *_lines = _sheet(planner, "en")
    assert header[:3] == ["Plan", "Revision number", "Lot code"]
    assert "Building coverage (%)" in header


def test_numbers_are_numeric_cells_with_a_number_format(planner: User) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(planner)
    content = client.get(URL, {"plan": "test-zoning", "format": "xlsx"}).content
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    area = next(row[header.index("Diện tích theo quy hoạch (m²)")] for row in sheet.iter_rows(min_row=2)
                if row[header.index("Ký hiệu lô đất")].value == "A1")  # fmt: skip
    assert area.data_type == "n" and area.value == 20000 and area.number_format == "#,##0.00"
    assert sheet[1][0].font.bold
