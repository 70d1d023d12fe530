"""A listening vendor's CSV/JSON export through the datahub: checked row by row, stored through the same intake."""

import json

import pytest

from agencies.models import Agency
from core.errors import ImportFailed
from datahub.arrivals import Arrival, receive
from datahub.models import Dataset, Delivery
from sectors.listening.models import Mention

CSV = (
    "link,tieu_de,thoi_gian,nguon,noi_dung,tac_gia\n"
    "https://vnexpress.net/nha-trang-ngap-1.html,Phường Nha Trang ngập sâu sau mưa,07/12/2026 08:30,VnExpress,"
    "Người dân bức xúc vì nước ngập,Phóng viên A\n"
    "https://facebook.com/post/2,Giá đất Cam Lâm tăng,2026-12-07T09:00:00+07:00,Facebook,Sốt đất ở Cam Lâm,\n"
)


@pytest.fixture
def dataset(province: None) -> Dataset:
    provider = Agency.objects.get(code="so-vhttdl")
    return Dataset.objects.create(code="listening-vendor", name="Nhà cung cấp", provider=provider,
                                  target="listening_mentions")  # fmt: skip


def test_a_vendor_csv_becomes_mentions_with_their_lineage(dataset: Dataset) -> None:
    delivery = receive(dataset, Arrival(Delivery.Channel.PUSH, CSV.encode(), "csv")).delivery
    assert delivery.status == Delivery.Status.COMMITTED, delivery.problems
    flood = Mention.objects.get(url="https://vnexpress.net/nha-trang-ngap-1.html")
    assert (flood.channel, flood.source, flood.author) == (Mention.Channel.VENDOR, "VnExpress", "Phóng viên A")
    assert flood.published_at.isoformat() == "2026-12-07T01:30:00+00:00"
    assert flood.delivery_id == delivery.pk and flood.source_row == 1
    assert [unit.name for unit in flood.units.all()] == ["Phường Nha Trang"]


def test_a_file_with_a_bad_row_is_refused_whole_naming_row_and_column(dataset: Dataset) -> None:
    rows = [
        {"url": "https://a.vn/1", "title": "Tin 1", "published_at": "2026-12-07T08:00:00+07:00"},
        {"url": "a.vn/2", "title": "Tin 2", "published_at": "hôm qua"},
    ]
    with pytest.raises(ImportFailed) as refused:
        receive(dataset, Arrival(Delivery.Channel.PUSH, json.dumps(rows).encode(), "json"))
    text = str(refused.value)
    assert "item 2: url:" in text and "https://" in text and "published_at" in text and "07/12/2026 08:30" in text
    assert Mention.objects.count() == 0


def test_a_vendor_copy_of_a_stored_mention_is_not_stored_twice(dataset: Dataset) -> None:
    receive(dataset, Arrival(Delivery.Channel.PUSH, CSV.encode(), "csv"))
    again = CSV.replace(
        "https://vnexpress.net/nha-trang-ngap-1.html", "https://www.vnexpress.net/nha-trang-ngap-1.html?utm_source=x"
    )
    receive(dataset, Arrival(Delivery.Channel.PUSH, again.encode(), "csv"))
    assert Mention.objects.count() == 2
