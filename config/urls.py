"""Root URL configuration."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from config import api_openapi
from ogc_api import views as ogc_views

# Browsers get error pages in the site's layout (core/error_pages.py).
handler403 = "core.error_pages.permission_denied"
handler404 = "core.error_pages.page_not_found"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("core.urls")),
    # The document of all /api/v1 describes every app's API, so it is composed here, above the apps.
    path("api/v1/openapi.json", api_openapi.openapi_json, name="api-openapi"),
    path("", include("portal.urls")),
    path("", include("gis_core.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("agencies.urls")),
    path("", include("accounts.api_urls")),
    path("planning/", include("planning.urls")),
    path("api/v1/planning/", include("planning.api_urls")),
    path("layers/", include("layers.urls")),
    path("imports/", include("imports.urls")),
    path("api/v1/", include("layers.api_urls")),
    # OGC clients are often given the base without a slash; answer it directly instead of APPEND_SLASH's 301.
    re_path(r"^ogc$", ogc_views.landing),
    path("ogc/", include("ogc_pygeoapi.urls")),  # Coverages and EDR (pygeoapi); paths apart from ogc_api's
    path("ogc/", include("ogc_api.urls")),
    path("tiles/", include("tiles.urls")),
    path("alerts/", include("alerts.urls")),
    path("", include("alerts.api_urls")),
    path("", include("iot.urls")),
    path("field-reports/", include("fieldreports.urls")),
    path("open311/v2/", include("fieldreports.open311_urls")),
    path("", include("fieldreports.api_urls")),
    path("", include("datahub.urls")),
    path("indicators/", include("indicators.urls")),
    path("reports/", include("reports.urls")),
    path("services/", include("services.urls")),
    path("roads/", include("roads.urls")),
    path("api/v1/roads/", include("roads.api_urls")),
    path("sectors/traffic/", include("sectors.traffic.urls")),
    path("sectors/fire/", include("sectors.fire.urls")),
    path("sectors/health/", include("sectors.health.urls")),
    path("sectors/education/", include("sectors.education.urls")),
    path("sectors/listening/", include("sectors.listening.urls")),
    path("sectors/cyber/", include("sectors.cyber.urls")),
    path("api/v1/cyber/", include("sectors.cyber.api_urls")),
    path("api/v1/", include("search.api_urls")),
    path("audit/", include("audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
