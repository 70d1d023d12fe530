from django.urls import path

from core import api_openapi, views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/openapi.json", api_openapi.openapi_json, name="api-openapi"),
]
