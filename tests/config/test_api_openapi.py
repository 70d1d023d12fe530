"""The OpenAPI document of /api/v1: valid OpenAPI 3.0, served, and describing every /api/v1 route there is."""

import re

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_spec_validator import validate

from config.api_openapi import document

# Django's converters become OpenAPI's {name}.
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def api_routes() -> set[str]:
    """Every route of the site under /api/v1/, written as OpenAPI paths relative to /api/v1."""
    found: set[str] = set()
    stack: list[tuple[str, URLPattern | URLResolver]] = [("", entry) for entry in get_resolver().url_patterns]
    while stack:
        prefix, entry = stack.pop()
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            stack.extend((route, child) for child in entry.url_patterns)
        elif route.startswith("api/v1/") and route != "api/v1/openapi.json":
            found.add("/" + CONVERTER.sub(r"{\1}", route.removeprefix("api/v1/")))
    return found


def test_document_is_valid_openapi_3() -> None:
    validate(document())  # raises with the offending part when invalid


def test_document_describes_every_api_v1_route() -> None:
    described = set(document()["paths"])
    assert api_routes() - described == set()
    assert described - api_routes() == set()  # and nothing that does not exist


def test_document_is_served_at_api_v1_openapi_json(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    body = response.json()
    assert body["openapi"].startswith("3.0")
    assert body["paths"]["/iot/readings"]["post"]["security"] == [{"device": []}]
    assert {"token", "device", "session"} <= set(body["components"]["securitySchemes"])


def test_anonymous_operations_say_so_and_staff_ones_name_token_and_session() -> None:
    paths = document()["paths"]
    assert paths["/units"]["get"]["security"] == [{}]
    assert paths["/alerts"]["get"]["security"] == [{"token": []}, {"session": []}]
    assert "401" in paths["/alerts"]["get"]["responses"]
