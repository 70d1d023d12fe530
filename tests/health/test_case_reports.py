"""Weekly disease counts arrive by file or JSON push, row by row checked; personal data is refused whole."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import ImportFailed
from datahub.arrivals import Arrival, receive, stage
from datahub.models import Delivery
from sectors.health.cases import parse_week, personal_columns
from sectors.health.models import CaseCount
from tests.datahub.files import csv_bytes, xlsx_bytes
from tests.health.world import World

HEADER = ["Mã bệnh", "Mã xã", "Tuần khởi phát", "Số ca mắc", "Tử vong"]


def deliver(world: World, content: bytes, fmt: str = "csv") -> Delivery:
    return receive(world.dataset, Arrival("file", content, fmt, f"cases.{fmt}", world.officer)).delivery


def test_a_csv_file_of_weekly_counts_is_stored_with_its_lineage(world: World) -> None:
    rows = [["Sốt xuất huyết", "90001", "2026-W22", 7, 0], ["measles", "90002", "28/05/2026", 1, ""]]

    delivery = deliver(world, csv_bytes(rows, HEADER))

    stored = {(c.disease, c.unit.code, c.week_start.isoformat(), c.cases) for c in CaseCount.objects.all()}
    assert stored == {("dengue", "90001", "2026-05-25", 7), ("measles", "90002", "2026-05-25", 1)}
    assert set(CaseCount.objects.values_list("delivery_id", flat=True)) == {delivery.pk}


def test_an_xlsx_file_is_read_like_a_csv(world: World) -> None:
    deliver(world, xlsx_bytes([["tay chân miệng", "90001", "2026-05-27", 4, 0]], HEADER), "xlsx")

    assert CaseCount.objects.get().disease == "hand-foot-mouth"


def test_a_file_with_one_bad_row_writes_nothing_and_names_row_and_fix(world: World) -> None:
    rows = [
        ["dengue", "90001", "2026-W22", 7, 0],
        ["cholera?", "99999", "2026-W99", 1, 0],
        ["dengue", "90002", "2026-W22", -1, 0],
    ]

    with pytest.raises(ImportFailed) as refused:
        deliver(world, csv_bytes(rows, HEADER))

    assert CaseCount.objects.count() == 0
    message = refused.value.message
    assert "line 3" in message
    assert "unknown disease 'cholera?'" in message and "unknown unit code '99999'" in message
    assert "2026 has no week 99" in message
    assert "line 4: Số ca mắc: wrong type for cases: '-1' is not a whole number of 0 or more." in message


@pytest.mark.parametrize(
    "column", ["Họ tên", "Họ và tên bệnh nhân", "Địa chỉ", "Số CCCD", "so_cmnd", "Điện thoại", "Ngày sinh",
               "Patient name", "Home address", "Phone", "Date of birth", "ID number", "Số thẻ BHYT"],
)  # fmt: skip
def test_a_file_with_a_personal_data_column_is_refused_saying_why(world: World, column: str) -> None:
    content = csv_bytes([["dengue", "90001", "2026-W22", 1, 0, "x"]], [*HEADER, column])

    with pytest.raises(ImportFailed) as refused:
        deliver(world, content)

    assert CaseCount.objects.count() == 0
    assert f"personal data in the columns '{column}'" in refused.value.message
    assert "aggregated counts only" in refused.value.message
    assert Delivery.objects.get().status == Delivery.Status.REFUSED


def test_disease_and_commune_name_columns_are_not_taken_for_personal_data() -> None:
    assert personal_columns(["Tên bệnh", "Tên xã", "Mã xã", "Tuần", "Số ca", "Disease name"]) == []


def test_a_json_push_with_personal_data_is_refused_with_the_reason(world: World) -> None:
    body = [{"disease": "dengue", "unit_code": "90001", "week": "2026-W22", "cases": 3, "ho_ten": "Nguyễn Văn A"}]
    from django.test import Client

    response = Client(headers={"Authorization": f"Token {world.token}"}).post(
        reverse("datahub:api-push", args=[world.dataset.code]), json.dumps(body), content_type="application/json"
    )

    assert response.status_code in (400, 422), response.content
    assert "personal data" in response.content.decode()
    assert CaseCount.objects.count() == 0


def test_a_json_push_of_counts_is_stored(world: World) -> None:
    from django.test import Client

    body = [{"disease": "dengue", "unit_code": "90001", "week": "2026-W22", "cases": 3}]
    response = Client(headers={"Authorization": f"Token {world.token}"}).post(
        reverse("datahub:api-push", args=[world.dataset.code]), json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 201, response.content
    assert CaseCount.objects.get().cases == 3


def test_weeks_are_read_as_iso_weeks_or_days_of_the_week() -> None:
    monday = parse_week("2026-W22")
    assert monday.isoformat() == "2026-05-25"
    assert parse_week("22/2026") == parse_week("2026-05-31") == parse_week("31/05/2026") == monday
    with pytest.raises(ValueError, match="not a week"):
        parse_week("tuần trước")


def test_a_future_week_is_refused(world: World) -> None:
    future = timezone.localdate().replace(year=timezone.localdate().year + 1).isoformat()
    with pytest.raises(ImportFailed, match="in the future"):
        deliver(world, csv_bytes([["dengue", "90001", future, 1, 0]], HEADER))


def test_a_refused_file_with_personal_data_is_not_kept(world: World, media: Path) -> None:
    content = csv_bytes([["dengue", "90001", "2026-W22", 1, 0, "Nguyễn Văn A"]], [*HEADER, "Họ tên"])

    with pytest.raises(ImportFailed):
        deliver(world, content)

    refused = Delivery.objects.get()
    assert refused.status == Delivery.Status.REFUSED and not refused.content
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_an_uploaded_file_with_personal_data_is_refused_at_once_and_not_kept(world: World, media: Path) -> None:
    content = csv_bytes([["dengue", "90001", "2026-W22", 1, 0, "0905 123 456"]], [*HEADER, "Số điện thoại"])

    with pytest.raises(ImportFailed, match="personal data"):
        stage(world.dataset, Arrival("file", content, "csv", "ca-benh.csv", world.officer))

    assert not Delivery.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]
