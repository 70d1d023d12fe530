"""Planning API, mounted at /api/v1/planning/ by config/urls.py."""

from django.urls import path

from planning import views

app_name = "planning_api"
urlpatterns = [
    path("lookup", views.lookup, name="lookup"),
    path("lots-layer", views.lots_layer, name="lots-layer"),
    path("parcel-report", views.parcel_report, name="parcel-report"),
    path("implementation", views.implementation, name="implementation"),
    path("lots", views.lots, name="lots"),
]
