"""Open311 GeoReport v2, mounted at /open311/v2/ (each resource ends with .json or .xml)."""

from django.urls import re_path

from fieldreports import open311_views as views

FMT = r"\.(?P<fmt>json|xml)$"

app_name = "open311"
urlpatterns = [
    re_path(rf"^services{FMT}", views.services, name="services"),
    re_path(rf"^services/(?P<code>[A-Za-z0-9_-]+){FMT}", views.service_definition, name="service"),
    re_path(rf"^requests{FMT}", views.requests, name="requests"),
    re_path(rf"^requests/(?P<request_id>[^/]+){FMT}", views.request_detail, name="request"),
    re_path(rf"^tokens/(?P<token>[^/]+){FMT}", views.token, name="token"),
    re_path(r"^(?P<path>.*\.json)$", views.unknown, {"fmt": "json"}),
    re_path(r"^(?P<path>.*)$", views.unknown, {"fmt": "xml"}),
]
