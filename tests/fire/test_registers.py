"""The fire registers arrive through datahub files and JSON, checked row by row; a bad file writes nothing."""

import datetime

import pytest

from alerts.models import Alert
from core.errors import ImportFailed
from datahub.arrivals import Arrival, receive
from datahub.models import Dataset, Delivery
from sectors.fire.models import FireIncident, Premises, WaterSource
from tests.datahub.files import csv_bytes, xlsx_bytes
from tests.fire.world import FireWorld

WATER = ["Mã", "Tên", "Loại", "Tình trạng", "Ngày kiểm tra", "Kinh độ", "Vĩ độ"]
PREMISES = ["Mã", "Tên cơ sở", "Nhóm nguy hiểm", "Hạn kiểm tra", "Kinh độ", "Vĩ độ", "Kiểm tra gần nhất"]
INCIDENTS = ["Mã", "Tiêu đề", "Loại", "Thời gian báo", "Kinh độ", "Vĩ độ", "Mã đội", "Đến hiện trường", "Kết thúc",
             "Tử vong"]  # fmt: skip


def _dataset(world: FireWorld, target: str) -> Dataset:
    return Dataset.objects.create(code=target.replace("_", "-"), name=target, provider=world.police,
                                  sector=world.sector, target=target, format=Dataset.Format.CSV)  # fmt: skip


def deliver(world: FireWorld, target: str, content: bytes, fmt: str = "csv") -> Delivery:
    dataset = Dataset.objects.filter(target=target).first() or _dataset(world, target)
    return receive(dataset, Arrival("file", content, fmt, f"{target}.{fmt}", world.users["officer"])).delivery


def test_water_sources_are_stored_with_vietnamese_words_and_lineage(fire_world: FireWorld) -> None:
    rows = [["TH-01", "Trụ Trần Phú", "trụ nước", "Hỏng", "2026-05-02", 109.111, 12.210],
            ["HO-01", "Hồ Đồng Đế", "hồ", "yếu", "02/05/2026", 109.12, 12.22]]  # fmt: skip
    delivery = deliver(fire_world, "fire_water_sources", csv_bytes(rows, WATER))
    stored = {
        (w.code, w.kind, w.status, w.last_checked, w.unit.code if w.unit else "") for w in WaterSource.objects.all()
    }
    assert stored == {("TH-01", "hydrant", "out_of_order", datetime.date(2026, 5, 2), "90001"),
                      ("HO-01", "pond", "weak", datetime.date(2026, 5, 2), "90001")}  # fmt: skip
    assert set(WaterSource.objects.values_list("delivery_id", flat=True)) == {delivery.pk}


def test_a_bad_row_refuses_the_whole_file_and_names_row_column_and_fix(fire_world: FireWorld) -> None:
    rows = [["TH-01", "Trụ 1", "trụ", "tốt", "2026-05-02", 109.111, 12.210],
            ["TH-02", "Trụ 2", "vòi rồng", "hơi yếu", "2026-13-40", 120.0, 12.2]]  # fmt: skip
    with pytest.raises(ImportFailed) as refused:
        deliver(fire_world, "fire_water_sources", csv_bytes(rows, WATER))
    message = refused.value.message
    assert "line 3" in message
    assert "'vòi rồng' is not understood" in message and "'hơi yếu' is not understood" in message
    assert "not a real date" in message and "outside the province" in message
    assert not WaterSource.objects.exists()


def test_premises_from_xlsx_raise_the_overdue_inspection_alert(fire_world: FireWorld) -> None:
    rows = [["CS-01", "Chợ Thử", "I", "2026-01-15", 109.106, 12.206, "2025-07-15"]]
    deliver(fire_world, "fire_premises", xlsx_bytes(rows, PREMISES), "xlsx")
    item = Premises.objects.get()
    assert (item.risk_group, item.next_due) == ("I", datetime.date(2026, 1, 15))
    assert Alert.objects.filter(external_ref__startswith="fire:inspection:CS-01").exists()


def test_incidents_compute_their_response_time_and_check_the_order_of_times(fire_world: FireWorld) -> None:
    rows = [["PC-01", "Cháy nhà dân", "cháy", "2026-05-02 14:00", 109.11, 12.21, "DOI-1", "2026-05-02 14:09",
             "2026-05-02 15:30", 0]]  # fmt: skip
    deliver(fire_world, "fire_incidents", csv_bytes(rows, INCIDENTS))
    incident = FireIncident.objects.get()
    assert (incident.station, incident.response_s, incident.is_open) == (fire_world.station, 540, False)
    late = [["PC-02", "Cứu nạn", "cnch", "2026-05-02 14:00", 109.11, 12.21, "DOI-9", "2026-05-02 13:00", "", ""]]
    with pytest.raises(ImportFailed) as refused:
        deliver(fire_world, "fire_incidents", csv_bytes(late, INCIDENTS))
    assert "before the report" in refused.value.message and "unknown station 'DOI-9'" in refused.value.message
    assert FireIncident.objects.count() == 1


def test_incident_files_with_names_of_people_are_refused_whole(fire_world: FireWorld) -> None:
    rows = [["PC-03", "Cháy", "cháy", "2026-05-02 14:00", 109.11, 12.21, "Nguyễn Văn A"]]
    header = ["Mã", "Tiêu đề", "Loại", "Thời gian báo", "Kinh độ", "Vĩ độ", "Họ tên"]
    with pytest.raises(ImportFailed) as refused:
        deliver(fire_world, "fire_incidents", csv_bytes(rows, header))
    assert "personal data" in refused.value.message
