"""Road network API, mounted at /api/v1/roads/ by config/urls.py."""

from django.urls import path

from roads import views

app_name = "roads_api"
urlpatterns = [
    path("isochrone", views.isochrone, name="isochrone"),
]
