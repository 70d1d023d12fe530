"""Certificate tables read their coordinates with the project's one number reader, in either writing."""

import pytest

from core.errors import InvalidInput
from planning.certificate_table import parse_corner_table

CORNERS = [(1353620, 602850), (1353620, 602950), (1353680, 602950), (1353680, 602850)]


def _table(northing_easting: list[tuple[str, str]]) -> str:
    return "\n".join(f"{i} {n} {e}" for i, (n, e) in enumerate(northing_easting, start=1))


@pytest.mark.parametrize(
    "write",
    [
        lambda value: f"{value:,}.25",  # international: 1,353,620.25
        lambda value: f"{value:,}.25".replace(",", "\0").replace(".", ",").replace("\0", "."),  # 1.353.620,25
        lambda value: f"{value},25",  # decimal comma, no thousands separators
        lambda value: f"{value:,}",  # 1,353,620 was refused as "more than one decimal comma"; 602,850 is in metres
    ],
    ids=["international", "vietnamese", "decimal-comma", "thousands-commas"],
)
def test_coordinates_are_read_in_vietnamese_or_international_writing(write: object) -> None:
    table = parse_corner_table(_table([(write(n), write(e)) for n, e in CORNERS]))  # type: ignore[operator]
    assert [round(c.northing) for c in table.corners] == [n for n, _e in CORNERS]
    assert [round(c.easting) for c in table.corners] == [e for _n, e in CORNERS]


def test_an_ambiguous_coordinate_neither_reading_of_which_is_in_the_province_is_refused_with_its_line() -> None:
    rows = [(str(n), str(e)) for n, e in CORNERS]
    rows[1] = ("135,362", rows[1][1])  # a digit missing: 135.362 m or 135362 m, both far from Khánh Hòa
    with pytest.raises(InvalidInput) as caught:
        parse_corner_table(_table(rows))
    assert caught.value.message.startswith("Line 2: '135,362' is ambiguous")
    assert "Write 135362 for the whole number, or 135,3620 for the decimal one." in caught.value.message
    assert caught.value.details == {"line": 2}
