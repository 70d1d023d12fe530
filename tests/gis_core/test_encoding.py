"""Legacy Vietnamese text (TCVN3, VNI, CP1258) found and turned into NFC Unicode; good text left alone."""

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from core.errors import InvalidInput
from gis_core.encoding import (
    CP1258,
    TextDecoding,
    codec_from_cpg,
    codec_from_mapinfo_header,
    decoding_for_choice,
    detect_legacy,
    is_syllable,
    repair_column,
    to_unicode,
)
from tests.gis_core.files import LEGACY_BYTES

NAMES = list(LEGACY_BYTES["tcvn3"])
DEMO_NAMES = [
    feature["properties"]["name"]
    for feature in json.loads((Path(settings.BASE_DIR) / "fixtures" / "demo_units.geojson").read_text())["features"]
]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Assert on the English messages whatever translations exist."""
    with translation.override("en"):
        yield


def test_the_cp1258_samples_are_what_windows_writes() -> None:
    # Python's own cp1258 codec, independent of the importer, reads the hand-written bytes as the names.
    for name, raw in LEGACY_BYTES["cp1258"].items():
        assert unicodedata.normalize("NFC", raw.decode("cp1258")) == name


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258"])
@pytest.mark.parametrize("name", NAMES)
def test_one_legacy_name_read_with_a_western_code_page_is_found_and_converted(encoding: str, name: str) -> None:
    for code_page in ("cp1252", "latin-1"):
        surface = LEGACY_BYTES[encoding][name].decode(code_page)
        assert surface != name
        assert detect_legacy([surface]) == encoding
        converted = to_unicode(surface, encoding)
        assert converted == name
        assert unicodedata.is_normalized("NFC", converted)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258"])
def test_a_legacy_column_is_repaired_and_counted(encoding: str) -> None:
    column = [LEGACY_BYTES[encoding][name].decode("cp1252") for name in NAMES] + [None, 22333]
    repair = repair_column(column, TextDecoding())
    assert repair.legacy == encoding
    assert repair.values == [*NAMES, None, 22333]
    assert repair.changed == len(NAMES)


def test_cp1258_bytes_are_decoded_and_composed_to_nfc() -> None:
    raw = [LEGACY_BYTES["cp1258"][name].decode("latin-1") for name in NAMES]
    repair = repair_column(raw, TextDecoding(codec=CP1258))
    assert repair.values == NAMES
    assert all(isinstance(value, str) and unicodedata.is_normalized("NFC", value) for value in repair.values)
    # Python's decoder alone leaves the tone marks combining (NFD-like); the repair composes them.
    assert not unicodedata.is_normalized("NFC", LEGACY_BYTES["cp1258"]["Phường Nha Trang"].decode("cp1258"))


def test_decomposed_unicode_is_normalised_to_nfc() -> None:
    decomposed = [unicodedata.normalize("NFD", name) for name in NAMES]
    repair = repair_column(decomposed, TextDecoding())
    assert repair.legacy is None
    assert repair.values == NAMES
    assert repair.changed == len(NAMES)


def test_every_unit_name_of_the_province_is_left_alone() -> None:
    assert len(DEMO_NAMES) == 65
    assert detect_legacy(DEMO_NAMES) is None
    assert [name for name in DEMO_NAMES if detect_legacy([name]) is not None] == []
    assert repair_column(DEMO_NAMES, TextDecoding()).changed == 0


@pytest.mark.parametrize(
    "other", ["Señora María Pérez", "Straße über Müller", "Café crème brûlée", "São Paulo ação", "Zürich", "ASCII only"]
)
def test_other_languages_are_not_mistaken_for_legacy_vietnamese(other: str) -> None:
    assert detect_legacy([other]) is None
    assert to_unicode(other, None) == other


def test_bytes_that_the_codec_cannot_decode_are_reported_by_position() -> None:
    repair = repair_column(["Ph\xfd\xf5\xccng", "\xff\xfe bad"], TextDecoding(codec="utf-8"))
    assert repair.undecodable == [0, 1]
    assert repair.values == [None, None]


@pytest.mark.parametrize("word", ["phường", "xã", "đặc", "khánh", "hoà", "hòa", "người", "khuya", "quốc", "giữ"])
def test_vietnamese_syllables_are_well_formed(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["Xaõ", "Ph\xadêng", "Laâm", "Khaùnh", "haò", "phườngg", "mùt", "stra\xdfe"])
def test_legacy_surface_words_are_not_syllables(word: str) -> None:
    assert not is_syllable(word)


def test_encoding_declarations_are_read() -> None:
    assert codec_from_cpg(" 1258\n") == CP1258
    assert codec_from_cpg("windows-1258") == CP1258
    assert codec_from_cpg("UTF-8") == "utf-8"
    assert codec_from_cpg("KOI8-R") is None
    assert codec_from_mapinfo_header(b"!table\n!version 300\n!charset WindowsVietnamese\n") == CP1258
    assert codec_from_mapinfo_header(b"!table\n!charset WindowsLatin1\r\n") == "cp1252"
    assert codec_from_mapinfo_header(b"!table\n!charset Neutral\n") is None
    assert codec_from_mapinfo_header(b'Version 300\nCharset "WindowsVietnamese"\nDelimiter ","\n') == CP1258
    assert codec_from_mapinfo_header(b'Definition Table\n  Type NATIVE Charset "WindowsVietnamese"\n') is None


def test_a_caller_names_an_encoding_from_the_list_only() -> None:
    assert decoding_for_choice("auto") == TextDecoding()
    assert decoding_for_choice("CP1258").codec == CP1258
    assert decoding_for_choice("tcvn3").legacy == "tcvn3"
    with pytest.raises(InvalidInput, match="Unknown text encoding 'koi8-r'; use one of auto, utf-8"):
        decoding_for_choice("koi8-r")
