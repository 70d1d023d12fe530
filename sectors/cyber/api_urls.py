"""The cyber-security API under /api/v1/cyber/."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from sectors.cyber import api_views

app_name = "cyber_api"


@csrf_exempt
def incidents(request: HttpRequest) -> HttpResponse:
    """GET lists, POST records (the decorators of each check the caller and CSRF for sessions)."""
    return api_views.incidents_in(request) if request.method == "POST" else api_views.incidents_out(request)


urlpatterns = [
    path("incidents", incidents, name="incidents"),
    path("systems", api_views.systems_out, name="systems"),
]
