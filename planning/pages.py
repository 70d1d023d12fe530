"""Public pages of the planning app."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from planning.page_config import page_config


@require_GET
def citizen_lookup(request: HttpRequest) -> HttpResponse:
    """The public planning lookup: tap the map, type coordinates or paste a certificate table."""
    return render(request, "planning/lookup.html", {"planning_config": page_config()})
