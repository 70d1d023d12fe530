"""What the apps above add to ogc_api's conformance, collection and OpenAPI documents (the landing page links them).

An app serving more OGC APIs under /ogc/ (ogc_pygeoapi: Coverages and EDR) adds its DocumentContributor to
DOCUMENT_CONTRIBUTORS from its AppConfig.ready through core.registry; ogc_api's documents include what each gives,
so ogc_api never names those apps.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from core.registry import load_class
from layers.models import Layer

# name -> dotted path of a DocumentContributor subclass.
DOCUMENT_CONTRIBUTORS: dict[str, str] = {}

type Schema = dict[str, Any]


class DocumentContributor:
    """One app's part of ogc_api's documents; this base adds nothing."""

    # Conformance classes the app's APIs implement.
    conformance: tuple[str, ...] = ()

    def extend_collection(self, request: HttpRequest, layer: Layer, document: Schema) -> None:
        """Add the app's links and members to a collection's document."""

    def openapi_paths(
        self, layers: list[Layer], parameter: Callable[..., Schema], response: Callable[..., Schema], errors: Schema
    ) -> Schema:
        """Return the app's paths of the OpenAPI document, for the collections the caller may see."""
        return {}


def contributors() -> list[DocumentContributor]:
    """Every registered contributor, in the order they were added."""
    return [
        load_class(DOCUMENT_CONTRIBUTORS, name, DocumentContributor, "OGC document part")()
        for name in DOCUMENT_CONTRIBUTORS
    ]
