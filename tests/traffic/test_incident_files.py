"""The incident register from files and the push API (datahub target "traffic_incidents"): row by row, a bad row
refuses the whole file naming row, column and fix; names of people refuse it whole; open incidents raise alerts."""

import pytest

from core.errors import ImportFailed
from datahub.arrivals import Arrival, receive
from datahub.models import Dataset, Delivery
from sectors.traffic.models import TrafficIncident
from tests.datahub.files import csv_bytes
from tests.traffic.world import RoadWorld

HEADER = ["Mã sự cố", "Loại", "Thời gian tiếp nhận", "Kinh độ", "Vĩ độ", "Số làn bị chặn", "Giải tỏa", "Bị thương"]


def deliver(world: RoadWorld, content: bytes) -> Delivery:
    dataset = Dataset.objects.filter(target="traffic_incidents").first() or Dataset.objects.create(
        code="traffic-incidents", name="Sự cố giao thông", provider=world.police, sector=world.sector,
        target="traffic_incidents", format=Dataset.Format.CSV,
    )  # fmt: skip
    return receive(dataset, Arrival("file", content, "csv", "su-co.csv", world.users["officer"])).delivery


def test_a_file_registers_incidents_with_lineage_and_alerts_only_the_open_ones(road_world: RoadWorld) -> None:
    rows = [["GT-01", "tai nạn", "2026-05-02 14:00", 109.115, 12.2201, 1, "2026-05-02 15:10", 2],
            ["GT-02", "Ngập nước", "02/05/2026 16:30", 109.135, 12.2201, 2, "", 0]]  # fmt: skip

    delivery = deliver(road_world, csv_bytes(rows, HEADER))

    cleared, open_one = TrafficIncident.objects.order_by("reference")
    assert (cleared.kind, cleared.edge, cleared.injured, cleared.alert) == ("accident", road_world.edges[0], 2, None)
    assert (open_one.kind, open_one.edge, open_one.cleared_at) == ("road_flooding", road_world.edges[2], None)
    assert open_one.alert is not None and open_one.alert.sector_id == road_world.sector.pk
    assert {cleared.delivery_id, open_one.delivery_id} == {delivery.pk} and cleared.source_row == 1
    rows[1][6] = "2026-05-02 18:00"  # the flooding is over: the next file says so
    deliver(road_world, csv_bytes(rows, HEADER))
    open_one.refresh_from_db()
    assert TrafficIncident.objects.count() == 2 and open_one.cleared_at is not None  # same codes: the same incidents
    assert open_one.alert.events.filter(kind="hazard_retreated").count() == 1


def test_a_bad_row_refuses_the_whole_file_naming_row_column_and_fix(road_world: RoadWorld) -> None:
    rows = [["GT-03", "xe hỏng", "2026-05-02 14:00", 109.115, 12.2201, 1, "", 0],
            ["GT-04", "bão", "2026-05-02 13:00", 120.0, 12.2, 1, "2026-05-02 12:00", 1000]]  # fmt: skip

    with pytest.raises(ImportFailed) as refused:
        deliver(road_world, csv_bytes(rows, HEADER))

    message = refused.value.message
    for expected in ("'bão' is not a kind", "outside the province", "before the report", "from 0 to 999"):
        assert expected in message
    assert not TrafficIncident.objects.exists()


def test_a_file_with_names_of_people_is_refused_whole(road_world: RoadWorld) -> None:
    rows = [["GT-05", "tai nạn", "2026-05-02 14:00", 109.115, 12.2201, 1, "", 1, "Nguyễn Văn A"]]

    with pytest.raises(ImportFailed) as refused:
        deliver(road_world, csv_bytes(rows, [*HEADER, "Họ tên"]))

    assert "personal data" in refused.value.message
    assert not TrafficIncident.objects.exists()
