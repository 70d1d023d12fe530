"""The OGC APIs under /ogc/; every path answers with or without a trailing slash (OGC clients send none)."""

from django.urls import URLPattern, re_path

from ogc_api import views

app_name = "ogc_api"
SLUG = r"(?P<slug>[a-z][a-z0-9_-]{0,49})"
PROCESS = r"(?P<name>[a-z][a-z0-9_-]{0,49})"
JOB = r"(?P<job_id>[^/]{1,100})"  # a UUID; anything else is the standard's no-such-job 404, not a bare one
MATRIX_SET = r"(?P<matrix_set>[A-Za-z0-9_-]{1,60})"
urlpatterns: list[URLPattern] = [
    re_path(r"^$", views.landing, name="landing"),
    re_path(r"^conformance/?$", views.conformance, name="conformance"),
    re_path(r"^api/?$", views.openapi_document, name="openapi"),
    re_path(r"^collections/?$", views.collections, name="collections"),
    # The record collection comes first: its id is reserved ahead of any layer's slug.
    re_path(r"^collections/catalogue/?$", views.catalogue, name="catalogue"),
    re_path(r"^collections/catalogue/items/?$", views.record_items, name="records"),
    re_path(rf"^collections/catalogue/items/{SLUG}/?$", views.record, name="record"),
    re_path(rf"^collections/{SLUG}/?$", views.collection, name="collection"),
    re_path(rf"^collections/{SLUG}/queryables/?$", views.queryables, name="queryables"),
    re_path(rf"^collections/{SLUG}/items/?$", views.items, name="items"),
    re_path(rf"^collections/{SLUG}/items/(?P<feature_id>[^/]{{1,200}})/?$", views.item, name="item"),
    re_path(rf"^collections/{SLUG}/tiles/?$", views.tile_sets, name="tilesets"),
    re_path(rf"^collections/{SLUG}/tiles/{MATRIX_SET}/?$", views.tile_set, name="tileset"),
    re_path(r"^tileMatrixSets/?$", views.tile_matrix_sets, name="tile_matrix_sets"),
    re_path(rf"^tileMatrixSets/{MATRIX_SET}/?$", views.tile_matrix_set, name="tile_matrix_set"),
    re_path(r"^processes/?$", views.processes, name="processes"),
    re_path(rf"^processes/{PROCESS}/?$", views.process, name="process"),
    re_path(rf"^processes/{PROCESS}/execution/?$", views.execution, name="execution"),
    re_path(r"^jobs/?$", views.job_list, name="jobs"),
    re_path(rf"^jobs/{JOB}/?$", views.job, name="job"),
    re_path(rf"^jobs/{JOB}/results/?$", views.job_results, name="job_results"),
]
