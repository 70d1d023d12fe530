"""The one reader of JSON request bodies: size and nesting limits (checked without recursion), no control characters."""

import json
import re
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.errors import InvalidInput

MAX_BODY_BYTES = 1_000_000
MAX_DEPTH = 32  # GeoJSON multipolygons need 4; the deepest CQL2 the OGC API accepts stays far below
# Strings are dropped before brackets are counted, so "[" inside a string does not count as nesting.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
# C0 controls other than tab, line feed and carriage return, and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def nesting_depth(text: str, opening: str = "[{", closing: str = "]}", strings: re.Pattern[str] = _STRING) -> int:
    """Return the deepest nesting of the given brackets in text, strings excluded, in one linear pass."""
    kept = re.sub(f"[^{re.escape(opening + closing)}]", "", strings.sub("", text))
    depth = deepest = 0
    for character in kept:
        if character in opening:
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def refuse_control_characters(value: str, where: str) -> None:
    """Raise InvalidInput when value holds a NUL or another control character."""
    if CONTROL.search(value):
        raise InvalidInput(
            _("%(where)s contains a control character (such as NUL); remove it and send the text again.")
            % {"where": where},
            parameter=where,
        )


def _strings(node: Any) -> list[str]:
    """Return every key and string value of a parsed document, iteratively."""
    found: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            found.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def parse_json(raw: bytes | str, *, max_bytes: int = MAX_BODY_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """Parse a JSON document within the size and depth limits, refusing control characters in its strings."""
    if len(raw) > max_bytes:
        raise InvalidInput(
            _("The request body is larger than %(n)s bytes; send less data per request.") % {"n": max_bytes}
        )
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise InvalidInput(_("The request body is not UTF-8 text; send JSON encoded as UTF-8.")) from None
    if nesting_depth(text) > max_depth:
        raise InvalidInput(
            _("The JSON document is nested more than %(n)s levels deep; send a flatter document.") % {"n": max_depth}
        )
    try:
        document = json.loads(text)
    except ValueError as error:
        raise InvalidInput(_("The request body is not valid JSON: %(error)s.") % {"error": error}) from None
    for value in _strings(document):
        refuse_control_characters(value, _("The JSON document"))
    return document


def parse_json_object(raw: bytes | str, **limits: int) -> dict[str, Any]:
    """Parse a JSON object (an empty body is an empty object) within the limits of parse_json."""
    if not raw:
        return {}
    document = parse_json(raw, **limits)
    if not isinstance(document, dict):
        raise InvalidInput(_("The request body must be a JSON object: {…}."))
    return document


def read_json_object(request: HttpRequest, **limits: int) -> dict[str, Any]:
    """Read a request's body as a JSON object within the size and depth limits."""
    return parse_json_object(request.body, **limits)
