"""The one number reader: Vietnamese and international writing, ambiguous values refused with how to fix them."""

import re
from decimal import Decimal

import pytest

from core.errors import InvalidInput
from core.numbers import NotANumber, is_whole, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234,567", Decimal("1234567")),  # commas in threes can only group thousands
        ("1.234.567", Decimal("1234567")),
        ("1.234,5", Decimal("1234.5")),  # Vietnamese
        ("1,234.5", Decimal("1234.5")),  # international
        ("1.234.567,89", Decimal("1234567.89")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("12,5", Decimal("12.5")),  # a comma before one or two digits is a decimal comma
        ("12.5", Decimal("12.5")),
        ("0,123", Decimal("0.123")),  # a thousands group never follows a lone 0
        ("1234,567", Decimal("1234.567")),  # a thousands group follows at most three digits
        ("1353620,00", Decimal("1353620.00")),
        ("-3", Decimal("-3")),
        ("+5", Decimal("5")),
        (" 7 ", Decimal("7")),
        ("1234567", Decimal("1234567")),
        ("1\u00a0234\u00a0567", Decimal("1234567")),  # no-break spaces group thousands
        ("1\u202f234,5", Decimal("1234.5")),  # narrow no-break space, as French-style software writes
        ("1 234 567.5", Decimal("1234567.5")),
        ("1,2340", Decimal("1.2340")),  # the unambiguous way the ambiguous message suggests
    ],
)
def test_unambiguous_texts_are_read_by_the_convention_that_accepts_them(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "whole", "decimal"),
    [("1,234", "1234", "1,2340"), ("1.234", "1234", "1.2340"), ("-12.500", "-12500", "-12.5000")],
)
def test_one_separator_before_three_digits_is_refused_with_both_ways_to_write_it(
    text: str, whole: str, decimal: str
) -> None:
    with pytest.raises(NotANumber) as caught:
        parse_number(text)
    message = caught.value.message
    assert message.startswith(f"'{text}' is ambiguous: ")
    assert f"Write {whole} for the whole number, or {decimal} for the decimal one." in message
    assert parse_number(whole) != parse_number(decimal)  # both suggestions are read, as different numbers


@pytest.mark.parametrize(
    ("text", "convention", "expected"),
    [
        ("1,234", "vi", Decimal("1.234")),
        ("1,234", "en", Decimal("1234")),
        ("1.234", "vi", Decimal("1234")),
        ("1.234", "en", Decimal("1.234")),
    ],
)
def test_a_stated_convention_settles_the_ambiguous_texts(text: str, convention: str, expected: Decimal) -> None:
    assert parse_number(text, convention) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "convention", "fragment"),
    [
        ("1,234.5", "vi", "is not a number written the Vietnamese way"),
        ("1.234,5", "en", "is not a number written the international way"),
        ("12.5", "vi", "one comma marks the decimals (1.234.567,5)"),
    ],
)
def test_a_stated_convention_refuses_the_other_ones_writing(text: str, convention: str, fragment: str) -> None:
    with pytest.raises(NotANumber, match=re.escape(fragment)):
        parse_number(text, convention)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "No number was given"),
        ("   ", "No number was given"),
        ("abc", "'abc' is not a number; write digits"),
        ("không có", "'không có' is not a number; write digits"),  # words with a space are words, not groups
        ("12 %", "write the number without its unit"),
        ("1e3", "'1e3' is written with an exponent; write the number in full, such as 1000."),
        ("NaN", "'NaN' is not a number"),
        ("Infinity", "'Infinity' is not a number"),
        ("12%", "write the number without its unit"),
        (".5", "starts with a separator; write a 0 before it (0.5)"),
        ("1.", "ends with a separator"),
        ("12 5", "spaces may only group thousands in threes"),
        ("1353680,00,5", "'1353680,00,5' has more than one decimal comma"),
        ("1.2.3", "'1.2.3' has more than one decimal point"),
        ("1,23.4", "mixes up its separators"),
        ("1.234,5,6", "mixes up its separators"),
        ("\uff11\uff12\uff13", "is not a number"),  # full-width digits: write ASCII ones
        ("1_000", "is not a number"),
    ],
)
def test_texts_that_are_no_number_say_why_and_how_to_write_one(text: str, fragment: str) -> None:
    with pytest.raises(NotANumber, match=re.escape(fragment)):
        parse_number(text)


def test_a_long_text_is_cut_in_the_message() -> None:
    with pytest.raises(NotANumber) as caught:
        parse_number("x" * 500)
    assert "x" * 40 + "…'" in caught.value.message
    assert "x" * 41 not in caught.value.message


@pytest.mark.parametrize(
    ("value", "expected"), [(3, Decimal(3)), (1.5, Decimal("1.5")), (Decimal("2.50"), Decimal("2.50"))]
)
def test_numbers_pass_through_exactly(value: object, expected: Decimal) -> None:
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", [True, float("nan"), float("inf"), Decimal("NaN")])
def test_booleans_and_non_finite_numbers_are_refused(value: object) -> None:
    with pytest.raises(NotANumber, match="is not a number"):
        parse_number(value)


@pytest.mark.parametrize(("text", "expected"), [("1.234", 1234), ("1,234", 1234), ("12.345.678", 12345678)])
def test_a_count_takes_the_whole_reading(text: str, expected: int) -> None:
    assert parse_number(text, plausible=is_whole) == expected


def test_the_plausible_reading_settles_only_ambiguous_texts() -> None:
    assert parse_number("602,850", plausible=lambda n: n > 1000) == Decimal("602850")
    assert parse_number("602,85", plausible=lambda n: n > 1000) == Decimal("602.85")  # not ambiguous: not overruled
    with pytest.raises(NotANumber, match="is ambiguous"):
        parse_number("602,850", plausible=lambda n: n > 0)  # both readings make sense
    with pytest.raises(NotANumber, match="is ambiguous"):
        parse_number("602,850", plausible=lambda n: n < 0)  # neither does


def test_the_refusal_is_invalid_input_and_a_value_error() -> None:
    with pytest.raises(NotANumber) as caught:
        parse_number("1,234")
    assert isinstance(caught.value, InvalidInput) and isinstance(caught.value, ValueError)
    assert caught.value.status == 400 and caught.value.details == {"value": "1,234"}
