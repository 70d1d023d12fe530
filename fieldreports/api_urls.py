"""The operators' field-report API under /api/v1/field-reports; include it at the site root."""

from django.urls import path

from fieldreports import api_views

app_name = "fieldreports_api"
urlpatterns = [
    path("api/v1/field-reports/<int:pk>", api_views.report_detail, name="detail"),
    path("api/v1/field-reports/<int:pk>/merge", api_views.merge, name="merge"),
    path("api/v1/field-reports/<int:pk>/answer", api_views.answer, name="answer"),
    path("api/v1/field-reports/<int:pk>/refuse", api_views.refuse, name="refuse"),
]
