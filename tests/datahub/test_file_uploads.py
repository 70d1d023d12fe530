"""Files (CSV, XLSX, PDF) load into the indicator set through the preview; malformed ones are refused row by row."""

import io
from collections.abc import Callable, Sequence
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from reportlab.pdfgen import canvas

from datahub.models import Delivery
from indicators.models import IndicatorValue
from tests.datahub.files import csv_bytes, pdf_bytes, xlsx_bytes
from tests.datahub.world import World, signed_in

GOOD_ROWS = [
    ["budget-revenue", "2026-03", "", "1450.5", "tỷ đồng"],
    ["budget-revenue", "04/2026", "", "1.512,25", "Tỷ đồng"],
    ["commune-revenue", "2026-03", "90001", "12,5", ""],
    ["commune-revenue", "2026-03", "90002", "8", "tỷ đồng"],
]
BAD_ROWS = [
    ["budget-revenue", "2026-03", "", "1450.5", "tỷ đồng"],
    ["budget-revenue", "2026-04", "", "không có", "tỷ đồng"],  # wrong type
    ["gdp-per-capita", "2026-03", "", "95", "triệu đồng"],  # unknown indicator
    ["budget-revenue", "2026-05", "", "1300", "USD"],  # unknown unit of measure
    ["commune-revenue", "2026-03", "99999", "3", ""],  # unknown unit
    ["budget-revenue", "2026-03", "", "1450.5", "tỷ đồng"],  # duplicate of the first row
]
MAKERS: dict[str, tuple[str, Callable[[Sequence[Sequence[object]]], bytes]]] = {
    "csv": ("chi-tieu.csv", csv_bytes),
    "xlsx": ("chi-tieu.xlsx", xlsx_bytes),
    "pdf": ("chi-tieu.pdf", pdf_bytes),
}
FIRST_ROW_REF = {"csv": "line 2", "xlsx": "row 4 of sheet 'Data'", "pdf": "page 1, table row 2"}


def upload(client: Client, world: World, name: str, content: bytes) -> Delivery:
    response = client.post(
        reverse("datahub:upload", args=[world.dataset.code]), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302, response.content[:500]
    return Delivery.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


@pytest.mark.parametrize("kind", ["csv", "xlsx", "pdf"])
def test_a_table_loads_into_the_indicator_set_through_the_preview(world: World, kind: str) -> None:
    client = signed_in(world, "provider")
    name, make = MAKERS[kind]

    delivery = upload(client, world, name, make(GOOD_ROWS))
    page = client.get(reverse("datahub:delivery", args=[delivery.pk])).content.decode()
    stored_before_confirming = IndicatorValue.objects.count()
    response = client.post(reverse("datahub:delivery-commit", args=[delivery.pk]))

    assert "data-preview" in page and "4 rows are ready to store" in page and "1.512,25" in page
    assert stored_before_confirming == 0
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.rows_created, delivery.format) == ("committed", 4, kind)
    values = {
        (v.indicator.code, str(v.period_start), v.unit.code if v.unit else ""): v for v in IndicatorValue.objects.all()
    }
    assert values[("budget-revenue", "2026-04-01", "")].value == Decimal("1512.25")
    assert values[("commune-revenue", "2026-03-01", "90001")].value == Decimal("12.5")
    first = values[("budget-revenue", "2026-03-01", "")]
    assert (first.delivery_id, first.source_row, first.source_ref) == (delivery.pk, 1, FIRST_ROW_REF[kind])
    assert first.lineage() == f"{name} — {FIRST_ROW_REF[kind]}"
    world.dataset.refresh_from_db()
    assert world.dataset.last_received_at is not None


@pytest.mark.parametrize("kind", ["csv", "xlsx", "pdf"])
def test_a_malformed_table_is_refused_with_row_level_messages_and_nothing_stored(world: World, kind: str) -> None:
    client = signed_in(world, "provider")
    name, make = MAKERS[kind]
    delivery = upload(client, world, name, make(BAD_ROWS))

    response = client.post(reverse("datahub:delivery-commit", args=[delivery.pk]))

    assert response.status_code == 400
    text = response.content.decode()
    ref = {"csv": "line %d", "xlsx": "row %d of sheet &#x27;Data&#x27;", "pdf": "page 1, table row %d"}[kind]
    first = {"csv": 2, "xlsx": 4, "pdf": 2}[kind]
    expected = {
        first + 1: "wrong type for value: &#x27;không có&#x27; is not a number",
        first + 2: "unknown indicator &#x27;gdp-per-capita&#x27;",
        first + 3: "unknown unit of measure &#x27;USD&#x27; for budget-revenue",
        first + 4: "unknown unit code &#x27;99999&#x27;",
        first + 5: "duplicate of " + (ref % first),
    }
    for row, message in expected.items():
        assert f"{ref % row}: " in text and message in text, (row, message)
    assert "6 problems" not in text and "5 problems" in text
    assert IndicatorValue.objects.count() == 0
    delivery.refresh_from_db()
    assert delivery.status == "preview"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.pdf", b"%PDF-1.4 this is not really a PDF", "not a readable PDF"),
        ("empty.csv", b"", "The submitted file is empty"),
        ("blank.csv", b"\n\n", "The delivery is empty"),
        ("broken.xlsx", b"PK\x03\x04 not a workbook", "not an Excel workbook"),
        ("latin1.csv", "indicator,period,value\nbudget-revenue,2026-03,Thu ngân\n".encode("cp1258"), "not UTF-8"),
        ("notes.txt", b"hello", "is not a CSV, XLSX, PDF or JSON file"),
    ],
)
def test_an_unreadable_file_is_refused_at_upload_and_nothing_is_kept(
    world: World, name: str, content: bytes, message: str
) -> None:
    response = signed_in(world, "provider").post(
        reverse("datahub:upload", args=[world.dataset.code]), {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Delivery.objects.exists()


def test_a_pdf_without_a_table_says_to_send_csv_or_xlsx(world: World) -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Bao cao thang 3: thu ngan sach 1450 ty dong.")
    page.save()

    response = signed_in(world, "provider").post(
        reverse("datahub:upload", args=[world.dataset.code]),
        {"file": SimpleUploadedFile("text.pdf", buffer.getvalue())},
    )

    assert response.status_code == 400 and "No table was found in the PDF" in response.content.decode()


def test_columns_are_mapped_by_hand_when_their_names_differ(world: World) -> None:
    client = signed_in(world, "provider")
    header = ["Mã số", "Kỳ báo cáo", "Mã đơn vị", "Số tiền", "ĐVT"]
    delivery = upload(
        client, world, "vn.csv", csv_bytes([["budget-revenue", "T3/2026", "", "1450", "tỷ đồng"]], header)
    )
    before = client.get(reverse("datahub:delivery", args=[delivery.pk])).content.decode()

    mapping = {"map-indicator": "Mã số", "map-period": "Kỳ báo cáo", "map-unit_code": "Mã đơn vị",
               "map-value": "Số tiền", "map-uom": "ĐVT"}  # fmt: skip
    client.post(reverse("datahub:delivery-mapping", args=[delivery.pk]), mapping)
    client.post(reverse("datahub:delivery-commit", args=[delivery.pk]))

    assert (
        "no column is mapped to &#x27;indicator&#x27;" in before
        and "no column is mapped to &#x27;value&#x27;" in before
    )
    value = IndicatorValue.objects.get()
    assert (str(value.period_start), value.value, value.source_ref) == ("2026-03-01", Decimal("1450.0000"), "line 2")
    delivery.refresh_from_db()
    assert delivery.column_map["Số tiền"] == "value"


def test_vietnamese_headings_are_mapped_by_themselves(world: World) -> None:
    client = signed_in(world, "provider")
    header = ["Mã chỉ tiêu", "Kỳ", "Mã ĐVHC", "Giá trị", "Đơn vị tính"]
    delivery = upload(
        client, world, "vn.csv", csv_bytes([["budget-revenue", "2026-03", "", "1450", "tỷ đồng"]], header, ";")
    )

    client.post(reverse("datahub:delivery-commit", args=[delivery.pk]))

    assert IndicatorValue.objects.get().value == Decimal(1450)


def test_resending_the_same_data_changes_nothing(world: World) -> None:
    client = signed_in(world, "provider")
    first = upload(client, world, "a.csv", csv_bytes(GOOD_ROWS))
    client.post(reverse("datahub:delivery-commit", args=[first.pk]))
    stored = {
        value.pk: (value.value, value.delivery_id, value.source_ref, value.updated_at)
        for value in IndicatorValue.objects.all()
    }

    again = upload(client, world, "a.csv", csv_bytes(GOOD_ROWS))
    refused = client.post(reverse("datahub:delivery-commit", args=[again.pk]))
    as_xlsx = upload(client, world, "a.xlsx", xlsx_bytes(list(reversed(GOOD_ROWS))))
    client.post(reverse("datahub:delivery-commit", args=[as_xlsx.pk]))

    assert refused.status_code == 400 and f"already stored as delivery #{first.pk}" in refused.content.decode()
    as_xlsx.refresh_from_db()
    assert (as_xlsx.status, as_xlsx.rows_created, as_xlsx.rows_updated, as_xlsx.rows_unchanged) == (
        "committed",
        0,
        0,
        4,
    )
    after = {
        value.pk: (value.value, value.delivery_id, value.source_ref, value.updated_at)
        for value in IndicatorValue.objects.all()
    }
    assert after == stored  # same values, same lineage (the first delivery), untouched


def test_a_changed_value_takes_the_new_lineage(world: World) -> None:
    client = signed_in(world, "provider")
    first = upload(client, world, "a.csv", csv_bytes(GOOD_ROWS))
    client.post(reverse("datahub:delivery-commit", args=[first.pk]))
    corrected = [row[:] for row in GOOD_ROWS]
    corrected[0][3] = "1460"
    second = upload(client, world, "b.csv", csv_bytes(corrected))
    client.post(reverse("datahub:delivery-commit", args=[second.pk]))

    second.refresh_from_db()
    assert (second.rows_created, second.rows_updated, second.rows_unchanged) == (0, 1, 3)
    changed = IndicatorValue.objects.get(indicator=world.revenue, period_start="2026-03-01")
    assert (changed.value, changed.delivery_id) == (Decimal(1460), second.pk)
    kept = IndicatorValue.objects.get(indicator=world.revenue, period_start="2026-04-01")
    assert kept.delivery_id == first.pk


def test_another_provider_cannot_upload_to_the_dataset(world: World) -> None:
    response = signed_in(world, "other_provider").post(
        reverse("datahub:upload", args=[world.dataset.code]),
        {"file": SimpleUploadedFile("a.csv", csv_bytes(GOOD_ROWS))},
    )

    assert response.status_code == 403
    assert not Delivery.objects.exists()


def test_a_provider_reports_only_its_own_indicators(world: World) -> None:
    world.revenue.agency = world.other
    world.revenue.save()
    client = signed_in(world, "provider")
    delivery = upload(client, world, "a.csv", csv_bytes(GOOD_ROWS[:1]))

    response = client.post(reverse("datahub:delivery-commit", args=[delivery.pk]))

    assert response.status_code == 400
    assert (
        "budget-revenue is reported by Agency so-ct, not by this dataset&#x27;s provider" in response.content.decode()
    )


def test_the_header_may_not_repeat_a_column(world: World) -> None:
    response = signed_in(world, "provider").post(
        reverse("datahub:upload", args=[world.dataset.code]),
        {"file": SimpleUploadedFile("a.csv", csv_bytes([["x", "y"]], ["value", "value"]))},
    )

    assert response.status_code == 400 and "the header repeats value" in response.content.decode()
