"""Coverages and EDR under /ogc/ (included before ogc_api's routes; their paths do not overlap)."""

from django.urls import URLPattern, re_path

from ogc_pygeoapi import views

app_name = "ogc_pygeoapi"
SLUG = r"(?P<slug>[a-z][a-z0-9_-]{0,49})"
urlpatterns: list[URLPattern] = [
    re_path(rf"^collections/{SLUG}/coverage/?$", views.coverage, name="coverage"),
    re_path(rf"^collections/{SLUG}/(?P<query_type>position|radius|area|cube)/?$", views.edr_query, name="edr"),
]
