"""OGC API Features under /ogc/; every path answers with or without a trailing slash (OGC clients send none)."""

from django.urls import URLPattern, re_path

from ogc_api import views

app_name = "ogc_api"
SLUG = r"(?P<slug>[a-z][a-z0-9_-]{0,49})"
urlpatterns: list[URLPattern] = [
    re_path(r"^$", views.landing, name="landing"),
    re_path(r"^conformance/?$", views.conformance, name="conformance"),
    re_path(r"^api/?$", views.openapi, name="openapi"),
    re_path(r"^collections/?$", views.collections, name="collections"),
    re_path(rf"^collections/{SLUG}/?$", views.collection, name="collection"),
    re_path(rf"^collections/{SLUG}/queryables/?$", views.queryables, name="queryables"),
    re_path(rf"^collections/{SLUG}/items/?$", views.items, name="items"),
    re_path(rf"^collections/{SLUG}/items/(?P<feature_id>[^/]{{1,200}})/?$", views.item, name="item"),
]
