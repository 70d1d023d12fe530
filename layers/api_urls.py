"""Catalogue API, mounted at /api/v1/ by config/urls.py."""

from django.urls import path

from layers import api

app_name = "layers_api"
urlpatterns = [
    path("layers", api.layer_list, name="layers"),
    path("layers/<slug:slug>", api.layer_record, name="layer"),
]
