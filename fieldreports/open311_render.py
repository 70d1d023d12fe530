"""Open311 GeoReport v2 bodies in JSON and XML, and the spec's error bodies.

The JSON form is the Spark-convention mapping of the XML one: a list of objects whose keys are the XML
element names. XML is written with the standard library's ElementTree (no foreign tags, no namespace), with
the XML declaration the spec asks for. Nothing here parses XML.
"""

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from django.http import HttpResponse

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
# Element name of one item inside each list element (GeoReport v2 "⇊" lists).
LIST_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
}
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def render(document: Any, root: str, fmt: str, status: int = 200) -> HttpResponse:
    """Answer a list (under root and its item element) or a single object (as root) in the format asked for."""
    if fmt == "json":
        body = json.dumps(document, ensure_ascii=False)
    else:
        body = XML_DECLARATION + ET.tostring(_element(root, document), encoding="unicode")
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_errors(errors: list[tuple[int, str]], fmt: str, status: int) -> HttpResponse:
    """The spec's error body: a list of {code, description}; XML <errors><error>…</error></errors>."""
    document = [{"code": code, "description": description} for code, description in errors]
    return render(document, "errors", fmt, status)


def _element(name: str, value: Any) -> ET.Element:
    element = ET.Element(name)
    if isinstance(value, dict):
        for key, item in value.items():
            element.append(_element(key, item))
    elif isinstance(value, list):
        item_name = LIST_ITEMS.get(name, "item")
        for item in value:
            element.append(_element(item_name, item))
    elif value is not None:
        element.text = _text(value)
    return element


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))
