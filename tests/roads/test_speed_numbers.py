"""Speeds of an imported road network are read by core.numbers: decimal commas, units and "40,000" as 40 km/h."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gis_core.importer import RowInvalid
from roads.importer import import_roads, speed_of
from roads.models import RoadEdge


@pytest.mark.parametrize(
    ("value", "speed"),
    [
        ("40,5", 40.5),
        ("40.5", 40.5),
        ("40,000", 40.0),  # ambiguous, but 40000 km/h is no speed
        ("60.000", 60.0),
        ("50 km/h", 50.0),
        ("50km/h", 50.0),
        (60, 60.0),  # a numeric column
        (60.0, 60.0),
        ("", None),  # empty: the class's default speed
        (None, None),
        (float("nan"), None),  # an empty cell of a numeric column
    ],
)
def test_speeds_are_read_in_either_writing(value: object, speed: float | None) -> None:
    assert speed_of(value) == speed


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("fast", "speed: 'fast' is not a number; write digits with a decimal comma or point"),
        ("50 mph", "speed: '50 mph' is not a number"),
        ("40,5,5", "speed: '40,5,5' has more than one decimal comma"),
        ("4e1", "speed: '4e1' is written with an exponent; write the number in full, such as 40."),
        ("900", "speed '900' is not a speed in km/h between 1 and 150."),
        ("0", "speed '0' is not a speed in km/h between 1 and 150."),
    ],
)
def test_a_value_that_is_no_speed_says_how_to_write_it(value: str, words: str) -> None:
    with pytest.raises(RowInvalid) as caught:
        speed_of(value)
    assert words in str(caught.value)
    if "is not a speed" not in words:
        assert str(caught.value).endswith("Give km/h from 1 to 150.")


def _write(path: Path, speeds: list[object]) -> Path:
    features = [
        {"type": "Feature", "properties": {"ten": f"Đường {n}", "loai": "urban", "speed": speed},
         "geometry": {"type": "LineString", "coordinates": [[109.19 + n / 100, 12.24], [109.2 + n / 100, 12.24]]}}
        for n, speed in enumerate(speeds)
    ]  # fmt: skip
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_an_imported_network_keeps_speeds_written_with_a_decimal_comma(tmp_path: Path) -> None:
    import_roads(_write(tmp_path / "roads.geojson", ["40,5", "30.000", "50 km/h"]))
    assert sorted(RoadEdge.objects.values_list("speed_kmh", flat=True)) == [30.0, 40.5, 50.0]


@pytest.mark.django_db
def test_a_speed_in_thousands_is_refused_naming_the_feature(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        call_command("import_roads", str(_write(tmp_path / "roads.geojson", ["40", "1.000,0"])))
    assert "feature 2" in str(error.value) and "speed '1.000,0' is not a speed in km/h" in str(error.value)
    assert RoadEdge.objects.count() == 0
