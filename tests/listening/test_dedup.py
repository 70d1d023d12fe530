"""Mentions are one when their URLs normalize alike or their texts are near-identical."""

import datetime

import pytest
from django.utils import timezone

from sectors.listening.dedup import url_key
from sectors.listening.intake import MentionData, record
from sectors.listening.models import Mention, Sentiment, Topic

NOW = timezone.now()


def _data(url: str, title: str, excerpt: str = "", days: float = 0) -> MentionData:
    return MentionData(channel=Mention.Channel.MANUAL, source="Báo Khánh Hòa", url=url, title=title,
                       excerpt=excerpt, published_at=NOW - datetime.timedelta(days=days))  # fmt: skip


def test_url_key_ignores_scheme_www_tracking_fragment_order_and_trailing_slash() -> None:
    a = url_key("https://www.baokhanhhoa.vn/xa-hoi/sat-lo/?b=2&a=1&utm_source=fb#top")
    b = url_key("http://BAOKHANHHOA.vn:80/xa-hoi/sat-lo?a=1&b=2&fbclid=xyz")
    assert a == b == "baokhanhhoa.vn/xa-hoi/sat-lo?a=1&b=2"
    assert url_key("https://baokhanhhoa.vn/a?id=1") != url_key("https://baokhanhhoa.vn/a?id=2")


def test_the_same_url_is_stored_once(province: None) -> None:
    first, created = record(_data("https://baokhanhhoa.vn/bai-1", "Sạt lở ở Khánh Vĩnh"))
    again, created_again = record(_data("http://www.baokhanhhoa.vn/bai-1/?utm_medium=x", "Another title entirely"))
    assert created and not created_again and again.pk == first.pk
    assert Mention.objects.count() == 1


def test_near_identical_text_at_another_url_is_a_duplicate(province: None) -> None:
    title = "Sạt lở nghiêm trọng trên đèo Khánh Lê, giao thông tê liệt nhiều giờ"
    excerpt = "Mưa lớn kéo dài khiến hàng nghìn mét khối đất đá đổ xuống mặt đường đèo Khánh Lê sáng nay."
    first, _ = record(_data("https://baokhanhhoa.vn/sat-lo-deo-khanh-le", title, excerpt))
    copy, created = record(_data("https://tintuc.example.vn/sat-lo-deo", title + "!", excerpt.replace("sáng nay", "")))
    assert not created and copy.pk == first.pk
    unaccented, created = record(_data("https://other.example.vn/x", "Sat lo nghiem trong tren deo Khanh Le, giao "
                                       "thong te liet nhieu gio", "Mua lon keo dai khien hang nghin met khoi dat da "
                                       "do xuong mat duong deo Khanh Le sang nay."))  # fmt: skip
    assert not created and unaccented.pk == first.pk


def test_different_text_or_a_distant_date_is_a_new_mention(province: None) -> None:
    title = "Sạt lở nghiêm trọng trên đèo Khánh Lê, giao thông tê liệt nhiều giờ"
    record(_data("https://baokhanhhoa.vn/a", title))
    _, other_text = record(_data("https://baokhanhhoa.vn/b", "Giá đất ven biển Cam Lâm tăng mạnh"))
    _, next_month = record(_data("https://baokhanhhoa.vn/c", title, days=30))
    assert other_text and next_month


def test_a_new_mention_gets_sentiment_topics_and_places(province: None, topics: dict[str, Topic]) -> None:
    mention, _ = record(_data("https://baokhanhhoa.vn/d", "Ngập sâu ở phường Bắc Nha Trang, người dân bức xúc"))
    assert mention.sentiment == Sentiment.NEGATIVE
    assert [topic.name for topic in mention.topics.all()] == ["Ngập"]
    assert [unit.name for unit in mention.units.all()] == ["Phường Bắc Nha Trang"]
    assert mention.geom is not None and mention.units.get().geom.contains(mention.geom[0])


@pytest.mark.parametrize("url", ["ftp://baokhanhhoa.vn/a", "javascript:alert(1)", "baokhanhhoa.vn/a"])
def test_a_mention_needs_an_http_url(province: None, url: str) -> None:
    from core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        record(_data(url, "Tiêu đề"))
