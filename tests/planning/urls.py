"""The project's URLs plus the planning API, for as long as config/urls.py does not mount it yet."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("api/v1/planning/", include("planning.api_urls")), *project_urlpatterns]
