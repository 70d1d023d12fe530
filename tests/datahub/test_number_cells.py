"""Data providers' number cells are read by the project's one number reader; ambiguous ones are refused."""

from decimal import Decimal

import pytest

from datahub.values import parse_integer, parse_number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("1.234,5", Decimal("1234.5")), ("1,234.5", Decimal("1234.5")), ("12,5", Decimal("12.5")), (7, Decimal(7))],
)
def test_number_cells_are_read_in_either_writing(cell: object, expected: Decimal) -> None:
    assert parse_number(cell) == expected


def test_an_ambiguous_number_cell_is_refused_saying_how_to_write_it() -> None:
    # Once read as 1.234 here and as 1234 by another reader of the same project.
    with pytest.raises(
        ValueError, match=r"^'1,234' is ambiguous: .* Write 1234 for the whole number, or 1,2340 .*one$"
    ):
        parse_number("1,234")


@pytest.mark.parametrize(("cell", "expected"), [("1.234", 1234), ("1,234", 1234), ("1.234.567", 1234567), ("12", 12)])
def test_a_count_takes_the_whole_reading(cell: str, expected: int) -> None:
    assert parse_integer(cell) == expected


@pytest.mark.parametrize("cell", ["12,5", "-3"])
def test_a_count_refuses_fractions_and_negatives(cell: str) -> None:
    with pytest.raises(ValueError, match="is not a whole number of 0 or more"):
        parse_integer(cell)


@pytest.mark.parametrize(("cell", "expected"), [("109.115", Decimal("109.115")), ("109,115", Decimal("109.115"))])
def test_a_coordinate_cell_takes_the_reading_that_is_a_degree(cell: str, expected: Decimal) -> None:
    # 109115 is no longitude, so the field's plausible range settles what would otherwise be ambiguous.
    from datahub.targets import longitude_field

    assert parse_number(cell, longitude_field().plausible) == expected


def test_a_latitude_field_settles_what_a_field_without_a_range_refuses() -> None:
    from datahub.targets import latitude_field

    # 12.250 reads as 12.25 or 12250; only the first is a latitude.
    assert parse_number("12.250", latitude_field().plausible) == Decimal("12.25")
    with pytest.raises(ValueError, match="is ambiguous"):
        parse_number("12.250")
