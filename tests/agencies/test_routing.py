"""Agency.objects.responsible_for: who handles a sector on a unit, the unit's People's Committee first."""

from typing import Any

import pytest

from agencies.models import Agency
from tests.agencies.factories import make_agency, make_sector, make_unit


@pytest.fixture
def province(db: None) -> dict[str, Any]:
    ward, commune = make_unit("90001", "Phường Một"), make_unit("90002", "Xã Hai", kind="xa", offset=0.1)
    fire, water = make_sector("fire", 14), make_sector("public-utilities", 15)
    make_agency("ubnd-90001", units=(ward,), all_sectors=True)
    make_agency("ubnd-90002", units=(commune,), all_sectors=True)
    make_agency("pccc", sectors=(fire,), whole_province=True)
    make_agency("water-company", sectors=(water,), units=(ward,))
    make_agency("weather-station", kind=Agency.Kind.DATA_PROVIDER, sectors=(fire,), whole_province=True)
    closed = make_agency("closed-dept", sectors=(fire,), whole_province=True)
    Agency.objects.filter(pk=closed.pk).update(is_active=False)
    return {"ward": ward, "commune": commune, "fire": fire, "water": water}


def _codes(queryset: Any) -> list[str]:
    return list(queryset.values_list("code", flat=True))


def test_fire_on_a_ward_goes_to_its_committee_then_the_fire_police(province: dict[str, Any]) -> None:
    assert _codes(Agency.objects.responsible_for(province["ward"], province["fire"])) == ["ubnd-90001", "pccc"]


def test_a_local_service_company_comes_after_the_committee_and_before_provincial_agencies(
    province: dict[str, Any],
) -> None:
    assert _codes(Agency.objects.responsible_for("90001", "public-utilities")) == ["ubnd-90001", "water-company"]
    assert _codes(Agency.objects.responsible_for("90002", "public-utilities")) == ["ubnd-90002"]


def test_without_a_sector_every_agency_of_the_unit_answers(province: dict[str, Any]) -> None:
    assert _codes(Agency.objects.responsible_for(province["commune"])) == ["ubnd-90002", "pccc"]


def test_data_providers_and_inactive_agencies_are_never_responsible(province: dict[str, Any]) -> None:
    codes = _codes(Agency.objects.responsible_for(province["ward"], "fire"))

    assert "weather-station" not in codes
    assert "closed-dept" not in codes


def test_an_unknown_unit_has_only_province_wide_agencies(province: dict[str, Any]) -> None:
    assert _codes(Agency.objects.responsible_for("99999", "fire")) == ["pccc"]
