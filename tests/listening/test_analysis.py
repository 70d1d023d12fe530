"""Topics, places and sentiment of Vietnamese text, with and without diacritics."""

import pytest

from gis_core.models import AdminUnit
from sectors.listening import places, sentiment, topics
from sectors.listening.models import Sentiment, Topic


def _names(text: str) -> list[str]:
    ids = places.find_units(text)
    by_id = dict(AdminUnit.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [by_id[pk] for pk in ids]


@pytest.mark.parametrize("text", [
    "Sạt lở đất nghiêm trọng tại xã Khánh Vĩnh sau mưa lớn",
    "Sat lo dat nghiem trong tai xa Khanh Vinh sau mua lon",
    "SẠT LỞ ĐẤT TẠI XÃ KHÁNH VĨNH",
])  # fmt: skip
def test_a_unit_named_with_its_kind_word_is_placed_with_or_without_accents(province: None, text: str) -> None:
    assert _names(text) == ["Xã Khánh Vĩnh"]


@pytest.mark.parametrize("text", [
    "Đường Trần Phú ở Nha Trang ngập sâu", "Duong Tran Phu o Nha Trang ngap sau",
    "Thành phố Nha Trang ngập sâu", "TP Cam Ranh mất nước", "Huyện Cam Lâm có dự án mới",
])  # fmt: skip
def test_a_former_district_or_city_name_is_left_unplaced(province: None, text: str) -> None:
    assert _names(text) == []


def test_the_kind_word_resolves_a_former_city_name(province: None) -> None:
    assert _names("Ngập sâu tại phường Nha Trang và phuong Bac Nha Trang") == [
        "Phường Nha Trang",
        "Phường Bắc Nha Trang",
    ]


def test_a_kind_word_of_another_kind_places_nothing(province: None) -> None:
    assert _names("Xã Nha Trang") == []


def test_a_common_word_name_needs_the_province_named_too(province: None) -> None:
    assert _names("Tinh thần anh dũng của lực lượng cứu hộ") == []
    assert _names("Khánh Hòa: người dân Anh Dũng phản ánh rác thải") == ["Xã Anh Dũng"]
    assert _names("Khanh Hoa: nguoi dan Anh Dung phan anh rac thai") == ["Xã Anh Dũng"]


def test_a_unique_name_is_placed_without_kind_word_and_the_longest_name_wins(province: None) -> None:
    assert _names("Cây đổ ở Suối Dầu, Khánh Hòa; Tây Khánh Vĩnh mất điện") == ["Xã Suối Dầu", "Xã Tây Khánh Vĩnh"]
    assert _names("Diên Điền và Bác Ái Tây") == ["Xã Diên Điền", "Xã Bác Ái Tây"]


def test_topics_are_found_by_whole_words_ignoring_accents(topics: dict[str, Topic]) -> None:
    assert {topic.name for topic in topics_in("Giá đất tăng vọt, rác thải tràn lan")} == {"Giá đất", "Rác thải"}
    assert {topic.name for topic in topics_in("gia dat tang vot o Cam Lam")} == {"Giá đất"}
    assert {topic.name for topic in topics_in("NGẬP LỤT trên đường 23/10")} == {"Ngập"}
    assert topics_in("Đá lởm chởm trên đèo") == []
    assert topics_in("Nhiều lô đất bị thổi giá") == []  # "lô đất" folds like "lở đất" but is no landslide
    unaccented = topics_in("nhieu lo dat bi sat")  # without accents the two cannot be told apart
    assert [topic.name for topic in unaccented] == ["Sạt lở"]


def topics_in(text: str) -> list[Topic]:
    return topics.matching(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Người dân bức xúc vì rác thải tràn lan", Sentiment.NEGATIVE),
    ("Nguoi dan buc xuc vi rac thai tran lan", Sentiment.NEGATIVE),
    ("Khánh thành cầu mới, người dân hài lòng", Sentiment.POSITIVE),
    ("Khanh thanh cau moi, nguoi dan hai long", Sentiment.POSITIVE),
    ("Đoạn đường này không an toàn", Sentiment.NEGATIVE),
    ("Sau khi nâng cấp cống, khu phố không còn bị ngập", Sentiment.POSITIVE),
    ("Dịch vụ chưa hiệu quả", Sentiment.NEGATIVE),
    ("Hội nghị triển khai kế hoạch năm 2026", Sentiment.NEUTRAL),
    ("Đèo có nguy cơ mất an toàn", Sentiment.NEGATIVE),
])  # fmt: skip
def test_sentiment_by_lexicon_with_negation(text: str, expected: str) -> None:
    assert sentiment.classify(text)[0] == expected
