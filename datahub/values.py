"""Reading cell values typed by people: numbers with Vietnamese or English separators, headings without accents."""

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core import numbers


def fold(text: str) -> str:
    """Lower case, no accents (đ -> d), runs of other characters as one underscore: 'Mã chỉ tiêu' -> 'ma_chi_tieu'."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_number(value: Any, plausible: Callable[[Decimal], bool] | None = None) -> Decimal:
    """A number from a cell, Vietnamese (1.234,5) or international (1,234.5) by core.numbers; ValueError says why not.

    An ambiguous cell such as 1,234 (1.234 or 1234?) is refused rather than guessed, unless only one reading is
    plausible for the field.
    """
    try:
        return numbers.parse_number(value, plausible=plausible)
    except numbers.NotANumber as exc:
        raise ValueError(exc.message.rstrip(".")) from None  # the row's message adds its own full stop


def parse_integer(value: Any) -> int:
    """A whole number of things (dossiers, people): 1.234 and 1,234 can only be 1234; raise ValueError otherwise."""
    try:
        number = numbers.parse_number(value, plausible=numbers.is_whole)
    except numbers.NotANumber as exc:
        raise ValueError(exc.message.rstrip(".")) from None
    if number != number.to_integral_value() or number < 0:
        raise ValueError(_("'%(value)s' is not a whole number of 0 or more") % {"value": value})
    return int(number)
