"""Public pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """Show the map of the province and its units."""
    return render(request, "portal/home.html")
