"""The search API, mounted under /api/v1/."""

from django.urls import path

from search import api_views

app_name = "search"
urlpatterns = [
    path("search", api_views.search, name="search"),
]
