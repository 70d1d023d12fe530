"""The land-use code catalogue: loaded by migration from fixtures/landuse_codes.json, checked on load."""

import json
import unicodedata
from pathlib import Path

import pytest

from core.errors import ImportFailed
from planning.catalogue import CATALOGUE_PATH, read_catalogue, sync_catalogue
from planning.models import LandUseCode

# The codes the planning issue names; each must be in the catalogue.
ISSUE_CODES = [
    *("LUC", "LUK", "HNK", "CLN", "RSX", "RPH", "RDD", "NTS", "CNT", "LMU", "NKH", "ONT", "ODT", "TSC", "CQP"),
    *("CAN", "DVH", "DYT", "DGD", "DTT", "DKH", "TMD", "SKC", "SKS", "DGT", "DTL", "DNL", "DRA", "DCK", "TON"),
    *("TIN", "NTD", "SON", "MNC", "PNK", "BCS", "DCS", "NCS"),
]


@pytest.mark.django_db
def test_the_migration_loads_every_code_the_issue_names_with_both_names_group_and_colour() -> None:
    codes = {c.code: c for c in LandUseCode.objects.all()}
    assert set(ISSUE_CODES) <= set(codes)
    assert codes["LUC"].name_vi == "Đất chuyên trồng lúa"
    assert codes["ODT"].group == "non_agricultural"
    assert codes["BCS"].group == "unused"
    assert all(c.name_en and c.colour.startswith("#") for c in codes.values())


@pytest.mark.django_db
def test_disputed_names_carry_the_other_reading_and_the_source() -> None:
    luc = LandUseCode.objects.get(code="LUC")
    assert luc.disputed
    assert "lúa nước" in luc.source_note
    assert "08/2024/TT-BTNMT" in luc.source_note


def test_fixture_names_are_nfc() -> None:
    text = CATALOGUE_PATH.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text


@pytest.mark.django_db
def test_syncing_twice_changes_nothing() -> None:
    assert sync_catalogue(LandUseCode) == (0, 0)


def _write(tmp_path: Path, codes: list[dict]) -> Path:
    path = tmp_path / "codes.json"
    path.write_text(json.dumps({"source": "test", "codes": codes}, ensure_ascii=False), encoding="utf-8")
    return path


GOOD = {
    "code": "ODT",
    "group": "non_agricultural",
    "name_vi": "Đất ở tại đô thị",
    "name_en": "Urban",
    "colour": "#FFA0FF",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("entries", "fragment"),
    [
        ([GOOD, {**GOOD, "code": "odt1"}], "entry 2 (odt1): code must be three capital letters"),
        ([{**GOOD, "group": "farm"}], "group must be one of"),
        ([{**GOOD, "colour": "pink"}], "colour must be #RRGGBB"),
        ([{**GOOD, "name_vi": unicodedata.normalize("NFD", GOOD["name_vi"])}], "NFC"),
        ([GOOD, GOOD], "lists ODT twice"),
    ],
)
def test_a_bad_catalogue_is_refused_whole_and_nothing_is_written(tmp_path: Path, entries: list, fragment: str) -> None:
    before = list(LandUseCode.objects.order_by("code").values())
    with pytest.raises(ImportFailed) as raised:
        sync_catalogue(LandUseCode, _write(tmp_path, entries))
    assert fragment in raised.value.message
    assert list(LandUseCode.objects.order_by("code").values()) == before


def test_a_missing_catalogue_file_says_which(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="Cannot read the land-use catalogue"):
        read_catalogue(tmp_path / "missing.json")
