"""The alerts API under /api/v1/alerts; include it at the site root."""

from django.urls import path

from alerts import api_views

app_name = "alerts_api"
urlpatterns = [
    path("api/v1/alerts", api_views.alert_collection, name="list"),
    path("api/v1/alerts/submit", api_views.alert_submit, name="submit"),
    path("api/v1/alerts/<int:pk>", api_views.alert_detail, name="detail"),
    path("api/v1/alerts/<int:pk>/cap.xml", api_views.alert_cap, name="cap"),
    *[
        path(f"api/v1/alerts/<int:pk>/{action}", api_views.alert_action, {"action": action}, name=action)
        for action in api_views.ACTIONS
    ],
]
