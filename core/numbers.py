"""The one reader of numbers typed by people, in Vietnamese (1.234.567,5) or international (1,234,567.5) writing.

Rules, in order:

1. Spaces, no-break spaces (U+00A0) and narrow no-break spaces (U+202F) around the number are dropped; between
   digits they group thousands, so they must stand before groups of exactly three digits ("1 234 567,5").
2. Only ASCII digits, one leading sign, "." and "," are allowed, and the number must begin and end with a digit:
   "1e3", "NaN", "½", "1.", ".5" and "12%" are refused, each with how to write it instead.
3. The text is then read with Babel's strict parser (``babel.numbers.parse_decimal(strict=True)``), which checks the
   thousands groups, under the Vietnamese convention ("vi": "." groups thousands, "," marks decimals) and under the
   international one ("en": "," groups thousands, "." marks decimals). With ``convention`` given only that one is
   used; by default both are, and:

   - a text both conventions read as the same number ("7", "-3", "1 234") is that number;
   - a text only one convention reads is read that way: "1.234,5", "1.234.567", "12,5", "0,123" (a group never
     starts with 0) and "1234,567" (a thousands group follows at most three digits) are Vietnamese; "1,234.5",
     "1,234,567" and "12.5" are international;
   - a text the two conventions read as different numbers is refused as ambiguous: a single "." or "," followed by
     exactly three digits after one to three digits, such as "1,234" (1.234 or 1234?) or "-12.500". The message
     says how to write either meaning without doubt ("1234" or "1,2340"), unless the caller knows which values
     make sense (``plausible``) and exactly one reading is one: a count of dossiers is whole, so "1.234" dossiers
     are 1234 (``is_whole``); a VN-2000 easting is hundreds of kilometres, so "602,850" m is 602850.

The messages say what is wrong and how to fix it; the caller says where (line, row, column or parameter).
"""

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Literal

from babel.numbers import NumberFormatError, parse_decimal
from django.utils.translation import gettext as _

from core.errors import InvalidInput

Convention = Literal["vi", "en"]
CONVENTIONS: tuple[Convention, ...] = ("vi", "en")
# What each convention calls its separators, for messages: (thousands, decimal).
SEPARATORS: dict[Convention, tuple[str, str]] = {"vi": (".", ","), "en": (",", ".")}
_SPACES = "\u0020\u00a0\u202f"
_SPACED_THOUSANDS = re.compile(rf"^[+-]?\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:[.,]\d+)?$", re.ASCII)
_SHAPE = re.compile(r"^[+-]?\d(?:[\d.,]*\d)?$", re.ASCII)
_LEADING_POINT = re.compile(r"^[+-]?[.,]\d+$", re.ASCII)


class NotANumber(InvalidInput, ValueError):
    """A text that is not one number without doubt; the message says what and how to fix it.

    It is a ValueError too, so readers that treat a bad cell as any other conversion failure keep working.
    """


def is_whole(number: Decimal) -> bool:
    """Whether the number has no fractional part (a count of things)."""
    return number == number.to_integral_value()


def parse_number(
    value: object, convention: Convention | None = None, *, plausible: Callable[[Decimal], bool] | None = None
) -> Decimal:
    """Read a finite number from a cell or parameter by the module's rules; raise NotANumber saying why not."""
    if isinstance(value, bool):
        raise NotANumber(_("'%(value)s' is not a number.") % {"value": value}, value=str(value))
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            raise NotANumber(_("'%(value)s' is not a number.") % {"value": value}, value=str(value))
        return number
    return _parse_text(str(value), convention, plausible)


def _parse_text(raw: str, convention: Convention | None, plausible: Callable[[Decimal], bool] | None) -> Decimal:
    text = raw.strip(_SPACES + "\t\r\n")
    if not text:
        raise NotANumber(_("No number was given; write one, such as 12,5."), value=_shown(raw))
    if any(space in text for space in _SPACES) and _SHAPE.match(re.sub(f"[{_SPACES}]", "", text)):
        if not _SPACED_THOUSANDS.match(text):
            raise NotANumber(
                _(
                    "'%(value)s' has a space inside; spaces may only group thousands in threes (1 234 567), "
                    "otherwise remove them."
                )
                % {"value": _shown(raw)},
                value=_shown(raw),
            )
        text = re.sub(f"[{_SPACES}]", "", text)
    if not _SHAPE.match(text):
        raise NotANumber(_unreadable_shape(raw, text), value=_shown(raw))
    readings = _readings(text, convention or CONVENTIONS)
    values = set(readings.values())
    if len(values) == 1:
        return values.pop()
    if not values:
        raise NotANumber(_unreadable_grouping(raw, text, convention), value=_shown(raw))
    sensible = {number for number in values if plausible is not None and plausible(number)}
    if len(sensible) == 1:
        return sensible.pop()
    raise NotANumber(_ambiguous(raw, text), value=_shown(raw))


def _shown(raw: str) -> str:
    """Return the text as quoted in a message, cut to 40 characters so a pasted page stays readable."""
    return raw if len(raw) <= 40 else f"{raw[:40]}…"


def _readings(text: str, conventions: tuple[Convention, ...] | Convention) -> dict[Convention, Decimal]:
    """Return what each convention reads the text as, leaving out the conventions that refuse it."""
    chosen = (conventions,) if isinstance(conventions, str) else conventions
    readings: dict[Convention, Decimal] = {}
    for convention in chosen:
        try:
            readings[convention] = parse_decimal(text, locale=convention, strict=True)
        except (NumberFormatError, InvalidOperation):
            continue
    return readings


def _unreadable_shape(raw: str, text: str) -> str:
    """Say why a text with other characters than digits, a sign and separators is no number, and what to write."""
    if text.endswith("%"):
        return _("'%(value)s': write the number without its unit; the unit has its own column or field.") % {
            "value": _shown(raw)
        }
    if _LEADING_POINT.match(text):
        return _("'%(value)s' starts with a separator; write a 0 before it (0%(rest)s).") % {
            "value": _shown(raw),
            "rest": text.lstrip("+-"),
        }
    if re.match(r"^[+-]?\d[\d.,]*[.,]$", text, re.ASCII):
        return _("'%(value)s' ends with a separator; remove it or write the decimals after it.") % {
            "value": _shown(raw)
        }
    try:
        scientific = Decimal(text)
    except InvalidOperation:
        scientific = None
    if scientific is not None and scientific.is_finite() and "e" in text.lower():
        return _("'%(value)s' is written with an exponent; write the number in full, such as %(plain)s.") % {
            "value": _shown(raw),
            "plain": f"{scientific:f}".replace(".", ","),
        }
    return _("'%(value)s' is not a number; write digits with a decimal comma or point, such as 12,5 or 12.5.") % {
        "value": _shown(raw)
    }


def _unreadable_grouping(raw: str, text: str, convention: Convention | None) -> str:
    """Say why separators that neither convention accepts are wrong, and how each convention writes numbers."""
    if convention is None and "." not in text and text.count(",") > 1:
        return _(
            "'%(value)s' has more than one decimal comma; a comma is either the one decimal mark (1234,5) or "
            "groups thousands in threes (1,234,567)."
        ) % {"value": _shown(raw)}
    if convention is None and "," not in text and text.count(".") > 1:
        return _(
            "'%(value)s' has more than one decimal point; a point is either the one decimal mark (1234.5) or "
            "groups thousands in threes (1.234.567)."
        ) % {"value": _shown(raw)}
    if convention == "vi":
        return _(
            "'%(value)s' is not a number written the Vietnamese way: dots group thousands in threes and one comma "
            "marks the decimals (1.234.567,5)."
        ) % {"value": _shown(raw)}
    if convention == "en":
        return _(
            "'%(value)s' is not a number written the international way: commas group thousands in threes and one "
            "point marks the decimals (1,234,567.5)."
        ) % {"value": _shown(raw)}
    return _(
        "'%(value)s' mixes up its separators: write it the Vietnamese way (1.234.567,5) or the international way "
        "(1,234,567.5), or without thousands separators (1234567,5)."
    ) % {"value": _shown(raw)}


def _ambiguous(raw: str, text: str) -> str:
    """Say that one separator before three digits may group thousands or mark decimals, and how to write each."""
    mark = "," if "," in text else "."
    return _(
        "'%(value)s' is ambiguous: '%(mark)s' may group thousands or mark the decimals. Write %(whole)s for the "
        "whole number, or %(decimal)s for the decimal one."
    ) % {"value": _shown(raw), "mark": mark, "whole": text.replace(mark, ""), "decimal": f"{text}0"}
