"""Reading cell values typed by people: numbers with Vietnamese or English separators, headings without accents."""

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _


def fold(text: str) -> str:
    """Lower case, no accents (đ -> d), runs of other characters as one underscore: 'Mã chỉ tiêu' -> 'ma_chi_tieu'."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_number(value: Any) -> Decimal:
    """A number from a cell: 1234.5, 1234,5, 1.234,5 (Vietnamese) or 1,234.5; raise ValueError saying why not."""
    if isinstance(value, bool):
        raise ValueError(_("'%(value)s' is not a number") % {"value": value})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if text.endswith("%"):
            raise ValueError(
                _("'%(value)s': write the number without its unit; the unit of measure has its own column")
                % {"value": value}
            )
        try:
            number = Decimal(_normalise_separators(text))
        except InvalidOperation:
            raise ValueError(_("'%(value)s' is not a number") % {"value": value}) from None
    if not number.is_finite():
        raise ValueError(_("'%(value)s' is not a number") % {"value": value})
    return number


def _normalise_separators(text: str) -> str:
    if "," in text and "." in text:
        # The separator written last is the decimal one.
        if text.rfind(",") > text.rfind("."):
            return text.replace(".", "").replace(",", ".")
        return text.replace(",", "")
    if text.count(",") == 1:
        return text.replace(",", ".")
    if text.count(",") > 1 or text.count(".") > 1:
        return text.replace(",", "").replace(".", "")  # thousands only: 1,234,567 or 1.234.567
    return text


def parse_integer(value: Any) -> int:
    """A whole number of things (dossiers, people); raise ValueError otherwise."""
    number = parse_number(value)
    if number != number.to_integral_value() or number < 0:
        raise ValueError(_("'%(value)s' is not a whole number of 0 or more") % {"value": value})
    return int(number)
