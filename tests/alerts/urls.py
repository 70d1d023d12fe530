"""The site's URLs plus the alerts API, as config/urls.py will have them once the lead includes alerts.api_urls."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, path("", include("alerts.api_urls"))]
