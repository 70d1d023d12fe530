"""A plan's indicator cells are read by the project's one number reader, ambiguous ones settled by their range."""

from decimal import Decimal

import pytest

from gis_core.importer import RowInvalid
from planning.lot_values import decimal, integer


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("4,2", Decimal("4.20")), ("60%", Decimal("60.00")), ("1.234,5", Decimal("1234.50")), (3.5, Decimal("3.50"))],
)
def test_decimal_cells_are_read_in_either_writing(cell: object, expected: Decimal) -> None:
    assert decimal(cell, "area_m2", Decimal(0), Decimal(999_999)) == expected


def test_an_ambiguous_cell_is_taken_the_one_way_that_is_in_range() -> None:
    # A coverage of 1.234 % or 1234 %: only the first is a percentage.
    assert decimal("1,234", "building_coverage_pct", Decimal(0), Decimal(100)) == Decimal("1.23")
    assert integer("1.234", "population", 10_000_000) == 1234  # a population is whole


def test_an_ambiguous_cell_both_readings_of_which_fit_is_refused_with_the_field_named() -> None:
    with pytest.raises(RowInvalid, match=r"^area_m2='1\.234' is ambiguous: .* Write 1234 for the whole number"):
        decimal("1.234", "area_m2", Decimal(0), Decimal(999_999))


def test_a_word_is_still_not_a_number() -> None:
    with pytest.raises(RowInvalid, match=r"^building_coverage_pct='nhiều' is not a number"):
        decimal("nhiều", "building_coverage_pct", Decimal(0), Decimal(100))
