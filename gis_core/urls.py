from django.urls import path

from gis_core import views

app_name = "gis_core"
urlpatterns = [
    path("api/v1/units", views.unit_list, name="units"),
    path("api/v1/units/at", views.unit_at, name="unit-at"),
    path("api/v1/units/<str:code>", views.unit_detail, name="unit"),
    path("api/v1/units/<str:code>/neighbours", views.unit_neighbours, name="unit-neighbours"),
]
